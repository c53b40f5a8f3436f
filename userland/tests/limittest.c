/*
 * limittest: resource limits (getrlimit/setrlimit), each checked where
 * the kernel enforces it.  Every limit is set in a child, so that the
 * next check starts from the defaults.  tests/test_resource.py runs it;
 * usertests runs it too.
 *
 * With an argument it does one thing for the test to look at:
 *	limittest bomb		fork until the kernel says no, in every process
 *	limittest show N	print resource N's "cur max"
 *	limittest stack KB	use KB kilobytes of stack, then say "survived"
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define SELF "/usr/tests/limittest"

static int set_limit(int resource, rlim_t cur, rlim_t max)
{
	struct rlimit rl = { cur, max };
	return setrlimit(resource, &rl);
}

/* exec this program again with two arguments. */
static void run_self(char *what, char *arg)
{
	char *args[] = { "limittest", what, arg, NULL };
	execv(SELF, args);
}

/* Run fn in a child; its exit status is the checks' verdict. */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

static int get_and_set_rules(void)
{
	struct rlimit rl, before;
	int ok = 1;

	ok &= getrlimit(RLIMIT_NOFILE, &before) == 0 && before.rlim_cur == before.rlim_max;
	ok &= getrlimit(RLIMIT_CPU, &rl) == 0 && rl.rlim_cur == RLIM_INFINITY;
	ok &= getrlimit(RLIM_NLIMITS, &rl) == -1 && errno == EINVAL;
	ok &= getrlimit(-1, &rl) == -1 && errno == EINVAL;
	ok &= getrlimit(RLIMIT_DATA, (struct rlimit *)8) == -1 && errno == EFAULT;
	ok &= set_limit(RLIMIT_NOFILE, 10, 5) == -1 && errno == EINVAL;	/* soft > hard */
	ok &= set_limit(RLIMIT_NOFILE, 10, 20) == 0;
	ok &= getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 10 && rl.rlim_max == 20;
	ok &= set_limit(RLIMIT_NOFILE, 20, 20) == 0;		/* soft up to hard */
	ok &= set_limit(RLIMIT_NOFILE, 20, 21) == -1 && errno == EPERM;
	ok &= set_limit(RLIMIT_CORE, 0, 0) == 0;		/* others are kept */
	ok &= getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_max == 0;
	ok &= set_limit(RLIMIT_NPROC, RLIM_INFINITY, RLIM_INFINITY) == -1 && errno == EPERM;
	return !ok;
}

static int nofile_limit(void)
{
	int ok = 1, opened = 0;

	ok &= set_limit(RLIMIT_NOFILE, 10, 10) == 0;
	while (open("/dev/null", O_RDONLY) >= 0)
		opened++;
	ok &= errno == EMFILE && opened == 10 - 3;	/* 0, 1 and 2 are open */
	ok &= dup(0) == -1 && errno == EMFILE;
	int fds[2];
	ok &= pipe(fds) == -1 && errno == EMFILE;
	ok &= dup2(0, 10) == -1 && errno == EBADF;	/* at or above the limit */
	ok &= fcntl(0, F_DUPFD, 10) == -1 && errno == EINVAL;
	close(9);
	ok &= dup2(0, 9) == 9;
	return !ok;
}

static int data_limit(void)
{
	int ok = 1;
	size_t mb = 1 << 20;

	ok &= set_limit(RLIMIT_DATA, 4 * mb, 4 * mb) == 0;
	ok &= mmap(NULL, 8 * mb, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE, -1, 0)
	    == MAP_FAILED && errno == ENOMEM;
	char *some = mmap(NULL, mb, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE, -1, 0);
	ok &= some != MAP_FAILED;
	int refused = 0;
	for (int i = 0; i < 8 && !refused; i++)
		refused = mmap(NULL, mb, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE,
		    -1, 0) == MAP_FAILED && errno == ENOMEM;
	ok &= refused;			/* four megabytes, all told */
	ok &= malloc(8 * mb) == NULL;
	ok &= munmap(some, mb) == 0;
	ok &= mmap(NULL, mb, PROT_READ, MAP_ANON | MAP_PRIVATE, -1, 0) != MAP_FAILED;
	/* exec refuses a program whose data and bss are more than the limit */
	ok &= set_limit(RLIMIT_DATA, 4096, 4096) == 0;
	run_self("show", "2");
	ok &= errno == ENOMEM;
	return !ok;
}

/* Fork children that wait at a gate until fork is refused; how many? */
static int fork_until_refused(rlim_t soft, rlim_t hard)
{
	int gate[2], forked = 0;

	pipe(gate);
	set_limit(RLIMIT_NPROC, soft, hard);
	for (;;) {
		pid_t pid = fork();
		if (pid == 0) {
			char c;
			close(gate[1]);
			read(gate[0], &c, 1);	/* until the gate closes */
			_exit(0);
		}
		if (pid < 0)
			break;
		forked++;
	}
	if (errno != EAGAIN)
		forked = -1;
	close(gate[0]);
	close(gate[1]);
	while (wait(NULL) > 0)
		;
	return forked;
}

static int nproc_limit(void)
{
	/* The limit counts every process on the machine, these included. */
	int at6 = fork_until_refused(6, 8), at8 = fork_until_refused(8, 8);
	int ok = at6 >= 1 && at8 == at6 + 2;
	pid_t pid = fork();			/* and fork works again */
	if (pid == 0)
		_exit(0);
	ok &= pid > 0 && wait(NULL) == pid;
	return !ok;
}

static int inherited(void)
{
	set_limit(RLIMIT_NOFILE, 12, 30);
	int out[2];
	pipe(out);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		run_self("show", "8");
		_exit(127);
	}
	close(out[1]);
	char line[64] = "";
	read(out[0], line, sizeof line - 1);
	waitpid(pid, NULL, 0);
	return strcmp(line, "12 30\n") != 0;	/* across fork and exec */
}

static int stack_limit(void)
{
	int status, ok = 1;

	set_limit(RLIMIT_STACK, 64 * 1024, 64 * 1024);
	pid_t pid = fork();
	if (pid == 0) {
		run_self("stack", "256");
		_exit(127);
	}
	waitpid(pid, &status, 0);
	ok &= WIFSIGNALED(status) && WTERMSIG(status) == 11;	/* SIGSEGV */
	pid = fork();
	if (pid == 0) {
		run_self("stack", "32");
		_exit(127);
	}
	waitpid(pid, &status, 0);
	ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
	return !ok;
}

/* Every process forks until it is refused, then exits (0 if the refusal
 * was EAGAIN).  The bomb's processes all hold gate's write end; when the
 * last one is gone, the reader sees end of file. */
static int fork_bomb(void)
{
	int gate[2];
	pipe(gate);
	pid_t root = fork();
	if (root == 0) {
		close(gate[0]);
		while (fork() >= 0)
			;
		_exit(errno != EAGAIN);
	}
	close(gate[1]);
	char c;
	while (read(gate[0], &c, 1) > 0)
		;
	int status, stopped = 0, reaped = 0;
	pid_t pid;
	while ((pid = wait(&status)) > 0) {	/* the orphans came to us */
		reaped++;
		if (pid == root)
			stopped = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	printf("the bomb was stopped: %s, %d reaped\n", stopped ? "yes" : "no", reaped);
	return !stopped;
}

/* Touch kb kilobytes of stack, one byte a page. */
static void use_stack(int kb)
{
	volatile char buf[kb * 1024];
	for (int i = kb * 1024 - 1; i >= 0; i -= 4096)
		buf[i] = 1;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "show") == 0) {
		struct rlimit rl;
		getrlimit(atoi(argv[2]), &rl);
		printf("%llu %llu\n", rl.rlim_cur, rl.rlim_max);
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "stack") == 0) {
		use_stack(atoi(argv[2]));
		printf("survived\n");
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "bomb") == 0)
		return fork_bomb();
	check("getrlimit and setrlimit follow the rules", in_child(get_and_set_rules) == 0);
	check("RLIMIT_NOFILE: EMFILE past it", in_child(nofile_limit) == 0);
	check("RLIMIT_DATA: mmap and exec are ENOMEM past it", in_child(data_limit) == 0);
	check("RLIMIT_NPROC: fork is EAGAIN at it", in_child(nproc_limit) == 0);
	check("limits are inherited across fork and exec", in_child(inherited) == 0);
	check("RLIMIT_STACK: the stack exec maps", in_child(stack_limit) == 0);
	return report();
}
