/*
 * Unnamed semaphores (OpenBSD's librthread/rthread_sem.c, futex version).
 * The value is taken with compare-and-exchange; a thread that finds it 0
 * counts itself among the waiters and sleeps on the value word, and
 * sem_post wakes one only when someone is counted.
 */
#include <errno.h>
#include <semaphore.h>

#include "rthread.h"

int
sem_init(sem_t *sem, int pshared, unsigned int value)
{
	if (value > SEM_VALUE_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (pshared) {			/* no memory shared between processes here */
		errno = EPERM;
		return -1;
	}
	sem->__value = value;
	sem->__waiters = 0;
	return 0;
}

int
sem_destroy(sem_t *sem)
{
	if (sem->__waiters != 0) {
		errno = EBUSY;
		return -1;
	}
	return 0;
}

/* Take one if the value is not 0. */
static bool
take(sem_t *sem)
{
	unsigned int val = __atomic_load_n(&sem->__value, __ATOMIC_RELAXED);

	while (val > 0) {
		if (__atomic_compare_exchange_n(&sem->__value, &val, val - 1, true,
		    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
	}
	return false;
}

int
sem_trywait(sem_t *sem)
{
	if (take(sem))
		return 0;
	errno = EAGAIN;
	return -1;
}

static int
timedwait(sem_t *sem, const struct timespec *abstime)
{
	int error = 0;

	if (abstime != NULL && (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000)) {
		errno = EINVAL;
		return -1;
	}
	__atomic_fetch_add(&sem->__waiters, 1, __ATOMIC_RELAXED);
	while (!take(sem) && error == 0)
		error = __twait(&sem->__value, 0, CLOCK_REALTIME, abstime);
	__atomic_fetch_sub(&sem->__waiters, 1, __ATOMIC_RELAXED);
	if (error != 0) {		/* ETIMEDOUT, or EINTR: a handler ran */
		errno = error;
		return -1;
	}
	return 0;
}

int
sem_wait(sem_t *sem)
{
	return timedwait(sem, NULL);
}

int
sem_timedwait(sem_t *restrict sem, const struct timespec *restrict abstime)
{
	return timedwait(sem, abstime);
}

int
sem_post(sem_t *sem)
{
	if (__atomic_load_n(&sem->__value, __ATOMIC_RELAXED) >= SEM_VALUE_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	__atomic_fetch_add(&sem->__value, 1, __ATOMIC_RELEASE);
	if (__atomic_load_n(&sem->__waiters, __ATOMIC_ACQUIRE) > 0)
		__wake(&sem->__value, 1);
	return 0;
}

int
sem_getvalue(sem_t *restrict sem, int *restrict value)
{
	*value = (int)__atomic_load_n(&sem->__value, __ATOMIC_RELAXED);
	return 0;
}
