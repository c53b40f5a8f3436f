#ifndef _FCNTL_H_
#define _FCNTL_H_

#include <sys/types.h>

/* open(2) flags: OpenBSD's values. */
#define O_RDONLY	0x0000
#define O_WRONLY	0x0001
#define O_RDWR		0x0002
#define O_ACCMODE	0x0003
#define O_NONBLOCK	0x0004
#define O_APPEND	0x0008
#define O_CREAT		0x0200
#define O_TRUNC		0x0400
#define O_EXCL		0x0800
#define O_CLOEXEC	0x10000
#define O_DIRECTORY	0x20000

/* fcntl(2) commands and the descriptor flag. */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	10
#define FD_CLOEXEC	1

/* System calls: the stubs are generated from syscalls.master. */
int open(const char *path, int flags, ...);
int fcntl(int fd, int cmd, ...);

#endif
