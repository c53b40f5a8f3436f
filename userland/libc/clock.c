/*
 * clock() and gettimeofday() over clock_gettime(2): the process's CPU
 * time (its virtual cycles) and the time of day.
 */
#include <stddef.h>
#include <sys/time.h>
#include <time.h>

/* The processor time used so far, in CLOCKS_PER_SEC ticks; (clock_t)-1
 * if it cannot be had. */
clock_t
clock(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
		return (clock_t)-1;
	return ts.tv_sec * CLOCKS_PER_SEC + ts.tv_nsec / (1000000000 / CLOCKS_PER_SEC);
}

int
gettimeofday(struct timeval *tp, struct timezone *tzp)
{
	struct timespec ts;

	if (tp != NULL) {
		if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
			return -1;
		TIMESPEC_TO_TIMEVAL(tp, &ts);
	}
	if (tzp != NULL)
		tzp->tz_minuteswest = tzp->tz_dsttime = 0;
	return 0;
}
