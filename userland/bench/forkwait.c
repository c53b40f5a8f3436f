/*
 * forkwait N [PATH]: N times, fork a child and wait for it with waitpid;
 * the parent checks that each child exited with status 0.  Without PATH
 * the child calls _exit(0) at once (fork+exit+wait); with PATH it execs
 * PATH with no arguments, a program that must exit 0 (fork+exec+wait).
 */
#include <stdio.h>
#include <sys/wait.h>

#include "bench.h"

static unsigned long fork_wait(unsigned long n, char *path)
{
	char *argv[] = { path, NULL };
	unsigned long failed = 0;
	for (unsigned long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			if (path != NULL)
				execv(path, argv);
			_exit(path != NULL ? 127 : 0);
		}
		int status = -1;
		if (pid < 0 || waitpid(pid, &status, 0) != pid
		    || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	}
	return failed;
}

int main(int argc, char **argv)
{
	unsigned long n = bench_arg(argc, argv, 1, 300), failed;
	char *path = argc > 2 ? argv[2] : NULL;
	BENCH_TIMED(failed = fork_wait(n, path));
	printf("forkwait: %lu children%s%s, %lu failed\n", n,
	    path != NULL ? " exec'ing " : "", path != NULL ? path : "", failed);
	return failed != 0;
}
