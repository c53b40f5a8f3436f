#ifndef _ERRNO_H_
#define _ERRNO_H_

/* EPERM, ENOENT, ... are generated from the kernel's table. */
#include <sys/errno_values.h>

/* Set by a failed system call (see __cerror) or library function.
 * Each thread has its own, in its thread information block. */
int *__errno(void);
#define errno (*__errno())

#endif
