/*
 * Signals and threads (OpenBSD's librthread/rthread_sig.c).  The signal
 * mask is each thread's own in the kernel, so pthread_sigmask is
 * sigprocmask with POSIX's error convention; thrkill(2) sends a signal
 * to one thread of this process.
 */
#include <errno.h>
#include <signal.h>

#include "rthread.h"

int thrkill(pid_t tid, int sig, void *tcb);

int
pthread_sigmask(int how, const sigset_t *set, sigset_t *oset)
{
	int saved = errno;

	if (sigprocmask(how, set, oset) == -1) {
		int error = errno;
		errno = saved;
		return error;
	}
	return 0;
}

int
pthread_kill(pthread_t thread, int sig)
{
	int saved = errno;

	if (thread->tib->tib_tid == 0)	/* it has ended */
		return ESRCH;
	if (thrkill(thread->tib->tib_tid, sig, thread->tib) == -1) {
		int error = errno;
		errno = saved;
		return error;
	}
	return 0;
}
