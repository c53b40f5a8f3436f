/*
 * Time of day in microseconds: struct timeval and gettimeofday(2)'s
 * interface (over clock_gettime here), the timeval macros, and the
 * interval timers of setitimer(2) (ITIMER_* come from the kernel's
 * minikern/sys/time.py through <time.h>).
 */
#ifndef _SYS_TIME_H_
#define _SYS_TIME_H_

#include <sys/types.h>
#include <time.h>

struct timeval {
	time_t tv_sec;
	long tv_usec;		/* microseconds, 0 to 999999 */
};

/* Obsolete: gettimeofday fills it with zeros (UTC). */
struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

int gettimeofday(struct timeval *tp, struct timezone *tzp);

/* An interval timer: expires after it_value, then every it_interval. */
struct itimerval {
	struct timeval it_interval;	/* 0: expires once */
	struct timeval it_value;	/* 0: disarmed */
};

int setitimer(int which, const struct itimerval *__restrict value,
    struct itimerval *__restrict ovalue);
int getitimer(int which, struct itimerval *value);

/* File times: access and modification, NULL for now. */
int utimes(const char *path, const struct timeval times[2]);
int futimes(int fd, const struct timeval times[2]);

/* As on OpenBSD, <sys/time.h> gives select(2) and fd_set too. */
#include <sys/select.h>

#define timerclear(tvp)		((tvp)->tv_sec = (tvp)->tv_usec = 0)
#define timerisset(tvp)		((tvp)->tv_sec || (tvp)->tv_usec)
#define timercmp(a, b, cmp)						\
	(((a)->tv_sec == (b)->tv_sec) ?					\
	    ((a)->tv_usec cmp (b)->tv_usec) : ((a)->tv_sec cmp (b)->tv_sec))
#define timeradd(a, b, res) do {					\
	(res)->tv_sec = (a)->tv_sec + (b)->tv_sec;			\
	(res)->tv_usec = (a)->tv_usec + (b)->tv_usec;			\
	if ((res)->tv_usec >= 1000000) {				\
		(res)->tv_sec++;					\
		(res)->tv_usec -= 1000000;				\
	}								\
} while (0)
#define timersub(a, b, res) do {					\
	(res)->tv_sec = (a)->tv_sec - (b)->tv_sec;			\
	(res)->tv_usec = (a)->tv_usec - (b)->tv_usec;			\
	if ((res)->tv_usec < 0) {					\
		(res)->tv_sec--;					\
		(res)->tv_usec += 1000000;				\
	}								\
} while (0)
#define TIMEVAL_TO_TIMESPEC(tv, ts) do {				\
	(ts)->tv_sec = (tv)->tv_sec;					\
	(ts)->tv_nsec = (tv)->tv_usec * 1000;				\
} while (0)
#define TIMESPEC_TO_TIMEVAL(tv, ts) do {				\
	(tv)->tv_sec = (ts)->tv_sec;					\
	(tv)->tv_usec = (ts)->tv_nsec / 1000;				\
} while (0)

#endif
