/*
 * polltest: poll(2) and select(2) over pipes, the console, regular files
 * and /dev nodes; their timeouts on virtual time, EINTR from a signal,
 * POLLHUP and POLLNVAL, and bad arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define MS 1000000LL

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A child that writes "x" to fd after ms milliseconds, then exits. */
static pid_t write_later(int fd, int ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		usleep(ms * 1000);
		write(fd, "x", 1);
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	int status;

	waitpid(pid, &status, 0);
}

static void poll_pipes(void)
{
	int fds[2];
	struct pollfd pfd[2];
	char c;

	pipe(fds);
	pfd[0].fd = fds[0];
	pfd[0].events = POLLIN;
	pfd[1].fd = fds[1];
	pfd[1].events = POLLOUT;
	check("poll: an empty pipe's write end only", poll(pfd, 2, 0) == 1 &&
	    pfd[0].revents == 0 && pfd[1].revents == POLLOUT);
	write(fds[1], "ab", 2);
	check("poll: data makes the read end POLLIN", poll(pfd, 2, 0) == 2 &&
	    pfd[0].revents == POLLIN && pfd[1].revents == POLLOUT);
	pfd[0].events = POLLOUT;
	check("poll: only the events asked for", poll(pfd, 1, 0) == 0 && pfd[0].revents == 0);
	pfd[0].events = POLLIN;
	read(fds[0], &c, 1);
	close(fds[1]);
	check("poll: no writer left is POLLIN|POLLHUP", poll(pfd, 1, 0) == 1 &&
	    pfd[0].revents == (POLLIN | POLLHUP));
	read(fds[0], &c, 1);
	check("poll: ...at end of file too", poll(pfd, 1, 0) == 1 &&
	    pfd[0].revents == (POLLIN | POLLHUP));
	close(fds[0]);

	pipe(fds);
	close(fds[0]);
	pfd[0].fd = fds[1];
	pfd[0].events = POLLOUT;
	check("poll: a write end with no reader is POLLHUP, not POLLOUT",
	    poll(pfd, 1, 0) == 1 && pfd[0].revents == POLLHUP);
	close(fds[1]);

	/* full pipe: not writable until a reader makes room */
	pipe(fds);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	static char big[4096];
	while (write(fds[1], big, sizeof big) > 0)
		;
	check("poll: a full pipe is not writable", poll(pfd, 0, 0) == 0 &&
	    (pfd[0].fd = fds[1], poll(pfd, 1, 0) == 0));
	close(fds[0]);
	close(fds[1]);
}

static void poll_descriptors(void)
{
	struct pollfd pfd[3];
	int fd = open("/tmp/polltest.file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int null = open("/dev/null", O_RDWR);

	pfd[0].fd = fd;
	pfd[1].fd = null;
	pfd[2].fd = 1;
	for (int i = 0; i < 3; i++)
		pfd[i].events = POLLIN | POLLOUT;
	pfd[2].events = POLLOUT;
	check("poll: a file, /dev/null and the console's output are ready",
	    poll(pfd, 3, 0) == 3 && pfd[0].revents == (POLLIN | POLLOUT) &&
	    pfd[1].revents == (POLLIN | POLLOUT) && pfd[2].revents == POLLOUT);
	pfd[0].fd = -1;
	pfd[1].fd = 40;
	check("poll: a negative fd is skipped, a closed one POLLNVAL",
	    poll(pfd, 2, 0) == 1 && pfd[0].revents == 0 && pfd[1].revents == POLLNVAL);
	pfd[0].fd = 0;
	pfd[0].events = POLLIN;
	/* (the host's side is read when a guest waits: a timeout, not 0) */
	check("poll: the console's input (given, or at end of file) is readable",
	    poll(pfd, 1, 10) == 1 && pfd[0].revents == POLLIN);
	close(fd);
	close(null);
	unlink("/tmp/polltest.file");
}

static void poll_waits(void)
{
	int a[2], b[2];
	struct pollfd pfd[2];

	pipe(a);
	pipe(b);
	pfd[0].fd = a[0];
	pfd[1].fd = b[0];
	pfd[0].events = pfd[1].events = POLLIN;
	long long start = now_ns();
	int r = poll(pfd, 2, 20);
	long long took = now_ns() - start;
	check("poll: times out after 20 ms", r == 0 && took >= 20 * MS && took < 21 * MS);

	pid_t pid = write_later(b[1], 5);
	start = now_ns();
	r = poll(pfd, 2, INFTIM);
	took = now_ns() - start;
	check("poll: woken by a write to the second pipe",
	    r == 1 && pfd[0].revents == 0 && pfd[1].revents == POLLIN &&
	    took >= 5 * MS && took < 6 * MS);
	reap(pid);

	start = now_ns();
	r = poll(NULL, 0, 7);
	took = now_ns() - start;
	check("poll: no descriptors is a sleep", r == 0 && took >= 7 * MS && took < 8 * MS);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	ualarm(3000, 0);
	r = poll(pfd, 1, INFTIM);
	check("poll: EINTR from a signal, even with SA_RESTART", r == -1 && errno == EINTR);
	ualarm(3000, 0);
	r = poll(pfd, 1, 100);
	check("poll: EINTR before its timeout", r == -1 && errno == EINTR);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

static void poll_bad_arguments(void)
{
	struct pollfd pfd[1];

	pfd[0].fd = 0;
	pfd[0].events = POLLIN;
	check("poll: more fds than may be open is EINVAL",
	    poll(pfd, 100000, 0) == -1 && errno == EINVAL);
	check("poll: a bad pointer is EFAULT",
	    poll((struct pollfd *)8, 1, 0) == -1 && errno == EFAULT);
	check("poll: a read-only array is EFAULT",
	    poll((struct pollfd *)(void *)"abcdefgh", 1, 0) == -1 && errno == EFAULT);
}

static void select_sets(void)
{
	int fds[2];
	fd_set rd, wr;
	struct timeval zero = { 0, 0 };

	pipe(fds);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(fds[0], &rd);
	FD_SET(fds[1], &wr);
	check("select: the write end only", select(fds[1] + 1, &rd, &wr, NULL, &zero) == 1 &&
	    !FD_ISSET(fds[0], &rd) && FD_ISSET(fds[1], &wr));
	write(fds[1], "x", 1);
	FD_SET(fds[0], &rd);
	check("select: both, counted", select(fds[1] + 1, &rd, &wr, NULL, &zero) == 2 &&
	    FD_ISSET(fds[0], &rd) && FD_ISSET(fds[1], &wr));
	close(fds[1]);
	char c;
	read(fds[0], &c, 1);
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	check("select: end of file is readable", select(fds[0] + 1, &rd, NULL, NULL, &zero) == 1 &&
	    FD_ISSET(fds[0], &rd));
	close(fds[0]);

	pipe(fds);
	struct timeval tv = { 0, 15000 };
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	long long start = now_ns();
	int r = select(fds[0] + 1, &rd, NULL, NULL, &tv);
	long long took = now_ns() - start;
	check("select: times out after 15 ms, the set emptied",
	    r == 0 && !FD_ISSET(fds[0], &rd) && took >= 15 * MS && took < 16 * MS);
	pid_t pid = write_later(fds[1], 4);
	FD_SET(fds[0], &rd);
	r = select(fds[0] + 1, &rd, NULL, NULL, NULL);
	check("select: woken by a write", r == 1 && FD_ISSET(fds[0], &rd));
	reap(pid);
	read(fds[0], &c, 1);
	ualarm(2000, 0);
	FD_SET(fds[0], &rd);
	r = select(fds[0] + 1, &rd, NULL, NULL, NULL);
	check("select: EINTR from a signal", r == -1 && errno == EINTR);

	tv.tv_sec = 0;
	tv.tv_usec = 1000000;
	check("select: tv_usec 10^6 is EINVAL", select(0, NULL, NULL, NULL, &tv) == -1 &&
	    errno == EINVAL);
	check("select: nfds past FD_SETSIZE is EINVAL",
	    select(FD_SETSIZE + 1, NULL, NULL, NULL, &zero) == -1 && errno == EINVAL);
	check("select: a negative nfds is EINVAL",
	    select(-1, NULL, NULL, NULL, &zero) == -1 && errno == EINVAL);
	FD_ZERO(&rd);
	FD_SET(50, &rd);
	check("select: a closed descriptor in a set is EBADF",
	    select(51, &rd, NULL, NULL, &zero) == -1 && errno == EBADF);
	check("select: a bad set pointer is EFAULT",
	    select(3, (fd_set *)8, NULL, NULL, &zero) == -1 && errno == EFAULT);
	check("select: a bad timeval is EFAULT",
	    select(0, NULL, NULL, NULL, (struct timeval *)8) == -1 && errno == EFAULT);
	close(fds[0]);
	close(fds[1]);
}

static volatile sig_atomic_t usr1s;

static void on_usr1(int sig)
{
	(void)sig;
	usr1s++;
}

/* ppoll and pselect: a timespec, and a signal mask for the wait alone. */
static void masked_waits(void)
{
	int fds[2];
	struct pollfd pfd;
	struct timespec ts = { 0, 12000000 };
	sigset_t usr1, none, now;
	fd_set rd;

	pipe(fds);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	signal(SIGUSR1, on_usr1);
	sigemptyset(&none);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	long long start = now_ns();
	check("ppoll: times out after 12 ms", ppoll(&pfd, 1, &ts, NULL) == 0 &&
	    now_ns() - start >= 12 * MS && now_ns() - start < 13 * MS);
	write(fds[1], "x", 1);
	check("ppoll: ready", ppoll(&pfd, 1, NULL, &usr1) == 1 && pfd.revents == POLLIN);
	sigprocmask(SIG_SETMASK, NULL, &now);
	check("ppoll: the mask is the old one after", !sigismember(&now, SIGUSR1));
	char c;
	read(fds[0], &c, 1);

	/* SIGUSR1 blocked and pending: the wait's mask lets it through */
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	kill(getpid(), SIGUSR1);
	usr1s = 0;
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	int r = pselect(fds[0] + 1, &rd, NULL, NULL, NULL, &none);
	sigprocmask(SIG_SETMASK, NULL, &now);
	check("pselect: a pending signal its mask unblocks is EINTR, handled",
	    r == -1 && errno == EINTR && usr1s == 1 && sigismember(&now, SIGUSR1));
	kill(getpid(), SIGUSR1);
	r = ppoll(&pfd, 1, NULL, &none);
	check("...ppoll too", r == -1 && errno == EINTR && usr1s == 2);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);

	/* the wait's mask blocks SIGALRM: the timer cannot cut it short */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sigset_t alrm;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	ualarm(3000, 0);
	ts.tv_nsec = 8000000;
	start = now_ns();
	FD_SET(fds[0], &rd);
	r = pselect(fds[0] + 1, &rd, NULL, NULL, &ts, &alrm);
	check("pselect: a signal its mask blocks does not end the wait",
	    r == 0 && now_ns() - start >= 8 * MS);
	ts.tv_nsec = 1000000000;
	check("pselect: a bad timespec is EINVAL",
	    pselect(0, NULL, NULL, NULL, &ts, NULL) == -1 && errno == EINVAL);
	check("ppoll: a bad mask pointer is EFAULT",
	    ppoll(&pfd, 1, NULL, (sigset_t *)8) == -1 && errno == EFAULT);
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	poll_pipes();
	poll_descriptors();
	poll_waits();
	poll_bad_arguments();
	select_sets();
	masked_waits();
	return report();
}
