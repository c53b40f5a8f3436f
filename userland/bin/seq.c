/*
 * seq [first [incr]] last: print the numbers from first (1) to last in
 * steps of incr (1, or -1 when last < first), one a line.  Whole numbers
 * only; -s sets the separator (a newline by default).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long
number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0') {
		fprintf(stderr, "seq: invalid number: %s\n", s);
		exit(1);
	}
	return n;
}

int
main(int argc, char *argv[])
{
	const char *sep = "\n";
	long first = 1, incr = 0, last;
	int i = 1;

	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		sep = argv[2];
		i = 3;
	}
	int nargs = argc - i;
	if (nargs < 1 || nargs > 3) {
		fprintf(stderr, "usage: seq [-s string] [first [incr]] last\n");
		return 1;
	}
	last = number(argv[argc - 1]);
	if (nargs >= 2)
		first = number(argv[i]);
	if (nargs == 3)
		incr = number(argv[i + 1]);
	if (incr == 0 && nargs == 3) {
		fprintf(stderr, "seq: zero increment\n");
		return 1;
	}
	if (incr == 0)
		incr = first <= last ? 1 : -1;
	for (long n = first; incr > 0 ? n <= last : n >= last; n += incr)
		printf("%ld%s", n, (incr > 0 ? n + incr <= last : n + incr >= last)
		    ? sep : "\n");
	return 0;
}
