/*
 * alarm(3) and ualarm(3) over setitimer(2)'s ITIMER_REAL, as OpenBSD's
 * libc has them: SIGALRM after a span of (virtual) time.
 */
#include <sys/time.h>
#include <unistd.h>

/* Arm ITIMER_REAL for seconds (0: disarm); the whole seconds that were
 * left of the previous alarm, rounded up, or 0. */
unsigned int
alarm(unsigned int seconds)
{
	struct itimerval itv, old;

	itv.it_interval.tv_sec = 0;
	itv.it_interval.tv_usec = 0;
	itv.it_value.tv_sec = seconds;
	itv.it_value.tv_usec = 0;
	if (setitimer(ITIMER_REAL, &itv, &old) == -1)
		return (unsigned int)-1;
	if (old.it_value.tv_usec)
		old.it_value.tv_sec++;
	return (unsigned int)old.it_value.tv_sec;
}

/* SIGALRM after microseconds, then every interval microseconds; the
 * microseconds that were left of the previous timer. */
useconds_t
ualarm(useconds_t microseconds, useconds_t interval)
{
	struct itimerval itv, old;

	itv.it_interval.tv_sec = interval / 1000000;
	itv.it_interval.tv_usec = interval % 1000000;
	itv.it_value.tv_sec = microseconds / 1000000;
	itv.it_value.tv_usec = microseconds % 1000000;
	if (setitimer(ITIMER_REAL, &itv, &old) == -1)
		return (useconds_t)-1;
	return (useconds_t)(old.it_value.tv_sec * 1000000 + old.it_value.tv_usec);
}
