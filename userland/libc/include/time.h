#ifndef _TIME_H_
#define _TIME_H_

#include <sys/types.h>

/* The clocks of clock_gettime(2), from the kernel's minikern/sys/time.py. */
#include <sys/time_values.h>

/* clock(): processor time in CLOCKS_PER_SEC ticks, as OpenBSD's. */
typedef long long clock_t;
#define CLOCKS_PER_SEC	100

struct timespec {
	time_t tv_sec;		/* long long, as on OpenBSD */
	long tv_nsec;
};

/* A broken-down time, as on OpenBSD (with tm_gmtoff and tm_zone). */
struct tm {
	int tm_sec;		/* seconds 0-60 */
	int tm_min;		/* minutes 0-59 */
	int tm_hour;		/* hours 0-23 */
	int tm_mday;		/* day of the month 1-31 */
	int tm_mon;		/* month 0-11 */
	int tm_year;		/* year - 1900 */
	int tm_wday;		/* day of the week, Sunday = 0 */
	int tm_yday;		/* day of the year 0-365 */
	int tm_isdst;		/* daylight saving time in effect? */
	long tm_gmtoff;		/* seconds east of UTC */
	const char *tm_zone;	/* abbreviation of the time zone */
};

int clock_gettime(clockid_t clock_id, struct timespec *tp);
clock_t clock(void);
time_t time(time_t *t);
double difftime(time_t t1, time_t t0);

/* Time zones: tzcode, in localtime.c and strftime.c. */
extern char *tzname[2];
void tzset(void);
struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *__restrict t, struct tm *__restrict tm);
struct tm *localtime(const time_t *t);
struct tm *localtime_r(const time_t *__restrict t, struct tm *__restrict tm);
time_t mktime(struct tm *tm);
time_t timegm(struct tm *tm);
size_t strftime(char *__restrict buf, size_t size, const char *__restrict fmt,
    const struct tm *__restrict tm);
char *asctime(const struct tm *tm);
char *asctime_r(const struct tm *__restrict tm, char *__restrict buf);
char *ctime(const time_t *t);
char *ctime_r(const time_t *t, char *buf);
int nanosleep(const struct timespec *rqtp, struct timespec *rmtp);

#endif
