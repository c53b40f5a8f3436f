/*
 * libctest: checks of libc, one line each ("ok: name" or "FAIL: name
 * (libctest.c:LINE)"), then "N passed, M failed".  The exit status is 0
 * only if every check passed.  tests/test_libc.py runs it.
 *
 * With an argument it shows one behaviour for the test to look at:
 *	libctest stdio-order	stdout is line buffered, stderr is not
 *	libctest abort		abort() ends the process without flushing
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
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
		printf("FAIL: %s (libctest.c:%d)\n", name, line);
	}
}

/* --- string.h --- */

static void
test_memory_functions(void)
{
	char buf[16];

	memset(buf, 'x', sizeof buf);
	CHECK(buf[0] == 'x' && buf[15] == 'x', "memset fills");
	memcpy(buf, "abcdef", 7);
	CHECK(strcmp(buf, "abcdef") == 0, "memcpy copies");
	memmove(buf + 2, buf, 6);		/* overlapping, to the right */
	CHECK(memcmp(buf, "ababcdef", 8) == 0, "memmove right overlap");
	memmove(buf, buf + 2, 6);		/* overlapping, to the left */
	CHECK(memcmp(buf, "abcdefef", 8) == 0, "memmove left overlap");
	CHECK(memcmp("abc", "abd", 3) < 0 && memcmp("abd", "abc", 3) > 0,
	    "memcmp sign");
	CHECK(memcmp("a\xff", "a\x01", 2) > 0, "memcmp compares unsigned");
	CHECK(memcmp("abc", "xyz", 0) == 0, "memcmp of 0 bytes");
	const char *hello = "hello";
	CHECK(memchr(hello, 'l', 5) == hello + 2, "memchr finds the first");
	CHECK(memchr("hello", 'z', 5) == NULL, "memchr misses");
}

static void
test_lengths_and_compares(void)
{
	CHECK(strlen("") == 0 && strlen("hello") == 5, "strlen");
	CHECK(strnlen("hello", 3) == 3 && strnlen("hi", 10) == 2, "strnlen");
	CHECK(strcmp("abc", "abc") == 0, "strcmp equal");
	CHECK(strcmp("abc", "abd") < 0 && strcmp("abd", "abc") > 0, "strcmp order");
	CHECK(strcmp("ab", "abc") < 0, "strcmp prefix is smaller");
	CHECK(strcmp("\xe9", "a") > 0, "strcmp compares unsigned chars");
	CHECK(strncmp("abcdef", "abcxyz", 3) == 0, "strncmp stops at n");
	CHECK(strncmp("abc", "abd", 3) < 0, "strncmp order");
	CHECK(strcasecmp("HeLLo", "hello") == 0, "strcasecmp equal");
	CHECK(strcasecmp("apple", "BANANA") < 0, "strcasecmp order");
	CHECK(strncasecmp("ABCdef", "abcXYZ", 3) == 0, "strncasecmp stops at n");
}

static void
test_copies(void)
{
	char buf[16];

	CHECK(strcpy(buf, "hi") == buf && strcmp(buf, "hi") == 0, "strcpy");
	memset(buf, 'x', sizeof buf);
	strncpy(buf, "ab", 5);
	CHECK(memcmp(buf, "ab\0\0\0x", 6) == 0, "strncpy pads with NULs");
	CHECK(strlcpy(buf, "hello, world", 6) == 12 && strcmp(buf, "hello") == 0,
	    "strlcpy truncates and returns strlen(src)");
	strcpy(buf, "abc");
	CHECK(strlcat(buf, "defghij", 8) == 10 && strcmp(buf, "abcdefg") == 0,
	    "strlcat truncates and returns the wanted length");
	strcpy(buf, "abc");
	CHECK(strcmp(strcat(buf, "de"), "abcde") == 0, "strcat");
	CHECK(strcmp(strncat(buf, "fghij", 2), "abcdefg") == 0, "strncat");

	char *copy = strdup("duplicate");
	CHECK(copy != NULL && strcmp(copy, "duplicate") == 0, "strdup");
	free(copy);
	copy = strndup("duplicate", 3);
	CHECK(copy != NULL && strcmp(copy, "dup") == 0, "strndup");
	free(copy);
}

static void
test_searches(void)
{
	const char *s = "hello, world";

	CHECK(strchr(s, 'o') == s + 4, "strchr first");
	CHECK(strrchr(s, 'o') == s + 8, "strrchr last");
	CHECK(strchr(s, '\0') == s + 12, "strchr finds the NUL");
	CHECK(strchr(s, 'z') == NULL && strrchr(s, 'z') == NULL, "strchr misses");
	CHECK(strstr(s, "wor") == s + 7, "strstr finds");
	CHECK(strstr(s, "") == s, "strstr of empty needle");
	CHECK(strstr(s, "worlds") == NULL, "strstr misses");
	CHECK(strspn("aabbc", "ab") == 4, "strspn");
	CHECK(strcspn("abc,def", ",;") == 3, "strcspn");
	CHECK(strpbrk(s, " ,") == s + 5 && strpbrk(s, "xyz") == NULL, "strpbrk");
}

static void
test_tokens(void)
{
	char text[] = ",,one,,two;three,";
	char *last;
	char *a = strtok_r(text, ",;", &last);
	char *b = strtok_r(NULL, ",;", &last);
	char *c = strtok_r(NULL, ",;", &last);
	char *d = strtok_r(NULL, ",;", &last);

	CHECK(a && b && c && strcmp(a, "one") == 0 && strcmp(b, "two") == 0 &&
	    strcmp(c, "three") == 0 && d == NULL, "strtok_r splits");

	char words[] = "  a  b ";
	char *w1 = strtok(words, " ");
	char *w2 = strtok(NULL, " ");
	CHECK(w1 && w2 && strcmp(w1, "a") == 0 && strcmp(w2, "b") == 0 &&
	    strtok(NULL, " ") == NULL, "strtok splits");
}

static void
test_ctype(void)
{
	CHECK(isspace(' ') && isspace('\n') && isspace('\v') && !isspace('x'),
	    "isspace");
	CHECK(isdigit('7') && !isdigit('a') && isxdigit('F') && !isxdigit('g'),
	    "isdigit and isxdigit");
	CHECK(toupper('q') == 'Q' && tolower('Q') == 'q' && toupper('1') == '1',
	    "toupper and tolower");
	CHECK(ispunct('!') && !ispunct('a') && isprint(' ') && !isgraph(' '),
	    "ispunct, isprint, isgraph");
}

/* --- stdlib.h: numbers --- */

static void
test_strtol(void)
{
	char *end;

	CHECK(strtol("  -42xyz", &end, 10) == -42 && *end == 'x', "strtol decimal");
	CHECK(strtol("0x1F", &end, 16) == 31 && *end == '\0', "strtol hex prefix");
	CHECK(strtol("0x1F", NULL, 0) == 31, "strtol base 0 hex");
	CHECK(strtol("0755", NULL, 0) == 493, "strtol base 0 octal");
	CHECK(strtol("987", NULL, 0) == 987, "strtol base 0 decimal");
	CHECK(strtol("zz", NULL, 36) == 1295, "strtol base 36");
	CHECK(strtol("+1011", NULL, 2) == 11, "strtol base 2");
	CHECK(strtol("0x", &end, 16) == 0 && *end == 'x',
	    "strtol '0x' without digits reads the 0");
	const char *nothing = "  -";
	CHECK(strtol(nothing, &end, 10) == 0 && end == nothing,
	    "strtol without digits leaves endptr at the start");

	errno = 0;
	CHECK(strtol("9223372036854775807", NULL, 10) == LONG_MAX && errno == 0,
	    "strtol LONG_MAX fits");
	CHECK(strtol("-9223372036854775808", NULL, 10) == LONG_MIN && errno == 0,
	    "strtol LONG_MIN fits");
	CHECK(strtol("9223372036854775808", NULL, 10) == LONG_MAX && errno == ERANGE,
	    "strtol overflow is ERANGE");
	errno = 0;
	CHECK(strtol("-99999999999999999999", &end, 10) == LONG_MIN &&
	    errno == ERANGE && *end == '\0', "strtol underflow is ERANGE, reads all");
	errno = 0;
	CHECK(strtol("12", NULL, 37) == 0 && errno == EINVAL, "strtol bad base");
}

static void
test_strtoul(void)
{
	errno = 0;
	CHECK(strtoul("-1", NULL, 10) == ULONG_MAX && errno == 0,
	    "strtoul of -1 wraps");
	CHECK(strtoull("18446744073709551615", NULL, 10) == ULLONG_MAX &&
	    errno == 0, "strtoull ULLONG_MAX fits");
	CHECK(strtoull("18446744073709551616", NULL, 10) == ULLONG_MAX &&
	    errno == ERANGE, "strtoull overflow is ERANGE");
	errno = 0;
	CHECK(strtoll("-0x8000000000000000", NULL, 16) == LLONG_MIN && errno == 0,
	    "strtoll hex LLONG_MIN");
	CHECK(atoi("  123abc") == 123 && atol("-77") == -77, "atoi and atol");
	CHECK(abs(-5) == 5 && abs(5) == 5 && labs(-5000000000L) == 5000000000L,
	    "abs and labs");
}

static void
test_int128_division(void)
{
	/* Volatile, so the compiler cannot fold the divisions: they must go
	 * through libc's __udivti3 and friends. */
	volatile unsigned __int128 a = ((unsigned __int128)0x123456789abcdef0ull << 64) |
	    0xfedcba9876543210ull;
	volatile unsigned __int128 b = 0x1000000000003ull;
	volatile __int128 negative = -(__int128)a;
	unsigned __int128 q = a / b, r = a % b;

	CHECK((unsigned long long)(q >> 64) == 0x1234 &&
	    (unsigned long long)q == 0x56789abca853fb72ull &&
	    r == 0xea627d583fbaull, "unsigned 128-bit division");
	CHECK(negative / 12345 == -(__int128)(a / 12345) &&
	    negative % 12345 == -(__int128)(a % 12345),
	    "signed 128-bit division rounds toward zero");
}

static int
compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct pair {
	const char *name;
	int value;
};

static int
compare_names(const void *a, const void *b)
{
	return strcmp(((const struct pair *)a)->name, ((const struct pair *)b)->name);
}

static void
test_qsort(void)
{
	static int numbers[1000];
	long sum_before = 0, sum_after = 0;
	unsigned seed = 12345;
	int sorted = 1;

	for (int i = 0; i < 1000; i++) {
		seed = seed * 1103515245 + 12345;
		numbers[i] = (int)(seed >> 8) % 500 - 250;	/* many repeats */
		sum_before += numbers[i];
	}
	qsort(numbers, 1000, sizeof numbers[0], compare_ints);
	for (int i = 0; i < 1000; i++) {
		sum_after += numbers[i];
		if (i > 0 && numbers[i - 1] > numbers[i])
			sorted = 0;
	}
	CHECK(sorted && sum_before == sum_after, "qsort of 1000 ints");

	struct pair pairs[] = { {"pear", 1}, {"apple", 2}, {"fig", 3}, {"kiwi", 4} };
	qsort(pairs, 4, sizeof pairs[0], compare_names);
	CHECK(strcmp(pairs[0].name, "apple") == 0 && pairs[0].value == 2 &&
	    strcmp(pairs[3].name, "pear") == 0, "qsort of structs");
	int one = 7;
	qsort(&one, 1, sizeof one, compare_ints);
	qsort(NULL, 0, sizeof one, compare_ints);
	CHECK(one == 7, "qsort of 0 and 1 elements");
}

/* --- malloc --- */

static int
filled_with(const unsigned char *p, size_t n, unsigned char value)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != value)
			return 0;
	return 1;
}

static void
test_malloc_basics(void)
{
	char *a = malloc(10), *b = malloc(10);

	CHECK(a != NULL && b != NULL && a != b, "malloc gives distinct blocks");
	CHECK(((uintptr_t)a & 15) == 0 && ((uintptr_t)b & 15) == 0,
	    "malloc aligns to 16");
	strcpy(a, "123456789");
	strcpy(b, "abcdefghi");
	CHECK(strcmp(a, "123456789") == 0, "malloc blocks do not overlap");
	free(a);
	free(b);

	void *z1 = malloc(0), *z2 = malloc(0);
	CHECK(z1 != NULL && z2 != NULL && z1 != z2, "malloc(0) gives unique blocks");
	free(z1);
	free(z2);

	unsigned char *dirty = malloc(100);
	memset(dirty, 0xab, 100);
	free(dirty);
	unsigned char *clean = calloc(25, 4);
	CHECK(clean != NULL && filled_with(clean, 100, 0), "calloc zeroes");
	free(clean);

	errno = 0;
	CHECK(calloc(SIZE_MAX / 2, 4) == NULL && errno == ENOMEM,
	    "calloc overflow is ENOMEM");
	errno = 0;
	CHECK(malloc(SIZE_MAX - 8) == NULL && errno == ENOMEM,
	    "huge malloc is ENOMEM");
}

static void
test_large_blocks(void)
{
	size_t size = 3 * 1024 * 1024 + 5;
	unsigned char *big = malloc(size);

	CHECK(big != NULL, "malloc of 3 MiB");
	if (big == NULL)
		return;
	memset(big, 0x5a, size);
	CHECK(big[0] == 0x5a && big[size - 1] == 0x5a, "large block is writable");
	free(big);
	for (int i = 0; i < 50; i++) {	/* freed large blocks are returned */
		big = malloc(size);
		if (big == NULL)
			break;
		big[size - 1] = 1;
		free(big);
	}
	CHECK(big != NULL, "50 large blocks in turn (munmap gives them back)");
}

static void
test_realloc(void)
{
	char *p = realloc(NULL, 20);

	CHECK(p != NULL, "realloc(NULL) is malloc");
	strcpy(p, "keep me");
	p = realloc(p, 5000);			/* small to large */
	CHECK(p != NULL && strcmp(p, "keep me") == 0, "realloc keeps the contents");
	memset(p + 8, 'q', 4991);
	p = realloc(p, 200000);			/* large to larger */
	CHECK(p != NULL && strcmp(p, "keep me") == 0 && p[4998] == 'q',
	    "realloc of a large block keeps the contents");
	char *same = realloc(p, 100);
	CHECK(same == p, "realloc to a smaller size keeps the block");
	free(same);
}

/* Many blocks of mixed sizes, each filled with its own byte: a block
 * that overlaps another, or loses contents, shows a wrong byte. */
#define SLOTS 256

static void
test_malloc_stress(void)
{
	static unsigned char *blocks[SLOTS];
	static size_t sizes[SLOTS];
	unsigned seed = 99;
	int intact = 1;

	for (int round = 0; round < 4000; round++) {
		seed = seed * 1103515245 + 12345;
		int slot = (seed >> 8) % SLOTS;
		if (blocks[slot] != NULL && !filled_with(blocks[slot], sizes[slot],
		    (unsigned char)slot))
			intact = 0;
		size_t size = (seed >> 4) % 7 == 0 ? (seed >> 12) % 20000 :
		    (seed >> 12) % 300;
		if ((seed >> 20) % 3 == 0) {
			free(blocks[slot]);
			blocks[slot] = malloc(size);
		} else {
			blocks[slot] = realloc(blocks[slot], size);
		}
		if (blocks[slot] == NULL && size > 0)
			intact = 0;
		sizes[slot] = blocks[slot] ? size : 0;
		memset(blocks[slot], slot, sizes[slot]);
	}
	for (int slot = 0; slot < SLOTS; slot++) {
		if (!filled_with(blocks[slot], sizes[slot], (unsigned char)slot))
			intact = 0;
		free(blocks[slot]);
	}
	CHECK(intact, "4000 random malloc/realloc/free keep every block intact");
}

/* --- the rest --- */

static void
test_environment(void)
{
	char *saved = NULL;
	char **old = environ;
	char *mine[] = { "HOME=/root", "PATH=/bin:/usr/bin", "EMPTY=", "X", NULL };

	environ = mine;
	saved = getenv("PATH");
	CHECK(saved != NULL && strcmp(saved, "/bin:/usr/bin") == 0, "getenv finds");
	CHECK(getenv("EMPTY") != NULL && *getenv("EMPTY") == '\0',
	    "getenv of an empty value");
	CHECK(getenv("PAT") == NULL && getenv("X") == NULL && getenv("NONE") == NULL,
	    "getenv wants the whole name");
	environ = old;
}

static void
test_errors(void)
{
	char buf[300];

	CHECK(strcmp(strerror(ENOENT), "No such file or directory") == 0,
	    "strerror(ENOENT)");
	CHECK(strcmp(strerror(ERANGE), "Result too large") == 0, "strerror(ERANGE)");
	CHECK(strcmp(strerror(9999), "Unknown error: 9999") == 0,
	    "strerror of an unknown number");
	errno = 0;
	CHECK(write(-1, "x", 1) == -1 && errno == EBADF,
	    "write to fd -1 fails with EBADF");
	errno = 0;
	CHECK(getentropy(buf, 257) == -1 && errno == EINVAL,
	    "getentropy of 257 bytes fails with EINVAL");
	CHECK(getentropy(buf, 256) == 0, "getentropy of 256 bytes");
}

static void
test_system_calls(void)
{
	struct timespec a, b;

	CHECK(getpid() > 0, "getpid");
	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0 &&
	    clock_gettime(CLOCK_MONOTONIC, &b) == 0, "clock_gettime");
	CHECK(a.tv_nsec >= 0 && a.tv_nsec < 1000000000 &&
	    (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec)),
	    "CLOCK_MONOTONIC does not go back");

	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	CHECK(page != MAP_FAILED && page[0] == 0 && page[8191] == 0,
	    "anonymous mmap is zeroed");
	if (page != MAP_FAILED) {
		page[100] = 1;
		CHECK(munmap(page, 8192) == 0, "munmap");
	}
}

static void
test_snprintf(void)
{
	char buf[8];

	CHECK(snprintf(buf, 5, "%s", "hello world") == 11 &&
	    strcmp(buf, "hell") == 0, "snprintf truncates, returns full length");
	CHECK(snprintf(NULL, 0, "%d", 12345) == 5, "snprintf(NULL, 0) counts");
	CHECK(sprintf(buf, "%03d|", 7) == 4 && strcmp(buf, "007|") == 0, "sprintf");
	CHECK(snprintf(buf, sizeof buf, "%s", (char *)NULL) == 6 &&
	    strcmp(buf, "(null)") == 0, "%s of NULL");
	CHECK(snprintf(buf, sizeof buf, "%p", NULL) == 3 && strcmp(buf, "0x0") == 0,
	    "%p of NULL");
}

static void
first_handler(void)
{
	printf("atexit: first registered, runs last\n");
}

static void
second_handler(void)
{
	printf("atexit: second registered, runs first\n");
}

static int
run_mode(const char *mode)
{
	if (strcmp(mode, "stdio-order") == 0) {
		printf("stdout ");			/* waits for its newline */
		dprintf(2, "stderr\n");			/* goes out at once */
		printf("line\n");
		printf("at exit");			/* flushed by exit() */
		return 0;
	}
	if (strcmp(mode, "abort") == 0) {
		printf("lost");
		abort();
	}
	dprintf(2, "libctest: unknown mode %s\n", mode);
	return 2;
}

int
main(int argc, char *argv[])
{
	if (argc > 1)
		return run_mode(argv[1]);
	CHECK(atexit(first_handler) == 0 && atexit(second_handler) == 0, "atexit");
	test_memory_functions();
	test_lengths_and_compares();
	test_copies();
	test_searches();
	test_tokens();
	test_ctype();
	test_strtol();
	test_strtoul();
	test_int128_division();
	test_qsort();
	test_malloc_basics();
	test_large_blocks();
	test_realloc();
	test_malloc_stress();
	test_environment();
	test_errors();
	test_system_calls();
	test_snprintf();
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
