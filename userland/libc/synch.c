/*
 * Sleeping on a word of memory (futex(2)), and libc's own small locks.
 * OpenBSD's libc/thread/synch.h and rthread_mutex.c are the model.
 *
 * Atomic instructions (lock cmpxchg, xchg) are atomic across cores here
 * as on real hardware: minikern steps its cores one at a time on one
 * host thread, so no instruction of one core ever runs halfway through
 * another's.  The futex call closes the other gap: the kernel compares
 * the word and puts the thread to sleep as one step, so a wakeup between
 * a thread's last look at the word and its sleep is never lost.
 */
#include <errno.h>
#include <time.h>

#include "thread_private.h"

int __isthreaded;

/* abstime - now, on `clock`; false if that moment has passed. */
static bool
time_left(clockid_t clock, const struct timespec *abstime, struct timespec *left)
{
	struct timespec now;

	clock_gettime(clock, &now);
	left->tv_sec = abstime->tv_sec - now.tv_sec;
	left->tv_nsec = abstime->tv_nsec - now.tv_nsec;
	if (left->tv_nsec < 0) {
		left->tv_nsec += 1000000000;
		left->tv_sec--;
	}
	return left->tv_sec > 0 || (left->tv_sec == 0 && left->tv_nsec > 0);
}

int
__twait(volatile unsigned int *p, unsigned int val, clockid_t clock,
    const struct timespec *abstime)
{
	struct timespec left;
	int saved = errno;	/* a wait is not a failed call */
	int error = 0;

	if (abstime != NULL && !time_left(clock, abstime, &left))
		return ETIMEDOUT;
	if (futex(p, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, (int)val,
	    abstime != NULL ? &left : NULL, NULL) == -1)
		error = errno == EAGAIN ? 0 : errno;
	errno = saved;
	return error;
}

int
__wake(volatile unsigned int *p, int n)
{
	return futex(p, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, n, NULL, NULL);
}

/* --- libc's lock: 0 free, 1 held, 2 held with sleepers (maybe) ----------- */

bool
__trylock(__lock_t *lock)
{
	unsigned int expected = 0;

	return __atomic_compare_exchange_n(lock, &expected, 1, false,
	    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void
__lock_contended(__lock_t *lock)
{
	while (__atomic_exchange_n(lock, 2, __ATOMIC_ACQUIRE) != 0)
		__twait(lock, 2, CLOCK_REALTIME, NULL);
}

void
__lock(__lock_t *lock)
{
	if (!__trylock(lock))
		__lock_contended(lock);
}

void
__unlock(__lock_t *lock)
{
	/* 1 -> 0 needs no call; from 2, someone may sleep: wake one. */
	if (__atomic_exchange_n(lock, 0, __ATOMIC_RELEASE) == 2)
		__wake(lock, 1);
}
