/*
 * thrtest: the kernel's threads, through the raw system calls (issue 15):
 * __tfork, __threxit, futex, getthrid, __set_tcb/__get_tcb, thrkill, and
 * what threads do to exit, execve, fork, signals, faults and wait4.
 * libc's pthreads is built on these; this program uses none of it.
 * Run it on 4 cores: the lock test's threads then run at once.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* The raw calls (libc's stubs; pthreads wraps them). */
struct __tfork {
	void *tf_tcb;
	pid_t *tf_tid;
	void *tf_stack;
};
int __tfork(const struct __tfork *param, size_t psize);
void __threxit(pid_t *notdead);
int futex(volatile uint32_t *uaddr, int op, int val, const struct timespec *timeout,
    volatile uint32_t *uaddr2);
pid_t getthrid(void);
int thrkill(pid_t tid, int signum, void *tcb);
void __set_tcb(void *tcb);
void *__get_tcb(void);
/* libc's: a thread information block (errno, TLS) for a new thread's TCB */
void *__allocate_tib(void);
void __free_tib(void *tib);

#define FUTEX_WAIT		1
#define FUTEX_WAKE		2
#define FUTEX_REQUEUE		3
#define FUTEX_PRIVATE_FLAG	128

#define THREAD_PID_OFFSET	100000
#define STACK_SIZE		(64 * 1024)
#define MS			1000000L

/* -- starting and joining threads ------------------------------------- */

struct thread {
	volatile pid_t tid;	/* the kernel stores it; 0 again once it exited */
	void (*fn)(void *);
	void *arg;
	char *stack;
	void *tcb;		/* its TIB: errno works in the thread */
};

/*
 * __tfork returns twice, like fork, but the new thread returns on its own
 * stack, where nothing of the caller's frames is: it must not return from
 * a C function.  So the call is made here, in assembly, and the new thread
 * calls fn(arg) (kept in r12 and r13, which it inherits) and then
 * __threxit(&t->tid), which stores 0 in tid and wakes the joiner.
 */
static int tfork_thread(struct __tfork *param, struct thread *t)
{
	register void (*fn)(void *) asm("r12") = t->fn;
	register void *arg asm("r13") = t->arg;
	register volatile pid_t *tidp asm("r14") = &t->tid;
	long rax = 8;		/* SYS___tfork */

	asm volatile(
	    "syscall\n\t"
	    "jnc 1f\n\t"
	    "neg %%rax\n\t"		/* an error: -errno */
	    "jmp 2f\n"
	    "1:\n\t"
	    "test %%rax, %%rax\n\t"
	    "jnz 2f\n\t"
	    "xor %%ebp, %%ebp\n\t"	/* the new thread: no frames above it */
	    "and $-16, %%rsp\n\t"
	    "mov %%r13, %%rdi\n\t"
	    "call *%%r12\n\t"
	    "mov %%r14, %%rdi\n\t"
	    "mov $302, %%eax\n\t"	/* SYS___threxit */
	    "syscall\n\t"
	    "ud2\n"
	    "2:\n"
	    : "+a"(rax)
	    : "D"(param), "S"(sizeof *param), "r"(fn), "r"(arg), "r"(tidp)
	    : "rcx", "r11", "memory", "cc");
	return (int)rax;
}

static int thread_start(struct thread *t, void (*fn)(void *), void *arg)
{
	struct __tfork param;
	int tid;

	t->fn = fn;
	t->arg = arg;
	t->stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	if (t->stack == MAP_FAILED)
		return -ENOMEM;
	t->tcb = __allocate_tib();
	param.tf_tcb = t->tcb;
	param.tf_tid = (pid_t *)&t->tid;
	param.tf_stack = t->stack + STACK_SIZE;
	tid = tfork_thread(&param, t);
	if (tid < 0) {
		munmap(t->stack, STACK_SIZE);
		__free_tib(t->tcb);
	}
	return tid;
}

/* Wait until t's thread has exited (its tid word back to 0). */
static void thread_join(struct thread *t)
{
	pid_t tid;

	while ((tid = t->tid) != 0)
		futex((volatile uint32_t *)&t->tid, FUTEX_WAIT, tid, NULL, NULL);
	munmap(t->stack, STACK_SIZE);
	__free_tib(t->tcb);
}

/* -- a lock on a futex (the classic three-state mutex) ------------------- */

/* 0 free, 1 taken, 2 taken and someone may sleep on it. */
static void lock(volatile uint32_t *m)
{
	uint32_t c = __sync_val_compare_and_swap(m, 0, 1);

	if (c == 0)
		return;
	if (c != 2)
		c = __sync_lock_test_and_set(m, 2);
	while (c != 0) {
		futex(m, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 2, NULL, NULL);
		c = __sync_lock_test_and_set(m, 2);
	}
}

static void unlock(volatile uint32_t *m)
{
	if (__sync_fetch_and_sub(m, 1) != 1) {
		*m = 0;
		futex(m, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL);
	}
}

/* -- the tests ----------------------------------------------------------- */

static struct {
	pid_t tid;
	pid_t stored;
	void *tcb;
	pid_t pid;
} seen;

static void note_self(void *arg)
{
	seen.tid = getthrid();
	seen.stored = arg != NULL ? ((struct thread *)arg)->tid : 0;
	seen.tcb = __get_tcb();
	seen.pid = getpid();
}

static void test_tfork_basics(void)
{
	struct thread t;
	int tid = thread_start(&t, note_self, &t);

	check("__tfork returns a thread id", tid > THREAD_PID_OFFSET);
	thread_join(&t);
	check("__tfork stored the id at tf_tid before the thread ran", seen.stored == tid);
	check("the thread's getthrid is its id", seen.tid == tid);
	check("the thread's TCB is tf_tcb", seen.tcb == t.tcb);
	check("a thread is in its creator's process", seen.pid == getpid());
	check("the main thread's id differs", getthrid() != tid && getthrid() > THREAD_PID_OFFSET);
}

static void test_tcb(void)
{
	void *old = __get_tcb();
	static char block[64];

	__set_tcb(block);
	check("__set_tcb then __get_tcb", __get_tcb() == block);
	__set_tcb(old);
}

#define WORKERS 4
#define ROUNDS 20000

static volatile uint32_t counter_lock;
static volatile long counter;
static volatile long atomic_counter;

static void add_many(void *arg)
{
	long i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		lock(&counter_lock);
		counter = counter + 1;		/* a plain read and write, under the lock */
		unlock(&counter_lock);
		__sync_fetch_and_add(&atomic_counter, 1);
	}
}

static void test_counter_under_a_futex_lock(void)
{
	struct thread t[WORKERS];
	int i, started = 0;

	for (i = 0; i < WORKERS; i++)
		started += thread_start(&t[i], add_many, NULL) > 0;
	for (i = 0; i < WORKERS; i++)
		thread_join(&t[i]);
	check("4 threads started", started == WORKERS);
	check("a counter under a futex lock: every increment counted",
	    counter == (long)WORKERS * ROUNDS);
	check("lock-prefixed adds across cores are atomic",
	    atomic_counter == (long)WORKERS * ROUNDS);
}

/* Threads mapping, touching and unmapping memory at once: the map lock
 * (exclusive for mmap/munmap, shared for faults) is contended. */
#define CHURN_ROUNDS 40
#define CHURN_PAGES 16

static volatile int churn_errors;

static void churn(void *arg)
{
	long id = (long)arg;
	int round, i;

	for (round = 0; round < CHURN_ROUNDS; round++) {
		char *m = mmap(NULL, CHURN_PAGES * 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANON, -1, 0);

		if (m == MAP_FAILED) {
			__sync_fetch_and_add(&churn_errors, 1);
			return;
		}
		for (i = 0; i < CHURN_PAGES; i++)
			m[i * 4096] = (char)(id + round + i);
		for (i = 0; i < CHURN_PAGES; i++)
			if (m[i * 4096] != (char)(id + round + i))
				__sync_fetch_and_add(&churn_errors, 1);
		munmap(m, CHURN_PAGES * 4096);
	}
}

static void test_map_churn(void)
{
	struct thread t[WORKERS];
	long i;

	for (i = 0; i < WORKERS; i++)
		thread_start(&t[i], churn, (void *)i);
	for (i = 0; i < WORKERS; i++)
		thread_join(&t[i]);
	check("4 threads mmap, touch and munmap at once: every page right",
	    churn_errors == 0);
}

static volatile uint32_t word;

static void test_futex_errors(void)
{
	struct timespec ts = { 0, 10 * MS }, t0, t1;
	int r;

	word = 5;
	r = futex(&word, FUTEX_WAIT, 6, NULL, NULL);
	check("FUTEX_WAIT on a changed word: EAGAIN", r == -1 && errno == EAGAIN);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 5, &ts, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	check("FUTEX_WAIT with a timeout: ETIMEDOUT", r == -1 && errno == ETIMEDOUT);
	check("... after the timeout",
	    (t1.tv_sec - t0.tv_sec) * 1000000000L + t1.tv_nsec - t0.tv_nsec >= 10 * MS);
	ts.tv_nsec = 2000000000L;
	r = futex(&word, FUTEX_WAIT, 5, &ts, NULL);
	check("FUTEX_WAIT with a bad timespec: EINVAL", r == -1 && errno == EINVAL);
	r = futex((volatile uint32_t *)0x10, FUTEX_WAIT, 0, NULL, NULL);
	check("FUTEX_WAIT on an unmapped word: EFAULT", r == -1 && errno == EFAULT);
	r = futex(&word, FUTEX_WAIT, 5, (struct timespec *)0x10, NULL);
	check("FUTEX_WAIT with a bad timeout pointer: EFAULT", r == -1 && errno == EFAULT);
	r = futex((volatile uint32_t *)0x10, FUTEX_WAKE, 1, NULL, NULL);
	check("FUTEX_WAKE on an unmapped word: EFAULT", r == -1 && errno == EFAULT);
	r = futex((volatile uint32_t *)((char *)&word + 1), FUTEX_WAIT, 5, NULL, NULL);
	check("FUTEX_WAIT on a misaligned word: EINVAL", r == -1 && errno == EINVAL);
	r = futex(&word, 99, 0, NULL, NULL);
	check("an unknown futex op: EINVAL", r == -1 && errno == EINVAL);
	check("FUTEX_WAKE with nobody waiting wakes 0",
	    futex(&word, FUTEX_WAKE, 10, NULL, NULL) == 0);
}

/* Sleepers on word for the wake and requeue tests. */
static volatile uint32_t other;
static volatile int woke_up;

static void sleep_on_word(void *arg)
{
	int r = futex(&word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 7, NULL, NULL);

	(void)arg;
	if (r == 0)
		__sync_fetch_and_add(&woke_up, 1);
}

static void test_wake_and_requeue(void)
{
	struct thread t[3];
	struct timespec ts = { 0, 50 * MS };
	int i, n;

	word = 7;
	woke_up = 0;
	for (i = 0; i < 3; i++)
		thread_start(&t[i], sleep_on_word, NULL);
	nanosleep(&ts, NULL);		/* they are all asleep by now */
	n = futex(&word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL);
	check("FUTEX_WAKE 1 wakes one", n == 1);
	n = futex(&word, FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG, 1,
	    (struct timespec *)(uintptr_t)5, &other);
	check("FUTEX_REQUEUE wakes 1 and moves the other", n == 2);
	n = futex(&word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 10, NULL, NULL);
	check("... none is left on the first word", n == 0);
	n = futex(&other, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 10, NULL, NULL);
	check("... and the moved one wakes from the second", n == 1);
	for (i = 0; i < 3; i++)
		thread_join(&t[i]);
	check("all three returned 0 from FUTEX_WAIT", woke_up == 3);
}

static volatile pid_t handled_by;
static volatile int handled;
static volatile int wait_result, wait_errno;

static void on_usr1(int sig)
{
	(void)sig;
	handled_by = getthrid();
	handled++;
}

static void wait_for_a_signal(void *arg)
{
	(void)arg;
	wait_result = futex(&word, FUTEX_WAIT, 9, NULL, NULL);
	wait_errno = errno;
}

static void test_signals(void)
{
	struct thread t;
	struct timespec ts = { 0, 20 * MS };
	sigset_t block, old;
	int tid;

	signal(SIGUSR1, on_usr1);
	word = 9;
	tid = thread_start(&t, wait_for_a_signal, NULL);
	nanosleep(&ts, NULL);
	check("thrkill to a sleeping thread", thrkill(tid, SIGUSR1, NULL) == 0);
	thread_join(&t);
	check("its handler ran on it", handled == 1 && handled_by == tid);
	check("FUTEX_WAIT interrupted by a handler: EINTR",
	    wait_result == -1 && wait_errno == EINTR);

	/* A process-directed signal goes to a thread that does not block it. */
	word = 9;
	tid = thread_start(&t, wait_for_a_signal, NULL);
	sigemptyset(&block);		/* after the start: a new thread has its creator's mask */
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	nanosleep(&ts, NULL);
	kill(getpid(), SIGUSR1);
	thread_join(&t);
	check("kill(getpid()) is taken by the thread not blocking it",
	    handled == 2 && handled_by == tid);
	sigprocmask(SIG_SETMASK, &old, NULL);

	check("thrkill(0) is the caller: signal 0 checks", thrkill(0, 0, NULL) == 0);
	check("thrkill of no such thread: ESRCH",
	    thrkill(THREAD_PID_OFFSET + 99998, SIGUSR1, NULL) == -1 && errno == ESRCH);
	check("thrkill with another TCB: ESRCH",
	    thrkill(getthrid(), SIGUSR1, (void *)0x1234) == -1 && errno == ESRCH);
	check("thrkill of a bad signal: EINVAL",
	    thrkill(0, 99, NULL) == -1 && errno == EINVAL);
	signal(SIGUSR1, SIG_DFL);
}

static void test_sysctl_shows_threads(void)
{
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PID | KERN_PROC_SHOW_THREADS, getpid() };
	struct kinfo_proc kp[4];
	size_t len = sizeof kp;
	struct thread t;
	struct timespec ts = { 0, 20 * MS };
	int tid;

	word = 7;
	tid = thread_start(&t, sleep_on_word, NULL);
	nanosleep(&ts, NULL);
	if (sysctl(mib, 4, kp, &len, NULL, 0) == -1)
		len = 0;
	check("kern.proc with KERN_PROC_SHOW_THREADS: the process, then 2 threads",
	    len == 3 * sizeof kp[0] && kp[0].p_tid == -1 && kp[0].p_nthreads == 2);
	check("... the main thread on its core, the other asleep",
	    len == 3 * sizeof kp[0] && kp[1].p_tid == getthrid() && kp[1].p_stat == SONPROC &&
	    kp[1].p_cpuid >= 0 && kp[2].p_tid == tid && kp[2].p_stat == SSLEEP &&
	    strcmp(kp[2].p_wmesg, "fsleep") == 0);
	word = 0;
	futex(&word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL);
	thread_join(&t);
	mib[2] = KERN_PROC_PID;
	len = sizeof kp;
	check("without the flag: the process alone",
	    sysctl(mib, 4, kp, &len, NULL, 0) == 0 && len == sizeof kp[0]);
}

static void test_bad_pointers(void)
{
	struct __tfork param = { NULL, (pid_t *)0x10, NULL };
	char stack[64];
	int r;

	r = __tfork((struct __tfork *)0x10, sizeof param);
	check("__tfork with an unmapped param: EFAULT", r == -1 && errno == EFAULT);
	param.tf_stack = stack + sizeof stack;
	r = __tfork(&param, sizeof param);
	check("__tfork with an unmapped tf_tid: EFAULT, no thread", r == -1 && errno == EFAULT);
	r = __tfork(&param, sizeof param + 8);
	check("__tfork with a psize too big: EINVAL", r == -1 && errno == EINVAL);
}

/* -- the process around its threads: run in a child, judged by its status */

static void spin(void *arg)
{
	(void)arg;
	for (;;)
		;
}

static void exit_five(void *arg)
{
	(void)arg;
	exit(5);
}

static void fault(void *arg)
{
	(void)arg;
	*(volatile int *)0x10 = 1;
}

static void exec_true(void *arg)
{
	char *argv[] = { "true", NULL };

	(void)arg;
	execve("/bin/true", argv, NULL);
	_exit(99);
}

static void fork_and_wait(void *arg)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(7);
	*(volatile int *)arg = waitpid(pid, &status, 0) == pid && WIFEXITED(status) ?
	    WEXITSTATUS(status) : -1;
}

static int child_status(void (*body)(void))
{
	pid_t pid;
	int status;

	fflush(stdout);			/* the child must not print it again */
	pid = fork();
	if (pid == 0) {
		body();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static struct thread spinners[3];

static void start_spinners(void)
{
	int i;

	for (i = 0; i < 3; i++)
		thread_start(&spinners[i], spin, NULL);
}

static void body_exit_from_a_thread(void)
{
	struct thread t;

	start_spinners();
	thread_start(&t, exit_five, NULL);
	thread_join(&t);		/* never returns: exit ends us too */
	_exit(1);
}

static void body_fault_in_a_thread(void)
{
	struct thread t;

	start_spinners();
	thread_start(&t, fault, NULL);
	thread_join(&t);
	_exit(1);
}

static void body_exec_from_a_thread(void)
{
	struct thread t;

	start_spinners();
	thread_start(&t, exec_true, NULL);
	thread_join(&t);
	_exit(1);
}

static void body_last_thread_exits(void)
{
	struct thread t;

	thread_start(&t, note_self, NULL);
	__threxit(NULL);		/* the main thread goes first */
}

static void body_wait4_waits_for_processes(void)
{
	struct thread t;
	int status;

	thread_start(&t, spin, NULL);
	_exit(waitpid(-1, &status, 0) == -1 && errno == ECHILD ? 3 : 4);
}

static void body_spin_in_threads(void)
{
	start_spinners();
	spin(NULL);
}

static void test_stop_and_continue(void)
{
	pid_t pid;
	int status, stopped, continued;
	struct timespec ts = { 0, 5 * MS };

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		body_spin_in_threads();
	nanosleep(&ts, NULL);			/* its threads are spinning */
	kill(pid, SIGSTOP);
	stopped = waitpid(pid, &status, WUNTRACED) == pid && WIFSTOPPED(status) &&
	    WSTOPSIG(status) == SIGSTOP;
	check("SIGSTOP stops a process of 4 spinning threads (WUNTRACED)", stopped);
	kill(pid, SIGCONT);
	continued = waitpid(pid, &status, WCONTINUED) == pid && WIFCONTINUED(status);
	check("SIGCONT continues it (WCONTINUED)", continued);
	kill(pid, SIGKILL);
	check("SIGKILL ends it, every thread",
	    waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

static void test_process_and_threads(void)
{
	struct thread t;
	volatile int forked = -1;

	check("exit from one thread ends every thread: status 5",
	    child_status(body_exit_from_a_thread) == 5);
	check("a fault in a thread kills the whole process (SIGSEGV)",
	    child_status(body_fault_in_a_thread) == 128 + SIGSEGV);
	check("execve from a thread ends the others: true's status",
	    child_status(body_exec_from_a_thread) == 0);
	check("the last thread's __threxit is exit(0)",
	    child_status(body_last_thread_exits) == 0);
	check("wait4 with threads and no child: ECHILD",
	    child_status(body_wait4_waits_for_processes) == 3);
	thread_start(&t, fork_and_wait, (void *)&forked);
	thread_join(&t);
	check("fork from a thread: the child runs and is waited for", forked == 7);
}

/* thrtest spin: three threads spin for ever while the main one waits
 * for the first (for the REPL's tests: ps, break and step per thread). */
static void spin_for_ever(void)
{
	struct thread t[3];
	int i;

	for (i = 0; i < 3; i++)
		thread_start(&t[i], spin, NULL);
	thread_join(&t[0]);
}

int main(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "spin") == 0)
		spin_for_ever();
	test_tfork_basics();
	test_tcb();
	test_counter_under_a_futex_lock();
	test_map_churn();
	test_futex_errors();
	test_wake_and_requeue();
	test_signals();
	test_sysctl_shows_threads();
	test_bad_pointers();
	test_process_and_threads();
	test_stop_and_continue();
	return report();
}
