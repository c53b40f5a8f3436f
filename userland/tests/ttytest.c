/*
 * ttytest: show what read(2) on the console returns, one line per read,
 * so the tests can see the line discipline at work (erase, kill, ^D).
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char buf[100];
	ssize_t n;

	printf("isatty %d, foreground group is mine: %d\n", isatty(0),
	    tcgetpgrp(0) == getpgrp());
	while ((n = read(0, buf, sizeof buf)) > 0)
		printf("read %ld: [%.*s]\n", (long)n, (int)n, buf);
	printf("end of file\n");
	return 0;
}
