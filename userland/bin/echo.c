/*
 * echo [-n] [string ...]: write the arguments, separated by spaces and
 * followed by a newline.  As in BSD echo, only a first argument of
 * exactly "-n" is an option (it drops the newline); anything else,
 * "-e" or "--" included, is printed as it is.
 */
#include <stdio.h>
#include <string.h>

int
main(int argc, char *argv[])
{
	int newline = 1;
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		i = 2;
	}
	for (; i < argc; i++) {
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	}
	if (newline)
		putchar('\n');
	return 0;
}
