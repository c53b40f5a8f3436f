#ifndef _FCNTL_H_
#define _FCNTL_H_

#include <sys/cdefs.h>
#include <sys/types.h>

/* open(2) flags, fcntl(2) commands (OpenBSD's values, from the kernel's
 * minikern/sys/fcntl.py). */
#include <sys/fcntl_values.h>

/* System calls: the stubs are generated from syscalls.master. */
int open(const char *path, int flags, ...);
int openat(int fd, const char *path, int flags, ...);
int fcntl(int fd, int cmd, ...);
#if __BSD_VISIBLE
int flock(int fd, int operation);
#endif

#endif
