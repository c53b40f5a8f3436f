/*
 * pipe MIB: the parent writes MIB MiB into a pipe in 64 KiB writes; a
 * child reads them (64 KiB reads) and counts.  "bench: start" is written
 * by the parent before its first write, "bench: stop" by the child once
 * it has read everything (end of file after the parent's close).
 */
#include <stdio.h>
#include <sys/wait.h>

#include "bench.h"

#define CHUNK 65536

static char wbuf[CHUNK], rbuf[CHUNK];

static unsigned long drain(int fd)
{
	unsigned long total = 0;
	ssize_t n;
	while ((n = read(fd, rbuf, CHUNK)) > 0)
		total += n;
	return total;
}

static int fill(int fd, unsigned long bytes)
{
	while (bytes > 0) {
		ssize_t n = write(fd, wbuf, bytes < CHUNK ? bytes : CHUNK);
		if (n <= 0)
			return -1;
		bytes -= n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long mib = bench_arg(argc, argv, 1, 64);
	unsigned long bytes = mib << 20;
	int fd[2];
	memset(wbuf, 'x', sizeof wbuf);
	if (pipe(fd) != 0) {
		printf("pipe: pipe failed\n");
		return 1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[1]);
		memset(rbuf, 0, sizeof rbuf);
		unsigned long got = drain(fd[0]);
		bench_mark("bench: stop\n");
		if (got != bytes)
			printf("pipe: child read %lu bytes of %lu\n", got, bytes);
		_exit(got != bytes);
	}
	close(fd[0]);
	bench_mark("bench: start\n");
	int wrote = fill(fd[1], bytes);
	close(fd[1]);
	int status = -1;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || wrote != 0
	    || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("pipe: transfer failed\n");
		return 1;
	}
	printf("pipe: %lu MiB\n", mib);
	return 0;
}
