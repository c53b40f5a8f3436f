#ifndef _SYS_RESOURCE_H_
#define _SYS_RESOURCE_H_

#include <sys/types.h>
#include <sys/time.h>

/* Resource limits (getrlimit(2), setrlimit(2)), with OpenBSD's numbers.
 * minikern enforces DATA, STACK, NPROC and NOFILE; the others are kept. */
#define RLIMIT_CPU	0		/* cpu time in seconds */
#define RLIMIT_FSIZE	1		/* largest file created */
#define RLIMIT_DATA	2		/* anonymous memory (data, bss, mmap) */
#define RLIMIT_STACK	3		/* the stack exec maps */
#define RLIMIT_CORE	4		/* largest core file */
#define RLIMIT_RSS	5		/* resident set size */
#define RLIMIT_MEMLOCK	6		/* locked-in-memory address space */
#define RLIMIT_NPROC	7		/* processes */
#define RLIMIT_NOFILE	8		/* open files */
#define RLIM_NLIMITS	9

typedef unsigned long long rlim_t;
#define RLIM_INFINITY	(((rlim_t)1 << 63) - 1)

struct rlimit {
	rlim_t	rlim_cur;		/* the soft limit: what is enforced */
	rlim_t	rlim_max;		/* the hard limit: the most rlim_cur may be */
};

int getrlimit(int resource, struct rlimit *rlp);
int setrlimit(int resource, const struct rlimit *rlp);

/* Resource usage (getrusage(2)): minikern fills the times and ru_minflt
 * from its virtual-time accounting; the other fields are 0. */
#define RUSAGE_SELF	0		/* the calling process */
#define RUSAGE_CHILDREN	(-1)		/* its waited-for children, and theirs */
#define RUSAGE_THREAD	1		/* the calling thread */

struct rusage {
	struct timeval ru_utime;	/* user time used */
	struct timeval ru_stime;	/* system time used */
	long	ru_maxrss;		/* max resident set size */
	long	ru_ixrss;		/* integral shared text memory size */
	long	ru_idrss;		/* integral unshared data size */
	long	ru_isrss;		/* integral unshared stack size */
	long	ru_minflt;		/* page faults not needing I/O */
	long	ru_majflt;		/* page faults needing I/O */
	long	ru_nswap;		/* swaps */
	long	ru_inblock;		/* block input operations */
	long	ru_oublock;		/* block output operations */
	long	ru_msgsnd;		/* messages sent */
	long	ru_msgrcv;		/* messages received */
	long	ru_nsignals;		/* signals received */
	long	ru_nvcsw;		/* voluntary context switches */
	long	ru_nivcsw;		/* involuntary context switches */
};

int getrusage(int who, struct rusage *rusage);

#endif
