/*
 * mv source target, mv source ... directory: rename files.  A target
 * that is a directory receives the sources under their own names.
 * rename(2) does the work: within one file system a move is just a
 * change of names, the data does not move.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "operands.h"

static int
move(const char *from, const char *to)
{
	if (rename(from, to) == -1) {
		fprintf(stderr, "mv: %s to %s: %s\n", from, to, strerror(errno));
		return 1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	return each_operand("mv", argc, argv, move);
}
