/*
 * head [-n count] [file ...]: the first count lines (10 by default) of
 * each file or of the standard input.  The old form -count works too.
 * With several files each is introduced by "==> name <==".
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long count = 10;

static void
head(FILE *fp)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	for (long n = 0; n < count && (len = getline(&line, &cap, fp)) != -1; n++)
		fwrite(line, 1, len, stdout);
	free(line);
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: head [-count | -n count] [file ...]\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	int status = 0, i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		const char *num;
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			num = argv[++i];
		else if (strncmp(argv[i], "-n", 2) == 0)
			num = argv[i] + 2;
		else if (isdigit((unsigned char)argv[i][1]))
			num = argv[i] + 1;	/* the old -count form */
		else
			usage();
		char *end;
		count = strtol(num, &end, 10);
		if (*num == '\0' || *end != '\0' || count < 0)
			usage();
	}
	if (i == argc)
		head(stdin);
	for (int first = i; i < argc; i++) {
		FILE *fp = fopen(argv[i], "r");
		if (fp == NULL) {
			fprintf(stderr, "head: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (argc - first > 1)
			printf("%s==> %s <==\n", i > first ? "\n" : "", argv[i]);
		head(fp);
		fclose(fp);
	}
	return status;
}
