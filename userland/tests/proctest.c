/*
 * proctest: processes from a program's point of view: fork and
 * copy-on-write, wait4 and its status macros, pipes with their close
 * semantics, signals with handlers, the fork limit.  One line per check.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static int child_status(pid_t pid)
{
	int status = -1;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void test_fork_exit_wait(void)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0)
		_exit(getppid() == parent ? 42 : 1);
	check("fork returns a new pid", pid > 0 && pid != parent);
	int status = child_status(pid);
	check("child exit status", WIFEXITED(status) && WEXITSTATUS(status) == 42);
	check("no child left: ECHILD", waitpid(-1, NULL, 0) == -1 && errno == ECHILD);
}

static void test_copy_on_write(void)
{
	static char data[3 * 4096];
	char *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	char *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON, -1, 0);
	strcpy(data, "parent");
	strcpy(anon, "parent");
	strcpy(shared, "nobody");
	pid_t pid = fork();
	if (pid == 0) {
		int ok = strcmp(data, "parent") == 0;
		strcpy(data, "child");
		strcpy(anon, "child");
		strcpy(shared, "child");
		_exit(ok ? 0 : 1);
	}
	int status = child_status(pid);
	check("child saw the parent's data", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	check("child's writes stay in the child", strcmp(data, "parent") == 0
	    && strcmp(anon, "parent") == 0);
	check("MAP_SHARED memory is shared", strcmp(shared, "child") == 0);
}

static void test_signal_status(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		volatile int *p = (int *)16;
		return (void)_exit(*p);
	}
	int status = child_status(pid);
	check("segfault kills the child with SIGSEGV",
	    WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	pid = fork();
	if (pid == 0) {
		for (;;)
			sched_yield();
	}
	check("kill", kill(pid, SIGTERM) == 0);
	status = child_status(pid);
	check("SIGTERM's default action", WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	check("kill of no such process: ESRCH", kill(99999, SIGTERM) == -1 && errno == ESRCH);
}

static void test_pipes(void)
{
	int fd[2];
	char buf[64];
	check("pipe", pipe(fd) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		for (int i = 0; i < 100; i++)
			write(fd[1], "0123456789", 10);
		_exit(0);
	}
	close(fd[1]);
	long total = 0;
	ssize_t n;
	while ((n = read(fd[0], buf, sizeof buf)) > 0)
		total += n;
	check("pipe carries everything, then end-of-file", total == 1000 && n == 0);
	close(fd[0]);
	child_status(pid);

	pipe(fd);
	close(fd[0]);
	signal(SIGPIPE, SIG_IGN);
	check("write with no reader: EPIPE", write(fd[1], "x", 1) == -1 && errno == EPIPE);
	signal(SIGPIPE, SIG_DFL);
	close(fd[1]);

	pipe(fd);
	pid = fork();
	if (pid == 0) {
		close(fd[0]);
		write(fd[1], "x", 1);
		_exit(0);
	}
	int status = child_status(pid);
	close(fd[1]);
	check("SIGPIPE by default kills", WIFEXITED(status));	/* a reader was there */
	close(fd[0]);

	pipe(fd);
	close(fd[0]);
	pid = fork();
	if (pid == 0) {
		write(fd[1], "x", 1);
		_exit(0);
	}
	status = child_status(pid);
	check("SIGPIPE's default action", WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
	close(fd[1]);
}

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	got = sig;
}

static void test_handlers(void)
{
	signal(SIGUSR1, on_usr1);
	got = 0;
	raise(SIGUSR1);
	check("handler runs", got == SIGUSR1);

	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	got = 0;
	raise(SIGUSR1);
	check("blocked signal waits", got == 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	check("and arrives when unblocked", got == SIGUSR1);

	int fd[2];
	pipe(fd);
	pid_t pid = fork();
	if (pid == 0) {
		got = 0;
		char c;
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_usr1;	/* no SA_RESTART: read fails with EINTR */
		sigaction(SIGUSR1, &sa, NULL);
		ssize_t n = read(fd[0], &c, 1);
		_exit(n == -1 && errno == EINTR && got == SIGUSR1 ? 0 : 1);
	}
	close(fd[0]);
	struct timespec t = { 0, 1000000 };
	nanosleep(&t, NULL);
	kill(pid, SIGUSR1);
	int status = child_status(pid);
	check("a signal interrupts a sleeping read with EINTR",
	    WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(fd[1]);
	signal(SIGUSR1, SIG_DFL);
}

static void test_fork_limit(void)
{
	int fd[2];
	pipe(fd);
	int made = 0, eagain = 0;
	pid_t pids[300];
	for (int i = 0; i < 300; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			char c;
			close(fd[1]);
			read(fd[0], &c, 1);	/* wait until the parent closes */
			_exit(0);
		}
		if (pid < 0) {
			eagain = errno == EAGAIN;
			break;
		}
		pids[made++] = pid;
	}
	check("a fork bomb meets EAGAIN", eagain && made > 10);
	close(fd[0]);
	close(fd[1]);
	int reaped = 0;
	while (made-- > 0)
		if (waitpid(pids[made], NULL, 0) > 0)
			reaped++;
	check("every child of the bomb is reaped", reaped > 10);
}

static void test_exec(void)
{
	int fd[2];
	pipe(fd);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "echo", "from", "exec", NULL };
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp("echo", argv);
		_exit(127);
	}
	close(fd[1]);
	char buf[64];
	ssize_t n = 0, r;
	while ((r = read(fd[0], buf + n, sizeof buf - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
	close(fd[0]);
	int status = child_status(pid);
	check("exec runs another program", WIFEXITED(status) && WEXITSTATUS(status) == 0
	    && strcmp(buf, "from exec\n") == 0);
	char *argv[] = { "nothere", NULL };
	check("exec of a missing file: ENOENT", execv("/bin/nothere", argv) == -1 && errno == ENOENT);
	check("exec of a directory: EACCES", execv("/bin", argv) == -1 && errno == EACCES);
}

static void test_sleep(void)
{
	struct timespec a, b, t = { 0, 50 * 1000000 };
	clock_gettime(CLOCK_MONOTONIC, &a);
	nanosleep(&t, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	check("nanosleep sleeps 50 ms of virtual time", ms >= 50 && ms < 60);
}

int main(void)
{
	test_fork_exit_wait();
	test_copy_on_write();
	test_signal_status();
	test_pipes();
	test_handlers();
	test_fork_limit();
	test_exec();
	test_sleep();
	return report();
}
