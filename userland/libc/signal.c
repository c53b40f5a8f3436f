/*
 * Signals: the C interface over the kernel's calls.  OpenBSD's
 * sigprocmask(2) takes the new mask by value and returns the old one;
 * the POSIX interface with pointers is built here.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "thread_private.h"

int __sys_sigaction(int, const struct sigaction *, struct sigaction *);
int __sys_sigprocmask(int, sigset_t);
int __sys_sigpending(void);
int __sys_sigsuspend(sigset_t);
int thrkill(pid_t tid, int sig, void *tcb);

int
sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
	return __sys_sigaction(sig, act, oact);
}

sig_t
signal(int sig, sig_t handler)
{
	struct sigaction sa, old;

	sa.sa_handler = handler;
	sa.sa_mask = 0;
	sa.sa_flags = SA_RESTART;	/* BSD semantics: slow calls restart */
	if (sigaction(sig, &sa, &old) == -1)
		return SIG_ERR;
	return old.sa_handler;
}

/* To the calling thread (tid 0: thrkill's "myself"), as POSIX says for a
 * threaded process; to the process while it has one thread. */
int
raise(int sig)
{
	if (__isthreaded)
		return thrkill(0, sig, NULL);
	return kill(getpid(), sig);
}

int
sigprocmask(int how, const sigset_t *set, sigset_t *oset)
{
	int old;

	if (set == NULL) {
		how = SIG_BLOCK;	/* block nothing: just read the mask */
		old = __sys_sigprocmask(how, 0);
	} else
		old = __sys_sigprocmask(how, *set);
	if (old == -1)
		return -1;
	if (oset != NULL)
		*oset = (sigset_t)old;
	return 0;
}

int
sigpending(sigset_t *set)
{
	*set = (sigset_t)__sys_sigpending();
	return 0;
}

int
sigsuspend(const sigset_t *mask)
{
	return __sys_sigsuspend(*mask);
}

int
sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int
sigfillset(sigset_t *set)
{
	*set = ~(sigset_t)0;
	return 0;
}

static int
valid(int sig)
{
	if (sig <= 0 || sig >= NSIG) {
		errno = EINVAL;
		return 0;
	}
	return 1;
}

int
sigaddset(sigset_t *set, int sig)
{
	if (!valid(sig))
		return -1;
	*set |= 1U << (sig - 1);
	return 0;
}

int
sigdelset(sigset_t *set, int sig)
{
	if (!valid(sig))
		return -1;
	*set &= ~(1U << (sig - 1));
	return 0;
}

int
sigismember(const sigset_t *set, int sig)
{
	if (!valid(sig))
		return -1;
	return (*set >> (sig - 1)) & 1;
}
