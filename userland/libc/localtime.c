/*
 * Time zones, after the tz project's tzcode: TZif files (RFC 8536) and
 * POSIX TZ strings, for localtime(), mktime() and friends.
 *
 * Which zone:	TZ unset	/etc/localtime
 *		TZ=""		UTC
 *		TZ=":Europe/Paris" or "Europe/Paris"
 *				/usr/share/zoneinfo/Europe/Paris
 *		TZ="/some/file"	that file
 *		TZ="EST5EDT,M3.2.0,M11.1.0"  (no such file) a POSIX rule
 * A name with ".." in it is not a file we open.
 *
 * A zone is a list of transitions (instants where the offset from UTC
 * changes) with the local time type each one starts, and perhaps a
 * POSIX rule for instants after the last transition (TZif files of
 * version 2 and later end with one; a TZ string is nothing else).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TZDIR		"/usr/share/zoneinfo"
#define TZDEFAULT	"/etc/localtime"
#define MAX_TZFILE	(256 * 1024)
#define MAX_TYPES	256
#define MAX_CHARS	256

#define SECS_PER_DAY	86400L

/* A local time type: offset, DST or not, abbreviation. */
struct ttinfo {
	int32_t utoff;		/* seconds east of UTC */
	bool isdst;
	int abbr;		/* index into chars[] */
};

/* One end of a POSIX DST rule: a day of the year and a local time. */
struct rule {
	enum { JULIAN_NO_LEAP, ZERO_BASED, MONTH_WEEK_DAY } kind;
	int day;		/* Jn: 1-365; n: 0-365; M: day of the week */
	int week, month;	/* M: week 1-5 (5: the last), month 1-12 */
	int32_t time;		/* seconds after local midnight */
};

/* A POSIX TZ string "std offset [dst [offset] [,start[/time],end[/time]]]". */
struct posix_tz {
	bool has_dst;
	struct ttinfo std, dst;	/* abbr indexes into the state's chars */
	struct rule start, end;
};

struct state {
	int timecnt;		/* transitions */
	int64_t *ats;		/* their instants, ascending */
	uint8_t *types;		/* the type each one starts */
	int typecnt;
	struct ttinfo ttis[MAX_TYPES];
	char chars[MAX_CHARS];	/* NUL-terminated abbreviations */
	int charcnt;
	bool has_rule;		/* the POSIX rule after the last transition */
	struct posix_tz rule;
};

static struct state local_state;
static char loaded_tz[PATH_MAX] = "\1";	/* TZ as last loaded; "\1": never */
static bool tz_unset_loaded;

char *tzname[2] = { "UTC", "UTC" };

/* --- reading a POSIX TZ string --------------------------------------------- */

/* Add an abbreviation to the state's characters; its index or -1. */
static int
add_abbr(struct state *sp, const char *name, size_t len)
{
	for (int i = 0; i < sp->charcnt; i += strlen(sp->chars + i) + 1)
		if (strlen(sp->chars + i) == len && memcmp(sp->chars + i, name, len) == 0)
			return i;
	if (sp->charcnt + len + 1 > MAX_CHARS)
		return -1;
	int at = sp->charcnt;
	memcpy(sp->chars + at, name, len);
	sp->chars[at + len] = '\0';
	sp->charcnt += len + 1;
	return at;
}

/* A zone name: letters ("EST"), or anything but '>' in <...> ("<+0330>"). */
static const char *
parse_name(const char *s, const char **name, size_t *len)
{
	if (*s == '<') {
		*name = ++s;
		while (*s != '\0' && *s != '>')
			s++;
		if (*s != '>')
			return NULL;
		*len = s - *name;
		s++;
	} else {
		*name = s;
		while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			s++;
		*len = s - *name;
	}
	return *len >= 3 ? s : NULL;
}

/* [+-]hh[:mm[:ss]] as seconds, hh at most max_hours. */
static const char *
parse_time(const char *s, int32_t *secs, int max_hours)
{
	int sign = 1, part[3] = { 0, 0, 0 };

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	for (int i = 0; i < 3; i++) {
		if (i > 0) {
			if (*s != ':')
				break;
			s++;
		}
		if (*s < '0' || *s > '9')
			return NULL;
		while (*s >= '0' && *s <= '9') {
			part[i] = part[i] * 10 + (*s++ - '0');
			if (part[i] > 999)
				return NULL;
		}
	}
	if (part[0] > max_hours || part[1] > 59 || part[2] > 59)
		return NULL;
	*secs = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	return s;
}

static const char *
parse_number(const char *s, int *n, int min, int max)
{
	if (*s < '0' || *s > '9')
		return NULL;
	*n = 0;
	while (*s >= '0' && *s <= '9') {
		*n = *n * 10 + (*s++ - '0');
		if (*n > max)
			return NULL;
	}
	return *n >= min ? s : NULL;
}

/* Jn | n | Mm.w.d, then an optional /time (default 02:00:00). */
static const char *
parse_rule(const char *s, struct rule *r)
{
	// LAB tz BEGIN: parse one date of a DST rule (Jn, n or Mm.w.d) and its optional /time
	if (*s == 'J') {
		r->kind = JULIAN_NO_LEAP;
		s = parse_number(s + 1, &r->day, 1, 365);
	} else if (*s == 'M') {
		r->kind = MONTH_WEEK_DAY;
		if ((s = parse_number(s + 1, &r->month, 1, 12)) == NULL || *s++ != '.' ||
		    (s = parse_number(s, &r->week, 1, 5)) == NULL || *s++ != '.')
			return NULL;
		s = parse_number(s, &r->day, 0, 6);
	} else {
		r->kind = ZERO_BASED;
		s = parse_number(s, &r->day, 0, 365);
	}
	r->time = 2 * 3600;
	if (s != NULL && *s == '/')
		s = parse_time(s + 1, &r->time, 167);	/* RFC 8536 allows +-167h */
	return s;
	// LAB tz STARTER
	//| return NULL;
	// LAB tz END
}

/*
 * Parse a whole TZ string into *tz (abbreviations go into sp->chars).
 * POSIX offsets count west of UTC ("EST5"): utoff is their negation.
 */
static bool
parse_posix(struct state *sp, const char *s, struct posix_tz *tz)
{
	// LAB tz BEGIN: parse a whole TZ string: std offset [dst [offset] [,start[/time],end[/time]]]
	const char *name;
	size_t len;
	int32_t off;

	memset(tz, 0, sizeof *tz);
	if ((s = parse_name(s, &name, &len)) == NULL ||
	    (s = parse_time(s, &off, 24)) == NULL)
		return false;
	tz->std = (struct ttinfo){ -off, false, add_abbr(sp, name, len) };
	if (*s == '\0')
		return tz->std.abbr >= 0;

	if ((s = parse_name(s, &name, &len)) == NULL)
		return false;
	tz->has_dst = true;
	tz->dst = (struct ttinfo){ tz->std.utoff + 3600, true, add_abbr(sp, name, len) };
	if (*s != ',' && *s != '\0') {
		if ((s = parse_time(s, &off, 24)) == NULL)
			return false;
		tz->dst.utoff = -off;
	}
	if (*s == '\0') {	/* no rule: the US rule, as tzcode assumes */
		s = ",M3.2.0,M11.1.0";
	}
	if (*s++ != ',' || (s = parse_rule(s, &tz->start)) == NULL ||
	    *s++ != ',' || (s = parse_rule(s, &tz->end)) == NULL)
		return false;
	return *s == '\0' && tz->std.abbr >= 0 && tz->dst.abbr >= 0;
	// LAB tz STARTER
	//| return false;
	// LAB tz END
}

/* --- the calendar ---------------------------------------------------------- */

static bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * Days from 1970-01-01 to year-month-day (proleptic Gregorian calendar).
 * Count from March, so that the leap day is the last day of a "year":
 * then every 400 years (an era) have exactly 146097 days.
 */
static int64_t
days_from_civil(int64_t y, int m, int d)	/* m: 1-12 */
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;				/* 0-399 */
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;	/* 0-365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* 0-146096 */
	return era * 146097 + doe - 719468;	/* 719468: 0000-03-01 to 1970-01-01 */
}

/* The inverse: a day number to year, month (1-12) and day. */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;			/* 0 = March */
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* The day of the year (0-based) a rule names in year y. */
static int
rule_day(const struct rule *r, int64_t y)
{
	// LAB tz BEGIN: the day of the year (0-based) a rule's date falls on in year y
	switch (r->kind) {
	case JULIAN_NO_LEAP:	/* 1-365, February 29 never counted */
		return r->day - 1 + (is_leap(y) && r->day >= 60);
	case ZERO_BASED:
		return r->day;
	default: {		/* day d of week w of month m; week 5: the last */
		int64_t first = days_from_civil(y, r->month, 1);
		int wday_first = (int)(((first + 4) % 7 + 7) % 7);	/* 1970-01-01: Thu */
		int mday = 1 + (r->day - wday_first + 7) % 7 + 7 * (r->week - 1);
		static const int month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31,
		    30, 31, 30, 31 };
		int last = month_days[r->month - 1] + (r->month == 2 && is_leap(y));
		while (mday > last)
			mday -= 7;
		return (int)(first + mday - 1 - days_from_civil(y, 1, 1));
	}
	}
	// LAB tz STARTER
	//| return 0;
	// LAB tz END
}

/* The local time type a POSIX rule gives at instant t. */
static const struct ttinfo *
posix_type(const struct posix_tz *tz, int64_t t)
{
	// LAB tz BEGIN: is instant t in daylight time under the rule? (the year's start and end instants)
	if (!tz->has_dst)
		return &tz->std;
	int64_t y;
	int m, d;
	civil_from_days((t + tz->std.utoff) / SECS_PER_DAY -
	    ((t + tz->std.utoff) % SECS_PER_DAY < 0), &y, &m, &d);
	int64_t jan1 = days_from_civil(y, 1, 1) * SECS_PER_DAY;
	/* DST starts at a standard local time, ends at a daylight one. */
	int64_t start = jan1 + rule_day(&tz->start, y) * SECS_PER_DAY +
	    tz->start.time - tz->std.utoff;
	int64_t end = jan1 + rule_day(&tz->end, y) * SECS_PER_DAY +
	    tz->end.time - tz->dst.utoff;
	bool dst = start < end ? t >= start && t < end	/* northern */
	    : !(t >= end && t < start);			/* southern */
	return dst ? &tz->dst : &tz->std;
	// LAB tz STARTER
	//| return &tz->std;
	// LAB tz END
}

/* --- reading a TZif file --------------------------------------------------- */

static int64_t
get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	if (n == 4)
		return (int32_t)v;
	return (int64_t)v;
}

static char *
read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	char *buf = malloc(MAX_TZFILE);
	size_t n = 0;
	ssize_t got;
	while (buf != NULL && n < MAX_TZFILE &&
	    (got = read(fd, buf + n, MAX_TZFILE - n)) > 0)
		n += got;
	close(fd);
	*len = n;
	return buf;
}

/*
 * TZif: a 44-byte header ("TZif", version, six counts), the data with
 * 32-bit times; from version 2 on, a second header and the data again
 * with 64-bit times, then "\n" TZ-string "\n".  We read the 64-bit data
 * when there is one.
 */
static bool
parse_tzif(struct state *sp, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;

	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return false;
	int version = p[4];
	int time_size = 4;
	for (int pass = 0; pass < 2; pass++) {
		if (end - p < 44 || memcmp(p, "TZif", 4) != 0)
			return false;
		int64_t isutcnt = get_be(p + 20, 4), isstdcnt = get_be(p + 24, 4);
		int64_t leapcnt = get_be(p + 28, 4), timecnt = get_be(p + 32, 4);
		int64_t typecnt = get_be(p + 36, 4), charcnt = get_be(p + 40, 4);
		p += 44;
		if (timecnt < 0 || typecnt < 1 || typecnt > MAX_TYPES || charcnt < 0 ||
		    charcnt >= MAX_CHARS || leapcnt < 0 || isutcnt < 0 || isstdcnt < 0)
			return false;
		int64_t size = timecnt * (time_size + 1) + typecnt * 6 + charcnt +
		    leapcnt * (time_size + 4) + isstdcnt + isutcnt;
		if (size > end - p)
			return false;
		if (pass == 0 && version >= '2') {	/* skip to the 64-bit data */
			p += size;
			time_size = 8;
			continue;
		}
		sp->timecnt = (int)timecnt;
		sp->ats = malloc(timecnt * sizeof *sp->ats + 1);
		sp->types = malloc(timecnt + 1);
		if (sp->ats == NULL || sp->types == NULL)
			return false;
		for (int i = 0; i < timecnt; i++)
			sp->ats[i] = get_be(p + i * time_size, time_size);
		p += timecnt * time_size;
		for (int i = 0; i < timecnt; i++) {
			sp->types[i] = p[i];
			if (p[i] >= typecnt)
				return false;
		}
		p += timecnt;
		sp->typecnt = (int)typecnt;
		for (int i = 0; i < typecnt; i++, p += 6) {
			sp->ttis[i].utoff = (int32_t)get_be(p, 4);
			sp->ttis[i].isdst = p[4] != 0;
			sp->ttis[i].abbr = p[5] < charcnt ? p[5] : 0;
		}
		memcpy(sp->chars, p, charcnt);
		sp->chars[charcnt] = '\0';
		sp->charcnt = (int)charcnt + 1;
		/* Leap second records and the std/ut indicators: not used
		 * (the zones we ship count no leap seconds). */
		p += size - timecnt * (time_size + 1) - typecnt * 6;
		break;
	}
	/* The footer: "\n" TZ "\n"; empty means no rule. */
	if (version >= '2' && end - p >= 2 && *p == '\n') {
		const unsigned char *nl = memchr(p + 1, '\n', end - p - 1);
		char tz[128];
		if (nl != NULL && nl - p - 1 > 0 && (size_t)(nl - p - 1) < sizeof tz) {
			memcpy(tz, p + 1, nl - p - 1);
			tz[nl - p - 1] = '\0';
			sp->has_rule = parse_posix(sp, tz, &sp->rule);
		}
	}
	return true;
}

/* --- choosing and loading the zone ------------------------------------------ */

static void
free_state(struct state *sp)
{
	free(sp->ats);
	free(sp->types);
	memset(sp, 0, sizeof *sp);
}

static void
load_utc(struct state *sp)
{
	free_state(sp);
	sp->typecnt = 1;
	sp->ttis[0] = (struct ttinfo){ 0, false, add_abbr(sp, "UTC", 3) };
}

static bool
load_file(struct state *sp, const char *path)
{
	size_t len;
	char *buf = read_file(path, &len);
	bool ok = buf != NULL && parse_tzif(sp, (unsigned char *)buf, len);

	free(buf);
	return ok;
}

/* A zone by its TZ value (NULL: unset). */
static void
load_zone(struct state *sp, const char *tz)
{
	char path[PATH_MAX];
	struct posix_tz rule;

	free_state(sp);
	if (tz == NULL)
		tz = TZDEFAULT;
	else if (*tz == '\0') {
		load_utc(sp);
		return;
	}
	if (*tz == ':')
		tz++;
	bool safe = strstr(tz, "..") == NULL;
	if (safe) {
		if (*tz == '/')
			strlcpy(path, tz, sizeof path);
		else
			snprintf(path, sizeof path, "%s/%s", TZDIR, tz);
		if (load_file(sp, path))
			return;
		free_state(sp);
	}
	if (parse_posix(sp, tz, &rule)) {	/* a rule and nothing else */
		sp->typecnt = 1;
		sp->ttis[0] = rule.std;
		sp->has_rule = true;
		sp->rule = rule;
		return;
	}
	load_utc(sp);
}

void
tzset(void)
{
	const char *tz = getenv("TZ");

	if (tz == NULL ? tz_unset_loaded :
	    strncmp(tz, loaded_tz, sizeof loaded_tz) == 0)
		return;			/* nothing changed */
	load_zone(&local_state, tz);
	tz_unset_loaded = tz == NULL;
	strlcpy(loaded_tz, tz == NULL ? "\1" : tz, sizeof loaded_tz);

	/* tzname: the zone's standard and daylight abbreviations now */
	struct state *sp = &local_state;
	const struct ttinfo *std = &sp->ttis[0], *dst = NULL;
	if (sp->has_rule) {
		std = &sp->rule.std;
		dst = sp->rule.has_dst ? &sp->rule.dst : NULL;
	} else {
		for (int i = 0; i < sp->timecnt; i++) {
			const struct ttinfo *t = &sp->ttis[sp->types[i]];
			if (t->isdst)
				dst = t;
			else
				std = t;
		}
	}
	tzname[0] = sp->chars + std->abbr;
	tzname[1] = sp->chars + (dst != NULL ? dst : std)->abbr;
}

/* The local time type of zone sp at instant t. */
static const struct ttinfo *
type_at(const struct state *sp, int64_t t)
{
	if (sp->timecnt == 0 || t < sp->ats[0]) {
		if (sp->timecnt == 0 && sp->has_rule)
			return posix_type(&sp->rule, t);
		return &sp->ttis[0];		/* RFC 8536: type 0 before */
	}
	if (t >= sp->ats[sp->timecnt - 1] && sp->has_rule)
		return posix_type(&sp->rule, t);
	int lo = 0, hi = sp->timecnt - 1;	/* ats[lo] <= t < ats[hi + 1] */
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (sp->ats[mid] <= t)
			lo = mid;
		else
			hi = mid - 1;
	}
	return &sp->ttis[sp->types[lo]];
}

/* --- conversions ---------------------------------------------------------- */

/* Fill tm for instant t shifted by utoff; NULL if the year does not fit. */
static struct tm *
fill_tm(int64_t t, int32_t utoff, struct tm *tm)
{
	int64_t local = t + utoff;
	int64_t days = local / SECS_PER_DAY, secs = local % SECS_PER_DAY;
	if (secs < 0) {
		secs += SECS_PER_DAY;
		days--;
	}
	int64_t y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	if (y - 1900 > INT_MAX || y - 1900 < INT_MIN) {
		errno = EOVERFLOW;
		return NULL;
	}
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
	tm->tm_wday = (int)(((days + 4) % 7 + 7) % 7);	/* 1970-01-01: Thursday */
	tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
	tm->tm_gmtoff = utoff;
	return tm;
}

struct tm *
gmtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	if (fill_tm(*t, 0, tm) == NULL)
		return NULL;
	tm->tm_isdst = 0;
	tm->tm_zone = "UTC";
	return tm;
}

struct tm *
localtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	tzset();
	const struct ttinfo *tt = type_at(&local_state, *t);
	if (fill_tm(*t, tt->utoff, tm) == NULL)
		return NULL;
	tm->tm_isdst = tt->isdst;
	tm->tm_zone = local_state.chars + tt->abbr;
	return tm;
}

struct tm *
gmtime(const time_t *t)
{
	static struct tm tm;

	return gmtime_r(t, &tm);
}

struct tm *
localtime(const time_t *t)
{
	static struct tm tm;

	return localtime_r(t, &tm);
}

/* The instant tm's fields name in UTC; the fields may be out of range
 * (tm_mon 14, tm_mday 0, ...): they carry over as arithmetic does. */
static int64_t
fields_to_seconds(const struct tm *tm)
{
	int64_t mon = tm->tm_mon;
	int64_t year = (int64_t)tm->tm_year + 1900 + mon / 12;

	mon %= 12;
	if (mon < 0) {
		mon += 12;
		year--;
	}
	int64_t days = days_from_civil(year, (int)mon + 1, 1) + tm->tm_mday - 1;
	return days * SECS_PER_DAY + (int64_t)tm->tm_hour * 3600 +
	    (int64_t)tm->tm_min * 60 + tm->tm_sec;
}

time_t
timegm(struct tm *tm)
{
	time_t t = fields_to_seconds(tm);

	if (gmtime_r(&t, tm) == NULL)
		return -1;
	return t;
}

/*
 * mktime: which instant shows these local fields?  For each offset the
 * zone has near there, t = fields - offset is an answer if the zone
 * really has that offset at t.  In a gap (clocks jumped forward) there
 * is none: we use the offset from before the gap, as if the clock had
 * not been changed yet.  In an overlap (clocks went back) there are two:
 * tm_isdst chooses, else the earlier.  If tm_isdst asks for daylight
 * time (or standard time) where the zone does not have it then, the
 * fields are read with the zone's nearest offset of that kind, as
 * tzcode does: 12:00 "DST" in January is 11:00 standard time.
 */
time_t
mktime(struct tm *tm)
{
	tzset();
	int64_t fields = fields_to_seconds(tm);
	int64_t best = 0;
	int best_score = -1;	/* 1: tm_isdst agrees, 0: it does not */

	for (int64_t probe = -SECS_PER_DAY; probe <= SECS_PER_DAY; probe += SECS_PER_DAY) {
		const struct ttinfo *tt = type_at(&local_state, fields + probe);
		int64_t t = fields - tt->utoff;
		const struct ttinfo *at = type_at(&local_state, t);
		if (at->utoff != tt->utoff)
			continue;	/* that offset is not in force at t */
		int score = tm->tm_isdst < 0 || (tm->tm_isdst > 0) == at->isdst;
		if (score > best_score || (score == best_score && t < best)) {
			best = t;
			best_score = score;
		}
	}
	if (best_score < 0)	/* a gap: the offset from before it */
		best = fields - type_at(&local_state, fields - SECS_PER_DAY)->utoff;
	if (best_score == 0) {	/* tm_isdst disagrees: look half a year away */
		static const int days_away[] = { 183, -183 };
		for (int k = 0; k < 2; k++) {
			const struct ttinfo *tt = type_at(&local_state,
			    fields + days_away[k] * SECS_PER_DAY);
			if (tt->isdst == (tm->tm_isdst > 0)) {
				best = fields - tt->utoff;
				break;
			}
		}
	}
	time_t t = best;
	if (localtime_r(&t, tm) == NULL)
		return -1;
	return t;
}
