/*
 * sigtest: signals against sleeping, the signal frame and the stack it
 * is built on.  Each part is a regression test for a kernel defect that
 * once stopped the machine or crashed the kernel (issue 17).
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define MS 1000000L

static long long elapsed_ns(const struct timespec *from)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - from->tv_sec) * 1000000000LL + now.tv_nsec - from->tv_nsec;
}

static int exit_code(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/*
 * A sleeper: it sleeps `ms`; interrupted, it sleeps 30 ms more and checks
 * that this second sleep lasts its full length (a timeout left over from
 * the first must not end it early).  Exit 0 slept fully, 1 was
 * interrupted and then slept fully, 2 something went wrong.
 */
static void sleeper(long ms)
{
	struct timespec t = { 0, ms * MS }, start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	if (nanosleep(&t, NULL) == 0)
		_exit(elapsed_ns(&start) >= ms * MS ? 0 : 2);
	if (errno != EINTR || elapsed_ns(&start) >= ms * MS)
		_exit(2);
	t.tv_nsec = 30 * MS;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (nanosleep(&t, NULL) != 0)
		_exit(2);
	_exit(elapsed_ns(&start) >= 30 * MS ? 1 : 2);
}

/* Issue 17: an interrupted nanosleep left its timeout queued; later the
 * scheduler stopped the machine though another sleeper was due. */
static void test_interrupted_sleepers(void)
{
	struct sigaction sa;
	pid_t pids[6];
	int n = 6, codes[6];

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;	/* no SA_RESTART: nanosleep fails, EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			sleeper(50 + 40 * i);
	}
	struct timespec t = { 0, 10 * MS };
	nanosleep(&t, NULL);
	for (int i = 0; i < n; i += 2)
		kill(pids[i], SIGUSR1);		/* every other one */
	int right = 1;
	for (int i = 0; i < n; i++) {
		codes[i] = exit_code(pids[i]);
		right &= codes[i] == (i % 2 == 0 ? 1 : 0);
	}
	check("interrupted sleepers get EINTR, the others sleep fully", right);
	signal(SIGUSR1, SIG_DFL);
}

static int sleep_errno(long long sec, long nsec)
{
	struct timespec t = { sec, nsec };

	errno = 0;
	return nanosleep(&t, NULL) == -1 ? errno : 0;
}

/* Issue 17: the longest timespec was accepted and virtual time then
 * overflowed every 64-bit field the kernel packs. */
static void test_sleep_limits(void)
{
	check("negative tv_sec is EINVAL", sleep_errno(-1, 0) == EINVAL);
	check("negative tv_nsec is EINVAL", sleep_errno(0, -1) == EINVAL);
	check("tv_nsec of a second is EINVAL", sleep_errno(0, 1000000000) == EINVAL);
	check("tv_nsec far out is EINVAL", sleep_errno(1, INT64_MAX) == EINVAL);

	struct timespec before, after;
	clock_gettime(CLOCK_REALTIME, &before);
	check("the longest sleep ends (at the end of virtual time)",
	    sleep_errno(INT64_MAX, 999999999) == 0);
	check("clock_gettime works afterwards",
	    clock_gettime(CLOCK_REALTIME, &after) == 0 && after.tv_sec > before.tv_sec
	    + 40LL * 365 * 86400);
	struct timespec mono, cpu;
	check("and the other clocks too",
	    clock_gettime(CLOCK_MONOTONIC, &mono) == 0 &&
	    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0 &&
	    mono.tv_sec > cpu.tv_sec);
	struct stat st;
	check("stat works afterwards", stat("/", &st) == 0);
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PID, getpid() };
	struct kinfo_proc kp;
	size_t len = sizeof kp;
	check("sysctl works afterwards",
	    sysctl(mib, 4, &kp, &len, NULL, 0) == 0 && kp.p_pid == getpid());
	check("a second long sleep ends at once", sleep_errno(INT64_MAX, 0) == 0);
	check("short sleeps still sleep", sleep_errno(0, 1000) == 0);
	pid_t pid = fork();
	if (pid == 0)
		_exit(sleep_errno(0, 5 * MS));
	check("a child sleeps and exits", exit_code(pid) == 0);
}

/* -- the stack the handler runs on ------------------------------------- */

static char altstack[SIGSTKSZ];
static jmp_buf overflowed;
static volatile int handler_on_altstack, handler_saw_onstack, handler_eperm;

static int deep(int n)
{
	volatile char pad[1024];

	pad[0] = (char)n;
	return deep(n + 1) + pad[0];
}

static void on_segv(int sig)
{
	char here;
	stack_t now, other = { altstack, sizeof altstack, 0 };

	(void)sig;
	handler_on_altstack = &here >= altstack && &here < altstack + sizeof altstack;
	handler_saw_onstack = sigaltstack(NULL, &now) == 0 && now.ss_flags == SS_ONSTACK;
	handler_eperm = sigaltstack(&other, NULL) == -1 && errno == EPERM;
	longjmp(overflowed, 1);
}

static void catch_segv(int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_segv;
	sa.sa_flags = flags;
	sigaction(SIGSEGV, &sa, NULL);
}

static void use_altstack(void)
{
	stack_t ss = { altstack, sizeof altstack, 0 };

	sigaltstack(&ss, NULL);
}

/* Exit 0 if the SIGSEGV handler ran on the alternate stack and could
 * longjmp out of it. */
static void overflow_the_stack(void)
{
	if (setjmp(overflowed) == 0)
		deep(0);
	stack_t now;
	int off = sigaltstack(NULL, &now) == 0 && now.ss_flags == 0;
	_exit(handler_on_altstack && handler_saw_onstack && handler_eperm && off ? 0 : 1);
}

/* A signal arrives while RSP points nowhere (the kill is a raw system
 * call, so nothing else touches the stack). */
static void signal_with_bad_stack(void)
{
	__asm__ volatile(
	    "mov %%rsp, %%rbx\n\t"
	    "mov $0x10, %%rsp\n\t"
	    "syscall\n\t"
	    "mov %%rbx, %%rsp"
	    : : "a"(SYS_kill), "D"(getpid()), "S"(SIGUSR1)
	    : "rbx", "rcx", "r11", "memory");
	_exit(1);
}

static void exit_42(int sig)
{
	(void)sig;
	_exit(42);
}

static pid_t child(void (*setup)(void), int sig, void (*handler)(int), int flags,
    void (*body)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = handler;
		sa.sa_flags = flags;
		sigaction(sig, &sa, NULL);
		if (setup != NULL)
			setup();
		body();
	}
	return pid;
}

static void no_setup(void)
{
}

/* Issue 17: a caught signal with no usable stack made sendsig's EFAULT
 * escape the scheduler.  OpenBSD kills the process with SIGILL;
 * sigaltstack(2) lets the handler run anyway. */
static void test_unusable_stack(void)
{
	pid_t pid;

	pid = child(no_setup, SIGSEGV, on_segv, 0, overflow_the_stack);
	check("stack overflow, no alternate stack: SIGILL",
	    exit_code(pid) == 128 + SIGILL);
	pid = child(use_altstack, SIGSEGV, on_segv, SA_ONSTACK, overflow_the_stack);
	check("stack overflow, SIGSEGV handler on the alternate stack",
	    exit_code(pid) == 0);
	pid = child(use_altstack, SIGSEGV, on_segv, 0, overflow_the_stack);
	check("an alternate stack is used only with SA_ONSTACK",
	    exit_code(pid) == 128 + SIGILL);
	pid = child(no_setup, SIGUSR1, exit_42, 0, signal_with_bad_stack);
	check("a signal with a bad RSP: SIGILL", exit_code(pid) == 128 + SIGILL);
	pid = child(use_altstack, SIGUSR1, exit_42, SA_ONSTACK, signal_with_bad_stack);
	check("a bad RSP and an alternate stack: the handler runs",
	    exit_code(pid) == 42);

	stack_t ss = { altstack, MINSIGSTKSZ - 1, 0 }, old;
	errno = 0;
	check("sigaltstack: smaller than MINSIGSTKSZ is ENOMEM",
	    sigaltstack(&ss, NULL) == -1 && errno == ENOMEM);
	ss.ss_size = sizeof altstack;
	ss.ss_flags = SS_ONSTACK;
	errno = 0;
	check("sigaltstack: SS_ONSTACK cannot be set (EINVAL)",
	    sigaltstack(&ss, NULL) == -1 && errno == EINVAL);
	check("sigaltstack: none at first",
	    sigaltstack(NULL, &old) == 0 && old.ss_flags == SS_DISABLE);
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	ss.ss_flags = SS_DISABLE;
	check("sigaltstack: set, read back, disabled",
	    sigaltstack(&ss, &old) == 0 && old.ss_sp == altstack &&
	    old.ss_size == sizeof altstack && old.ss_flags == 0 &&
	    sigaltstack(NULL, &old) == 0 && old.ss_flags == SS_DISABLE);
	check("sigaltstack: a bad pointer is EFAULT",
	    sigaltstack((stack_t *)8, NULL) == -1 && errno == EFAULT);
}

int main(void)
{
	test_interrupted_sleepers();
	test_unusable_stack();
	test_sleep_limits();		/* last: it moves time to its end */
	return report();
}
