/*
 * fortune: print a random saying, as BSD fortune(6) does.
 *
 *	fortune [-aio] [-m pattern]
 *
 * The sayings live in /usr/share/games/fortune: "fortunes", and
 * "fortunes-o", the offensive ones, which are stored in rot13 so that
 * nobody reads them by accident.  Each file has an index made by
 * strfile(8), FILE.dat, that says where each saying starts.
 *
 *	-o	only the offensive sayings
 *	-a	any saying, offensive or not
 *	-m pat	print every saying that contains pat (the source file's
 *		name first, as "(fortunes)" and a line "%"), not a random one
 *	-i	with -m, ignore case
 *
 * The choice is uniform over all the sayings of the files in play; the
 * random numbers come from the kernel (getentropy, via arc4random).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORTUNE_DIR	"/usr/share/games/fortune"
#define STR_ROTATED	0x4

struct dbfile {
	const char *name;	/* "fortunes" or "fortunes-o" */
	uint32_t count;
	uint32_t flags;
	char delim;
	uint32_t *offsets;
};

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* Read FILE.dat; false (with a message) if it is missing or bad. */
static bool
load_index(struct dbfile *db)
{
	char path[256];
	unsigned char header[24], b[4];

	snprintf(path, sizeof path, "%s/%s.dat", FORTUNE_DIR, db->name);
	FILE *fp = fopen(path, "r");
	if (fp == NULL) {
		perror(path);
		return false;
	}
	bool ok = fread(header, 1, sizeof header, fp) == sizeof header &&
	    get32(header) == 1;
	if (ok) {
		db->count = get32(header + 4);
		db->flags = get32(header + 16);
		db->delim = (char)header[20];
		db->offsets = malloc((db->count + 1) * sizeof *db->offsets);
		for (uint32_t i = 0; ok && i < db->count; i++) {
			ok = fread(b, 1, 4, fp) == 4;
			db->offsets[i] = get32(b);
		}
	}
	fclose(fp);
	if (!ok)
		fprintf(stderr, "fortune: %s: not a strfile index\n", path);
	return ok;
}

static char
rot13(char c)
{
	if (isupper((unsigned char)c))
		return 'A' + (c - 'A' + 13) % 26;
	if (islower((unsigned char)c))
		return 'a' + (c - 'a' + 13) % 26;
	return c;
}

/* The text of saying number i, decoded; the caller frees it. */
static char *
read_saying(const struct dbfile *db, uint32_t i)
{
	char path[256];
	char *text = NULL, *line = NULL;
	size_t len = 0, linecap = 0;
	ssize_t n;

	snprintf(path, sizeof path, "%s/%s", FORTUNE_DIR, db->name);
	FILE *fp = fopen(path, "r");
	if (fp == NULL || fseek(fp, db->offsets[i], SEEK_SET) != 0) {
		perror(path);
		exit(1);
	}
	while ((n = getline(&line, &linecap, fp)) > 0) {
		if (line[0] == db->delim && (line[1] == '\n' || line[1] == '\0'))
			break;
		text = realloc(text, len + n + 1);
		memcpy(text + len, line, n);
		len += n;
	}
	fclose(fp);
	free(line);
	if (text == NULL)
		text = calloc(1, 1);
	text[len] = '\0';
	if (db->flags & STR_ROTATED)
		for (size_t k = 0; k < len; k++)
			text[k] = rot13(text[k]);
	return text;
}

/* Does text contain pattern (ignoring case if asked)? */
static bool
contains(const char *text, const char *pattern, bool fold)
{
	size_t n = strlen(pattern);

	for (; *text != '\0'; text++) {
		size_t k = 0;
		while (k < n && text[k] != '\0' && (fold ?
		    tolower((unsigned char)text[k]) == tolower((unsigned char)pattern[k]) :
		    text[k] == pattern[k]))
			k++;
		if (k == n)
			return true;
	}
	return n == 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: fortune [-aio] [-m pattern]\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	bool all = false, offensive = false, fold = false;
	const char *pattern = NULL;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		for (const char *o = argv[i] + 1; *o != '\0'; o++) {
			if (*o == 'a')
				all = true;
			else if (*o == 'o')
				offensive = true;
			else if (*o == 'i')
				fold = true;
			else if (*o == 'm') {
				pattern = o[1] != '\0' ? o + 1 : argv[++i];
				if (pattern == NULL)
					usage();
				break;
			} else
				usage();
		}
	}
	if (i != argc)
		usage();

	struct dbfile dbs[2] = { { .name = "fortunes" }, { .name = "fortunes-o" } };
	struct dbfile *use[2];
	int nuse = 0;
	if (all || !offensive)
		use[nuse++] = &dbs[0];
	if (all || offensive)
		use[nuse++] = &dbs[1];
	uint32_t total = 0;
	for (int k = 0; k < nuse; k++) {
		if (!load_index(use[k]))
			return 1;
		total += use[k]->count;
	}

	if (pattern != NULL) {
		int found = 0;
		for (int k = 0; k < nuse; k++) {
			for (uint32_t s = 0; s < use[k]->count; s++) {
				char *text = read_saying(use[k], s);
				if (contains(text, pattern, fold)) {
					printf("(%s)\n%%\n%s", use[k]->name, text);
					found++;
				}
				free(text);
			}
		}
		return found > 0 ? 0 : 1;
	}
	if (total == 0) {
		fprintf(stderr, "fortune: no fortunes\n");
		return 1;
	}
	uint32_t pick = arc4random_uniform(total);
	for (int k = 0; k < nuse; k++) {
		if (pick < use[k]->count) {
			char *text = read_saying(use[k], pick);
			fputs(text, stdout);
			free(text);
			break;
		}
		pick -= use[k]->count;
	}
	return 0;
}
