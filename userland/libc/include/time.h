#ifndef _TIME_H_
#define _TIME_H_

#include <sys/types.h>

#define CLOCK_REALTIME			0
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_MONOTONIC			3

struct timespec {
	time_t tv_sec;		/* long long, as on OpenBSD */
	long tv_nsec;
};

int clock_gettime(clockid_t clock_id, struct timespec *tp);
int nanosleep(const struct timespec *rqtp, struct timespec *rmtp);

#endif
