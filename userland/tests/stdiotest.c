/*
 * stdiotest: checks of the libc that programs use beyond the basics:
 * FILE streams on real files, scanf, strtod, setjmp, the environment,
 * bsearch, div, rand.  One line per check ("ok: name" or "FAIL: name
 * (stdiotest.c:LINE)"), then "N passed, M failed".
 *
 *	stdiotest		run the checks
 *	stdiotest strtod	for each line of stdin, the bits of strtod(line)
 *	stdiotest strtof	... of strtof(line)
 *	stdiotest cat		copy stdin to stdout with getc/putc
 *	stdiotest doublefree	free a block twice (must abort with a message)
 *	stdiotest badfree	free a pointer malloc never returned
 *	stdiotest midfree	free a pointer into the middle of a block
 *	stdiotest largefree	... of a large block
 *	stdiotest abort		abort() with a SIGABRT handler that returns
 *	stdiotest assert	a failing assert()
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int passed, failed;

#define CHECK(cond, name) check((cond), (name), __LINE__)

static void
check(int ok, const char *name, int line)
{
	if (ok) {
		passed++;
		printf("ok: %s\n", name);
	} else {
		failed++;
		printf("FAIL: %s (stdiotest.c:%d)\n", name, line);
	}
}

static void
test_files(void)
{
	FILE *fp = fopen("/tmp-stdiotest", "w");
	CHECK(fp != NULL, "fopen w");
	if (fp == NULL)
		return;
	for (int i = 0; i < 1000; i++)
		fprintf(fp, "line %d\n", i);
	CHECK(ftell(fp) == 8890, "ftell counts buffered bytes");
	CHECK(fclose(fp) == 0, "fclose");

	fp = fopen("/tmp-stdiotest", "r");
	char line[64];
	int n = 0, ok = 1;
	while (fgets(line, sizeof line, fp) != NULL) {
		char want[64];
		snprintf(want, sizeof want, "line %d\n", n++);
		ok &= strcmp(line, want) == 0;
	}
	CHECK(ok && n == 1000, "fgets reads back every line");
	CHECK(feof(fp) && !ferror(fp), "feof after the last line");
	CHECK(fseek(fp, 5, SEEK_SET) == 0 && getc(fp) == '0', "fseek SEEK_SET");
	CHECK(ungetc('X', fp) == 'X' && getc(fp) == 'X' && getc(fp) == '\n',
	    "ungetc gives back a character");
	CHECK(ftell(fp) == 7, "ftell while reading");
	CHECK(fseek(fp, -7, SEEK_END) == 0 && fgets(line, sizeof line, fp) &&
	    strcmp(line, "ne 999\n") == 0, "fseek SEEK_END");
	rewind(fp);
	char buf[20];
	CHECK(fread(buf, 1, 7, fp) == 7 && memcmp(buf, "line 0\n", 7) == 0,
	    "fread after rewind");
	int value;
	CHECK(fscanf(fp, "line %d", &value) == 1 && value == 1, "fscanf");
	fclose(fp);

	fp = fopen("/tmp-stdiotest", "a+");
	fputs("appended\n", fp);
	fseek(fp, 0, SEEK_SET);
	CHECK(fgets(line, sizeof line, fp) && strcmp(line, "line 0\n") == 0,
	    "a+ reads from the start");
	fclose(fp);
	fp = fopen("/tmp-stdiotest", "r");
	fseek(fp, -9, SEEK_END);
	CHECK(fgets(line, sizeof line, fp) && strcmp(line, "appended\n") == 0,
	    "a+ wrote at the end");
	fclose(fp);

	fp = fopen("/tmp-stdiotest", "r+");
	fwrite("LINE", 1, 4, fp);
	fseek(fp, 0, SEEK_SET);
	CHECK(fgets(line, sizeof line, fp) && strcmp(line, "LINE 0\n") == 0,
	    "r+ overwrites in place");
	fclose(fp);

	char *big = NULL;
	size_t cap = 0;
	fp = fopen("/tmp-stdiotest", "w");
	setvbuf(fp, NULL, _IONBF, 0);
	for (int i = 0; i < 300; i++)
		fputc('a' + i % 26, fp);
	fputc('\n', fp);
	fclose(fp);
	fp = fopen("/tmp-stdiotest", "r");
	CHECK(getline(&big, &cap, fp) == 301 && big[299] == 'n',
	    "getline of a long line (unbuffered writes)");
	CHECK(getline(&big, &cap, fp) == -1, "getline at EOF");
	fclose(fp);
	free(big);

	CHECK(fopen("/no/such/file", "r") == NULL && errno == ENOENT,
	    "fopen of a missing file: ENOENT");
	CHECK(fopen("/tmp-stdiotest", "q") == NULL && errno == EINVAL,
	    "fopen with a bad mode: EINVAL");
	fp = fopen("/tmp-stdiotest", "r");
	CHECK(fputc('x', fp) == EOF && ferror(fp), "writing a read-only stream");
	fclose(fp);
	CHECK(remove("/tmp-stdiotest") == 0 && fopen("/tmp-stdiotest", "r") == NULL,
	    "remove a file");
	CHECK(mkdir("/tmp-stdiotest.d", 0755) == 0 && remove("/tmp-stdiotest.d") == 0,
	    "remove a directory");
}

static void
test_scanf(void)
{
	int a, b;
	unsigned u;
	long l;
	double d;
	float f;
	char word[16], rest[16];

	CHECK(sscanf("12 -34", "%d %d", &a, &b) == 2 && a == 12 && b == -34,
	    "sscanf two ints");
	CHECK(sscanf("0x1f 017 9", "%i %i %u", &a, &b, &u) == 3 && a == 31 &&
	    b == 15 && u == 9, "sscanf %i bases");
	CHECK(sscanf("ff", "%x", &u) == 1 && u == 255, "sscanf %x");
	CHECK(sscanf("  3.25e2 1.5", "%lf %f", &d, &f) == 2 && d == 325 &&
	    f == 1.5f, "sscanf floats");
	CHECK(sscanf("hello world", "%s %s", word, rest) == 2 &&
	    strcmp(word, "hello") == 0 && strcmp(rest, "world") == 0, "sscanf %s");
	CHECK(sscanf("abc123", "%[a-z]%ld", word, &l) == 2 &&
	    strcmp(word, "abc") == 0 && l == 123, "sscanf %[...]");
	CHECK(sscanf("key=value", "%[^=]=%s", word, rest) == 2 &&
	    strcmp(rest, "value") == 0, "sscanf %[^=]");
	CHECK(sscanf("12345", "%3d%d", &a, &b) == 2 && a == 123 && b == 45,
	    "sscanf widths");
	CHECK(sscanf("x", "%d", &a) == 0, "sscanf matching failure");
	CHECK(sscanf("", "%d", &a) == EOF, "sscanf input failure: EOF");
	CHECK(sscanf("7 8", "%*d %d%n", &a, &b) == 1 && a == 8 && b == 3,
	    "sscanf %* and %n");
	CHECK(sscanf("5%", "%d%%", &a) == 1 && a == 5, "sscanf %%");
	CHECK(sscanf("ab", "%c%c", word, word + 1) == 2 && word[1] == 'b',
	    "sscanf %c");
}

static void
test_strtod(void)
{
	char *end;

	CHECK(strtod("0.1", NULL) == 0.1, "strtod 0.1");
	CHECK(strtod("1e23", NULL) == 1e23, "strtod 1e23");
	CHECK(strtod("2.2250738585072011e-308", NULL) == 0x0.fffffffffffffp-1022,
	    "strtod largest subnormal");
	CHECK(strtod("4.9e-324", NULL) == 0x1p-1074, "strtod smallest subnormal");
	CHECK(strtod("2e-324", NULL) == 0 && errno == ERANGE, "strtod underflow");
	errno = 0;
	CHECK(strtod("1e309", NULL) == HUGE_VAL && errno == ERANGE,
	    "strtod overflow");
	CHECK(strtod("0x1.8p3", &end) == 12 && *end == '\0', "strtod hex");
	CHECK(isinf(strtod("-Infinity", NULL)) && isnan(strtod("nan", NULL)),
	    "strtod inf and nan");
	CHECK(strtod("  -12.5e1xyz", &end) == -125 && strcmp(end, "xyz") == 0,
	    "strtod end pointer");
	CHECK(strtod("e5", &end) == 0 && strcmp(end, "e5") == 0,
	    "strtod with no digits");
	CHECK(strtod("1e", &end) == 1 && strcmp(end, "e") == 0,
	    "strtod: an 'e' without digits is not part of it");
	CHECK(atof("3.5") == 3.5, "atof");
}

static jmp_buf jump;
static int depth;

static void
dive(int n)
{
	depth = n;
	if (n == 10)
		longjmp(jump, n);
	dive(n + 1);
}

static void
test_setjmp(void)
{
	volatile int count = 0;
	int r = setjmp(jump);

	count++;
	if (r == 0)
		dive(0);
	CHECK(r == 10 && depth == 10 && count == 2, "longjmp out of recursion");
	if ((r = setjmp(jump)) == 0)
		longjmp(jump, 0);
	CHECK(r == 1, "longjmp(env, 0) returns 1");
}

static int
compare_ints(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void
test_malloc(void)
{
	char *blocks[200];
	int ok = 1;

	for (int i = 0; i < 200; i++) {		/* every size class and large */
		size_t size = (size_t)1 << (i % 18);
		blocks[i] = malloc(size);
		ok &= blocks[i] != NULL && ((uintptr_t)blocks[i] & 15) == 0;
		memset(blocks[i], i, size);
	}
	for (int i = 0; i < 200; i++) {
		size_t size = (size_t)1 << (i % 18);
		ok &= blocks[i][0] == (char)i && blocks[i][size - 1] == (char)i;
		free(blocks[i]);
	}
	CHECK(ok, "malloc: sizes 1 to 128 KiB, 16-aligned, kept apart");
	volatile unsigned char *p = malloc(64);
	memset((void *)p, 0, 64);
	free((void *)p);
	CHECK(p[40] == 0xdf, "free fills small blocks with junk");
	char *r = malloc(10);
	strcpy(r, "keep me");
	r = realloc(r, 100000);
	CHECK(r != NULL && strcmp(r, "keep me") == 0, "realloc to a large block keeps the bytes");
	free(r);
}

static void
test_stdlib(void)
{
	CHECK(setenv("COLOR", "blue", 1) == 0 &&
	    strcmp(getenv("COLOR"), "blue") == 0, "setenv");
	CHECK(setenv("COLOR", "red", 0) == 0 &&
	    strcmp(getenv("COLOR"), "blue") == 0, "setenv without overwrite");
	CHECK(setenv("COLOR", "red", 1) == 0 &&
	    strcmp(getenv("COLOR"), "red") == 0, "setenv with overwrite");
	CHECK(getenv("PATH") != NULL, "setenv keeps the other variables");
	CHECK(unsetenv("COLOR") == 0 && getenv("COLOR") == NULL, "unsetenv");
	CHECK(setenv("A=B", "x", 1) == -1 && errno == EINVAL,
	    "setenv rejects '=' in a name");

	int sorted[100];
	for (int i = 0; i < 100; i++)
		sorted[i] = 3 * i;
	int key = 42, missing = 43;
	int *found = bsearch(&key, sorted, 100, sizeof(int), compare_ints);
	CHECK(found == &sorted[14], "bsearch finds");
	CHECK(bsearch(&missing, sorted, 100, sizeof(int), compare_ints) == NULL,
	    "bsearch misses");

	div_t q = div(-7, 2);
	ldiv_t lq = ldiv(7, -2);
	CHECK(q.quot == -3 && q.rem == -1 && lq.quot == -3 && lq.rem == 1,
	    "div truncates toward zero");
	CHECK(abs(INT_MIN + 1) == INT_MAX && llabs(-5) == 5, "abs");

	srand(1);
	int first = rand();
	srand(1);
	CHECK(rand() == first, "rand repeats after srand");
	int in_range = 1;
	for (int i = 0; i < 1000; i++)
		in_range &= rand() <= RAND_MAX && arc4random_uniform(6) < 6;
	CHECK(in_range, "rand and arc4random_uniform stay in range");

	CHECK(strcmp(setlocale(LC_ALL, ""), "C") == 0 &&
	    setlocale(LC_ALL, "fr_FR") == NULL &&
	    strcmp(localeconv()->decimal_point, ".") == 0, "the C locale");
	char num[32];
	snprintf(num, sizeof num, "%" PRId64 " %" PRIx32, INT64_MIN, UINT32_MAX);
	CHECK(strcmp(num, "-9223372036854775808 ffffffff") == 0, "inttypes");
	CHECK(DBL_EPSILON == 0x1p-52 && DBL_MAX == 0x1.fffffffffffffp1023 &&
	    FLT_MANT_DIG == 24, "float.h");
	CHECK(strcmp(strerror(ENOENT), "No such file or directory") == 0,
	    "strerror");
}

static void
on_abort(int sig)
{
	dprintf(1, "handler for signal %d ran\n", sig);
}

/* The bits of strtod(text), or of strtof(text), in hex. */
static void
print_bits(const char *text, bool single)
{
	if (single) {
		float f = strtof(text, NULL);
		uint32_t bits;
		memcpy(&bits, &f, sizeof bits);
		printf("%08" PRIx32 "\n", bits);
	} else {
		double d = strtod(text, NULL);
		uint64_t bits;
		memcpy(&bits, &d, sizeof bits);
		printf("%016" PRIx64 "\n", bits);
	}
}

int
main(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "strtod") == 0 ||
	    strcmp(argv[1], "strtof") == 0)) {
		char line[1024];
		while (fgets(line, sizeof line, stdin) != NULL)
			print_bits(line, argv[1][5] == 'f');
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "cat") == 0) {
		int c;
		while ((c = getchar()) != EOF)
			putchar(c);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "doublefree") == 0) {
		char *p = malloc(10);
		free(p);
		free(p);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "assert") == 0) {
		printf("buffered, flushed before the message ");
		assert(argc == 1);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "abort") == 0) {
		signal(SIGABRT, on_abort);
		abort();
	}
	if (argc > 1 && strcmp(argv[1], "midfree") == 0) {
		char *p = malloc(100);
		free(p + 32);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "largefree") == 0) {
		char *big = malloc(100000);
		free(big + 4096);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "badfree") == 0) {
		static char not_from_malloc[64];
		free(not_from_malloc + 16);
		return 0;
	}
	test_files();
	test_scanf();
	test_strtod();
	test_setjmp();
	test_malloc();
	test_stdlib();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
