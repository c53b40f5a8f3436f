/*
 * select(2) and its descriptor sets: a bit per descriptor, FD_SETSIZE of
 * them, in 32-bit words as OpenBSD's fd_set.  FD_SETSIZE and NFDBITS come
 * from the kernel's minikern/sys/poll.py.
 */
#ifndef _SYS_SELECT_H_
#define _SYS_SELECT_H_

#include <sys/cdefs.h>
#include <sys/poll_values.h>
#include <signal.h>
#include <sys/time.h>

typedef unsigned int __fd_mask;
#if __BSD_VISIBLE
typedef __fd_mask fd_mask;
#endif

typedef struct fd_set {
	__fd_mask fds_bits[(FD_SETSIZE + NFDBITS - 1) / NFDBITS];
} fd_set;

#define __fdset_mask(n)	((__fd_mask)1 << ((unsigned int)(n) % NFDBITS))
#define FD_SET(n, p)	((p)->fds_bits[(unsigned int)(n) / NFDBITS] |= __fdset_mask(n))
#define FD_CLR(n, p)	((p)->fds_bits[(unsigned int)(n) / NFDBITS] &= ~__fdset_mask(n))
#define FD_ISSET(n, p)	(((p)->fds_bits[(unsigned int)(n) / NFDBITS] & __fdset_mask(n)) != 0)
#define FD_ZERO(p) do {							\
	fd_set *__fdz = (p);						\
	unsigned int __i;						\
	for (__i = 0; __i < sizeof(__fdz->fds_bits) / sizeof(__fd_mask); __i++) \
		__fdz->fds_bits[__i] = 0;				\
} while (0)
#define FD_COPY(f, t)	(void)(*(t) = *(f))

int select(int nfds, fd_set *__restrict readfds, fd_set *__restrict writefds,
    fd_set *__restrict exceptfds, struct timeval *__restrict timeout);
int pselect(int nfds, fd_set *__restrict readfds, fd_set *__restrict writefds,
    fd_set *__restrict exceptfds, const struct timespec *__restrict timeout,
    const sigset_t *__restrict mask);

#endif
