/*
 * Long options: getopt_long(3).  getopt itself is in <unistd.h>.
 */
#ifndef _GETOPT_H_
#define _GETOPT_H_

#include <unistd.h>

#define no_argument		0
#define required_argument	1
#define optional_argument	2

struct option {
	const char *name;	/* "verbose" for --verbose */
	int has_arg;		/* one of the three above */
	int *flag;		/* NULL: return val; else *flag = val, return 0 */
	int val;
};

int getopt_long(int argc, char *const argv[], const char *optstring,
    const struct option *longopts, int *longindex);

#endif
