/*
 * poll(2): wait until one of a set of descriptors is ready.  The POLL*
 * events come from the kernel's minikern/sys/poll.py.
 */
#ifndef _POLL_H_
#define _POLL_H_

#include <sys/cdefs.h>
#include <sys/poll_values.h>
#if __BSD_VISIBLE
#include <signal.h>
#include <time.h>
#endif

#define INFTIM		(-1)	/* a timeout that never ends */

typedef unsigned int nfds_t;

struct pollfd {
	int fd;			/* negative: skipped */
	short events;		/* asked for */
	short revents;		/* ready (POLLHUP, POLLNVAL unasked) */
};

int poll(struct pollfd *fds, nfds_t nfds, int timeout);
#if __BSD_VISIBLE
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout,
    const sigset_t *mask);
#endif

#endif
