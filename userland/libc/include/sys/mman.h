#ifndef _SYS_MMAN_H_
#define _SYS_MMAN_H_

#include <sys/types.h>

/* PROT_*, MAP_*, MADV_*, MS_*: OpenBSD's values, from the kernel's
 * minikern/sys/mman.py. */
#include <sys/mman_values.h>

#define MAP_ANONYMOUS	MAP_ANON

#define MAP_FAILED	((void *)-1)

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t pos);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
int madvise(void *addr, size_t len, int behav);
int msync(void *addr, size_t len, int flags);

#endif
