/*
 * Threads: creating, ending, joining (OpenBSD's librthread/rthread.c).
 *
 * A thread is the kernel's (a struct proc of this process): __tfork(2)
 * starts it on a stack of its own with its fs base at a TIB of its own.
 * Its struct pthread holds what libc keeps about it.  When it ends,
 * __threxit(2) has the kernel clear tib_tid and wake whoever sleeps on
 * that word: pthread_join() sleeps there, and only then frees the
 * thread's stack, which the thread ran on until the end.  A detached
 * thread has no joiner: it puts itself on the gc list as it ends, and a
 * later pthread_create() frees it once its tid shows it is gone.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rthread.h"

#define STACK_DEFAULT	(256 * 1024)
#define GUARD_SIZE	4096		/* an unmapped page below each stack */

struct __tfork {
	void *tf_tcb;
	pid_t *tf_tid;
	void *tf_stack;
};

/* tfork_thread.S: __tfork(2), then in the new thread fn(arg), __threxit. */
int __tfork_thread(const struct __tfork *param, size_t psize,
    void (*fn)(void *), void *arg);
void __threxit(pid_t *notdead) __attribute__((noreturn));
pid_t getthrid(void);

static struct pthread initial_thread;	/* main()'s */
struct pthread *_thread_list;
__lock_t _thread_lock = __LOCK_INITIALIZER;
static struct pthread *gc_list;		/* detached and done: free when gone */
static unsigned int live_threads = 1;	/* pthread_exit of the last one exits */

/* The main thread's struct pthread, made at the first call that needs it
 * (pthread_self, pthread_create, keys): single-threaded programs pay
 * nothing at start. */
static struct pthread *
initial(void)
{
	struct tib *tib = TIB_GET();

	if (tib->tib_thread == NULL) {
		initial_thread.tib = tib;
		tib->tib_thread = &initial_thread;
		tib->tib_tid = getthrid();
		_thread_list = &initial_thread;
	}
	return tib->tib_thread;
}

pthread_t
pthread_self(void)
{
	struct pthread *self = TIB_GET()->tib_thread;

	return self != NULL ? self : initial();
}

int
pthread_equal(pthread_t t1, pthread_t t2)
{
	return t1 == t2;
}

/* --- attributes ----------------------------------------------------------- */

int
pthread_attr_init(pthread_attr_t *attr)
{
	attr->__stacksize = STACK_DEFAULT;
	attr->__detachstate = PTHREAD_CREATE_JOINABLE;
	return 0;
}

int
pthread_attr_destroy(pthread_attr_t *attr)
{
	(void)attr;
	return 0;
}

int
pthread_attr_getstacksize(const pthread_attr_t *restrict attr, size_t *restrict size)
{
	*size = attr->__stacksize;
	return 0;
}

int
pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	attr->__stacksize = size;
	return 0;
}

int
pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state)
{
	*state = attr->__detachstate;
	return 0;
}

int
pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
	if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	attr->__detachstate = state;
	return 0;
}

/* --- freeing ------------------------------------------------------------- */

/* A thread that has left the kernel (tib_tid 0): its memory goes back. */
static void
free_thread(struct pthread *thread)
{
	munmap(thread->stack, thread->stack_len);
	__free_tib(thread->tib);
	free(thread);
}

static void
unlink_thread(struct pthread *thread)
{
	for (struct pthread **link = &_thread_list; *link != NULL; link = &(*link)->next) {
		if (*link == thread) {
			*link = thread->next;
			return;
		}
	}
}

/* Free the detached threads that are gone. */
static void
reap_detached(void)
{
	struct pthread *gone = NULL;

	__lock(&_thread_lock);
	for (struct pthread **link = &gc_list; *link != NULL;) {
		struct pthread *t = *link;
		if (__atomic_load_n(&t->tib->tib_tid, __ATOMIC_ACQUIRE) == 0) {
			*link = t->next;
			t->next = gone;
			gone = t;
		} else
			link = &t->next;
	}
	__unlock(&_thread_lock);
	while (gone != NULL) {
		struct pthread *t = gone;
		gone = t->next;
		free_thread(t);
	}
}

/* --- creating ------------------------------------------------------------ */

/* The new thread's first C code (called by __tfork_thread). */
static void
thread_start(void *arg)
{
	struct pthread *self = arg;

	pthread_exit(self->start(self->arg));
}

static struct pthread *
new_thread(const pthread_attr_t *attr)
{
	size_t size = attr != NULL ? attr->__stacksize : STACK_DEFAULT;
	struct pthread *thread = calloc(1, sizeof *thread);

	if (thread == NULL)
		return NULL;
	thread->stack_len = GUARD_SIZE + ((size + 4095) & ~(size_t)4095);
	thread->stack = mmap(NULL, thread->stack_len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	if (thread->stack == MAP_FAILED) {
		free(thread);
		return NULL;
	}
	/* an overflow faults on the guard page instead of writing below */
	mprotect(thread->stack, GUARD_SIZE, PROT_NONE);
	if ((thread->tib = __allocate_tib()) == NULL) {
		munmap(thread->stack, thread->stack_len);
		free(thread);
		return NULL;
	}
	thread->tib->tib_thread = thread;
	if (attr != NULL && attr->__detachstate == PTHREAD_CREATE_DETACHED)
		thread->flags = THREAD_DETACHED;
	return thread;
}

int
pthread_create(pthread_t *restrict threadp, const pthread_attr_t *restrict attr,
    void *(*start)(void *), void *restrict arg)
{
	int saved = errno;

	initial();		/* main's struct pthread starts the list */
	reap_detached();
	struct pthread *thread = new_thread(attr);
	if (thread == NULL) {
		errno = saved;
		return EAGAIN;
	}
	thread->start = start;
	thread->arg = arg;

	__lock(&_thread_lock);
	if (live_threads >= PTHREAD_THREADS_MAX) {
		__unlock(&_thread_lock);
		free_thread(thread);
		return EAGAIN;
	}
	__isthreaded = 1;
	live_threads++;
	thread->next = _thread_list;
	_thread_list = thread;
	*threadp = thread;		/* before it runs: it may look itself up */

	struct __tfork param = {
		.tf_tcb = thread->tib,
		.tf_tid = &thread->tib->tib_tid,
		.tf_stack = (char *)thread->stack + thread->stack_len,
	};
	int tid = __tfork_thread(&param, sizeof param, thread_start, thread);
	if (tid == -1) {
		int error = errno;
		live_threads--;
		unlink_thread(thread);
		__unlock(&_thread_lock);
		free_thread(thread);
		errno = saved;
		return error;
	}
	__unlock(&_thread_lock);
	return 0;
}

/* --- ending --------------------------------------------------------------- */

void
pthread_exit(void *retval)
{
	struct pthread *self = pthread_self();

	self->retval = retval;
	_rthread_tls_destructors(self);

	__lock(&_thread_lock);
	if (--live_threads == 0) {	/* the last thread: the process ends */
		__unlock(&_thread_lock);
		exit(0);
	}
	self->flags |= THREAD_DONE;
	if (self->flags & THREAD_DETACHED) {
		unlink_thread(self);
		if (self != &initial_thread) {
			self->next = gc_list;
			gc_list = self;
		}
	}
	__unlock(&_thread_lock);
	/* the kernel clears tib_tid once this thread no longer runs here */
	__threxit(&self->tib->tib_tid);
}

int
pthread_join(pthread_t thread, void **retval)
{
	struct pthread *self = pthread_self();
	unsigned int tid;

	if (thread == self)
		return EDEADLK;
	__lock(&_thread_lock);
	if (thread->flags & (THREAD_DETACHED | THREAD_JOINED)) {
		__unlock(&_thread_lock);
		return EINVAL;
	}
	thread->flags |= THREAD_JOINED;		/* only one joiner */
	__unlock(&_thread_lock);

	while ((tid = __atomic_load_n(&thread->tib->tib_tid, __ATOMIC_ACQUIRE)) != 0)
		__twait((volatile unsigned int *)&thread->tib->tib_tid, tid,
		    CLOCK_REALTIME, NULL);
	if (retval != NULL)
		*retval = thread->retval;
	__lock(&_thread_lock);
	unlink_thread(thread);
	__unlock(&_thread_lock);
	if (thread != &initial_thread)
		free_thread(thread);
	return 0;
}

int
pthread_detach(pthread_t thread)
{
	__lock(&_thread_lock);
	if (thread->flags & (THREAD_DETACHED | THREAD_JOINED)) {
		__unlock(&_thread_lock);
		return EINVAL;
	}
	thread->flags |= THREAD_DETACHED;
	if (thread->flags & THREAD_DONE) {	/* ended already: free it soon */
		unlink_thread(thread);
		if (thread != &initial_thread) {
			thread->next = gc_list;
			gc_list = thread;
		}
	}
	__unlock(&_thread_lock);
	return 0;
}

/* --- fork ------------------------------------------------------------------ */

/*
 * In the child of a fork the caller is the only thread.  The others'
 * structures stay allocated (their stacks were copied too, a child may
 * not free them safely while the parent's pointers live in copied
 * memory); only the list and the count change.
 */
void
__thread_fork_child(void)
{
	struct pthread *self = TIB_GET()->tib_thread;

	_thread_lock = __LOCK_INITIALIZER;
	gc_list = NULL;
	live_threads = 1;
	if (self != NULL) {
		self->tib->tib_tid = getthrid();
		self->next = NULL;
		_thread_list = self;
	}
}

/* --- once ------------------------------------------------------------------ */

#define ONCE_NOT_RUN	0
#define ONCE_RUNNING	1
#define ONCE_DONE	2

int
pthread_once(pthread_once_t *once, void (*init)(void))
{
	unsigned int state = ONCE_NOT_RUN;

	if (__atomic_load_n(&once->__state, __ATOMIC_ACQUIRE) == ONCE_DONE)
		return 0;
	if (__atomic_compare_exchange_n(&once->__state, &state, ONCE_RUNNING, false,
	    __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
		init();
		__atomic_store_n(&once->__state, ONCE_DONE, __ATOMIC_RELEASE);
		__wake(&once->__state, 0x7fffffff);
		return 0;
	}
	while ((state = __atomic_load_n(&once->__state, __ATOMIC_ACQUIRE)) != ONCE_DONE)
		__twait(&once->__state, state, CLOCK_REALTIME, NULL);
	return 0;
}
