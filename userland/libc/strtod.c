/*
 * strtod(): decimal (and hexadecimal) text to the nearest double.
 *
 * Decimal text is m * 10^k for an integer m of the digits.  A first
 * guess comes from double arithmetic and may be a few units in the last
 * place (ulp) off.  Then we correct it exactly: the right answer b is
 * the double whose "rounding interval" (the halfway points to its two
 * neighbours) holds m * 10^k.  Comparing m * 10^k with a halfway point
 * (2b' + 1) * 2^(e-1) is integer arithmetic once both sides are scaled
 * by the same powers of 2 and 5, so we do it with big integers and step
 * the guess up or down until it is right.  Ties go to the even double.
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DIGITS	800	/* more digits only decide ties (sticky) */
#define BIG_LIMBS	300	/* 32-bit limbs: room for 9600 bits */

struct big {
	uint32_t limb[BIG_LIMBS];	/* least significant first */
	int len;
};

static void
big_set(struct big *b, uint64_t v)
{
	b->len = 0;
	while (v != 0) {
		b->limb[b->len++] = (uint32_t)v;
		v >>= 32;
	}
}

static void
big_mul_small(struct big *b, uint32_t f)
{
	uint64_t carry = 0;

	for (int i = 0; i < b->len; i++) {
		uint64_t t = (uint64_t)b->limb[i] * f + carry;
		b->limb[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry != 0)
		b->limb[b->len++] = (uint32_t)carry;
}

static void
big_add_small(struct big *b, uint32_t v)
{
	uint64_t carry = v;

	for (int i = 0; carry != 0; i++) {
		if (i == b->len)
			b->limb[b->len++] = 0;
		uint64_t t = (uint64_t)b->limb[i] + carry;
		b->limb[i] = (uint32_t)t;
		carry = t >> 32;
	}
}

static void
big_mul_pow5(struct big *b, int n)
{
	for (; n >= 13; n -= 13)
		big_mul_small(b, 1220703125);	/* 5^13 */
	while (n-- > 0)
		big_mul_small(b, 5);
}

static void
big_shift_left(struct big *b, int n)
{
	int words = n / 32, bits = n % 32;

	if (b->len == 0)
		return;
	b->limb[b->len] = 0;
	for (int i = b->len; i >= 0; i--) {
		uint32_t hi = b->limb[i] << bits;
		uint32_t lo = bits != 0 && i > 0 ? b->limb[i - 1] >> (32 - bits) : 0;
		b->limb[i + words] = hi | lo;
	}
	for (int i = 0; i < words; i++)
		b->limb[i] = 0;
	b->len += words + 1;
	while (b->len > 0 && b->limb[b->len - 1] == 0)
		b->len--;
}

static int
big_compare(const struct big *a, const struct big *b)
{
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	for (int i = a->len - 1; i >= 0; i--)
		if (a->limb[i] != b->limb[i])
			return a->limb[i] < b->limb[i] ? -1 : 1;
	return 0;
}

/* The parsed text: digits d[0..n) (no leading zeros), value 0.d * 10^point. */
struct decimal {
	char d[MAX_DIGITS];
	int n;
	int point;
	bool sticky;		/* non-zero digits were dropped after d */
	bool negative;		/* (only for strtof's sign) */
};

/*
 * A binary floating point number b >= 0 with `bits` bits of mantissa
 * and smallest exponent min_e (53 and -1074 for double, 24 and -149 for
 * float) as mant * 2^e, with integers mant and e.
 */
static uint64_t
integer_parts(double b, int bits, int min_e, int *e)
{
	uint64_t mant = 0;

	*e = min_e;
	if (b != 0) {
		double frac = frexp(b, e);	/* 0.5 <= frac < 1 */
		mant = (uint64_t)ldexp(frac, bits);
		*e -= bits;
		if (*e < min_e) {	/* subnormal: the exponent is fixed */
			mant >>= min_e - *e;
			*e = min_e;
		}
	}
	return mant;
}

/*
 * Compare the decimal value with the point halfway between mant 2^e
 * and the next number up, (2 mant + 1) 2^(e-1): < 0, 0, > 0.
 */
static int
compare_with_halfway(const struct decimal *dec, uint64_t mant, int e)
{
	static struct big lhs, rhs;	/* large: keep them off the stack */

	/* lhs = the digits as an integer, nine at a time */
	lhs.len = 0;
	for (int i = 0; i < dec->n; i += 9) {
		uint32_t chunk = 0, scale = 1;
		for (int j = i; j < dec->n && j < i + 9; j++) {
			chunk = chunk * 10 + (dec->d[j] - '0');
			scale *= 10;
		}
		big_mul_small(&lhs, scale);
		big_add_small(&lhs, chunk);
	}
	/* value = lhs * 10^k, halfway = (2 mant + 1) * 2^(e-1) */
	int k = dec->point - dec->n;
	int two_l = 0, two_r = e - 1;	/* the powers of 2 on each side */
	big_set(&rhs, 2 * mant + 1);
	if (k >= 0) {
		big_mul_pow5(&lhs, k);
		two_l += k;
	} else {
		big_mul_pow5(&rhs, -k);
		two_r -= k;
	}
	if (two_l < two_r)
		big_shift_left(&rhs, two_r - two_l);
	else
		big_shift_left(&lhs, two_l - two_r);
	int c = big_compare(&lhs, &rhs);
	return c == 0 && dec->sticky ? 1 : c;
}

/* 10^n in double arithmetic: only the first guess uses it. */
static double
pow10_approx(int n)
{
	double result = 1, base = 10;
	int m = n < 0 ? -n : n;

	for (; m != 0; m >>= 1, base *= base)
		if (m & 1)
			result *= base;
	return n < 0 ? 1 / result : result;
}

static int
compare_double(const struct decimal *dec, double b)
{
	int e;
	uint64_t mant = integer_parts(b, DBL_MANT_DIG, -1074, &e);

	return compare_with_halfway(dec, mant, e);
}

static bool
is_odd(double d)
{
	uint64_t bits;

	memcpy(&bits, &d, sizeof bits);
	return bits & 1;
}

static double
decimal_to_double(const struct decimal *dec)
{
	if (dec->n == 0)
		return 0;
	if (dec->point > 310)
		return HUGE_VAL;
	if (dec->point < -330)
		return 0;
	/* The guess, from the first 19 digits. */
	uint64_t m = 0;
	int used = dec->n < 19 ? dec->n : 19;
	for (int i = 0; i < used; i++)
		m = m * 10 + (dec->d[i] - '0');
	int k = dec->point - used;
	if (used == dec->n && !dec->sticky && m < (1ull << 53) &&
	    k >= -22 && k <= 22)	/* m and 10^k exact: one rounding */
		return k < 0 ? (double)m / pow10_approx(-k) : (double)m * pow10_approx(k);
	double guess = (double)m;
	if (k < -280) {		/* two steps, so as not to underflow early */
		guess *= pow10_approx(-280);
		k += 280;
	}
	guess *= pow10_approx(k);
	if (isinf(guess))
		guess = DBL_MAX;

	/* Step until the value lies in guess's rounding interval; at a
	 * halfway point, the even neighbour wins. */
	for (;;) {
		int c = compare_double(dec, guess);
		if (c > 0 || (c == 0 && is_odd(guess))) {
			if (guess == DBL_MAX)
				return HUGE_VAL;
			guess = nextafter(guess, INFINITY);
			continue;
		}
		if (guess == 0)
			return 0;
		double below = nextafter(guess, 0);
		c = compare_double(dec, below);
		if (c < 0 || (c == 0 && is_odd(guess))) {
			guess = below;
			continue;
		}
		return guess;
	}
}

/* Hexadecimal: 0x h.hhh p e.  Up to 16 digits are kept exactly, the rest
 * folded into a sticky bit; then one conversion to double rounds. */
static double
parse_hex(const char *s, const char **end)
{
	uint64_t m = 0;
	int exp = 0;
	bool any = false, point = false;

	for (;; s++) {
		int v;
		if (*s == '.' && !point) {
			point = true;
			continue;
		}
		if (isdigit((unsigned char)*s))
			v = *s - '0';
		else if (isxdigit((unsigned char)*s))
			v = (*s | 0x20) - 'a' + 10;
		else
			break;
		any = true;
		if (m >> 60 == 0) {
			m = m << 4 | v;
			exp -= point ? 4 : 0;
		} else {
			m |= v != 0;		/* sticky */
			exp += point ? 0 : 4;
		}
	}
	if (!any)
		return -1;
	if (*s == 'p' || *s == 'P') {
		char *after;
		long e = strtol(s + 1, &after, 10);
		if (after != s + 1) {
			exp += e > 5000 ? 5000 : e < -5000 ? -5000 : (int)e;
			s = after;
		}
	}
	*end = s;
	return ldexp((double)m, exp);
}

static bool
match_word(const char *s, const char *word, const char **end)
{
	size_t n = strlen(word);

	if (strncasecmp(s, word, n) != 0)
		return false;
	*end = s + n;
	return true;
}

/*
 * The work of strtod() and strtof(): the correctly rounded double, and
 * in *decimal the parsed digits (NULL for inf, nan and hexadecimal).
 */
static double
parse(const char *s, char **endptr, const struct decimal **decimal)
{
	static struct decimal dec;
	const char *p = s, *end = s;
	bool negative = false;
	double result = 0;

	*decimal = NULL;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		negative = *p++ == '-';

	if (match_word(p, "infinity", &end) || match_word(p, "inf", &end)) {
		result = INFINITY;
	} else if (match_word(p, "nan", &end)) {
		result = NAN;
	} else if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    (result = parse_hex(p + 2, &end)) >= 0) {
		/* parse_hex set end */
	} else {
		bool any = false, point = false;
		int exp10 = 0;

		result = 0;
		dec.n = 0;
		dec.point = 0;
		dec.sticky = false;
		dec.negative = negative;
		for (;; p++) {
			if (*p == '.' && !point) {
				point = true;
				continue;
			}
			if (!isdigit((unsigned char)*p))
				break;
			any = true;
			if (*p == '0' && dec.n == 0) {	/* a leading zero */
				if (point)
					dec.point--;
				continue;
			}
			if (dec.n < MAX_DIGITS)
				dec.d[dec.n++] = *p;
			else if (*p != '0')
				dec.sticky = true;
			if (!point)
				dec.point++;
		}
		if (!any) {		/* no number at all */
			if (endptr != NULL)
				*endptr = (char *)s;
			return 0;
		}
		end = p;
		if (*p == 'e' || *p == 'E') {
			char *after;
			long e = strtol(p + 1, &after, 10);
			if (after != p + 1 && isdigit((unsigned char)after[-1])) {
				exp10 = e > 100000 ? 100000 : e < -100000 ? -100000 : (int)e;
				end = after;
			}
		}
		while (dec.n > 0 && dec.d[dec.n - 1] == '0')	/* trailing zeros */
			dec.n--;
		dec.point += exp10;
		result = decimal_to_double(&dec);
		if (result == 0 ? dec.n > 0 : isinf(result))
			errno = ERANGE;
		*decimal = &dec;
	}
	if (endptr != NULL)
		*endptr = (char *)end;
	return negative ? -result : result;
}

double
strtod(const char *restrict s, char **restrict endptr)
{
	const struct decimal *dec;

	return parse(s, endptr, &dec);
}

/* The float next to f (>= 0) in direction dir (+1 or -1). */
static float
next_float(float f, int dir)
{
	uint32_t bits;

	memcpy(&bits, &f, sizeof bits);
	bits += dir;
	memcpy(&f, &bits, sizeof f);
	return f;
}

/*
 * Rounding the double to float rounds twice, and can go the wrong way
 * when the double lies on a point halfway between two floats: so check
 * against the decimal value exactly, as decimal_to_double() does.
 */
float
strtof(const char *restrict s, char **restrict endptr)
{
	const struct decimal *dec;
	double d = parse(s, endptr, &dec);
	float f = fabsf((float)d);
	int e;

	if (dec == NULL || isinf(f) || dec->n == 0)
		return (float)d;
	for (;;) {
		uint64_t mant = integer_parts(f, FLT_MANT_DIG, -149, &e);
		int c = compare_with_halfway(dec, mant, e);
		if (c > 0 || (c == 0 && (mant & 1))) {
			f = next_float(f, 1);
			if (isinf(f))
				break;
			continue;
		}
		if (f == 0)
			break;
		float below = next_float(f, -1);
		mant = integer_parts(below, FLT_MANT_DIG, -149, &e);
		c = compare_with_halfway(dec, mant, e);
		uint64_t f_mant = integer_parts(f, FLT_MANT_DIG, -149, &e);
		if (c < 0 || (c == 0 && (f_mant & 1))) {
			f = below;
			continue;
		}
		break;
	}
	if (f == 0 || isinf(f))
		errno = ERANGE;
	return dec->negative ? -f : f;
}

double
atof(const char *s)
{
	return strtod(s, NULL);
}
