/*
 * POSIX threads (OpenBSD's librthread, built into libc here).  Threads
 * are the kernel's: pthread_create() calls __tfork(2), and a thread runs
 * on any core, several at once.  The synchronisation objects are words
 * of memory changed with atomic instructions, and futex(2) to sleep.
 *
 * The objects are plain structures with static initialisers, so they
 * need no allocation; their fields are libc's business.
 */
#ifndef _PTHREAD_H_
#define _PTHREAD_H_

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sched.h>
#include <time.h>

typedef struct pthread *pthread_t;

typedef struct {
	size_t __stacksize;
	int __detachstate;
} pthread_attr_t;

#define PTHREAD_CREATE_JOINABLE	0
#define PTHREAD_CREATE_DETACHED	1
#define PTHREAD_STACK_MIN	16384	/* bytes of stack a thread may ask for, at least */
#define PTHREAD_KEYS_MAX	128
#define PTHREAD_DESTRUCTOR_ITERATIONS	4
#define PTHREAD_THREADS_MAX	64	/* at most, at once, in a process */

/* Mutexes: normal (relocking deadlocks), error-checking (relocking and
 * unlocking another thread's mutex are errors), recursive. */
#define PTHREAD_MUTEX_NORMAL		0
#define PTHREAD_MUTEX_ERRORCHECK	1
#define PTHREAD_MUTEX_RECURSIVE		2
#define PTHREAD_MUTEX_DEFAULT		PTHREAD_MUTEX_NORMAL

#define PTHREAD_PROCESS_PRIVATE	0
#define PTHREAD_PROCESS_SHARED	1

typedef struct {
	volatile unsigned int __lock;	/* 0 free, 1 held, 2 held with sleepers */
	int __type;
	pthread_t __owner;		/* errorcheck and recursive */
	unsigned int __count;		/* recursive: times locked */
} pthread_mutex_t;
#define PTHREAD_MUTEX_INITIALIZER	{ 0, PTHREAD_MUTEX_DEFAULT, 0, 0 }
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER \
	{ 0, PTHREAD_MUTEX_RECURSIVE, 0, 0 }
#define PTHREAD_ERRORCHECK_MUTEX_INITIALIZER \
	{ 0, PTHREAD_MUTEX_ERRORCHECK, 0, 0 }

typedef struct {
	int __type;
} pthread_mutexattr_t;

typedef struct {
	volatile unsigned int __seq;	/* changes at every signal and broadcast */
	clockid_t __clock;		/* of pthread_cond_timedwait's time */
	pthread_mutex_t *__mutex;	/* the waiters', for broadcast's requeue */
} pthread_cond_t;
#define PTHREAD_COND_INITIALIZER	{ 0, CLOCK_REALTIME, 0 }

typedef struct {
	clockid_t __clock;
} pthread_condattr_t;

typedef struct {
	volatile unsigned int __value;	/* readers, or the writer; the waiting bit */
} pthread_rwlock_t;
#define PTHREAD_RWLOCK_INITIALIZER	{ 0 }

typedef struct {
	int __pshared;
} pthread_rwlockattr_t;

typedef struct {
	volatile unsigned int __state;	/* not run, running, done */
} pthread_once_t;
#define PTHREAD_ONCE_INIT	{ 0 }

typedef int pthread_key_t;

typedef struct {
	pthread_mutex_t __mutex;
	volatile unsigned int __generation;	/* changes when all have arrived */
	unsigned int __threads;		/* how many must arrive */
	unsigned int __arrived;
} pthread_barrier_t;
#define PTHREAD_BARRIER_SERIAL_THREAD	(-1)

typedef struct {
	int __pshared;
} pthread_barrierattr_t;

typedef volatile int pthread_spinlock_t;

int pthread_create(pthread_t *__restrict thread,
    const pthread_attr_t *__restrict attr, void *(*start)(void *),
    void *__restrict arg);
int pthread_join(pthread_t thread, void **value);
int pthread_detach(pthread_t thread);
void pthread_exit(void *value) __attribute__((noreturn));
pthread_t pthread_self(void);
int pthread_equal(pthread_t t1, pthread_t t2);
int pthread_once(pthread_once_t *once, void (*init)(void));

int pthread_attr_init(pthread_attr_t *attr);
int pthread_attr_destroy(pthread_attr_t *attr);
int pthread_attr_getstacksize(const pthread_attr_t *__restrict attr,
    size_t *__restrict size);
int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size);
int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state);
int pthread_attr_setdetachstate(pthread_attr_t *attr, int state);

int pthread_mutex_init(pthread_mutex_t *__restrict mutex,
    const pthread_mutexattr_t *__restrict attr);
int pthread_mutex_destroy(pthread_mutex_t *mutex);
int pthread_mutex_lock(pthread_mutex_t *mutex);
int pthread_mutex_trylock(pthread_mutex_t *mutex);
int pthread_mutex_timedlock(pthread_mutex_t *__restrict mutex,
    const struct timespec *__restrict abstime);
int pthread_mutex_unlock(pthread_mutex_t *mutex);
int pthread_mutexattr_init(pthread_mutexattr_t *attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *attr);
int pthread_mutexattr_gettype(const pthread_mutexattr_t *__restrict attr,
    int *__restrict type);
int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type);

int pthread_cond_init(pthread_cond_t *__restrict cond,
    const pthread_condattr_t *__restrict attr);
int pthread_cond_destroy(pthread_cond_t *cond);
int pthread_cond_wait(pthread_cond_t *__restrict cond,
    pthread_mutex_t *__restrict mutex);
int pthread_cond_timedwait(pthread_cond_t *__restrict cond,
    pthread_mutex_t *__restrict mutex, const struct timespec *__restrict abstime);
int pthread_cond_signal(pthread_cond_t *cond);
int pthread_cond_broadcast(pthread_cond_t *cond);
int pthread_condattr_init(pthread_condattr_t *attr);
int pthread_condattr_destroy(pthread_condattr_t *attr);
int pthread_condattr_getclock(const pthread_condattr_t *__restrict attr,
    clockid_t *__restrict clock);
int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock);

int pthread_rwlock_init(pthread_rwlock_t *__restrict lock,
    const pthread_rwlockattr_t *__restrict attr);
int pthread_rwlock_destroy(pthread_rwlock_t *lock);
int pthread_rwlock_rdlock(pthread_rwlock_t *lock);
int pthread_rwlock_tryrdlock(pthread_rwlock_t *lock);
int pthread_rwlock_timedrdlock(pthread_rwlock_t *__restrict lock,
    const struct timespec *__restrict abstime);
int pthread_rwlock_wrlock(pthread_rwlock_t *lock);
int pthread_rwlock_trywrlock(pthread_rwlock_t *lock);
int pthread_rwlock_timedwrlock(pthread_rwlock_t *__restrict lock,
    const struct timespec *__restrict abstime);
int pthread_rwlock_unlock(pthread_rwlock_t *lock);
int pthread_rwlockattr_init(pthread_rwlockattr_t *attr);
int pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr);

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *));
int pthread_key_delete(pthread_key_t key);
void *pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void *value);

int pthread_barrier_init(pthread_barrier_t *__restrict barrier,
    const pthread_barrierattr_t *__restrict attr, unsigned int count);
int pthread_barrier_destroy(pthread_barrier_t *barrier);
int pthread_barrier_wait(pthread_barrier_t *barrier);
int pthread_barrierattr_init(pthread_barrierattr_t *attr);
int pthread_barrierattr_destroy(pthread_barrierattr_t *attr);

int pthread_spin_init(pthread_spinlock_t *lock, int pshared);
int pthread_spin_destroy(pthread_spinlock_t *lock);
int pthread_spin_lock(pthread_spinlock_t *lock);
int pthread_spin_trylock(pthread_spinlock_t *lock);
int pthread_spin_unlock(pthread_spinlock_t *lock);

#endif
