/*
 * fork() in a threaded process (OpenBSD's libc/thread/rthread_fork.c).
 * The child has one thread, the caller; the others vanish with whatever
 * they held.  So libc's locks are all taken before the call, which makes
 * the child's copies of malloc's and stdio's data whole, and let go in
 * both processes after it.
 */
#include <unistd.h>

#include "thread_private.h"

pid_t __sys_fork(void);

pid_t
fork(void)
{
	if (!__isthreaded)
		return __sys_fork();
	__stdio_fork_prepare();
	__malloc_lock();
	pid_t pid = __sys_fork();
	__malloc_unlock();
	if (pid == 0) {
		__thread_fork_child();
		__stdio_fork_child();
	} else
		__stdio_fork_parent();
	return pid;
}
