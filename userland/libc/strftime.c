/*
 * strftime() for the C locale, with the POSIX and BSD conversions,
 * and the small time functions around it: time(), difftime(),
 * asctime() and ctime().
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const day_names[] = { "Sunday", "Monday", "Tuesday",
	"Wednesday", "Thursday", "Friday", "Saturday" };
static const char *const month_names[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

struct out {
	char *buf;
	size_t size, len;
	bool overflow;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->len + n >= o->size) {	/* the NUL must fit too */
		o->overflow = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* A number in a field of `width`, padded with `pad` ('0' or ' '). */
static void
put_num(struct out *o, long long v, int width, char pad)
{
	char text[32];
	int n = pad == '0' ? snprintf(text, sizeof text, "%0*lld", width, v)
	    : snprintf(text, sizeof text, "%*lld", width, v);
	put(o, text, n);
}

static bool
is_leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* ISO 8601 weeks start on Monday; week 1 is the one with the year's first
 * Thursday.  A day of late December may be in week 1 of the next year,
 * a day of early January in the last week of the year before. */
static int
iso_weeks_in_year(long long y, int jan1_wday)
{
	return jan1_wday == 4 || (jan1_wday == 3 && is_leap(y)) ? 53 : 52;
}

static void
iso_week(const struct tm *tm, long long *iso_year, int *week)
{
	long long y = tm->tm_year + 1900LL;
	int iso_wday = tm->tm_wday == 0 ? 7 : tm->tm_wday;	/* Monday = 1 */
	int jan1_wday = ((tm->tm_wday - tm->tm_yday) % 7 + 7) % 7;
	int w = (tm->tm_yday + 1 - iso_wday + 10) / 7;

	if (w < 1) {
		int prev_jan1 = ((jan1_wday - (is_leap(y - 1) ? 366 : 365)) % 7 + 7) % 7;
		*iso_year = y - 1;
		*week = iso_weeks_in_year(y - 1, prev_jan1);
	} else if (w > iso_weeks_in_year(y, jan1_wday)) {
		*iso_year = y + 1;
		*week = 1;
	} else {
		*iso_year = y;
		*week = w;
	}
}

/* Floor division and remainder, for the century of negative years. */
static long long
floor_div(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static void format(struct out *o, const char *fmt, const struct tm *tm);

static void
convert(struct out *o, char c, const struct tm *tm)
{
	long long year = tm->tm_year + 1900LL, iso_year;
	int week, hour12 = tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12;
	char text[16];

	switch (c) {
	case 'a':
		put(o, day_names[tm->tm_wday % 7], 3);
		break;
	case 'A':
		put_str(o, day_names[tm->tm_wday % 7]);
		break;
	case 'b':
	case 'h':
		put(o, month_names[tm->tm_mon % 12], 3);
		break;
	case 'B':
		put_str(o, month_names[tm->tm_mon % 12]);
		break;
	case 'c':
		format(o, "%a %b %e %H:%M:%S %Y", tm);
		break;
	case 'C':
		put_num(o, floor_div(year, 100), 2, '0');
		break;
	case 'd':
		put_num(o, tm->tm_mday, 2, '0');
		break;
	case 'D':
	case 'x':
		format(o, "%m/%d/%y", tm);
		break;
	case 'e':
		put_num(o, tm->tm_mday, 2, ' ');
		break;
	case 'F':
		format(o, "%Y-%m-%d", tm);
		break;
	case 'g':
		iso_week(tm, &iso_year, &week);
		put_num(o, (iso_year % 100 + 100) % 100, 2, '0');
		break;
	case 'G':
		iso_week(tm, &iso_year, &week);
		put_num(o, iso_year, 0, '0');
		break;
	case 'H':
		put_num(o, tm->tm_hour, 2, '0');
		break;
	case 'I':
		put_num(o, hour12, 2, '0');
		break;
	case 'j':
		put_num(o, tm->tm_yday + 1, 3, '0');
		break;
	case 'k':
		put_num(o, tm->tm_hour, 2, ' ');
		break;
	case 'l':
		put_num(o, hour12, 2, ' ');
		break;
	case 'm':
		put_num(o, tm->tm_mon + 1, 2, '0');
		break;
	case 'M':
		put_num(o, tm->tm_min, 2, '0');
		break;
	case 'n':
		put_str(o, "\n");
		break;
	case 'p':
		put_str(o, tm->tm_hour < 12 ? "AM" : "PM");
		break;
	case 'r':
		format(o, "%I:%M:%S %p", tm);
		break;
	case 'R':
		format(o, "%H:%M", tm);
		break;
	case 's': {	/* seconds since the epoch: the fields, less the offset */
		struct tm copy = *tm;
		put_num(o, timegm(&copy) - tm->tm_gmtoff, 0, '0');
		break;
	}
	case 'S':
		put_num(o, tm->tm_sec, 2, '0');
		break;
	case 't':
		put_str(o, "\t");
		break;
	case 'T':
	case 'X':
		format(o, "%H:%M:%S", tm);
		break;
	case 'u':
		put_num(o, tm->tm_wday == 0 ? 7 : tm->tm_wday, 1, '0');
		break;
	case 'U':	/* weeks starting on Sunday; days before the first: 0 */
		put_num(o, (tm->tm_yday + 7 - tm->tm_wday) / 7, 2, '0');
		break;
	case 'V':
		iso_week(tm, &iso_year, &week);
		put_num(o, week, 2, '0');
		break;
	case 'w':
		put_num(o, tm->tm_wday, 1, '0');
		break;
	case 'W':	/* weeks starting on Monday */
		put_num(o, (tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, '0');
		break;
	case 'y':
		put_num(o, (year % 100 + 100) % 100, 2, '0');
		break;
	case 'Y':
		put_num(o, year, 0, '0');
		break;
	case 'z': {	/* +hhmm east of UTC */
		long off = tm->tm_gmtoff;
		char sign = off < 0 ? '-' : '+';
		off = off < 0 ? -off : off;
		snprintf(text, sizeof text, "%c%02ld%02ld", sign, off / 3600,
		    off / 60 % 60);
		put_str(o, text);
		break;
	}
	case 'Z':
		if (tm->tm_zone != NULL)
			put_str(o, tm->tm_zone);
		break;
	case '+':	/* date(1)'s default */
		format(o, "%a %b %e %H:%M:%S %Z %Y", tm);
		break;
	case '%':
		put_str(o, "%");
		break;
	default:	/* unknown: keep it as it was written */
		text[0] = '%';
		text[1] = c;
		put(o, text, 2);
		break;
	}
}

static void
format(struct out *o, const char *fmt, const struct tm *tm)
{
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%' || fmt[1] == '\0') {
			put(o, fmt, 1);
			continue;
		}
		fmt++;
		if (*fmt == 'E' || *fmt == 'O')	/* alternative forms: the C
						 * locale has none */
			if (fmt[1] != '\0')
				fmt++;
		convert(o, *fmt, tm);
	}
}

size_t
strftime(char *restrict buf, size_t size, const char *restrict fmt,
    const struct tm *restrict tm)
{
	struct out o = { buf, size, 0, false };

	format(&o, fmt, tm);
	if (o.overflow || size == 0)
		return 0;
	buf[o.len] = '\0';
	return o.len;
}

time_t
time(time_t *t)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (t != NULL)
		*t = ts.tv_sec;
	return ts.tv_sec;
}

double
difftime(time_t t1, time_t t0)
{
	return (double)(t1 - t0);
}

/* "Thu Nov 24 18:22:48 1986\n" */
char *
asctime_r(const struct tm *restrict tm, char *restrict buf)
{
	snprintf(buf, 26, "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n",
	    day_names[tm->tm_wday % 7], month_names[tm->tm_mon % 12],
	    tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
	    tm->tm_year + 1900);
	return buf;
}

char *
asctime(const struct tm *tm)
{
	static char buf[26];

	return asctime_r(tm, buf);
}

char *
ctime_r(const time_t *t, char *buf)
{
	struct tm tm;

	return localtime_r(t, &tm) != NULL ? asctime_r(&tm, buf) : NULL;
}

char *
ctime(const time_t *t)
{
	static char buf[26];

	return ctime_r(t, buf);
}
