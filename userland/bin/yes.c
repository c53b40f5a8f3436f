/*
 * yes [string]: print "y" (or the string) forever, until the reader
 * goes away (SIGPIPE, in `yes | head -3`) or the program is killed.
 */
#include <stdio.h>

int
main(int argc, char *argv[])
{
	const char *word = argc > 1 ? argv[1] : "y";

	for (;;)
		if (printf("%s\n", word) < 0)
			return 1;
}
