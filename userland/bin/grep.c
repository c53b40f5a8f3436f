/*
 * grep [-cFinv] pattern [file ...]: print the lines that match.
 *
 *   -c  print only how many lines matched
 *   -F  the pattern is a fixed string, not a regular expression
 *   -i  ignore the case of letters
 *   -n  put the line number before each line
 *   -v  the lines that do NOT match
 *
 * The regular expressions are the simple ones of ed(1): c matches c,
 * . any character, [abc] [a-z] [^0-9] a set, x* zero or more x,
 * ^ the start and $ the end of the line, \c the character c itself.
 * The pattern is compiled to a list of atoms, then matched with
 * backtracking as in Kernighan and Pike's matcher.
 *
 * Exit status: 0 if a line was selected, 1 if none, 2 on an error.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct atom {
	unsigned char set[256];	/* the characters this atom matches */
	int star;		/* followed by *: zero or more */
};

static struct atom *atoms;
static int natoms, anchored_start, anchored_end;
static int count_only, fixed, ignore_case, number_lines, invert, with_names;

static void
fail(const char *what)
{
	fprintf(stderr, "grep: %s\n", what);
	exit(2);
}

static void
add_to_set(struct atom *a, int c)
{
	a->set[c] = 1;
	if (ignore_case) {
		a->set[tolower(c)] = 1;
		a->set[toupper(c)] = 1;
	}
}

/* [...] starting after the '['; returns what follows the ']'. */
static const char *
compile_class(struct atom *a, const char *p)
{
	int negate = *p == '^';
	const char *start;

	if (negate)
		p++;
	start = p;
	/* A ']' right after '[' or '[^' is a member, not the end. */
	while (*p != '\0' && (*p != ']' || p == start)) {
		if (p[1] == '-' && p[2] != ']' && p[2] != '\0') {
			for (int c = (unsigned char)p[0]; c <= (unsigned char)p[2]; c++)
				add_to_set(a, c);
			p += 3;
		} else
			add_to_set(a, (unsigned char)*p++);
	}
	if (*p != ']')
		fail("unmatched [");
	if (negate)
		for (int c = 0; c < 256; c++)
			a->set[c] = !a->set[c];
	a->set['\n'] = 0;
	return p + 1;
}

static void
compile(const char *p)
{
	atoms = calloc(strlen(p) + 1, sizeof *atoms);
	if (!fixed && *p == '^') {
		anchored_start = 1;
		p++;
	}
	while (*p != '\0') {
		struct atom *a = &atoms[natoms];
		if (fixed)
			add_to_set(a, (unsigned char)*p++);
		else if (*p == '$' && p[1] == '\0') {
			anchored_end = 1;
			break;
		} else if (*p == '.') {
			memset(a->set, 1, sizeof a->set);
			p++;
		} else if (*p == '[')
			p = compile_class(a, p + 1);
		else if (*p == '\\' && p[1] != '\0') {
			add_to_set(a, (unsigned char)p[1]);
			p += 2;
		} else
			add_to_set(a, (unsigned char)*p++);
		if (!fixed && *p == '*') {
			a->star = 1;
			p++;
		}
		natoms++;
	}
}

static int match_here(int i, const char *s);

/* a* at s: take as many as possible, then back off one at a time. */
static int
match_star(int i, const char *s)
{
	const char *t = s;

	while (*t != '\0' && atoms[i].set[(unsigned char)*t])
		t++;
	for (; t >= s; t--)
		if (match_here(i + 1, t))
			return 1;
	return 0;
}

/* Do atoms i... match at s? */
static int
match_here(int i, const char *s)
{
	if (i == natoms)
		return !anchored_end || *s == '\0';
	if (atoms[i].star)
		return match_star(i, s);
	if (*s != '\0' && atoms[i].set[(unsigned char)*s])
		return match_here(i + 1, s + 1);
	return 0;
}

static int
matches(const char *line)
{
	if (anchored_start)
		return match_here(0, line);
	do {
		if (match_here(0, line))
			return 1;
	} while (*line++ != '\0');
	return 0;
}

/* The lines of one input; how many were selected. */
static long
grep(FILE *fp, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0, selected = 0;

	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (matches(line) == invert)
			continue;
		selected++;
		if (count_only)
			continue;
		if (with_names)
			printf("%s:", name);
		if (number_lines)
			printf("%ld:", lineno);
		printf("%s\n", line);
	}
	free(line);
	if (count_only) {
		if (with_names)
			printf("%s:", name);
		printf("%ld\n", selected);
	}
	return selected;
}

int
main(int argc, char *argv[])
{
	long selected = 0;
	int status = 0, c;

	while ((c = getopt(argc, argv, "cFinv")) != -1) {
		switch (c) {
		case 'c': count_only = 1; break;
		case 'F': fixed = 1; break;
		case 'i': ignore_case = 1; break;
		case 'n': number_lines = 1; break;
		case 'v': invert = 1; break;
		default:
			fprintf(stderr, "usage: grep [-cFinv] pattern [file ...]\n");
			return 2;
		}
	}
	if (optind == argc)
		fail("no pattern (usage: grep [-cFinv] pattern [file ...])");
	compile(argv[optind++]);
	with_names = argc - optind > 1;
	if (optind == argc)
		selected = grep(stdin, "(standard input)");
	for (int i = optind; i < argc; i++) {
		FILE *fp = fopen(argv[i], "r");
		if (fp == NULL) {
			fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
			status = 2;
			continue;
		}
		selected += grep(fp, argv[i]);
		fclose(fp);
	}
	if (status != 0)
		return status;
	return selected > 0 ? 0 : 1;
}
