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

/* Catch sig with a handler and sa_flags (SA_SIGINFO: a sa_sigaction). */
static void catch(int sig, void *handler, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	if (flags & SA_SIGINFO)
		sa.sa_sigaction = handler;
	else
		sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
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
	pid_t pids[6];
	int n = 6, codes[6];

	catch(SIGUSR1, on_usr1, 0);	/* no SA_RESTART: nanosleep fails, EINTR */
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

/* A child sleeps 200 ms and is signalled 10 ms in; its handler has
 * SA_RESTART, but nanosleep is never restarted (OpenBSD): EINTR, and
 * *rmtp says how much was left.  Exit 0 if all is as expected. */
static void restart_sleeper(int bad_rmtp)
{
	struct timespec t = { 0, 200 * MS }, left, start;

	catch(SIGUSR1, on_usr1, SA_RESTART);
	clock_gettime(CLOCK_MONOTONIC, &start);
	int r = nanosleep(&t, bad_rmtp ? (struct timespec *)8 : &left);
	if (bad_rmtp)
		_exit(r == -1 && errno == EFAULT ? 0 : 1);
	long long slept = elapsed_ns(&start);
	long long rest = left.tv_sec * 1000000000LL + left.tv_nsec;
	_exit(r == -1 && errno == EINTR && rest > 150 * MS && rest < 200 * MS &&
	    slept + rest > 199 * MS && slept + rest < 201 * MS ? 0 : 1);
}

static void test_sleep_not_restarted(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		catch(SIGUSR1, on_usr1, SA_RESTART);
		_exit(sleep(5));
	}
	struct timespec ten_ms = { 0, 10 * MS };
	nanosleep(&ten_ms, NULL);
	kill(pid, SIGUSR1);
	check("sleep(3) cut short returns the seconds left", exit_code(pid) == 4);
	for (int bad = 0; bad < 2; bad++) {
		pid_t pid = fork();
		if (pid == 0)
			restart_sleeper(bad);
		struct timespec t = { 0, 10 * MS };
		nanosleep(&t, NULL);
		kill(pid, SIGUSR1);
		check(bad ? "an interrupted nanosleep with a bad rmtp: EFAULT" :
		    "nanosleep is not restarted (SA_RESTART): EINTR, rmtp the time left",
		    exit_code(pid) == 0);
	}
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

static pid_t child(void (*setup)(void), int sig, void *handler, int flags,
    void (*body)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		catch(sig, handler, flags);
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

/* -- the frame: what sigreturn loads back ---------------------------- */

static volatile pid_t forked = -1;
static volatile int usr2_seen;

static void fork_in_handler(int sig)
{
	(void)sig;
	forked = fork();
}

static void count_usr2(int sig)
{
	(void)sig;
	usr2_seen++;
}

/* Issue 17: a child forked in a handler could not return from it (the
 * saved contexts stayed in the parent's kernel list): SIGILL. */
static void test_fork_in_handler(void)
{
	signal(SIGUSR1, fork_in_handler);
	signal(SIGUSR2, count_usr2);
	raise(SIGUSR1);		/* parent and child both come back here */
	if (forked == 0) {
		raise(SIGUSR2);	/* the mask was restored: still deliverable */
		_exit(usr2_seen == 1 ? 7 : 1);
	}
	check("fork in a handler: the child returns from it",
	    forked > 0 && exit_code(forked) == 7);
	raise(SIGUSR2);
	check("and so does the parent", usr2_seen == 1);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static volatile int high_mask_handled;

static void note_high_mask(int sig)
{
	(void)sig;
	high_mask_handled = 1;
}

/* Signal 32's bit is the sign bit of the int sc_mask: a handler runs
 * (and returns, restoring the mask) while it is blocked. */
static void test_signal_32_blocked(void)
{
	sigset_t high = 0x80000000u, back;

	signal(SIGUSR1, note_high_mask);
	sigprocmask(SIG_SETMASK, &high, NULL);
	kill(getpid(), SIGUSR1);
	sigprocmask(SIG_SETMASK, NULL, &back);
	check("a handler runs while signal 32 is blocked", high_mask_handled);
	check("and the mask with signal 32 comes back", back == high);
	sigemptyset(&back);
	sigprocmask(SIG_SETMASK, &back, NULL);
	signal(SIGUSR1, SIG_DFL);
}

static volatile int pending_handled;

static void note_pending(int sig)
{
	(void)sig;
	pending_handled++;
}

/* A signal posted while blocked and unblocked by sigsuspend's mask is
 * delivered at once: sigsuspend returns EINTR after its handler (no
 * wakeup will ever come for it), and the old mask is back. */
static void test_sigsuspend_pending(void)
{
	sigset_t usr1, none, back;
	int r, e;

	signal(SIGUSR1, note_pending);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	kill(getpid(), SIGUSR1);
	sigemptyset(&none);
	r = sigsuspend(&none);
	e = errno;
	sigprocmask(SIG_SETMASK, NULL, &back);
	check("sigsuspend delivers a signal already pending",
	    r == -1 && e == EINTR && pending_handled == 1);
	check("and puts the blocking mask back", back == usr1);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	signal(SIGUSR1, SIG_DFL);
}

static jmp_buf escape;
static volatile int order[4], norder;

static void longjmp_out(int sig)
{
	longjmp(escape, sig);
}

static void inner(int sig)
{
	order[norder++] = sig;
}

static void outer(int sig)
{
	order[norder++] = sig;
	raise(SIGUSR2);		/* runs now, nested, on top of this frame */
	order[norder++] = sig;
}

static void test_longjmp_and_nesting(void)
{
	sigset_t none;
	int jumps = 0;

	catch(SIGUSR1, longjmp_out, SA_NODEFER);	/* the mask stays open after the jump */
	for (int i = 0; i < 200; i++)
		if (setjmp(escape) == 0)
			raise(SIGUSR1);
		else
			jumps++;
	check("200 handlers that longjmp out", jumps == 200);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGUSR1, outer);
	signal(SIGUSR2, inner);
	raise(SIGUSR1);
	check("nested handlers return in order", norder == 3 && order[0] == SIGUSR1 &&
	    order[1] == SIGUSR2 && order[2] == SIGUSR1);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static void set_result(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;

	(void)sig;
	(void)info;
	if (uc->sc_rax == 0) {		/* kill(2) succeeded: make it fail */
		uc->sc_rax = EDOM;
		uc->sc_rflags |= 1;	/* the carry flag: the error return */
	}
}

static void test_handler_changes_registers(void)
{
	catch(SIGUSR1, set_result, SA_SIGINFO);
	errno = 0;
	int r = kill(getpid(), SIGUSR1);
	check("a handler changes the interrupted code's registers",
	    r == -1 && errno == EDOM);
	signal(SIGUSR1, SIG_DFL);
}

#define XMM(op, i) op " %%xmm" #i ", " #i "*16(%[out])\n\t"
#define LOAD(i) "movdqu " #i "*16(%[in]), %%xmm" #i "\n\t"

static void clobber_fpu(int sig)
{
	unsigned int round_up = 0x5f80;

	(void)sig;
	__asm__ volatile(
	    "pcmpeqd %%xmm0, %%xmm0\n\t" "pcmpeqd %%xmm1, %%xmm1\n\t"
	    "pcmpeqd %%xmm7, %%xmm7\n\t" "pcmpeqd %%xmm8, %%xmm8\n\t"
	    "pcmpeqd %%xmm15, %%xmm15\n\t"
	    "ldmxcsr %[mx]\n\t"
	    "fninit\n\t" "fld1\n\t" "fld1\n\t"
	    : : [mx] "m"(round_up) : "xmm0", "xmm1", "xmm7", "xmm8", "xmm15", "st", "st(1)");
}

/* The SSE and x87 registers and MXCSR of the interrupted code survive a
 * handler that changes them all.  The signal comes from a raw kill
 * system call between loading the registers and storing them. */
static void test_fpu_survives_handler(void)
{
	unsigned long in[32], out[32];
	double pi_after;
	unsigned int mxcsr_after;

	unsigned short fcw;
	unsigned int mxcsr;
	__asm__ volatile("fnstcw %0\n\tstmxcsr %1" : "=m"(fcw), "=m"(mxcsr));
	check("a process starts with FCW 0x37f and MXCSR 0x1f80",
	    fcw == 0x37f && (mxcsr & ~0x3fu) == 0x1f80);
	for (int i = 0; i < 32; i++)
		in[i] = 0x0123456789abcdefUL * (i + 1);
	signal(SIGUSR1, clobber_fpu);
	long rax = SYS_kill;
	__asm__ volatile(
	    LOAD(0) LOAD(1) LOAD(2) LOAD(3) LOAD(4) LOAD(5) LOAD(6) LOAD(7)
	    LOAD(8) LOAD(9) LOAD(10) LOAD(11) LOAD(12) LOAD(13) LOAD(14) LOAD(15)
	    "fldpi\n\t"
	    "syscall\n\t"
	    "fstpl %[pi]\n\t"
	    "stmxcsr %[mx]\n\t"
	    XMM("movdqu", 0) XMM("movdqu", 1) XMM("movdqu", 2) XMM("movdqu", 3)
	    XMM("movdqu", 4) XMM("movdqu", 5) XMM("movdqu", 6) XMM("movdqu", 7)
	    XMM("movdqu", 8) XMM("movdqu", 9) XMM("movdqu", 10) XMM("movdqu", 11)
	    XMM("movdqu", 12) XMM("movdqu", 13) XMM("movdqu", 14) XMM("movdqu", 15)
	    : "+a"(rax), [pi] "=m"(pi_after), [mx] "=m"(mxcsr_after)
	    : [in] "r"(in), [out] "r"(out), "D"(getpid()), "S"(SIGUSR1)
	    : "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4",
	      "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
	      "xmm13", "xmm14", "xmm15", "st");
	check("XMM0-XMM15 survive a handler that clobbers them",
	    memcmp(in, out, sizeof in) == 0);
	check("and MXCSR", (mxcsr_after & ~0x3fu) == 0x1f80);	/* flags aside */
	check("and the x87 stack", pi_after == 3.14159265358979323846);
	signal(SIGUSR1, SIG_DFL);
}

/* Handlers that forge their sigcontext.  sigreturn must refuse what a
 * program could not do itself; the process then dies (SIGILL), never
 * running with privileged flags or at a kernel address. */
enum forgery { HONEST, IOPL, INTERRUPTS_OFF, KERNEL_RIP, NONCANONICAL_RIP,
	KERNEL_CS, COOKIE, DIRECT_SIGRETURN, NFORGERIES };
static volatile enum forgery forgery;

static void forge(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;

	(void)sig;
	(void)info;
	switch (forgery) {
	case HONEST:
		break;
	case IOPL:
		uc->sc_rflags |= 0x3000;
		break;
	case INTERRUPTS_OFF:
		uc->sc_rflags &= ~0x200L;
		break;
	case KERNEL_RIP:
		uc->sc_rip = (long)0xffff800000001000UL;
		break;
	case NONCANONICAL_RIP:
		uc->sc_rip = 0x0000900000000000L;
		break;
	case KERNEL_CS:
		uc->sc_cs = 0x08;
		break;
	case COOKIE:
		uc->sc_cookie ^= 1;
		break;
	case DIRECT_SIGRETURN:
		__asm__ volatile("syscall" : : "a"((long)SYS_sigreturn), "D"(uc)
		    : "rcx", "r11", "memory");
		_exit(3);		/* not reached: killed */
	default:
		break;
	}
}

static int forged_child(enum forgery f)
{
	pid_t pid = fork();
	if (pid == 0) {
		catch(SIGUSR1, forge, SA_SIGINFO);
		forgery = f;
		raise(SIGUSR1);
		_exit(0);		/* came back from the handler */
	}
	return exit_code(pid);
}

static void test_forged_sigcontexts(void)
{
	static const char *what[] = { "an honest sigcontext returns",
	    "forged IOPL 3: SIGILL", "forged IF clear: SIGILL",
	    "forged kernel RIP: SIGILL", "forged non-canonical RIP: SIGILL",
	    "forged kernel CS: SIGILL", "forged cookie: SIGILL",
	    "sigreturn from outside sigcode: SIGILL" };

	for (int f = HONEST; f < NFORGERIES; f++)
		check(what[f], forged_child(f) == (f == HONEST ? 0 : 128 + SIGILL));
}

int main(void)
{
	test_interrupted_sleepers();
	test_sleep_not_restarted();
	test_unusable_stack();
	test_fork_in_handler();
	test_longjmp_and_nesting();
	test_signal_32_blocked();
	test_sigsuspend_pending();
	test_handler_changes_registers();
	test_fpu_survives_handler();
	test_forged_sigcontexts();
	test_sleep_limits();		/* last: it moves time to its end */
	return report();
}
