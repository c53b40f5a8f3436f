/*
 * Scatter and gather I/O: readv(2) and writev(2) over a list of buffers.
 */
#ifndef _SYS_UIO_H_
#define _SYS_UIO_H_

#include <limits.h>	/* IOV_MAX: the most buffers in one call */
#include <sys/types.h>

struct iovec {
	void *iov_base;		/* a buffer */
	size_t iov_len;		/* its length */
};

ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);

#endif
