/*
 * tail [-n count] [file]: the last count lines (10 by default) of a file
 * or of the standard input; -n +count starts at line count instead.
 *
 * The input may be a pipe, which cannot be read backwards, so the last
 * lines are kept in a ring of count slots as the input goes by.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print from line `first` (1-based) to the end. */
static void
tail_from(FILE *fp, long first)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	for (long n = 1; (len = getline(&line, &cap, fp)) != -1; n++)
		if (n >= first)
			fwrite(line, 1, len, stdout);
	free(line);
}

/* Print the last `count` lines. */
static void
tail_last(FILE *fp, long count)
{
	char **ring;
	size_t cap = 0;
	long seen = 0;

	if (count == 0)
		return;
	ring = calloc(count, sizeof *ring);
	for (;;) {
		char *line = NULL;
		if (getline(&line, &cap, fp) == -1) {
			free(line);
			break;
		}
		cap = 0;
		free(ring[seen % count]);	/* the oldest line falls out */
		ring[seen % count] = line;
		seen++;
	}
	for (long i = seen > count ? seen - count : 0; i < seen; i++) {
		fputs(ring[i % count], stdout);
		free(ring[i % count]);
	}
	free(ring);
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: tail [-n [+]count] [file]\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	const char *num = "10";
	FILE *fp = stdin;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			num = argv[++i];
		else if (strncmp(argv[i], "-n", 2) == 0)
			num = argv[i] + 2;
		else if (argv[i][1] >= '0' && argv[i][1] <= '9')
			num = argv[i] + 1;
		else
			usage();
	}
	char *end;
	long count = strtol(num[0] == '+' ? num + 1 : num, &end, 10);
	if (*end != '\0' || count < 0)
		usage();
	if (i < argc && (fp = fopen(argv[i], "r")) == NULL) {
		fprintf(stderr, "tail: %s: %s\n", argv[i], strerror(errno));
		return 1;
	}
	if (num[0] == '+')
		tail_from(fp, count);
	else
		tail_last(fp, count);
	return 0;
}
