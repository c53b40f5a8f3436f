/*
 * tztest: time zone conversions for tests/test_tz.py.  Each line of
 * stdin is a request, each line of stdout its answer:
 *
 *	local ZONE T		localtime_r of T with TZ=ZONE:
 *				  "Y-m-d H:M:S isdst gmtoff abbreviation"
 *	mktime ZONE Y M D h m s [ISDST]
 *				mktime (tm_isdst -1 unless given): the instant
 *	gmtime T		gmtime_r: "Y-m-d H:M:S wday yday"
 *	timegm Y M D h m s	timegm (fields may be out of range)
 *	strftime T FORMAT	strftime of gmtime(T) (FORMAT to the end)
 *	file PATH HEX		write the bytes HEX to PATH (a zone file)
 *
 * ZONE "-" means TZ unset; "=" means TZ set but empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
set_zone(const char *zone)
{
	if (strcmp(zone, "-") == 0)
		unsetenv("TZ");
	else
		setenv("TZ", strcmp(zone, "=") == 0 ? "" : zone, 1);
	tzset();
}

int
main(void)
{
	char line[8192], what[16], zone[256], fmt[256];
	long long t;
	struct tm tm;
	int n;

	while (fgets(line, sizeof line, stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%15s", what) != 1)
			continue;
		if (strcmp(what, "local") == 0 &&
		    sscanf(line, "%*s %255s %lld", zone, &t) == 2) {
			set_zone(zone);
			time_t tt = t;
			if (localtime_r(&tt, &tm) == NULL) {
				printf("error\n");
				continue;
			}
			printf("%d-%02d-%02d %02d:%02d:%02d %d %ld %s\n",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_isdst,
			    tm.tm_gmtoff, tm.tm_zone);
		} else if (strcmp(what, "mktime") == 0 &&
		    sscanf(line, "%*s %255s %d %d %d %d %d %d", zone, &tm.tm_year,
		    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 7) {
			set_zone(zone);
			tm.tm_year -= 1900;
			tm.tm_mon -= 1;
			if (sscanf(line, "%*s %*s %*d %*d %*d %*d %*d %*d %d",
			    &tm.tm_isdst) != 1)
				tm.tm_isdst = -1;
			printf("%lld\n", (long long)mktime(&tm));
		} else if (strcmp(what, "gmtime") == 0 &&
		    sscanf(line, "%*s %lld", &t) == 1) {
			time_t tt = t;
			gmtime_r(&tt, &tm);
			printf("%d-%02d-%02d %02d:%02d:%02d %d %d\n",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday, tm.tm_yday);
		} else if (strcmp(what, "timegm") == 0 &&
		    sscanf(line, "%*s %d %d %d %d %d %d", &tm.tm_year, &tm.tm_mon,
		    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
			tm.tm_year -= 1900;
			tm.tm_mon -= 1;
			printf("%lld\n", (long long)timegm(&tm));
		} else if (strcmp(what, "strftime") == 0 &&
		    sscanf(line, "%*s %lld %n", &t, &n) == 1) {
			strlcpy(fmt, line + n, sizeof fmt);
			time_t tt = t;
			char out[512];
			gmtime_r(&tt, &tm);
			strftime(out, sizeof out, fmt, &tm);
			printf("%s\n", out);
		} else if (strcmp(what, "file") == 0 &&
		    sscanf(line, "%*s %255s %n", zone, &n) == 1) {
			FILE *fp = fopen(zone, "w");
			unsigned byte;
			for (const char *p = line + n; fp != NULL &&
			    sscanf(p, "%2x", &byte) == 1; p += 2)
				fputc(byte, fp);
			printf("%s\n", fp != NULL && fclose(fp) == 0 ? "ok" : "error");
		} else {
			printf("? %s\n", line);
		}
	}
	return 0;
}
