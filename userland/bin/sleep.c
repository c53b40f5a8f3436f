/*
 * sleep seconds: wait that long (virtual time: nanosleep(2) is timed by
 * the machine's clock).  Fractions such as 0.5 are accepted, as in BSD.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <time.h>

/* "1.25" -> 1 s 250000000 ns; -1 for anything that is not a number. */
static int
parse_time(const char *s, struct timespec *ts)
{
	long long sec = 0;
	long nsec = 0, scale = 100000000;

	if (*s == '\0')
		return -1;
	for (; isdigit((unsigned char)*s); s++)
		sec = sec * 10 + (*s - '0');
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++, scale /= 10)
			nsec += (*s - '0') * scale;
	if (*s != '\0')
		return -1;
	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct timespec ts, left;

	if (argc != 2 || parse_time(argv[1], &ts) == -1) {
		fprintf(stderr, "usage: sleep seconds\n");
		return 1;
	}
	while (nanosleep(&ts, &left) == -1 && errno == EINTR)
		ts = left;	/* interrupted by a caught signal: sleep the rest */
	return 0;
}
