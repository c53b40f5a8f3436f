/*
 * Small parts of <stdlib.h>: the environment, integer arithmetic,
 * rand(), bsearch(), arc4random().
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- the environment ------------------------------------------------------ */

/* The entry of `name` in environ, or NULL.  len: the name's length. */
static char **
find_entry(const char *name, size_t len)
{
	if (environ == NULL)
		return NULL;
	for (char **env = environ; *env != NULL; env++)
		if (strncmp(*env, name, len) == 0 && (*env)[len] == '=')
			return env;
	return NULL;
}

static bool
valid_name(const char *name)
{
	return name != NULL && *name != '\0' && strchr(name, '=') == NULL;
}

char *
getenv(const char *name)
{
	if (!valid_name(name))
		return NULL;
	size_t len = strlen(name);
	char **entry = find_entry(name, len);
	return entry != NULL ? *entry + len + 1 : NULL;
}

/*
 * The environment the kernel gave us is an array on the stack: the
 * first change copies it into one of our own (malloc'ed), which can
 * grow.  Strings we allocate are never freed: a program may still hold
 * a pointer getenv() returned.
 */
static char **own_environ;
static size_t own_count, own_cap;

static int
own_environment(size_t extra)
{
	if (own_environ == NULL || environ != own_environ) {
		size_t n = 0;
		while (environ != NULL && environ[n] != NULL)
			n++;
		char **copy = malloc((n + extra + 1) * sizeof *copy);
		if (copy == NULL)
			return -1;
		for (size_t i = 0; i < n; i++)
			copy[i] = environ[i];
		copy[n] = NULL;
		free(own_environ);
		environ = own_environ = copy;
		own_count = n;
		own_cap = n + extra;
	} else if (own_count + extra > own_cap) {
		size_t cap = (own_count + extra) * 2;
		char **bigger = realloc(own_environ, (cap + 1) * sizeof *bigger);
		if (bigger == NULL)
			return -1;
		environ = own_environ = bigger;
		own_cap = cap;
	}
	return 0;
}

int
setenv(const char *name, const char *value, int overwrite)
{
	if (!valid_name(name)) {
		errno = EINVAL;
		return -1;
	}
	size_t len = strlen(name);
	char **entry = find_entry(name, len);
	if (entry != NULL && !overwrite)
		return 0;
	char *string = malloc(len + strlen(value) + 2);
	if (string == NULL || own_environment(1) < 0)
		return -1;
	memcpy(string, name, len);
	string[len] = '=';
	strcpy(string + len + 1, value);
	entry = find_entry(name, len);	/* the copy may have moved it */
	if (entry != NULL) {
		*entry = string;
	} else {
		own_environ[own_count++] = string;
		own_environ[own_count] = NULL;
	}
	return 0;
}

int
unsetenv(const char *name)
{
	if (!valid_name(name)) {
		errno = EINVAL;
		return -1;
	}
	size_t len = strlen(name);
	if (find_entry(name, len) == NULL)
		return 0;
	if (own_environment(0) < 0)
		return -1;
	char **entry;
	while ((entry = find_entry(name, len)) != NULL) {
		/* shift the rest down over it, NULL included */
		do
			entry[0] = entry[1];
		while (*++entry != NULL);
		own_count--;
	}
	return 0;
}

/* --- integers ------------------------------------------------------------- */

int abs(int j) { return j < 0 ? -j : j; }
long labs(long j) { return j < 0 ? -j : j; }
long long llabs(long long j) { return j < 0 ? -j : j; }
intmax_t imaxabs(intmax_t j) { return j < 0 ? -j : j; }

/* C's / and % already truncate toward zero, as div() must. */
div_t div(int n, int d) { return (div_t){ n / d, n % d }; }
ldiv_t ldiv(long n, long d) { return (ldiv_t){ n / d, n % d }; }
lldiv_t lldiv(long long n, long long d) { return (lldiv_t){ n / d, n % d }; }
imaxdiv_t imaxdiv(intmax_t n, intmax_t d) { return (imaxdiv_t){ n / d, n % d }; }

intmax_t
strtoimax(const char *restrict s, char **restrict endptr, int base)
{
	return strtoll(s, endptr, base);
}

uintmax_t
strtoumax(const char *restrict s, char **restrict endptr, int base)
{
	return strtoull(s, endptr, base);
}

/* --- searching ------------------------------------------------------------ */

void *
bsearch(const void *key, const void *base, size_t nmemb, size_t size,
    int (*compar)(const void *, const void *))
{
	const char *lo = base;

	while (nmemb > 0) {		/* the answer is in lo[0 .. nmemb) */
		const char *mid = lo + (nmemb / 2) * size;
		int c = compar(key, mid);
		if (c == 0)
			return (void *)mid;
		if (c > 0) {
			lo = mid + size;
			nmemb -= nmemb / 2 + 1;
		} else {
			nmemb /= 2;
		}
	}
	return NULL;
}

/* --- random numbers ------------------------------------------------------- */

/*
 * rand(): a repeatable sequence, as C requires (srand(1) is the start).
 * A 64-bit linear congruential generator (Knuth's MMIX constants); the
 * high bits are the random ones, so we return those.
 */
static uint64_t rand_state = 1;

void
srand(unsigned seed)
{
	rand_state = seed;
}

int
rand(void)
{
	rand_state = rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int)(rand_state >> 33);		/* 31 bits: 0 .. RAND_MAX */
}

/*
 * arc4random(): not repeatable, from the kernel's entropy.  A buffer of
 * getentropy() bytes is handed out four at a time.
 */
uint32_t
arc4random(void)
{
	static unsigned char pool[256];
	static size_t used = sizeof pool;
	uint32_t r;

	if (used + sizeof r > sizeof pool) {
		if (getentropy(pool, sizeof pool) != 0)
			abort();
		used = 0;
	}
	memcpy(&r, pool + used, sizeof r);
	memset(pool + used, 0, sizeof r);	/* never hand out twice */
	used += sizeof r;
	return r;
}

/* A uniform number below `bound`: reject the top values that would
 * make some results more likely than others. */
uint32_t
arc4random_uniform(uint32_t bound)
{
	if (bound < 2)
		return 0;
	uint32_t min = -bound % bound;		/* 2^32 mod bound */
	uint32_t r;

	do
		r = arc4random();
	while (r < min);
	return r % bound;
}

void
arc4random_buf(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		uint32_t r = arc4random();
		size_t step = n < sizeof r ? n : sizeof r;
		memcpy(p, &r, step);
		p += step;
		n -= step;
	}
}
