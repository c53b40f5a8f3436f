/*
 * wc [-clw] [file ...]: count the lines, words and bytes of each file
 * (or of the standard input), with a total line for several files.
 * Without options all three counts are printed, in that order.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
	long lines, words, bytes;
};

static int show_lines, show_words, show_bytes;

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
	    || c == '\v' || c == '\f';
}

static int
count_fd(int fd, struct counts *c)
{
	char buf[8192];
	int in_word = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0) {
		c->bytes += n;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n')
				c->lines++;
			if (is_blank(buf[i]))
				in_word = 0;
			else if (!in_word) {
				in_word = 1;	/* a word starts here */
				c->words++;
			}
		}
	}
	return n == -1 ? -1 : 0;
}

static void
print_counts(const struct counts *c, const char *name)
{
	if (show_lines)
		printf(" %7ld", c->lines);
	if (show_words)
		printf(" %7ld", c->words);
	if (show_bytes)
		printf(" %7ld", c->bytes);
	if (name != NULL)
		printf(" %s", name);
	printf("\n");
}

static int
wc_file(const char *name, struct counts *total)
{
	struct counts c = { 0, 0, 0 };
	int fd = name == NULL ? 0 : open(name, O_RDONLY);

	if (fd == -1 || count_fd(fd, &c) == -1) {
		fprintf(stderr, "wc: %s: %s\n", name ? name : "stdin", strerror(errno));
		return 1;
	}
	if (fd > 0)
		close(fd);
	print_counts(&c, name);
	total->lines += c.lines;
	total->words += c.words;
	total->bytes += c.bytes;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct counts total = { 0, 0, 0 };
	int status = 0, c;

	while ((c = getopt(argc, argv, "clw")) != -1) {
		switch (c) {
		case 'c': show_bytes = 1; break;
		case 'l': show_lines = 1; break;
		case 'w': show_words = 1; break;
		default:
			fprintf(stderr, "usage: wc [-clw] [file ...]\n");
			return 1;
		}
	}
	if (!show_lines && !show_words && !show_bytes)
		show_lines = show_words = show_bytes = 1;
	if (optind == argc)
		return wc_file(NULL, &total);
	for (int i = optind; i < argc; i++)
		status |= wc_file(argv[i], &total);
	if (argc - optind > 1)
		print_counts(&total, "total");
	return status;
}
