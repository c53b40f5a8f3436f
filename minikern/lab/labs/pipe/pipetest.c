/*
 * pipetest: the pipe lab's guest program.  `pipetest PART` runs one part
 * of the lab's tests; each check prints "name: ok" or "name: FAIL" and the
 * last line is check.h's "N passed, M failed".
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../../../userland/tests/check.h"

#define KiB 1024
#define TRANSFER (1024 * KiB)	/* far more than the pipe holds */
#define RECORD 500		/* a small write: at most PIPE_BUF (512) */
#define WRITERS 6
#define RECORDS 120		/* per writer */
#define STAGES 4		/* processes in the smp chain */

/* The byte at offset i of every transfer: a pattern that shows a lost,
 * doubled or reordered chunk. */
static unsigned char pattern(long i)
{
	return (unsigned char)(i * 7 + i / 4093);
}

/* write(2) until all of buf is written; the count, or -1. */
static long write_all(int fd, const void *buf, long n)
{
	long done = 0;

	while (done < n) {
		long w = write(fd, (const char *)buf + done, n - done);
		if (w <= 0)
			return -1;
		done += w;
	}
	return done;
}

/* A child that closes close1 and close2 (the ends it does not use), then
 * runs fn(a, b) and exits; its pid. */
static pid_t spawn(void (*fn)(int, int), int a, int b, int close1, int close2)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (close1 >= 0)
			close(close1);
		if (close2 >= 0)
			close(close2);
		fn(a, b);
		_exit(0);
	}
	return pid;
}

static int wait_status(pid_t pid)
{
	int status = -1;

	waitpid(pid, &status, 0);
	return status;
}

/* One process: bytes in, the same bytes out, a short read, EOF. */
static void part_basic(void)
{
	int fds[2];
	char buf[16];

	check("pipe", pipe(fds) == 0);
	check("write 5", write(fds[1], "hello", 5) == 5);
	check("read 3 of them", read(fds[0], buf, 3) == 3 && memcmp(buf, "hel", 3) == 0);
	check("read asks 16, gets the 2 left", read(fds[0], buf, 16) == 2 &&
	      memcmp(buf, "lo", 2) == 0);
	check("write again", write(fds[1], "xyz", 3) == 3);
	close(fds[1]);
	check("what was written before the close is read",
	      read(fds[0], buf, 16) == 3 && memcmp(buf, "xyz", 3) == 0);
	check("then end of file", read(fds[0], buf, 16) == 0);
	check("and again", read(fds[0], buf, 16) == 0);
	close(fds[0]);
}

static void send_pattern(int wfd, int unused)
{
	static unsigned char buf[40000];
	long sent = 0;
	unsigned long step = 1;

	(void)unused;
	while (sent < TRANSFER) {
		long n = step % 37000 + 1, i;
		if (n > TRANSFER - sent)
			n = TRANSFER - sent;
		for (i = 0; i < n; i++)
			buf[i] = pattern(sent + i);
		if (write_all(wfd, buf, n) != n)
			_exit(1);
		sent += n;
		step = (step * 13 + 5) % 1000003;
	}
	_exit(0);
}

/* Read until EOF, checking the pattern; the count, or -1 at a bad byte. */
static long receive_pattern(int rfd)
{
	static unsigned char buf[9000];
	long got = 0;
	unsigned long step = 3;

	for (;;) {
		long want = step % 8999 + 1, n, i;
		n = read(rfd, buf, want);
		if (n < 0)
			return -1;
		if (n == 0)
			return got;
		for (i = 0; i < n; i++)
			if (buf[i] != pattern(got + i))
				return -1;
		got += n;
		step = (step * 11 + 1) % 1000003;
	}
}

/* 1 MiB between two processes, in odd sizes both sides. */
static void part_transfer(void)
{
	struct stat st;
	int fds[2];
	pid_t pid;
	long got;

	check("pipe", pipe(fds) == 0);
	pid = spawn(send_pattern, fds[1], 0, fds[0], -1);
	close(fds[1]);
	usleep(20000);          /* the writer fills the pipe and waits */
	check("a full pipe holds at most 64 KiB",
	      fstat(fds[0], &st) == 0 && st.st_size > 0 && st.st_size <= 64 * KiB);
	got = receive_pattern(fds[0]);
	check("every byte arrives, in order", got == TRANSFER);
	if (got != TRANSFER)
		printf("received %ld of %d bytes\n", got, TRANSFER);
	check("the writer wrote it all", wait_status(pid) == 0);
	close(fds[0]);
}

static void late_writer(int wfd, int unused)
{
	(void)unused;
	usleep(20000);
	write(wfd, "late", 4);
	usleep(20000);
	_exit(0);               /* the last writer closes by exiting */
}

static void exit_now(int a, int b)
{
	(void)a;
	(void)b;
	_exit(0);
}

/* A reader of an empty pipe waits for data, then for EOF. */
static void part_eof(void)
{
	int fds[2];
	char buf[8];
	pid_t pid, quick;

	check("pipe", pipe(fds) == 0);
	pid = spawn(late_writer, fds[1], 0, fds[0], -1);
	close(fds[1]);
	check("an empty pipe's read waits for the data",
	      read(fds[0], buf, 8) == 4 && memcmp(buf, "late", 4) == 0);
	check("then for the last writer to close: EOF", read(fds[0], buf, 8) == 0);
	wait_status(pid);
	close(fds[0]);

	/* Two writers: the first to close is not the last. */
	check("pipe", pipe(fds) == 0);
	quick = spawn(exit_now, 0, 0, fds[0], -1);
	pid = spawn(late_writer, fds[1], 0, fds[0], -1);
	close(fds[1]);
	wait_status(quick);
	check("one writer gone, another open: no EOF yet",
	      read(fds[0], buf, 8) == 4 && memcmp(buf, "late", 4) == 0);
	check("EOF when the other goes", read(fds[0], buf, 8) == 0);
	wait_status(pid);
	close(fds[0]);
}

static void write_to_closed(int wfd, int unused)
{
	(void)unused;
	write(wfd, "x", 1);     /* SIGPIPE kills us here */
	_exit(0);
}

static void fill_forever(int wfd, int unused)
{
	static char buf[4096];
	int i;

	(void)unused;
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < 64; i++)        /* 256 KiB: far more than a pipe holds */
		if (write(wfd, buf, sizeof buf) < 0)
			_exit(errno == EPIPE ? 7 : 8);
	_exit(9);
}

/* No reader: EPIPE, and SIGPIPE (which kills by default). */
static void part_epipe(void)
{
	int fds[2], status;
	struct stat st;
	pid_t pid;

	check("pipe", pipe(fds) == 0);
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	check("no reader: write fails with EPIPE", write(fds[1], "x", 1) == -1 && errno == EPIPE);
	signal(SIGPIPE, SIG_DFL);
	pid = spawn(write_to_closed, fds[1], 0, -1, -1);
	status = wait_status(pid);
	check("and SIGPIPE kills the writer", WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
	close(fds[1]);

	/* A writer asleep on a full pipe learns the reader is gone. */
	check("pipe", pipe(fds) == 0);
	pid = spawn(fill_forever, fds[1], 0, fds[0], -1);
	close(fds[1]);
	usleep(20000);         /* it fills the pipe and sleeps */
	check("the pipe filled", fstat(fds[0], &st) == 0 && st.st_size >= 16 * KiB);
	close(fds[0]);          /* no read first: only the close can wake it */
	status = wait_status(pid);
	check("a writer sleeping on a full pipe wakes to EPIPE",
	      WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

/* O_NONBLOCK: EAGAIN instead of sleeping; a big write goes in part. */
static void part_nonblock(void)
{
	static char big[200 * KiB];
	int fds[2];
	long n, total = 0;
	char buf[600];

	check("pipe2 O_NONBLOCK", pipe2(fds, O_NONBLOCK) == 0);
	errno = 0;
	check("an empty pipe: EAGAIN", read(fds[0], buf, 1) == -1 && errno == EAGAIN);
	n = write(fds[1], big, sizeof big);
	check("200 KiB into an empty pipe: a part of it", n > 0 && n < (long)sizeof big);
	errno = 0;
	while (total < 128 * KiB && (n = write(fds[1], big, 1)) == 1)
		total++;
	check("a full pipe: EAGAIN", n == -1 && errno == EAGAIN && total < 64 * KiB);
	check("a read makes room", read(fds[0], buf, sizeof buf) == sizeof buf);
	errno = 0;
	check("a small write fits whole or not at all",
	      write(fds[1], big, RECORD) == RECORD && write(fds[1], big, RECORD) == -1 &&
	      errno == EAGAIN);
	close(fds[0]);
	close(fds[1]);
}

static void write_records(int wfd, int id)
{
	char rec[RECORD];
	int i;

	for (i = 0; i < RECORDS; i++) {
		memset(rec, 'a' + id, RECORD);
		rec[0] = (char)i;
		if (write(wfd, rec, RECORD) != RECORD)
			_exit(1);
	}
	_exit(0);
}

/* Many writers, one reader: a write of at most PIPE_BUF bytes is never
 * split by another writer's bytes. */
static void part_atomic(void)
{
	static char all[WRITERS * RECORDS * RECORD];
	int fds[2], w, ok_status = 1, whole = 1, order = 1;
	int next[WRITERS] = { 0 };
	pid_t pids[WRITERS];
	long got = 0, n, r;

	check("pipe", pipe(fds) == 0);
	for (w = 0; w < WRITERS; w++)
		pids[w] = spawn(write_records, fds[1], w, fds[0], -1);
	close(fds[1]);
	while ((n = read(fds[0], all + got, sizeof all - got)) > 0)
		got += n;
	for (w = 0; w < WRITERS; w++)
		ok_status &= wait_status(pids[w]) == 0;
	check("every record arrives", got == (long)sizeof all);
	for (r = 0; r + RECORD <= got; r += RECORD) {
		char *rec = all + r;
		int id = rec[1] - 'a', i;
		if (id < 0 || id >= WRITERS) {
			whole = 0;
			break;
		}
		for (i = 1; i < RECORD; i++)
			whole &= rec[i] == 'a' + id;
		order &= rec[0] == (char)next[id]++;
	}
	check("no record is split by another writer's", whole);
	check("each writer's records in its order", whole && order);
	check("the writers wrote it all", ok_status);
	close(fds[0]);
}

static volatile sig_atomic_t caught;

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

static void signal_then_write(int target, int wfd)
{
	usleep(20000);
	kill(target, SIGUSR1);
	usleep(20000);
	write(wfd, "ok", 2);
	_exit(0);
}

/* A read asleep on an empty pipe, a signal with a handler: EINTR, or
 * the read goes on after the handler with SA_RESTART. */
static void part_signal(void)
{
	struct sigaction sa;
	int fds[2];
	char buf[8];
	pid_t pid;
	long n;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	check("pipe", pipe(fds) == 0);
	pid = spawn(signal_then_write, getpid(), fds[1], fds[0], -1);
	errno = 0;
	n = read(fds[0], buf, sizeof buf);
	check("without SA_RESTART: EINTR", n == -1 && errno == EINTR && caught == 1);
	check("the data comes after", read(fds[0], buf, sizeof buf) == 2);
	wait_status(pid);

	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	pid = spawn(signal_then_write, getpid(), fds[1], -1, -1);
	n = read(fds[0], buf, sizeof buf);
	check("with SA_RESTART: the handler runs, the read goes on",
	      n == 2 && memcmp(buf, "ok", 2) == 0 && caught == 2);
	wait_status(pid);
	close(fds[0]);
	close(fds[1]);
}

static void slow_reader(int rfd, int unused)
{
	static char buf[64 * KiB];
	(void)unused;
	usleep(50000);
	while (read(rfd, buf, sizeof buf) > 0)
		;
	_exit(0);
}

/* 50 ms of waiting each side (the lab's check counts the system calls:
 * a sleeper makes none while it waits). */
static void part_sleep(void)
{
	static char big[256 * KiB];
	int fds[2];
	char buf[8];
	pid_t pid;

	check("pipe", pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		usleep(50000);
		write(fds[1], "wake", 4);
		_exit(0);
	}
	close(fds[1]);
	check("a reader waits for its data", read(fds[0], buf, sizeof buf) == 4);
	check("then EOF", read(fds[0], buf, sizeof buf) == 0);
	wait_status(pid);
	close(fds[0]);

	check("pipe", pipe(fds) == 0);
	pid = spawn(slow_reader, fds[0], 0, fds[1], -1);
	close(fds[0]);
	check("a writer waits for room", write_all(fds[1], big, sizeof big) == sizeof big);
	close(fds[1]);
	check("the reader took it all", wait_status(pid) == 0);
}

/* One stage of the chain: copy in to out, adding 1 to every byte. */
static void stage(int rfd, int wfd)
{
	static unsigned char buf[3000];
	long n, i;

	while ((n = read(rfd, buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++)
			buf[i]++;
		if (write_all(wfd, buf, n) != n)
			_exit(1);
	}
	_exit(n < 0);
}

static int check_chain(int rfd)
{
	static unsigned char buf[7000];
	long got = 0, n, i;

	while ((n = read(rfd, buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++)
			if (buf[i] != (unsigned char)(pattern(got + i) + STAGES))
				return 0;
		got += n;
	}
	return got == TRANSFER;
}

/* A chain of processes over pipes (run on four cores): a producer, STAGES
 * filters, the consumer here; every byte checked at the end. */
static void part_smp(void)
{
	int fds[2], in, s, ok = 1;
	pid_t pids[STAGES + 1];

	pipe(fds);
	pids[0] = spawn(send_pattern, fds[1], 0, fds[0], -1);
	close(fds[1]);
	in = fds[0];
	for (s = 1; s <= STAGES; s++) {
		check("pipe", pipe(fds) == 0);
		pids[s] = spawn(stage, in, fds[1], fds[0], -1);
		close(in);
		close(fds[1]);
		in = fds[0];
	}
	check("1 MiB through the chain, every byte changed by each stage", check_chain(in));
	for (s = 0; s <= STAGES; s++)
		ok &= wait_status(pids[s]) == 0;
	check("every stage ends well", ok);
	close(in);
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } parts[] = {
		{ "basic", part_basic }, { "transfer", part_transfer },
		{ "eof", part_eof }, { "epipe", part_epipe },
		{ "nonblock", part_nonblock }, { "atomic", part_atomic },
		{ "signal", part_signal }, { "sleep", part_sleep },
		{ "smp", part_smp },
	};
	unsigned i;

	for (i = 0; argc > 1 && i < sizeof parts / sizeof parts[0]; i++)
		if (strcmp(argv[1], parts[i].name) == 0) {
			parts[i].fn();
			return report();
		}
	fprintf(stderr, "usage: pipetest basic|transfer|eof|epipe|nonblock|atomic|"
		"signal|sleep|smp\n");
	return 2;
}
