/*
 * check.h: the reporting every guest test program shares.  One line per
 * check ("name: ok" or "name: FAIL"), counted; the program ends with
 * report(), whose last line "N passed, M failed" the pytest side reads.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>

static int passed, failed;

static void check(const char *name, int ok)
{
	printf("%s: %s\n", name, ok ? "ok" : "FAIL");
	if (ok)
		passed++;
	else
		failed++;
}

static int report(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}

#endif
