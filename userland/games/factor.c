/*
 * factor: print the prime factors of numbers, as BSD factor(6) does.
 *
 *	factor [number ...]
 *
 * Without arguments, numbers are read from the standard input, one a
 * line.  Each is printed as "N: p1 p2 ...", factors in increasing order
 * and repeated as often as they divide N.  Numbers go up to 2^64 - 1.
 *
 * Small factors are found by trial division; what is left is tested
 * with Miller and Rabin's test (the bases below make it exact for every
 * 64-bit number), and split with Pollard's rho method if composite.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef unsigned __int128 u128;

/*
 * Arithmetic modulo an odd n in Montgomery's form: a stands for
 * a R mod n with R = 2^64, and a product is reduced by redc(), which
 * divides by R with shifts and multiplications only.  (A 128-bit '%'
 * is a slow loop on x86-64, and rho does millions of products.)
 */
struct mont {
	uint64_t n;
	uint64_t ninv;		/* -n^-1 mod 2^64 */
	uint64_t one;		/* R mod n: 1 in Montgomery form */
};

static void
mont_init(struct mont *m, uint64_t n)
{
	uint64_t inv = n;		/* n^-1 mod 2^3 (n odd), and Newton's */
	for (int i = 0; i < 5; i++)	/* step doubles the bits each time */
		inv *= 2 - n * inv;
	m->n = n;
	m->ninv = -inv;
	m->one = (uint64_t)(((u128)1 << 64) % n);
}

/* T R^-1 mod n, for T < n R. */
static uint64_t
redc(const struct mont *m, u128 t)
{
	uint64_t q = (uint64_t)t * m->ninv;	/* t + q n = 0 mod R */
	u128 qn = (u128)q * m->n;
	u128 sum = t + qn;
	bool carry = sum < t;			/* the 129th bit */
	uint64_t r = (uint64_t)(sum >> 64);
	if (carry || r >= m->n)
		r -= m->n;
	return r;
}

static uint64_t
mont_mul(const struct mont *m, uint64_t a, uint64_t b)
{
	return redc(m, (u128)a * b);
}

static uint64_t
to_mont(const struct mont *m, uint64_t a)
{
	return (uint64_t)(((u128)(a % m->n) << 64) % m->n);
}

static uint64_t
mont_pow(const struct mont *m, uint64_t a, uint64_t e)
{
	uint64_t r = m->one;

	for (; e > 0; e >>= 1, a = mont_mul(m, a, a))
		if (e & 1)
			r = mont_mul(m, r, a);
	return r;
}

/* n odd, > 3.  With n - 1 = d 2^s, a witness a shows n composite if
 * a^d != 1 and a^(d 2^r) != -1 for every r < s.  These twelve bases
 * leave no 64-bit composite undetected. */
static bool
is_prime(uint64_t n)
{
	static const uint64_t bases[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37 };
	struct mont m;
	uint64_t d = n - 1;
	int s = 0;

	mont_init(&m, n);
	uint64_t minus_one = to_mont(&m, n - 1);
	while (d % 2 == 0) {
		d /= 2;
		s++;
	}
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		if (bases[i] % n == 0)
			continue;
		uint64_t x = mont_pow(&m, to_mont(&m, bases[i]), d);
		if (x == m.one || x == minus_one)
			continue;
		int r;
		for (r = 1; r < s; r++) {
			x = mont_mul(&m, x, x);
			if (x == minus_one)
				break;
		}
		if (r == s)
			return false;
	}
	return true;
}

static uint64_t
gcd(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* One step of the walk, x^2 + c mod n (the sum may pass 2^64). */
static uint64_t
step(const struct mont *m, uint64_t x, uint64_t c)
{
	uint64_t sq = mont_mul(m, x, x);
	uint64_t t = sq + c;

	if (t < sq || t >= m->n)
		t -= m->n;
	return t;
}

/*
 * A non-trivial factor of the odd composite n, by Pollard's rho method
 * as Brent improved it: the walk x -> x^2 + c modulo n is, modulo an
 * unknown factor p, a walk that soon repeats; then p divides x - y for
 * two points of it, and gcd(x - y, n) shows p.  Products of 128
 * differences share one gcd; if a batch overshoots (gcd n), it is
 * walked again one step at a time.
 */
static uint64_t
rho(uint64_t n)
{
	struct mont m;

	mont_init(&m, n);
	for (uint64_t c = 1;; c++) {
		uint64_t y = to_mont(&m, 2), x = y, saved = y, q = m.one, d = 1;
		uint64_t mc = to_mont(&m, c);
		for (uint64_t r = 1; d == 1; r *= 2) {
			x = y;
			for (uint64_t i = 0; i < r; i++)
				y = step(&m, y, mc);
			for (uint64_t k = 0; k < r && d == 1; k += 128) {
				saved = y;
				for (uint64_t i = 0; i < 128 && i < r - k; i++) {
					y = step(&m, y, mc);
					q = mont_mul(&m, q, x > y ? x - y : y - x);
				}
				d = gcd(q, n);
			}
		}
		if (d == n) {		/* redo the last batch step by step */
			y = saved;
			do {
				y = step(&m, y, mc);
				d = gcd(x > y ? x - y : y - x, n);
			} while (d == 1);
		}
		if (d != n)
			return d;
	}
}

static int
compare(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Append n's prime factors (n > 1, no factor below 1000) to f. */
static void
split(uint64_t n, uint64_t *f, int *count)
{
	if (n < 1000000 || is_prime(n)) {	/* < 1000^2: prime */
		f[(*count)++] = n;
		return;
	}
	uint64_t d = rho(n);
	split(d, f, count);
	split(n / d, f, count);
}

static void
factor(uint64_t n)
{
	uint64_t f[64];
	int count = 0;

	printf("%llu:", (unsigned long long)n);
	for (uint64_t p = 2; p < 1000 && n > 1; p += p == 2 ? 1 : 2)
		while (n % p == 0) {
			f[count++] = p;
			n /= p;
		}
	if (n > 1)
		split(n, f, &count);
	qsort(f, count, sizeof f[0], compare);
	for (int i = 0; i < count; i++)
		printf(" %llu", (unsigned long long)f[i]);
	printf("\n");
}

/* false (and a message) if s is not a number factor can take */
static bool
factor_text(const char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (!isdigit((unsigned char)*s) || *end != '\0' || errno == ERANGE) {
		fprintf(stderr, "factor: %s: illegal numeric format\n", s);
		return false;
	}
	factor(n);
	return true;
}

int
main(int argc, char **argv)
{
	bool ok = true;

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			ok &= factor_text(argv[i]);
		return !ok;
	}
	char line[256];
	while (fgets(line, sizeof line, stdin) != NULL) {
		if (line[0] == '\n')
			continue;
		ok &= factor_text(line);
	}
	return !ok;
}
