/*
 * libc's side of threads, shared by its files and not part of any public
 * header: the thread information block (OpenBSD's <tib.h>), the futex
 * calls, and the small locks with which malloc, stdio and libpthread
 * protect their own data once a process has more than one thread.
 *
 * The TIB.  Each thread's fs base (set by __set_tcb(2), or by __tfork(2)
 * for a new thread) points at its struct tib, and the TIB's first word
 * points at itself: x86-64 "variant II" thread-local storage, in which
 * the compiler reads %fs:0 to find the thread pointer and the thread's
 * block of _Thread_local variables lies just below it.  errno lives in
 * the TIB, so each thread has its own.
 */
#ifndef _LIBC_THREAD_PRIVATE_H_
#define _LIBC_THREAD_PRIVATE_H_

/* struct tib's layout, for cerror.S (checked against the C below) */
#define TIB_ERRNO_OFFSET	16

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

struct pthread;

struct tib {
	struct tib *tib_self;		/* %fs:0, what TLS accesses read */
	struct pthread *tib_thread;	/* pthread_self() */
	int tib_errno;
	pid_t tib_tid;			/* set by __tfork, 0 after __threxit */
	void *tib_alloc;		/* what __free_tib() gives back */
};
_Static_assert(offsetof(struct tib, tib_errno) == TIB_ERRNO_OFFSET,
    "cerror.S stores errno at TIB_ERRNO_OFFSET");

/* The calling thread's TIB: the word at %fs:0. */
static inline struct tib *
TIB_GET(void)
{
	struct tib *tib;

	__asm__ volatile("mov %%fs:0, %0" : "=r"(tib));
	return tib;
}

/* tib.c: the executable's PT_TLS template, and a TIB with its TLS block. */
size_t __static_tls_size(const long *auxv);
void __static_tls_init(char *space, size_t len);
struct tib *__allocate_tib(void);
void __free_tib(struct tib *tib);

/* Nonzero once a second thread was ever created (OpenBSD's __isthreaded):
 * until then the locks below are not taken at all. */
extern int __isthreaded;

/* --- futex(2) ------------------------------------------------------------ */

#define FUTEX_WAIT		1
#define FUTEX_WAKE		2
#define FUTEX_REQUEUE		3
#define FUTEX_PRIVATE_FLAG	128

int futex(volatile unsigned int *uaddr, int op, int val,
    const struct timespec *timeout, volatile unsigned int *uaddr2);

/* Sleep while *p == val, until `abstime` on `clock` if not NULL.
 * 0 when woken (or *p had changed: EAGAIN counts as a wakeup), else
 * ETIMEDOUT or EINTR.  OpenBSD's librthread calls it _twait. */
int __twait(volatile unsigned int *p, unsigned int val, clockid_t clock,
    const struct timespec *abstime);
/* Wake up to n sleepers on p; how many were woken. */
int __wake(volatile unsigned int *p, int n);

/* --- libc's own locks ----------------------------------------------------- */

/*
 * A mutex on a futex word: 0 free, 1 held, 2 held and someone may be
 * asleep on it (so unlock must wake).  No owner, not recursive.
 */
typedef volatile unsigned int __lock_t;
#define __LOCK_INITIALIZER	0

void __lock(__lock_t *lock);
bool __trylock(__lock_t *lock);
void __unlock(__lock_t *lock);
/* Take a lock that sleepers were moved to (pthread_cond_broadcast's
 * requeue): always leave it marked as contended. */
void __lock_contended(__lock_t *lock);

/* The locks libc takes only when threaded (OpenBSD's _MUTEX_LOCK). */
#define _THREAD_LOCK(l)		do { if (__isthreaded) __lock(l); } while (0)
#define _THREAD_UNLOCK(l)	do { if (__isthreaded) __unlock(l); } while (0)

/* malloc.c: held across fork() so the child finds malloc usable. */
void __malloc_lock(void);
void __malloc_unlock(void);
/* stdio.c: likewise for the list of open streams and each stream. */
void __stdio_fork_prepare(void);
void __stdio_fork_parent(void);
void __stdio_fork_child(void);

/* rthread.c: after fork() the child has one thread, the caller. */
void __thread_fork_child(void);

#endif /* !__ASSEMBLER__ */
#endif
