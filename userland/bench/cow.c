/*
 * cow PAGES: the parent writes one byte to each page of a fresh anonymous
 * mapping (untimed), then forks; the child writes one byte to each page
 * again between the markers, so every write is a copy-on-write fault (the
 * page is shared with the parent, which waits).  A plain C loop: the
 * faults, not the loop, are the figure.
 */
#include <stdio.h>
#include <sys/wait.h>

#include "bench.h"

static void touch(volatile char *base, unsigned long pages, char value)
{
	for (unsigned long i = 0; i < pages; i++)
		base[i * 4096] = value;
}

int main(int argc, char **argv)
{
	unsigned long pages = bench_arg(argc, argv, 1, 16384);
	char *base = bench_map("cow", pages);
	touch(base, pages, 1);
	pid_t pid = fork();
	if (pid == 0) {
		BENCH_TIMED(touch(base, pages, 2));
		_exit(base[0] != 2);
	}
	int status = -1;
	if (pid < 0 || waitpid(pid, &status, 0) != pid
	    || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || base[0] != 1) {
		printf("cow: the child failed\n");
		return 1;
	}
	printf("cow: %lu pages\n", pages);
	return 0;
}
