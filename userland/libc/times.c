/*
 * times(3), as OpenBSD's libc (gen/times.c) computes it: the CPU times
 * from getrusage(2), in CLK_TCK ticks (100 a second); the value is the
 * ticks of monotonic (virtual) time since boot.
 */
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>

#define CLK_TCK		100
#define TICKS(tv)	((clock_t)((tv).tv_sec * CLK_TCK + (tv).tv_usec / (1000000 / CLK_TCK)))

clock_t
times(struct tms *tp)
{
	struct rusage ru;
	struct timespec now;

	if (getrusage(RUSAGE_SELF, &ru) == -1)
		return (clock_t)-1;
	tp->tms_utime = TICKS(ru.ru_utime);
	tp->tms_stime = TICKS(ru.ru_stime);
	if (getrusage(RUSAGE_CHILDREN, &ru) == -1)
		return (clock_t)-1;
	tp->tms_cutime = TICKS(ru.ru_utime);
	tp->tms_cstime = TICKS(ru.ru_stime);
	if (clock_gettime(CLOCK_MONOTONIC, &now) == -1)
		return (clock_t)-1;
	return (clock_t)(now.tv_sec * CLK_TCK + now.tv_nsec / (1000000000 / CLK_TCK));
}
