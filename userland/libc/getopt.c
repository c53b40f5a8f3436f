/*
 * getopt(3): the command-line options of a program, one letter at a
 * time.  "ab:" accepts -a and -b with an argument (-bvalue or -b value);
 * -ab is -a -b; "--" or the first operand ends the options.  A leading
 * ':' in optstring asks for ':' instead of '?' when an argument is
 * missing, and for no messages.
 */
#include <getopt.h>
#include <stdbool.h>
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

/*
 * getopt_long(3): getopt, and long options "--name", "--name=value" or
 * "--name value" from a table; a name may be shortened to any prefix
 * that only one option has.  As OpenBSD's with POSIXLY_CORRECT set, the
 * options end at the first operand (argv is not reordered).
 */
static int
long_error(char *const argv[], const char *optstring, const char *why,
    const char *name, size_t len, int ret)
{
	if (opterr && optstring[0] != ':')
		fprintf(stderr, "%s: %s -- %.*s\n", argv[0], why, (int)len, name);
	return ret;
}

/* The option that name[0..len) names (exactly, or as the one prefix). */
static int
find_long(const struct option *longopts, const char *name, size_t len,
    bool *ambiguous)
{
	int found = -1;

	*ambiguous = false;
	for (int i = 0; longopts[i].name != NULL; i++) {
		if (strncmp(longopts[i].name, name, len) != 0)
			continue;
		if (strlen(longopts[i].name) == len)
			return i;		/* an exact match wins */
		if (found >= 0)
			*ambiguous = true;
		found = i;
	}
	return *ambiguous ? -1 : found;
}

int
getopt_long(int argc, char *const argv[], const char *optstring,
    const struct option *longopts, int *longindex)
{
	const char *name, *value;
	size_t len;
	bool ambiguous;
	int i;

	if (!optreset && next != NULL && *next != '\0')
		return getopt(argc, argv, optstring);	/* inside -abc */
	if (optind >= argc || strncmp(argv[optind], "--", 2) != 0 ||
	    argv[optind][2] == '\0')
		return getopt(argc, argv, optstring);	/* -x, "--", operands */
	optreset = 0;
	name = argv[optind++] + 2;
	value = strchr(name, '=');
	len = value != NULL ? (size_t)(value - name) : strlen(name);
	optarg = NULL;
	optopt = 0;
	if ((i = find_long(longopts, name, len, &ambiguous)) < 0)
		return long_error(argv, optstring, ambiguous ? "ambiguous option" :
		    "unknown option", name, len, '?');
	if (value != NULL) {
		if (longopts[i].has_arg == no_argument)
			return long_error(argv, optstring,
			    "option doesn't take an argument", name, len, '?');
		optarg = (char *)value + 1;
	} else if (longopts[i].has_arg == required_argument) {
		if (optind >= argc)
			return long_error(argv, optstring, "option requires an argument",
			    name, len, optstring[0] == ':' ? ':' : '?');
		optarg = argv[optind++];
	}
	if (longindex != NULL)
		*longindex = i;
	if (longopts[i].flag != NULL) {
		*longopts[i].flag = longopts[i].val;
		return 0;
	}
	return longopts[i].val;
}
