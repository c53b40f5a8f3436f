#ifndef _ERRNO_H_
#define _ERRNO_H_

/* EPERM, ENOENT, ... are generated from the kernel's table. */
#include <sys/errno_values.h>

/* Set by a failed system call (see __cerror) or library function.
 * Processes are single-threaded for now, so one variable will do. */
extern int errno;

#endif
