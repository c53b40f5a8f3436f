/*
 * Barriers: `count` threads wait until the last of them arrives (OpenBSD's
 * librthread/rthread_barrier.c).  Waiters sleep on the generation number,
 * which the last arrival changes; one thread (the last) gets
 * PTHREAD_BARRIER_SERIAL_THREAD, as POSIX asks.
 */
#include <errno.h>

#include "rthread.h"

int
pthread_barrierattr_init(pthread_barrierattr_t *attr)
{
	attr->__pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int
pthread_barrierattr_destroy(pthread_barrierattr_t *attr)
{
	(void)attr;
	return 0;
}

int
pthread_barrier_init(pthread_barrier_t *restrict barrier,
    const pthread_barrierattr_t *restrict attr, unsigned int count)
{
	(void)attr;
	if (count == 0)
		return EINVAL;
	pthread_mutex_init(&barrier->__mutex, NULL);
	barrier->__generation = 0;
	barrier->__threads = count;
	barrier->__arrived = 0;
	return 0;
}

int
pthread_barrier_destroy(pthread_barrier_t *barrier)
{
	return barrier->__arrived != 0 ? EBUSY : 0;
}

int
pthread_barrier_wait(pthread_barrier_t *barrier)
{
	pthread_mutex_lock(&barrier->__mutex);
	unsigned int generation = barrier->__generation;
	if (++barrier->__arrived == barrier->__threads) {
		barrier->__arrived = 0;
		__atomic_store_n(&barrier->__generation, generation + 1, __ATOMIC_RELEASE);
		pthread_mutex_unlock(&barrier->__mutex);
		__wake(&barrier->__generation, 0x7fffffff);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	pthread_mutex_unlock(&barrier->__mutex);
	while (__atomic_load_n(&barrier->__generation, __ATOMIC_ACQUIRE) == generation)
		__twait(&barrier->__generation, generation, CLOCK_REALTIME, NULL);
	return 0;
}
