/*
 * Mutexes (OpenBSD's librthread/rthread_mutex.c, the futex version).
 *
 * The lock word is 0 (free), 1 (held) or 2 (held, and a thread may be
 * asleep in futex(2) on it).  Taking a free mutex is one compare-and-
 * exchange, releasing an uncontended one one exchange: no system call.
 * Only a thread that finds it held sleeps, after marking it 2, so that
 * the holder knows to wake someone when it lets go.
 */
#include <errno.h>

#include "rthread.h"

int
pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
	attr->__type = PTHREAD_MUTEX_DEFAULT;
	return 0;
}

int
pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
	(void)attr;
	return 0;
}

int
pthread_mutexattr_gettype(const pthread_mutexattr_t *restrict attr, int *restrict type)
{
	*type = attr->__type;
	return 0;
}

int
pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type)
{
	if (type != PTHREAD_MUTEX_NORMAL && type != PTHREAD_MUTEX_ERRORCHECK &&
	    type != PTHREAD_MUTEX_RECURSIVE)
		return EINVAL;
	attr->__type = type;
	return 0;
}

int
pthread_mutex_init(pthread_mutex_t *restrict mutex,
    const pthread_mutexattr_t *restrict attr)
{
	*mutex = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
	if (attr != NULL)
		mutex->__type = attr->__type;
	return 0;
}

int
pthread_mutex_destroy(pthread_mutex_t *mutex)
{
	return mutex->__lock != 0 ? EBUSY : 0;
}

/*
 * For a mutex the caller already holds: a recursive one counts,
 * an error-checking one says so; a normal one deadlocks, as POSIX says
 * (-1: go on and wait).
 */
static int
relock(pthread_mutex_t *mutex, bool trying)
{
	switch (mutex->__type) {
	case PTHREAD_MUTEX_RECURSIVE:
		if (mutex->__count == 0xffffffffu)
			return EAGAIN;
		mutex->__count++;
		return 0;
	case PTHREAD_MUTEX_ERRORCHECK:
		return trying ? EBUSY : EDEADLK;
	default:
		return trying ? EBUSY : -1;
	}
}

static void
now_held(pthread_mutex_t *mutex)
{
	mutex->__owner = pthread_self();
	mutex->__count = 1;
}

int
_rthread_mutex_timedlock(pthread_mutex_t *mutex, clockid_t clock,
    const struct timespec *abstime)
{
	if (mutex->__type != PTHREAD_MUTEX_NORMAL && mutex->__owner == pthread_self()) {
		int error = relock(mutex, false);
		if (error >= 0)
			return error;
	}
	if (!__trylock(&mutex->__lock)) {
		while (__atomic_exchange_n(&mutex->__lock, 2, __ATOMIC_ACQUIRE) != 0) {
			int error = __twait(&mutex->__lock, 2, clock, abstime);
			if (error == ETIMEDOUT)
				return error;
		}
	}
	now_held(mutex);
	return 0;
}

int
pthread_mutex_lock(pthread_mutex_t *mutex)
{
	return _rthread_mutex_timedlock(mutex, CLOCK_REALTIME, NULL);
}

int
pthread_mutex_timedlock(pthread_mutex_t *restrict mutex,
    const struct timespec *restrict abstime)
{
	if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000)
		return EINVAL;
	return _rthread_mutex_timedlock(mutex, CLOCK_REALTIME, abstime);
}

int
pthread_mutex_trylock(pthread_mutex_t *mutex)
{
	if (mutex->__type != PTHREAD_MUTEX_NORMAL && mutex->__owner == pthread_self())
		return relock(mutex, true);
	if (!__trylock(&mutex->__lock))
		return EBUSY;
	now_held(mutex);
	return 0;
}

int
pthread_mutex_unlock(pthread_mutex_t *mutex)
{
	if (mutex->__type != PTHREAD_MUTEX_NORMAL) {
		if (mutex->__owner != pthread_self())
			return EPERM;
		if (--mutex->__count > 0)	/* recursive, still held */
			return 0;
	}
	mutex->__owner = NULL;
	__unlock(&mutex->__lock);
	return 0;
}
