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

/* minikern's small kinfo_proc: one record per process. */
struct kinfo_proc {
	int32_t p_pid;
	int32_t p_ppid;
	int32_t p_pgid;
	int32_t p_uid;
	int32_t p_stat;
	int32_t p_cpuid;		/* -1 when not on a core */
	uint64_t p_cycles;		/* virtual CPU cycles used */
	uint64_t p_rssize;		/* resident pages */
	char p_wmesg[8];
	char p_comm[24];
};

int sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp,
    void *newp, size_t newlen);

#endif
