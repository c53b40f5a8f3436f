/*
 * times(3): the CPU time of the process and of its waited-for children,
 * in CLK_TCK (100) ticks of virtual time, as OpenBSD's libc computes it
 * from getrusage(2); the value is the ticks since boot.
 */
#ifndef _SYS_TIMES_H_
#define _SYS_TIMES_H_

#include <time.h>

struct tms {
	clock_t tms_utime;	/* user time */
	clock_t tms_stime;	/* system time */
	clock_t tms_cutime;	/* user time of the children waited for */
	clock_t tms_cstime;	/* their system time */
};

clock_t times(struct tms *tp);

#endif
