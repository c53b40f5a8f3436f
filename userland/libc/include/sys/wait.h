#ifndef _SYS_WAIT_H_
#define _SYS_WAIT_H_

#include <sys/types.h>

/* wait4(2)'s options and the status word's special values (_WSTOPPED,
 * _WCONTINUED), from the kernel's minikern/sys/wait.py. */
#include <sys/wait_values.h>

/* The status word wait4(2) stores: exit code in bits 8-15, or the signal
 * that terminated the process in bits 0-6; a stopped child's stop signal
 * in bits 8-15 over _WSTOPPED; a continued child's is _WCONTINUED. */
#define _WSTATUS(s)	((s) & 0177)
#define WEXITSTATUS(s)	(((s) >> 8) & 0xff)
#define WTERMSIG(s)	_WSTATUS(s)
#define WSTOPSIG(s)	((int)(((unsigned int)(s) >> 8) & 0xff))
#define WIFEXITED(s)	(_WSTATUS(s) == 0)
#define WIFSIGNALED(s)	(_WSTATUS(s) != _WSTOPPED && _WSTATUS(s) != 0)
#define WIFSTOPPED(s)	(_WSTATUS(s) == _WSTOPPED && WSTOPSIG(s) != (_WCONTINUED >> 8))
#define WIFCONTINUED(s)	(((s) & _WCONTINUED) == _WCONTINUED)
#define WCOREDUMP(s)	((s) & 0200)

#define WAIT_ANY	(-1)
#define WAIT_MYPGRP	0

struct rusage;
pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *rusage);

#endif
