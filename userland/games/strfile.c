/*
 * strfile: index a fortune file, as BSD strfile(8) does.
 *
 *	strfile [-sx] [-c char] source [datafile]
 *
 * The source holds strings separated by lines that are just the
 * delimiter ('%' unless -c says otherwise).  The index, source.dat
 * unless named, lets fortune(6) jump to the n-th string:
 *
 *	version, count, longest, shortest, flags	5 x 32 bits
 *	delimiter, 3 bytes of padding
 *	count + 1 offsets (the last one: the end of the last string)
 *
 * all numbers big-endian ("network order"), as on every BSD.  -x marks
 * the strings as rot13-encoded (the offensive fortunes are stored so),
 * -s keeps quiet.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRFILE_VERSION	1
#define STR_ROTATED	0x4

static void
put32(FILE *fp, uint32_t v)
{
	unsigned char b[4] = { v >> 24, v >> 16, v >> 8, v };

	fwrite(b, 1, 4, fp);
}

static void
usage(void)
{
	fprintf(stderr, "usage: strfile [-sx] [-c char] source [datafile]\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	int delim = '%', silent = 0, rotated = 0, i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		for (const char *o = argv[i] + 1; *o != '\0'; o++) {
			if (*o == 's') {
				silent = 1;
			} else if (*o == 'x') {
				rotated = 1;
			} else if (*o == 'c') {
				const char *arg = o[1] != '\0' ? o + 1 : argv[++i];
				if (arg == NULL || arg[1] != '\0')
					usage();
				delim = (unsigned char)arg[0];
				break;
			} else {
				usage();
			}
		}
	}
	if (argc - i < 1 || argc - i > 2)
		usage();
	const char *source = argv[i];
	char datafile[1024];
	if (argc - i == 2)
		snprintf(datafile, sizeof datafile, "%s", argv[i + 1]);
	else
		snprintf(datafile, sizeof datafile, "%s.dat", source);

	FILE *in = fopen(source, "r");
	if (in == NULL) {
		perror(source);
		return 1;
	}
	/* One pass: note where each string starts and how long it is. */
	size_t cap = 256, count = 0;
	uint32_t *offsets = malloc(cap * sizeof *offsets);
	uint32_t longest = 0, shortest = UINT32_MAX, pos = 0, start = 0;
	char *line = NULL;
	size_t linecap = 0;
	ssize_t n;
	int more = 1;
	while (more) {
		n = getline(&line, &linecap, in);
		more = n > 0;
		int is_delim = more && line[0] == delim &&
		    (line[1] == '\n' || line[1] == '\0');
		if (!more || is_delim) {
			uint32_t len = pos - start;
			if (len > 0) {		/* empty strings are skipped */
				if (count + 1 >= cap)
					offsets = realloc(offsets, (cap *= 2) * sizeof *offsets);
				offsets[count++] = start;
				if (len > longest)
					longest = len;
				if (len < shortest)
					shortest = len;
			}
			start = pos + (more ? n : 0);
		}
		if (more)
			pos += n;
	}
	offsets[count] = pos;	/* where the last string ends */
	fclose(in);
	if (count == 0)
		shortest = 0;

	FILE *out = fopen(datafile, "w");
	if (out == NULL) {
		perror(datafile);
		return 1;
	}
	put32(out, STRFILE_VERSION);
	put32(out, count);
	put32(out, longest);
	put32(out, shortest);
	put32(out, rotated ? STR_ROTATED : 0);
	unsigned char delim_and_pad[4] = { delim, 0, 0, 0 };
	fwrite(delim_and_pad, 1, 4, out);
	for (size_t k = 0; k <= count; k++)
		put32(out, offsets[k]);
	if (fclose(out) != 0) {
		perror(datafile);
		return 1;
	}
	if (!silent)
		printf("\"%s\" created\nThere were %zu strings\n"
		    "Longest string: %u bytes\nShortest string: %u bytes\n",
		    datafile, count, longest, shortest);
	return 0;
}
