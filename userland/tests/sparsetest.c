/*
 * sparsetest: a huge mapping with three resident pages, forked (the child
 * touches its copy), write-protected and unmapped.  Run with the size in
 * GiB; the tests compare the page-table work for sizes 1000x apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	/* It maps more than the machine's memory on purpose: lift the soft
	 * data size limit (RLIMIT_DATA, the memory size at first) to the
	 * hard one, as `ulimit -d unlimited` would. */
	struct rlimit rl;
	getrlimit(RLIMIT_DATA, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_DATA, &rl);
	size_t size = (size_t)atol(argc > 1 ? argv[1] : "1") << 30;
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	if (p == MAP_FAILED) {
		printf("mmap failed\n");
		return 1;
	}
	p[0] = 1;
	p[size / 2] = 2;
	p[size - 1] = 3;
	pid_t pid = fork();
	if (pid == 0) {
		p[size / 2] = 4;
		_exit(p[0] + p[size / 2] + p[size - 1]);
	}
	int status;
	waitpid(pid, &status, 0);
	mprotect(p, size, PROT_READ);
	int sum = p[0] + p[size / 2] + p[size - 1];
	munmap(p, size);
	printf("child %d parent %d\n", WEXITSTATUS(status), sum);
	return 0;
}
