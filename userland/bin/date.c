/*
 * date: print the date and time, as BSD date(1) does.
 *
 *	date [-u] [-r seconds] [+format]
 *
 * -u shows UTC (as if TZ=UTC), -r shows the given instant (seconds since
 * 1970-01-01 UTC) instead of now; +format is strftime()'s.  The time
 * zone comes from TZ, else /etc/localtime.  Setting the clock is not
 * supported.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
usage(void)
{
	fprintf(stderr, "usage: date [-u] [-r seconds] [+format]\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	time_t t = time(NULL);
	const char *format = "%a %b %e %H:%M:%S %Z %Y";

	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-u") == 0) {
			setenv("TZ", "UTC", 1);
		} else if (strncmp(argv[i], "-r", 2) == 0) {
			/* -r SECONDS or -rSECONDS */
			const char *arg = argv[i][2] != '\0' ? argv[i] + 2 : argv[++i];
			char *end;
			if (arg == NULL)
				usage();
			errno = 0;
			long long v = strtoll(arg, &end, 0);
			if (*arg == '\0' || *end != '\0' || errno == ERANGE) {
				fprintf(stderr, "date: %s: invalid time\n", arg);
				return 1;
			}
			t = v;
		} else {
			usage();
		}
	}
	argc -= i;
	argv += i;
	if (argc > 1)
		usage();
	if (argc == 1) {
		if (argv[0][0] != '+') {
			fprintf(stderr, "date: setting the date is not supported\n");
			return 1;
		}
		format = argv[0] + 1;
	}

	struct tm tm;
	if (localtime_r(&t, &tm) == NULL) {
		fprintf(stderr, "date: %lld: time out of range\n", (long long)t);
		return 1;
	}
	char buf[1024];
	size_t n = strftime(buf, sizeof buf, format, &tm);
	if (n == 0 && *format != '\0') {
		fprintf(stderr, "date: the format's result is too long\n");
		return 1;
	}
	printf("%s\n", buf);
	return 0;
}
