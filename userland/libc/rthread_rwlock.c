/*
 * Reader-writer locks (OpenBSD's librthread/rthread_rwlock.c, futex
 * version).  One word: its low 31 bits count the readers holding the
 * lock, or are all ones (WRITER) while a writer holds it; the top bit
 * says someone is asleep waiting, so the last one out must wake them.
 * Every thread that waits sleeps on the word itself.
 */
#include <errno.h>

#include "rthread.h"

#define WAITING		0x80000000u
#define WRITER		0x7fffffffu
#define HOLDERS(v)	((v) & WRITER)	/* readers, or WRITER */

int
pthread_rwlockattr_init(pthread_rwlockattr_t *attr)
{
	attr->__pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int
pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr)
{
	(void)attr;
	return 0;
}

int
pthread_rwlock_init(pthread_rwlock_t *restrict lock,
    const pthread_rwlockattr_t *restrict attr)
{
	(void)attr;
	lock->__value = 0;
	return 0;
}

int
pthread_rwlock_destroy(pthread_rwlock_t *lock)
{
	return HOLDERS(lock->__value) != 0 ? EBUSY : 0;
}

int
pthread_rwlock_tryrdlock(pthread_rwlock_t *lock)
{
	unsigned int val = __atomic_load_n(&lock->__value, __ATOMIC_RELAXED);

	do {
		if (HOLDERS(val) == WRITER)
			return EBUSY;
		if (HOLDERS(val) == WRITER - 1)
			return EAGAIN;		/* as many readers as can be counted */
	} while (!__atomic_compare_exchange_n(&lock->__value, &val, val + 1, true,
	    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
	return 0;
}

int
pthread_rwlock_trywrlock(pthread_rwlock_t *lock)
{
	unsigned int val = __atomic_load_n(&lock->__value, __ATOMIC_RELAXED);

	do {
		if (HOLDERS(val) != 0)
			return EBUSY;
	} while (!__atomic_compare_exchange_n(&lock->__value, &val, val | WRITER, true,
	    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
	return 0;
}

/* Try; while it is held, mark the word WAITING and sleep until it changes. */
static int
lock_wait(pthread_rwlock_t *lock, int (*try)(pthread_rwlock_t *),
    const struct timespec *abstime)
{
	int error;

	if (abstime != NULL && (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000))
		return EINVAL;
	while ((error = try(lock)) == EBUSY) {
		unsigned int val = __atomic_load_n(&lock->__value, __ATOMIC_RELAXED);
		if (HOLDERS(val) == 0)
			continue;		/* let go meanwhile: try again */
		if (!(val & WAITING) && !__atomic_compare_exchange_n(&lock->__value,
		    &val, val | WAITING, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			continue;
		error = __twait(&lock->__value, val | WAITING, CLOCK_REALTIME, abstime);
		if (error == ETIMEDOUT)
			return error;
	}
	return error;
}

int
pthread_rwlock_rdlock(pthread_rwlock_t *lock)
{
	return lock_wait(lock, pthread_rwlock_tryrdlock, NULL);
}

int
pthread_rwlock_timedrdlock(pthread_rwlock_t *restrict lock,
    const struct timespec *restrict abstime)
{
	return lock_wait(lock, pthread_rwlock_tryrdlock, abstime);
}

int
pthread_rwlock_wrlock(pthread_rwlock_t *lock)
{
	return lock_wait(lock, pthread_rwlock_trywrlock, NULL);
}

int
pthread_rwlock_timedwrlock(pthread_rwlock_t *restrict lock,
    const struct timespec *restrict abstime)
{
	return lock_wait(lock, pthread_rwlock_trywrlock, abstime);
}

int
pthread_rwlock_unlock(pthread_rwlock_t *lock)
{
	unsigned int val = __atomic_load_n(&lock->__value, __ATOMIC_RELAXED);
	unsigned int new;

	do {
		if (HOLDERS(val) == 0)
			return EPERM;
		new = HOLDERS(val) == WRITER ? 0 : val - 1;
		if (HOLDERS(new) == 0)
			new = 0;		/* the last one out clears WAITING */
	} while (!__atomic_compare_exchange_n(&lock->__value, &val, new, true,
	    __ATOMIC_RELEASE, __ATOMIC_RELAXED));
	if (new == 0 && (val & WAITING))
		__wake(&lock->__value, 0x7fffffff);
	return 0;
}
