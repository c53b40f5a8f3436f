/*
 * POSIX semaphores, unnamed (sem_init): a count in memory, changed with
 * atomic instructions, and futex(2) to sleep while it is zero.
 */
#ifndef _SEMAPHORE_H_
#define _SEMAPHORE_H_

#include <sys/cdefs.h>
#include <time.h>

typedef struct {
	volatile unsigned int __value;
	volatile unsigned int __waiters;	/* asleep in sem_wait */
} sem_t;

#define SEM_VALUE_MAX	0x7fffffff

int sem_init(sem_t *sem, int pshared, unsigned int value);
int sem_destroy(sem_t *sem);
int sem_wait(sem_t *sem);
int sem_trywait(sem_t *sem);
int sem_timedwait(sem_t *__restrict sem, const struct timespec *__restrict abstime);
int sem_post(sem_t *sem);
int sem_getvalue(sem_t *__restrict sem, int *__restrict value);

#endif
