/*
 * <math.h> for doubles.  exp, log, pow, the trigonometric and hyperbolic
 * functions and hypot are correctly rounded (the double nearest the
 * exact value) but for inputs within 2^-70 of a midpoint between two
 * doubles; tests/test_libm.py checks them against exact arithmetic.
 *
 * The functions are built on a few ideas a student can follow:
 *
 *   - bit manipulation for the exact ones (floor, frexp, fmod, ...);
 *   - range reduction to a small interval, then a table point in it and
 *     a short Taylor polynomial around that point (exp: x = k ln2/32 + r;
 *     log: x = 2^k m, m near 1 + j/128; sin and cos: x = n pi/2 + r,
 *     then r near i/64; atan: t near i/64);
 *   - "double-double" arithmetic (a value as hi + lo, two doubles, about
 *     106 bits) for everything but the polynomials' small tails, so the
 *     one rounding left is the last one.
 *
 * The mathematical constants were computed with exact arithmetic and
 * written in hexadecimal, so they are exactly the doubles meant.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "math_tables.h"

/* ln 2 = LN2_HI + LN2_LO; LN2_HI has 32 bits, so n * LN2_HI is exact. */
#define LN2_HI		0x1.62e42fee00000p-1
#define LN2_LO		0x1.a39ef35793c76p-33
#define INVLN2		0x1.71547652b82fep+0	/* 1/ln 2 */
#define INVLN2_LO	0x1.777d0ffda0d24p-56
#define INVLN10		0x1.bcb7b1526e50ep-2	/* 1/ln 10 */
#define INVLN10_LO	0x1.95355baaafad3p-57
#define LOG10_2		0x1.34413509f79ffp-2	/* log10(2) */
#define LOG10_2_LO	(-0x1.9dc1da994fd21p-59)
#define PI_HI		0x1.921fb54442d18p+1
#define PI_LO		0x1.1a62633145c07p-53
#define PI_2_HI		0x1.921fb54442d18p+0
#define PI_2_LO		0x1.1a62633145c07p-54
#define PI_4_HI		0x1.921fb54442d18p-1
#define PI_4_LO		0x1.1a62633145c07p-55
/* pi/2 in four pieces; the first three have 33 bits each. */
#define PIO2_1		0x1.921fb54400000p+0
#define PIO2_2		0x1.0b4611a600000p-34
#define PIO2_3		0x1.3198a2e000000p-69
#define PIO2_4		0x1.b839a252049c1p-104
/* Double-double constants (hi + lo, about 106 bits) */
#define LN2_DD_HI	0x1.62e42fefa39efp-1
#define LN2_DD_LO	0x1.abc9e3b39803fp-56
#define LN2_32_DD_HI	0x1.62e42fefa39efp-6
#define LN2_32_DD_LO	0x1.abc9e3b39803fp-61
#define INVLN10_DD_HI	0x1.bcb7b1526e50ep-2
#define INVLN10_DD_LO	0x1.95355baaafad3p-57
#define INVLN2_DD_HI	0x1.71547652b82fep+0
#define INVLN2_DD_LO	0x1.777d0ffda0d24p-56
#define PI_DD_HI	0x1.921fb54442d18p+1
#define PI_DD_LO	0x1.1a62633145c07p-53
#define PI_2_DD_HI	0x1.921fb54442d18p+0
#define PI_2_DD_LO	0x1.1a62633145c07p-54
#define LOG10_2_DD_HI	0x1.34413509f79ffp-2
#define LOG10_2_DD_LO	-0x1.9dc1da994fd21p-59
#define LN2_32_1	0x1.62e42fee00000p-6
#define LN2_32_2	0x1.a39ef35793c76p-38
#define LN2_32_3	0x1.cc01f97b57a08p-92
#define INV_LN2_32	0x1.71547652b82fep+5

static uint64_t
bits_of(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof u);
	return u;
}

static double
from_bits(uint64_t u)
{
	double x;

	memcpy(&x, &u, sizeof x);
	return x;
}

/* The biased exponent field: 0 for zero and subnormals, 2047 for inf/NaN. */
static int
exponent_field(double x)
{
	return (int)(bits_of(x) >> 52) & 0x7ff;
}

/* --- exact operations on the representation ------------------------------- */

double
fabs(double x)
{
	return from_bits(bits_of(x) & ~(1ull << 63));
}

double
copysign(double x, double y)
{
	return from_bits((bits_of(x) & ~(1ull << 63)) | (bits_of(y) & (1ull << 63)));
}

/* The square root instruction is correctly rounded by IEEE 754. */
double
sqrt(double x)
{
	__asm__("sqrtsd %1, %0" : "=x"(x) : "x"(x));
	return x;
}

float
sqrtf(float x)
{
	__asm__("sqrtss %1, %0" : "=x"(x) : "x"(x));
	return x;
}

double
trunc(double x)
{
	int e = exponent_field(x) - 1023;	/* unbiased */

	if (e >= 52)			/* an integer already, inf or NaN */
		return x;
	if (e < 0)			/* |x| < 1 */
		return copysign(0.0, x);
	uint64_t fraction_bits = (1ull << (52 - e)) - 1;
	return from_bits(bits_of(x) & ~fraction_bits);
}

double
floor(double x)
{
	double t = trunc(x);

	return t > x ? t - 1 : t;
}

double
ceil(double x)
{
	double t = trunc(x);

	return t < x ? t + 1 : t;
}

/* Halfway cases away from zero.  x - trunc(x) is exact. */
double
round(double x)
{
	double t = trunc(x);

	if (fabs(x - t) >= 0.5)
		t += copysign(1.0, x);
	return t;
}

long
lround(double x)
{
	return (long)round(x);
}

/* To the nearest integer, ties to even (the default rounding mode):
 * adding 2^52 pushes the fraction bits out of the double. */
double
rint(double x)
{
	if (fabs(x) >= 0x1p52 || x == 0)
		return x;
	double big = copysign(0x1p52, x);
	return copysign((x + big) - big, x);
}

float fabsf(float x) { return (float)fabs(x); }
float floorf(float x) { return (float)floor(x); }
float ceilf(float x) { return (float)ceil(x); }

double
frexp(double x, int *exp)
{
	int e = exponent_field(x);

	if (x == 0 || e == 0x7ff) {	/* zero, inf, NaN */
		*exp = 0;
		return x;
	}
	if (e == 0) {			/* subnormal: make it normal first */
		x *= 0x1p64;
		e = exponent_field(x) - 64;
	}
	*exp = e - 1022;
	return from_bits((bits_of(x) & ~(0x7ffull << 52)) | (1022ull << 52));
}

/*
 * x * 2^n, rounded once.  Large steps first keep the intermediate
 * results normal; the last step into the subnormal range goes through
 * 2^-1022 * 2^53 so that only one multiplication rounds.
 */
double
scalbn(double x, int n)
{
	if (n > 1023) {
		x *= 0x1p1023;
		n -= 1023;
		if (n > 1023) {
			x *= 0x1p1023;
			n -= 1023;
			if (n > 1023)
				n = 1023;
		}
	} else if (n < -1022) {
		x *= 0x1p-1022 * 0x1p53;
		n += 1022 - 53;
		if (n < -1022) {
			x *= 0x1p-1022 * 0x1p53;
			n += 1022 - 53;
			if (n < -1022)
				n = -1022;
		}
	}
	return x * from_bits((uint64_t)(0x3ff + n) << 52);
}

double
ldexp(double x, int n)
{
	double r = scalbn(x, n);

	if (x != 0 && isfinite(x) && (r == 0 || isinf(r)))
		errno = ERANGE;
	return r;
}

double
modf(double x, double *iptr)
{
	*iptr = trunc(x);
	if (isinf(x))
		return copysign(0.0, x);
	return copysign(x - *iptr, x);	/* exact */
}

double
nextafter(double x, double y)
{
	if (isnan(x) || isnan(y))
		return x + y;
	if (x == y)
		return y;
	if (x == 0)
		return copysign(DBL_TRUE_MIN, y);
	uint64_t u = bits_of(x);
	/* Away from zero means a bigger magnitude: the next bit pattern. */
	if ((x < y) == (x > 0))
		u++;
	else
		u--;
	return from_bits(u);
}

double fmin(double x, double y) { return isnan(x) || y < x ? y : x; }
double fmax(double x, double y) { return isnan(x) || y > x ? y : x; }

/*
 * fmod: the remainder of |x| / |y| is computed exactly, by the long
 * division we learn at school, in binary: x = mx 2^ex, y = my 2^ey with
 * integers mx, my; take r = mx mod my, then for each step from ex down
 * to ey double r and subtract my if it fits.
 */
static uint64_t
integer_mantissa(double x, int *e)
{
	int field = exponent_field(x);
	uint64_t m = bits_of(x) & ((1ull << 52) - 1);

	if (field == 0) {
		*e = -1074;
		return m;
	}
	*e = field - 1075;
	return m | 1ull << 52;
}

double
fmod(double x, double y)
{
	if (isnan(x) || isnan(y) || isinf(x) || y == 0)
		return (x * y) / (x * y);	/* NaN */
	if (isinf(y) || fabs(x) < fabs(y))
		return x;
	int ex, ey;
	uint64_t mx = integer_mantissa(x, &ex);
	uint64_t my = integer_mantissa(y, &ey);
	uint64_t r = mx % my;

	for (; ex > ey; ex--) {
		r <<= 1;
		if (r >= my)
			r -= my;
	}
	return copysign(scalbn((double)r, ey), x);	/* r < my: exact */
}

/* --- double-double arithmetic --------------------------------------------- */

/*
 * A value as hi + lo, two doubles with |lo| <= ulp(hi)/2: about 106 bits.
 * The functions below compute their results this way, to within about
 * 2^-70 of the value, and round once at the end: so the double returned
 * is the correctly rounded one except when the exact value lies within
 * 2^-70 of a midpoint between two doubles (rare, never seen in the tests).
 */
struct dd {
	double hi, lo;
};

/* a + b = s + err exactly. */
static double
two_sum(double a, double b, double *err)
{
	double s = a + b;
	double bb = s - a;

	*err = (a - (s - bb)) + (b - bb);
	return s;
}

/* Dekker's split: a = hi + lo with each half at most 26 bits. */
static void
split(double a, double *hi, double *lo)
{
	double c = 134217729.0 * a;	/* 2^27 + 1 */

	*hi = c - (c - a);
	*lo = a - *hi;
}

/* a * b = p + err exactly (if nothing overflows). */
static double
two_prod(double a, double b, double *err)
{
	double p = a * b, ah, al, bh, bl;

	split(a, &ah, &al);
	split(b, &bh, &bl);
	*err = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
	return p;
}

/* hi + lo made canonical (|lo| <= ulp(hi)/2). */
static struct dd
dd_norm(double hi, double lo)
{
	double s = hi + lo;

	return (struct dd){ s, lo - (s - hi) };
}

static struct dd dd1(double a) { return (struct dd){ a, 0 }; }
static struct dd dd_neg(struct dd a) { return (struct dd){ -a.hi, -a.lo }; }
static struct dd dd_ldexp(struct dd a, int n) { return (struct dd){ scalbn(a.hi, n), scalbn(a.lo, n) }; }
static double dd_round(struct dd a) { return a.hi + a.lo; }

static struct dd
dd_add(struct dd a, struct dd b)
{
	double err, s = two_sum(a.hi, b.hi, &err);

	return dd_norm(s, err + (a.lo + b.lo));
}

static struct dd dd_sub(struct dd a, struct dd b) { return dd_add(a, dd_neg(b)); }

static struct dd
dd_mul(struct dd a, struct dd b)
{
	double err, p = two_prod(a.hi, b.hi, &err);

	return dd_norm(p, err + (a.hi * b.lo + a.lo * b.hi));
}

/* a / b: three quotient digits, each from the remainder of the last. */
static struct dd
dd_div(struct dd a, struct dd b)
{
	double q1 = a.hi / b.hi;
	struct dd r = dd_sub(a, dd_mul(dd1(q1), b));
	double q2 = r.hi / b.hi;
	r = dd_sub(r, dd_mul(dd1(q2), b));
	return dd_add(dd_norm(q1, q2), dd1(r.hi / b.hi));
}

/* sqrt(a) for a >= 0: one Newton step from the double square root. */
static struct dd
dd_sqrt(struct dd a)
{
	if (a.hi <= 0)
		return dd1(0);
	double err, s = sqrt(a.hi);
	double p = two_prod(s, s, &err);

	return dd_norm(s, (((a.hi - p) - err) + a.lo) / (2 * s));
}

/*
 * (a.hi + a.lo) 2^n rounded once to a double, subnormal results
 * included: those are rounded to a multiple of 2^-1074 by hand, since
 * scaling a rounded double down would round a second time.
 */
static double
dd_scaled(struct dd a, int n)
{
	int e;

	frexp(a.hi, &e);
	if (a.hi == 0 || e + n > -1021)
		return scalbn(a.hi + a.lo, n);
	if (e + n < -1080)
		return copysign(0, a.hi);
	double err, u = two_sum(scalbn(a.hi, n + 1074), scalbn(a.lo, n + 1074), &err);
	double r = rint(u);		/* units of 2^-1074, ties to even */
	double d = (u - r) + err;	/* what rint left out, exactly enough */
	if (d > 0.5)
		r += 1;
	else if (d < -0.5)
		r -= 1;
	return r * 0x1p-1074;
}

static const struct dd LN2_DD = { LN2_DD_HI, LN2_DD_LO };
static const struct dd INVLN2_DD = { INVLN2_DD_HI, INVLN2_DD_LO };
static const struct dd INVLN10_DD = { INVLN10_DD_HI, INVLN10_DD_LO };
static const struct dd PI_DD = { PI_DD_HI, PI_DD_LO };
static const struct dd PI_2_DD = { PI_2_DD_HI, PI_2_DD_LO };

static struct dd
table(const double t[][2], int i)
{
	return (struct dd){ t[i][0], t[i][1] };
}

/* --- exp ------------------------------------------------------------------ */

/*
 * e^x for x = x_hi + x_lo (|x_hi| < 746): x = k ln2/32 + r with
 * |r| <= ln2/64, so e^x = 2^n 2^(j/32) e^r with k = 32n + j.  2^(j/32)
 * comes from a table; e^r - 1 = r + r^2/2 + r^3 (1/3! + r/4! + ...),
 * the first two terms in double-double, the rest (below 2.2e-7) in
 * double.  Sets *m to 2^(j/32) e^r and *em1 to e^r - 1; returns k.
 */
static int
exp_parts(double x_hi, double x_lo, struct dd *m, struct dd *em1)
{
	double k = rint(x_hi * INV_LN2_32);
	double r1 = x_hi - k * LN2_32_1;	/* exact: k LN2_32_1 has 48 bits */
	double err, p = two_prod(k, LN2_32_2, &err);
	struct dd r = dd_add(dd_norm(r1, x_lo), dd_norm(-p, -err - k * LN2_32_3));
	double h = r.hi;
	double q = 1.0 / 6 + h * (1.0 / 24 + h * (1.0 / 120 + h * (1.0 / 720 +
	    h * (1.0 / 5040 + h * (1.0 / 40320 + h / 362880)))));
	struct dd em = dd_add(r, dd_add(dd_ldexp(dd_mul(r, r), -1), dd1(h * h * h * q)));
	int ki = (int)k;
	struct dd t = table(exp2_j32, ki & 31);

	*em1 = em;
	*m = dd_add(t, dd_mul(t, em));
	return ki;
}

/* Beyond these e^x overflows or underflows to zero. */
#define EXP_MAX		0x1.62e42fefa39efp+9	/* ln(DBL_MAX) */
#define EXP_MIN		(-0x1.74910d52d3051p+9)	/* ln(2^-1075) */

/* n of 2^n in e^x = 2^n 2^(j/32) e^r, from k = 32n + j. */
static int k_to_n(int k) { return (k - (k & 31)) / 32; }

/* e^(x_hi + x_lo), rounded once; ERANGE when it overflows or underflows. */
static double
exp_dd(double x_hi, double x_lo)
{
	struct dd m, em;
	double r;

	if (x_hi > EXP_MAX + 1) {
		errno = ERANGE;
		return HUGE_VAL;
	}
	if (x_hi < EXP_MIN - 1) {
		errno = ERANGE;
		return 0;
	}
	int k = exp_parts(x_hi, x_lo, &m, &em);
	r = dd_scaled(m, k_to_n(k));
	if (r == 0 || isinf(r))
		errno = ERANGE;
	return r;
}

double
exp(double x)
{
	if (isnan(x))
		return x;
	return exp_dd(x, 0);
}

double
exp2(double x)
{
	if (isnan(x))
		return x;
	if (fabs(x) > 1100)
		return exp_dd(x > 0 ? HUGE_VAL : -HUGE_VAL, 0);
	struct dd t = dd_mul(dd1(x), LN2_DD);
	return exp_dd(t.hi, t.lo);
}

/* e^x - 1 in double-double: e^r - 1 directly when k is 0 (no 1 to
 * cancel), else 2^n m - 1. */
static struct dd
expm1_dd(double x)
{
	struct dd m, em;
	int k = exp_parts(x, 0, &m, &em);

	if (k == 0)
		return em;
	return dd_add(dd_ldexp(m, k_to_n(k)), dd1(-1));
}

double
expm1(double x)
{
	if (isnan(x) || x > EXP_MAX)
		return exp(x);
	if (x < -40)
		return -1;
	if (fabs(x) < 0x1p-54)
		return x;
	return dd_round(expm1_dd(x));
}

/* --- log ------------------------------------------------------------------ */

/*
 * log(x_hi + x_lo) in double-double (x_hi finite and positive).
 * x = 2^k m with 1 <= m < 2 (or m just below 1), c = 1 + j/128 the
 * nearest table point, so |m/c - 1| <= 1/256 and
 *	log x = k ln2 + log c + 2 atanh(s),  s = (m - c)/(m + c), |s| < 2^-9
 *	2 atanh(s) = 2s + 2s^3/3 + 2s^5/5 + ...
 * m - c is exact; near x = 1 c is 1 itself, so nothing cancels there.
 */
static struct dd
log_dd(double x_hi, double x_lo)
{
	int k, j;
	double m = 2 * frexp(x_hi, &k);

	k--;
	double m_lo = scalbn(x_lo, -k);
	j = (int)rint((m - 1) * 128);
	if (j == 128) {			/* m near 2: take it as 2 (m/2) */
		m /= 2;
		m_lo /= 2;
		k++;
		j = 0;
	}
	double c = 1 + j / 128.0;
	double err, den = two_sum(m, c, &err);
	struct dd s = dd_div(dd_norm(m - c, m_lo), dd_norm(den, err + m_lo));
	double z = s.hi * s.hi;
	double tail = 2 * s.hi * z * (1.0 / 3 + z * (1.0 / 5 + z * (1.0 / 7 + z / 9)));
	struct dd r = dd_add(dd_ldexp(s, 1), dd1(tail));

	r = dd_add(table(log_c, j), r);
	return dd_add(dd_mul(dd1(k), LN2_DD), r);
}

/* Out of log's domain: NaN for x < 0, -inf for 0 (both set errno). */
static bool
log_special(double x, double *result)
{
	if (isnan(x) || x == HUGE_VAL) {
		*result = x;
	} else if (x == 0) {
		errno = ERANGE;
		*result = -HUGE_VAL;
	} else if (x < 0) {
		errno = EDOM;
		*result = NAN;
	} else {
		return false;
	}
	return true;
}

double
log(double x)
{
	double result;

	if (log_special(x, &result))
		return result;
	return dd_round(log_dd(x, 0));
}

double
log2(double x)
{
	double result;

	if (log_special(x, &result))
		return result;
	return dd_round(dd_mul(log_dd(x, 0), INVLN2_DD));
}

double
log10(double x)
{
	double result;

	if (log_special(x, &result))
		return result;
	return dd_round(dd_mul(log_dd(x, 0), INVLN10_DD));
}

/* log(1 + x): 1 + x is exact as a double-double. */
double
log1p(double x)
{
	double result, err, u;

	if (x == -1 || x < -1 || isnan(x) || isinf(x))
		return log_special(1 + x, &result) ? result : log(1 + x);
	if (fabs(x) < 0x1p-54)
		return x;
	u = two_sum(1, x, &err);
	return dd_round(log_dd(u, err));
}

/* --- pow ------------------------------------------------------------------ */

static bool
is_integer(double y)
{
	return trunc(y) == y;
}

static bool
is_odd_integer(double y)
{
	return fabs(y) < 0x1p53 && is_integer(y) && fmod(y, 2) != 0;
}

/*
 * x^y for a small integer y by repeated squaring in double-double: a
 * product like 17^13 (54 bits, exactly halfway between two doubles) is
 * then exact, and rounds to even as it must; e^(y log x), off by a
 * trace, could round it the wrong way.  False if the result would leave
 * the normal range (the general way handles that).
 */
static bool
int_power(double x, double y, double *result)
{
	struct dd acc = dd1(1), base = dd1(x);
	unsigned n;

	if (fabs(y) > 256 || !is_integer(y))
		return false;
	for (n = (unsigned)fabs(y); n != 0; n >>= 1) {
		if (n & 1)
			acc = dd_mul(acc, base);
		if (n > 1)
			base = dd_mul(base, base);
		if (!(fabs(base.hi) < 0x1p500 && fabs(base.hi) > 0x1p-500) ||
		    !(fabs(acc.hi) < 0x1p1000 && fabs(acc.hi) > 0x1p-1000))
			return false;
	}
	if (y < 0)
		acc = dd_div(dd1(1), acc);
	*result = dd_round(acc);
	return true;
}

/*
 * x^y = e^(y log x), with log x and the product in double-double: e^t
 * turns an absolute error d in t (up to 745) into a relative error d.
 * The special cases follow C99's Annex F.
 */
double
pow(double x, double y)
{
	if (y == 0 || x == 1)
		return 1;
	if (isnan(x) || isnan(y))
		return x + y;
	bool negate = false;
	if (x == 0) {
		bool odd = is_odd_integer(y);
		if (y < 0) {
			errno = ERANGE;
			return odd ? copysign(HUGE_VAL, x) : HUGE_VAL;
		}
		return odd ? x : 0;
	}
	if (isinf(y)) {
		if (x == -1)
			return 1;
		return (fabs(x) > 1) == (y > 0) ? HUGE_VAL : 0;
	}
	if (isinf(x)) {
		bool odd = is_odd_integer(y);
		double r = y < 0 ? 0 : HUGE_VAL;
		return x < 0 && odd ? -r : r;
	}
	if (x < 0) {
		if (!is_integer(y)) {
			errno = EDOM;
			return NAN;
		}
		negate = is_odd_integer(y);
		x = -x;
	}
	if (fabs(y) > 0x1p64) {	/* |y log x| is huge unless x == 1 */
		errno = ERANGE;
		return (x > 1) == (y > 0) ? HUGE_VAL : 0;
	}
	double r;
	if (!int_power(x, y, &r)) {
		struct dd t = dd_mul(log_dd(x, 0), dd1(y));
		r = exp_dd(t.hi, t.lo);
	}
	return negate ? -r : r;
}

double
cbrt(double x)
{
	if (x == 0 || !isfinite(x))
		return x;
	double a = fabs(x);
	double r = pow(a, 1.0 / 3);
	r = r - (r * r * r - a) / (3 * r * r);	/* one Newton step */
	return copysign(r, x);
}

double
hypot(double x, double y)
{
	int e;

	x = fabs(x);
	y = fabs(y);
	if (isinf(x) || isinf(y))
		return HUGE_VAL;
	if (isnan(x) || isnan(y))
		return x + y;
	if (x < y) {
		double t = x;
		x = y;
		y = t;
	}
	if (y == 0 || y < x * 0x1p-60)	/* y^2 is below half an ulp of x^2 */
		return x;
	frexp(x, &e);			/* scale to 1: no overflow, no underflow */
	x = scalbn(x, -e);
	y = scalbn(y, -e);
	double ex, ey, px = two_prod(x, x, &ex), py = two_prod(y, y, &ey);
	double r = dd_scaled(dd_sqrt(dd_add(dd_norm(px, ex), dd_norm(py, ey))), e);
	if (isinf(r))
		errno = ERANGE;
	return r;
}

/* --- sin, cos, tan -------------------------------------------------------- */

/*
 * The bits of 2/pi after the binary point, for reducing huge arguments:
 * 0.a2f9836e... in hexadecimal, 1280 bits.
 */
static const uint64_t two_over_pi[] = {
	0xa2f9836e4e441529ULL, 0xfc2757d1f534ddc0ULL, 0xdb6295993c439041ULL,
	0xfe5163abdebbc561ULL, 0xb7246e3a424dd2e0ULL, 0x06492eea09d1921cULL,
	0xfe1deb1cb129a73eULL, 0xe88235f52ebb4484ULL, 0xe99c7026b45f7e41ULL,
	0x3991d639835339f4ULL, 0x9c845f8bbdf9283bULL, 0x1ff897ffde05980fULL,
	0xef2f118b5a0a6d1fULL, 0x6d367ecf27cb09b7ULL, 0x4f463f669e5fea2dULL,
	0x7527bac7ebe5f17bULL, 0x3d0739f78a5292eaULL, 0x6bfb5fb11f8d5d08ULL,
	0x56033046fc7b6babULL, 0xf0cfbc209af4361dULL,
};

/* 64 bits of 2/pi starting at bit `pos` after the binary point (bits
 * before the point are 0, since 2/pi < 1). */
static uint64_t
two_over_pi_bits(int pos)
{
	uint64_t w = 0;

	for (int i = 0; i < 64; i++) {
		int p = pos + i;
		int bit = 0;
		if (p >= 0 && p < 64 * (int)(sizeof two_over_pi / 8))
			bit = (two_over_pi[p / 64] >> (63 - p % 64)) & 1;
		w = w << 1 | bit;
	}
	return w;
}

/*
 * Payne and Hanek's reduction for |x| >= 2^20.  With x = m 2^e (m an
 * integer) and 2/pi = sum of b_i 2^-i, x 2/pi = sum of m b_i 2^(e-i).
 * The terms with i <= e - 2 are multiples of 4, which do not change
 * sin or cos: so we need the bits of 2/pi from b_(e-1) on.  Take 192 of
 * them as an integer W: then x 2/pi mod 4 = (m W mod 2^192) 2^-190,
 * give or take less than 2^-137.  Its integer part is n mod 4, and the
 * rest, times pi/2, is r.
 */
static int
reduce_huge(double x, double *r_hi, double *r_lo)
{
	typedef unsigned __int128 u128;
	int e;
	uint64_t m = integer_mantissa(x, &e);
	int pos = e - 2;			/* b_(e-1) is bit e-2 (from 0) */
	uint64_t w0 = two_over_pi_bits(pos);
	uint64_t w1 = two_over_pi_bits(pos + 64);
	uint64_t w2 = two_over_pi_bits(pos + 128);

	u128 p2 = (u128)m * w2;
	u128 p1 = (u128)m * w1 + (uint64_t)(p2 >> 64);
	uint64_t r0 = (uint64_t)((u128)m * w0 + (uint64_t)(p1 >> 64));
	uint64_t r1 = (uint64_t)p1, r2 = (uint64_t)p2;

	int n = (int)(r0 >> 62);
	/* the fraction: the next 128 bits, as a fixed-point number */
	u128 f = (u128)(r0 << 2 | r1 >> 62) << 64 | (r1 << 2 | r2 >> 62);
	bool negative = false;
	if (f >> 127) {			/* >= 1/2: take n + 1 and f - 1 */
		n++;
		f = -f;
		negative = true;
	}
	int shift = 0;
	while (shift < 120 && !(f >> 127)) {
		f <<= 1;
		shift++;
	}
	uint64_t top = (uint64_t)(f >> 75);			/* 53 bits */
	uint64_t rest = (uint64_t)((f & (((u128)1 << 75) - 1)) >> 11);
	double hi = scalbn((double)top, 75 - 128 - shift);
	double lo = scalbn((double)rest, 11 - 128 - shift);
	if (negative) {
		hi = -hi;
		lo = -lo;
	}
	struct dd r = dd_mul(dd_norm(hi, lo), PI_2_DD);
	*r_hi = r.hi;
	*r_lo = r.lo;
	return n;
}

/*
 * x = n pi/2 + r with |r| <= pi/4 (a little more for huge x), r as
 * r_hi + r_lo.  Returns n mod 4.  For |x| < 2^20, n has at most 20 bits
 * and n PIO2_1, n PIO2_2, n PIO2_3 are exact (Cody and Waite).
 */
static int
reduce(double x, double *r_hi, double *r_lo)
{
	if (fabs(x) <= M_PI_4) {
		*r_hi = x;
		*r_lo = 0;
		return 0;
	}
	if (fabs(x) < 0x1p20) {
		double n = rint(x * M_2_PI);
		double r1 = x - n * PIO2_1;		/* exact */
		double e1, e2;
		double a = two_sum(r1, -n * PIO2_2, &e1);
		double b = two_sum(a, -n * PIO2_3, &e2);
		double lo = e1 + e2 - n * PIO2_4;
		*r_hi = b + lo;
		*r_lo = lo - (*r_hi - b);
		return (int)((long)n & 3);
	}
	int n = reduce_huge(fabs(x), r_hi, r_lo);
	if (x < 0) {
		*r_hi = -*r_hi;
		*r_lo = -*r_lo;
		n = -n;
	}
	return n & 3;
}

/*
 * sin and cos of r = r_hi + r_lo (|r_hi| <= pi/4 and a little): with
 * a = i/64 the nearest table point and d = r - a, |d| <= 1/128,
 *	sin r = sin a cos d + cos a sin d,  cos r = cos a cos d - sin a sin d
 * sin d = d - d^3/3! + ... and cos d = 1 - d^2/2 + d^4/4! - ..., the
 * terms after the first ones (below 1e-7) in double.
 */
static void
sincos_dd(struct dd r, struct dd *sin_r, struct dd *cos_r)
{
	bool negative = r.hi < 0;
	double a = fabs(r.hi);
	int i = (int)rint(a * 64);
	struct dd d = dd_norm(a - i / 64.0, negative ? -r.lo : r.lo);
	double z = d.hi * d.hi;
	double sin_tail = d.hi * z * (-1.0 / 6 + z * (1.0 / 120 + z * (-1.0 / 5040 +
	    z / 362880)));
	double cos_tail = z * z * (1.0 / 24 + z * (-1.0 / 720 + z * (1.0 / 40320 -
	    z / 3628800)));
	struct dd sin_d = dd_add(d, dd1(sin_tail));
	struct dd cos_d = dd_add(dd1(1), dd_add(dd_neg(dd_ldexp(dd_mul(d, d), -1)),
	    dd1(cos_tail)));
	struct dd sa = table(sin_a, i), ca = table(cos_a, i);

	*sin_r = dd_add(dd_mul(sa, cos_d), dd_mul(ca, sin_d));
	*cos_r = dd_sub(dd_mul(ca, cos_d), dd_mul(sa, sin_d));
	if (negative)
		*sin_r = dd_neg(*sin_r);
}

/* sin(x) = sin(r + n pi/2); cos(x) = sin(x + pi/2) is one quarter on. */
static double
sin_quarters(double x, int quarters)
{
	struct dd r, s, c;

	if (isinf(x)) {
		errno = EDOM;
		return NAN;
	}
	if (isnan(x))
		return x;
	int n = reduce(x, &r.hi, &r.lo);
	sincos_dd(r, &s, &c);
	switch ((n + quarters) & 3) {
	case 0:
		return dd_round(s);
	case 1:
		return dd_round(c);
	case 2:
		return -dd_round(s);
	default:
		return -dd_round(c);
	}
}

double
sin(double x)
{
	if (fabs(x) < 0x1p-26)		/* sin x = x, and -0 stays -0 */
		return x;
	return sin_quarters(x, 0);
}

double
cos(double x)
{
	return sin_quarters(x, 1);
}

double
tan(double x)
{
	struct dd r, s, c;

	if (isinf(x)) {
		errno = EDOM;
		return NAN;
	}
	if (isnan(x) || fabs(x) < 0x1p-27)
		return x;
	int n = reduce(x, &r.hi, &r.lo);
	sincos_dd(r, &s, &c);
	return dd_round(n & 1 ? dd_neg(dd_div(c, s)) : dd_div(s, c));
}

/* --- atan, atan2, asin, acos ---------------------------------------------- */

/*
 * atan t for 0 <= t <= 1 (t = t_hi + t_lo): with c = i/64 the nearest
 * table point, atan t = atan c + atan u, u = (t - c)/(1 + t c), |u| <=
 * 1/128, and atan u = u - u^3/3 + u^5/5 - ..., after u itself in double.
 */
static struct dd
atan01_dd(struct dd t)
{
	int i = (int)rint(t.hi * 64);
	double c = i / 64.0;
	double err, p = two_prod(t.hi, c, &err);
	struct dd den = dd_add(dd1(1), dd_norm(p, err + t.lo * c));
	struct dd u = dd_div(dd_norm(t.hi - c, t.lo), den);	/* t - c exact */
	double z = u.hi * u.hi;
	double tail = u.hi * z * (-1.0 / 3 + z * (1.0 / 5 + z * (-1.0 / 7 + z / 9)));

	return dd_add(table(atan_c, i), dd_add(u, dd1(tail)));
}

/* The angle of the point (x, y) with x, y >= 0 and not both 0, in
 * [0, pi/2]: atan(y/x) or pi/2 - atan(x/y), whichever ratio is <= 1. */
static struct dd
angle_dd(struct dd x, struct dd y)
{
	if (y.hi <= x.hi)
		return atan01_dd(dd_div(y, x));
	return dd_sub(PI_2_DD, atan01_dd(dd_div(x, y)));
}

double
atan(double x)
{
	if (isnan(x) || fabs(x) < 0x1p-27)
		return x;
	return copysign(dd_round(angle_dd(dd1(1), dd1(fabs(x)))), x);
}

double
atan2(double y, double x)
{
	if (isnan(x) || isnan(y))
		return x + y;
	bool y_neg = signbit(y);
	double r;

	if (y == 0) {
		/* +-0 to the right (or +0), +-pi to the left (or -0) */
		r = signbit(x) ? PI_DD_HI : 0;
	} else if (x == 0 || (isinf(y) && !isinf(x))) {
		r = PI_2_DD_HI;
	} else if (isinf(x)) {
		if (isinf(y))
			r = x > 0 ? PI_DD_HI / 4 : 3 * PI_DD_HI / 4;
		else
			r = x > 0 ? 0 : PI_DD_HI;
	} else {
		struct dd a = angle_dd(dd1(fabs(x)), dd1(fabs(y)));
		r = dd_round(x > 0 ? a : dd_sub(PI_DD, a));
	}
	return y_neg ? -r : r;
}

/* sqrt(1 - x^2) in double-double: x^2 is exact as p + err. */
static struct dd
cosine_of(double x)
{
	double err, p = two_prod(x, x, &err);

	return dd_sqrt(dd_add(dd1(1), dd_norm(-p, -err)));
}

double
asin(double x)
{
	if (fabs(x) > 1) {
		errno = EDOM;
		return NAN;
	}
	if (fabs(x) < 0x1p-26)
		return x;
	return copysign(dd_round(angle_dd(cosine_of(x), dd1(fabs(x)))), x);
}

double
acos(double x)
{
	if (fabs(x) > 1) {
		errno = EDOM;
		return NAN;
	}
	struct dd a = angle_dd(dd1(fabs(x)), cosine_of(x));
	return dd_round(x >= 0 ? a : dd_sub(PI_DD, a));
}

/* --- hyperbolic functions ------------------------------------------------- */

/* Past this, cosh and sinh overflow: ln(2 DBL_MAX) and a little. */
#define HYP_MAX		0x1.633ce8fb9f87ep+9

double
sinh(double x)
{
	double a = fabs(x);
	struct dd m, em;

	if (isnan(x) || a < 0x1p-26)
		return x;
	if (a > HYP_MAX) {
		errno = ERANGE;
		return copysign(HUGE_VAL, x);
	}
	int k = exp_parts(a, 0, &m, &em), n = k_to_n(k);
	if (n > 55)			/* e^-a is below half an ulp */
		return copysign(dd_scaled(m, n - 1), x);
	/* (e^a - e^-a)/2 = (E + E/(E + 1))/2 with E = e^a - 1 */
	struct dd e = k == 0 ? em : dd_add(dd_ldexp(m, n), dd1(-1));
	struct dd s = dd_add(e, dd_div(e, dd_add(e, dd1(1))));
	return copysign(dd_round(dd_ldexp(s, -1)), x);
}

double
cosh(double x)
{
	double a = fabs(x);
	struct dd m, em;

	if (isnan(x))
		return x;
	if (a > HYP_MAX) {
		errno = ERANGE;
		return HUGE_VAL;
	}
	int k = exp_parts(a, 0, &m, &em), n = k_to_n(k);
	if (n > 55)
		return dd_scaled(m, n - 1);
	struct dd sum = dd_add(dd_ldexp(m, n), dd_ldexp(dd_div(dd1(1), m), -n));
	return dd_round(dd_ldexp(sum, -1));
}

/* tanh a = (e^2a - 1)/(e^2a + 1) = E/(E + 2), E = e^2a - 1. */
double
tanh(double x)
{
	double a = fabs(x);

	if (isnan(x) || a < 0x1p-27)
		return x;
	if (a > 22)
		return copysign(1.0, x);
	struct dd e = expm1_dd(2 * a);
	return copysign(dd_round(dd_div(e, dd_add(e, dd1(2)))), x);
}
