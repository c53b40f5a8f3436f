#ifndef _SYS_WAIT_H_
#define _SYS_WAIT_H_

#include <sys/types.h>

/* The status word wait4(2) stores: exit code in bits 8-15, or the signal
 * that terminated the process in bits 0-6. */
#define WEXITSTATUS(s)	(((s) >> 8) & 0xff)
#define WTERMSIG(s)	((s) & 0x7f)
#define WIFEXITED(s)	(WTERMSIG(s) == 0)
#define WIFSIGNALED(s)	(WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)
#define WIFSTOPPED(s)	(WTERMSIG(s) == 0x7f)
#define WCOREDUMP(s)	((s) & 0x80)

/* wait4(2)'s options, from the kernel's minikern/sys/wait.py. */
#include <sys/wait_values.h>

#define WAIT_ANY	(-1)
#define WAIT_MYPGRP	0

struct rusage;
pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *rusage);

#endif
