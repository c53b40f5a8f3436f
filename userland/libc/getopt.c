/*
 * getopt(3): the command-line options of a program, one letter at a
 * time.  "ab:" accepts -a and -b with an argument (-bvalue or -b value);
 * -ab is -a -b; "--" or the first operand ends the options.  A leading
 * ':' in optstring asks for ':' instead of '?' when an argument is
 * missing, and for no messages.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int optind = 1;		/* the next argv element to look at */
int opterr = 1;		/* print messages about bad options */
int optopt;		/* the option letter that was bad */
int optreset;		/* set to 1 (with optind = 1) to start over */
char *optarg;		/* the argument of the option just returned */

static const char *next;	/* the rest of a cluster like -abc */

static int
bad_option(char *const argv[], const char *optstring, const char *why, int ret)
{
	if (opterr && optstring[0] != ':')
		fprintf(stderr, "%s: %s -- %c\n", argv[0], why, optopt);
	return ret;
}

int
getopt(int argc, char *const argv[], const char *optstring)
{
	const char *spec;

	if (optreset || next == NULL || *next == '\0') {
		optreset = 0;
		if (optind >= argc || argv[optind][0] != '-' || argv[optind][1] == '\0')
			return -1;
		if (strcmp(argv[optind], "--") == 0) {
			optind++;
			return -1;
		}
		next = argv[optind++] + 1;
	}
	optopt = *next++;
	spec = optopt == ':' ? NULL : strchr(optstring, optopt);
	if (spec == NULL)
		return bad_option(argv, optstring, "unknown option", '?');
	if (spec[1] != ':')
		return optopt;
	if (*next != '\0') {		/* -nVALUE */
		optarg = (char *)next;
		next = NULL;
	} else if (optind < argc) {	/* -n VALUE */
		optarg = argv[optind++];
	} else
		return bad_option(argv, optstring, "option requires an argument",
		    optstring[0] == ':' ? ':' : '?');
	return optopt;
}
