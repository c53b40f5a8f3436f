/*
 * Condition variables (OpenBSD's librthread/rthread_cond.c, futex version).
 *
 * The condition's word is a sequence number that every signal and
 * broadcast changes.  A waiter reads it while it still holds the mutex,
 * unlocks, and sleeps in futex(2) only if the word still has the value
 * it read: a signal between the unlock and the sleep changed the word,
 * so the sleep returns at once and no wakeup is lost.
 *
 * Broadcast wakes one waiter and moves the others, still asleep, onto
 * the mutex's word (FUTEX_REQUEUE): they would only fight for the mutex
 * anyway, and now each is woken by the unlock before it.  A waiter
 * therefore takes the mutex back as a contended one (marked 2), so that
 * its own unlock wakes the next.
 */
#include <errno.h>
#include <limits.h>

#include "rthread.h"

int
pthread_condattr_init(pthread_condattr_t *attr)
{
	attr->__clock = CLOCK_REALTIME;
	return 0;
}

int
pthread_condattr_destroy(pthread_condattr_t *attr)
{
	(void)attr;
	return 0;
}

int
pthread_condattr_getclock(const pthread_condattr_t *restrict attr,
    clockid_t *restrict clock)
{
	*clock = attr->__clock;
	return 0;
}

int
pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	attr->__clock = clock;
	return 0;
}

int
pthread_cond_init(pthread_cond_t *restrict cond, const pthread_condattr_t *restrict attr)
{
	*cond = (pthread_cond_t)PTHREAD_COND_INITIALIZER;
	if (attr != NULL)
		cond->__clock = attr->__clock;
	return 0;
}

int
pthread_cond_destroy(pthread_cond_t *cond)
{
	(void)cond;
	return 0;
}

/* Give up the mutex as pthread_mutex_unlock would, keeping its count. */
static unsigned int
release(pthread_mutex_t *mutex)
{
	unsigned int count = mutex->__count;

	mutex->__count = 0;
	mutex->__owner = NULL;
	__unlock(&mutex->__lock);
	return count;
}

static int
timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *abstime)
{
	if (mutex->__type != PTHREAD_MUTEX_NORMAL && mutex->__owner != pthread_self())
		return EPERM;
	if (abstime != NULL && (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000))
		return EINVAL;

	unsigned int seq = __atomic_load_n(&cond->__seq, __ATOMIC_RELAXED);
	cond->__mutex = mutex;
	unsigned int count = release(mutex);
	int error = __twait(&cond->__seq, seq, cond->__clock, abstime);
	if (error == EINTR)		/* a signal handler ran: a spurious wakeup */
		error = 0;

	__lock_contended(&mutex->__lock);	/* sleepers may have been moved here */
	mutex->__owner = pthread_self();
	mutex->__count = count;
	return error;
}

int
pthread_cond_wait(pthread_cond_t *restrict cond, pthread_mutex_t *restrict mutex)
{
	return timedwait(cond, mutex, NULL);
}

int
pthread_cond_timedwait(pthread_cond_t *restrict cond, pthread_mutex_t *restrict mutex,
    const struct timespec *restrict abstime)
{
	return timedwait(cond, mutex, abstime);
}

int
pthread_cond_signal(pthread_cond_t *cond)
{
	__atomic_fetch_add(&cond->__seq, 1, __ATOMIC_RELEASE);
	__wake(&cond->__seq, 1);
	return 0;
}

int
pthread_cond_broadcast(pthread_cond_t *cond)
{
	pthread_mutex_t *mutex = cond->__mutex;

	__atomic_fetch_add(&cond->__seq, 1, __ATOMIC_RELEASE);
	if (mutex == NULL)		/* nobody ever waited */
		return 0;
	futex(&cond->__seq, FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG, 1,
	    (const struct timespec *)(long)INT_MAX, &mutex->__lock);
	return 0;
}
