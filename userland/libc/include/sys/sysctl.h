#ifndef _SYS_SYSCTL_H_
#define _SYS_SYSCTL_H_

#include <stdint.h>
#include <sys/types.h>

/* The part of OpenBSD's sysctl tree that minikern has (kern_sysctl.py). */
#define CTL_KERN	1
#define CTL_HW		6

#define KERN_OSTYPE	1
#define KERN_OSRELEASE	2
#define KERN_VERSION	4
#define KERN_HOSTNAME	10
#define KERN_PROC	66
#define KERN_PROC_ALL	0
#define KERN_PROC_PID	1
#define KERN_PROC_SHOW_THREADS	0x40000000	/* or'ed in: a record per thread too */

#define HW_MACHINE	1
#define HW_NCPU		3
#define HW_PAGESIZE	7
#define HW_PHYSMEM64	19

/* p_stat */
#define SIDL	1
#define SRUN	2
#define SSLEEP	3
#define SSTOP	4
#define SZOMB	5
#define SONPROC	7

/* minikern's small kinfo_proc: one record per process (p_tid -1), and
 * with KERN_PROC_SHOW_THREADS one more per thread after it (p_tid, and
 * the thread's state, core, cycles and wait message). */
struct kinfo_proc {
	int32_t p_pid;
	int32_t p_ppid;
	int32_t p_pgid;
	int32_t p_uid;
	int32_t p_stat;
	int32_t p_cpuid;		/* -1 when not on a core */
	int32_t p_tid;			/* the thread's id, or -1: the process */
	int32_t p_nthreads;		/* its process's threads */
	uint64_t p_cycles;		/* virtual CPU cycles used */
	uint64_t p_rssize;		/* resident pages */
	char p_wmesg[8];
	char p_comm[24];
};

int sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp,
    void *newp, size_t newlen);

#endif
