/*
 * Spin locks (OpenBSD's librthread/rthread_spin_lock.c).  A thread that
 * finds the lock held gives its core away with sched_yield(2) between
 * tries rather than spin: the holder may be waiting for that very core.
 */
#include <errno.h>
#include <sched.h>

#include "rthread.h"

int
pthread_spin_init(pthread_spinlock_t *lock, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	*lock = 0;
	return 0;
}

int
pthread_spin_destroy(pthread_spinlock_t *lock)
{
	return *lock != 0 ? EBUSY : 0;
}

int
pthread_spin_trylock(pthread_spinlock_t *lock)
{
	return __atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE) == 0 ? 0 : EBUSY;
}

int
pthread_spin_lock(pthread_spinlock_t *lock)
{
	while (pthread_spin_trylock(lock) != 0)
		sched_yield();
	return 0;
}

int
pthread_spin_unlock(pthread_spinlock_t *lock)
{
	__atomic_store_n(lock, 0, __ATOMIC_RELEASE);
	return 0;
}
