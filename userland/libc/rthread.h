/*
 * What libc's pthreads keep about a thread (OpenBSD's librthread/rthread.h).
 */
#ifndef _LIBC_RTHREAD_H_
#define _LIBC_RTHREAD_H_

#include <pthread.h>

#include "thread_private.h"

/* struct pthread.flags */
#define THREAD_DETACHED	0x1	/* nobody will join it: freed when it is gone */
#define THREAD_DONE	0x2	/* called pthread_exit (its tid goes 0 soon) */
#define THREAD_JOINED	0x4	/* a thread is in pthread_join for it */

struct pthread {
	struct tib *tib;		/* its TIB: tid, errno, TLS just below */
	void *(*start)(void *);
	void *arg;
	void *retval;			/* pthread_exit's value, for join */
	int flags;			/* THREAD_*, under _thread_lock */
	void *stack;			/* the mapping it runs on, guard page first */
	size_t stack_len;
	struct pthread *next;		/* _thread_list, or the gc list */
	const void *specific[PTHREAD_KEYS_MAX];	/* pthread_setspecific's values */
};

/* The threads of the process, and the lock over that list, the flags and
 * the gc list of detached threads waiting to be freed. */
extern struct pthread *_thread_list;
extern __lock_t _thread_lock;

/* rthread_tls.c: run the destructors of the exiting thread's keys. */
void _rthread_tls_destructors(struct pthread *self);

/* rthread.c: mutex lock with an optional deadline (pthread_mutex_timedlock,
 * and pthread_cond_timedwait's relock). */
int _rthread_mutex_timedlock(pthread_mutex_t *mutex, clockid_t clock,
    const struct timespec *abstime);

#endif
