/*
 * <math.h> for doubles, accurate to about one unit in the last place.
 *
 * The functions are built on a few ideas a student can follow:
 *
 *   - bit manipulation for the exact ones (floor, frexp, fmod, ...);
 *   - range reduction, then a Taylor polynomial on a small interval
 *     (exp: x = n ln2 + r with |r| <= ln2/2; sin and cos: x = n pi/2 + r
 *     with |r| <= pi/4; log: x = 2^k m with m near 1);
 *   - "double-double" arithmetic (a value as hi + lo, two doubles) where
 *     a plain double would lose bits: the reduced arguments, and log()
 *     inside pow(), whose result exp() magnifies.
 *
 * The mathematical constants were computed with exact rational
 * arithmetic and written in hexadecimal, so they are exactly the doubles
 * meant.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

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

/* --- double-double helpers ------------------------------------------------ */

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

/* (hi + lo) * (c_hi + c_lo) as a double-double. */
static double
dd_mul(double hi, double lo, double c_hi, double c_lo, double *out_lo)
{
	double err;
	double p = two_prod(hi, c_hi, &err);

	err += hi * c_lo + lo * c_hi;
	double s = p + err;
	*out_lo = err - (s - p);
	return s;
}

/* --- exp ------------------------------------------------------------------ */

/*
 * exp(hi + lo) = 2^n * (1 + em), returned as em and n.  The caller has
 * checked that hi is in range.  With r = hi + lo - n ln2, |r| <= 0.35,
 * and e^r - 1 = r + r^2/2! + ... + r^13/13! misses less than 2^-60.
 */
static double
exp_core(double hi, double lo, int *n_out)
{
	double n = rint(hi * INVLN2);
	double r_hi = hi - n * LN2_HI;		/* exact */
	double r_lo = lo - n * LN2_LO;
	double r_err;
	double r = two_sum(r_hi, r_lo, &r_err);
	double p = 1.0 / 6227020800;		/* 1/13! */
	static const double inverse_factorials[] = {
		1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880,
		1.0 / 40320, 1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24,
		1.0 / 6, 1.0 / 2,
	};

	for (size_t i = 0; i < sizeof inverse_factorials / sizeof(double); i++)
		p = p * r + inverse_factorials[i];
	*n_out = (int)n;
	return r + (r * r * p + r_err);	/* e^r - 1 */
}

/* Beyond these e^x overflows or underflows to zero. */
#define EXP_MAX		0x1.62e42fefa39efp+9	/* ln(DBL_MAX) */
#define EXP_MIN		(-0x1.74910d52d3051p+9)	/* ln(2^-1075) */

static double
exp_dd(double hi, double lo)
{
	if (hi > EXP_MAX) {
		errno = ERANGE;
		return HUGE_VAL;
	}
	if (hi < EXP_MIN) {
		errno = ERANGE;
		return 0;
	}
	int n;
	double em = exp_core(hi, lo, &n);
	return scalbn(1 + em, n);
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
	if (x > 1024)
		return exp_dd(HUGE_VAL, 0);
	if (x < -1080)
		return exp_dd(-HUGE_VAL, 0);
	double lo;
	double hi = dd_mul(x, 0, 0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56, &lo);
	return exp_dd(hi, lo);
}

/* e^x - 1 without the cancellation near 0: 2^n (1 + em) - 1. */
double
expm1(double x)
{
	if (isnan(x) || x > EXP_MAX)
		return exp(x);
	if (x < -40)
		return -1;
	if (fabs(x) < 0x1p-54)
		return x;
	int n;
	double em = exp_core(x, 0, &n);
	if (n == 0)
		return em;
	if (n > 60)
		return scalbn(1 + em, n) - 1;
	double two_n = scalbn(1, n);
	return (two_n - 1) + two_n * em;	/* 2^n - 1 is exact */
}

/* --- log ------------------------------------------------------------------ */

/*
 * x = 2^k m with sqrt(1/2) <= m < sqrt(2); log m = 2 atanh(s) with
 * s = (m - 1) / (m + 1), |s| < 0.172:
 *	log m = 2s + 2s^3/3 + 2s^5/5 + ...
 * Returns k and log m as hi + lo (x finite and positive).
 */
static int
log_parts(double x, double *hi, double *lo)
{
	int k;
	double m = frexp(x, &k);

	if (m < M_SQRT1_2) {
		m *= 2;
		k--;
	}
	double f = m - 1;			/* exact */
	double s = f / (2 + f);
	/* s's rounding error, from f - s (2 + f) computed exactly */
	double p_err;
	double p = two_prod(s, f, &p_err);
	double s_lo = (((f - 2 * s) - p) - p_err) / (2 + f);
	double z = s * s;
	double series = 2.0 / 25;
	for (int i = 23; i >= 3; i -= 2)	/* 2/3 + 2z/5 + ... + 2z^11/25 */
		series = series * z + 2.0 / i;
	double tail = s * z * series;
	double err;
	*hi = two_sum(2 * s, tail, &err);
	*lo = err + 2 * s_lo;
	return k;
}

/* log x = k ln2 + log m as a double-double (x finite and positive). */
static double
log_dd(double x, double *lo_out)
{
	double l_hi, l_lo, err;
	int k = log_parts(x, &l_hi, &l_lo);
	double hi = two_sum(k * LN2_HI, l_hi, &err);	/* k LN2_HI is exact */
	double lo = err + l_lo + k * LN2_LO;
	double s = hi + lo;

	*lo_out = lo - (s - hi);
	return s;
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
	double result, lo;

	if (log_special(x, &result))
		return result;
	return log_dd(x, &lo);
}

/* log_b x = k log_b 2 + log m / ln b, summed in double-double. */
static double
log_base(double x, double k_factor, double k_factor_lo, double inv_ln,
    double inv_ln_lo)
{
	double l_hi, l_lo, t_lo, err, k_lo;
	int k = log_parts(x, &l_hi, &l_lo);
	double t = dd_mul(l_hi, l_lo, inv_ln, inv_ln_lo, &t_lo);
	double kf = dd_mul(k, 0, k_factor, k_factor_lo, &k_lo);
	double hi = two_sum(kf, t, &err);

	return hi + (err + t_lo + k_lo);
}

double
log2(double x)
{
	double result;

	if (log_special(x, &result))
		return result;
	return log_base(x, 1, 0, INVLN2, INVLN2_LO);
}

double
log10(double x)
{
	double result;

	if (log_special(x, &result))
		return result;
	return log_base(x, LOG10_2, LOG10_2_LO, INVLN10, INVLN10_LO);
}

/* log(1 + x): u = 1 + x rounds, but log(u) * x / (u - 1) undoes it. */
double
log1p(double x)
{
	double u = 1 + x;

	if (u == 1)
		return x;
	if (x == HUGE_VAL || u <= 0)
		return log(u);
	return log(u) * (x / (u - 1));
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
 * x^y = e^(y log x).  The exponent y log x can be as large as 745, and
 * e^t turns an absolute error d in t into a relative error d in the
 * result: so log x is computed in double-double, and so is the product.
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
	double l_lo, t_lo;
	double l_hi = log_dd(x, &l_lo);
	double t = dd_mul(l_hi, l_lo, y, 0, &t_lo);
	double r = exp_dd(t, t_lo);
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
	x = fabs(x);
	y = fabs(y);
	if (isinf(x) || isinf(y))
		return HUGE_VAL;
	if (x < y) {
		double t = x;
		x = y;
		y = t;
	}
	if (x == 0 || isnan(x) || isnan(y))
		return x + y;
	double q = y / x;
	return x * sqrt(1 + q * q);
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
	*r_hi = dd_mul(hi, lo, PI_2_HI, PI_2_LO, r_lo);
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

/* sin(hi + lo) for |hi| <= pi/4: hi + hi^3 (-1/3! + z/5! - ... + z^7/17!)
 * with z = hi^2, plus lo cos(hi) ~ lo (1 - z/2). */
static double
sin_kernel(double hi, double lo)
{
	static const double c[] = {
		1.0 / 355687428096000, -1.0 / 1307674368000, 1.0 / 6227020800,
		-1.0 / 39916800, 1.0 / 362880, -1.0 / 5040, 1.0 / 120, -1.0 / 6,
	};
	double z = hi * hi;
	double p = 0;

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		p = p * z + c[i];
	return hi + (hi * z * p + lo * (1 - z / 2));
}

/* cos(hi + lo) for |hi| <= pi/4: 1 - z/2 + z^2 (1/4! - z/6! + ... - z^7/18!),
 * minus lo sin(hi) ~ lo hi.  w = 1 - z/2 is rounded; its rounding error
 * (1 - w) - z/2 is added back with the small terms. */
static double
cos_kernel(double hi, double lo)
{
	static const double c[] = {
		-1.0 / 6402373705728000, 1.0 / 20922789888000,
		-1.0 / 87178291200, 1.0 / 479001600, -1.0 / 3628800,
		1.0 / 40320, -1.0 / 720, 1.0 / 24,
	};
	double z = hi * hi;
	double q = 0;

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		q = q * z + c[i];
	double w = 1 - z / 2;
	return w + (((1 - w) - z / 2) + (z * z * q - hi * lo));
}

/* sin(x) = sin(r + n pi/2); cos(x) = sin(x + pi/2) is one quarter on. */
static double
sin_quarters(double x, int quarters)
{
	double hi, lo;

	if (isinf(x)) {
		errno = EDOM;
		return NAN;
	}
	if (isnan(x))
		return x;
	switch ((reduce(x, &hi, &lo) + quarters) & 3) {
	case 0:
		return sin_kernel(hi, lo);
	case 1:
		return cos_kernel(hi, lo);
	case 2:
		return -sin_kernel(hi, lo);
	default:
		return -cos_kernel(hi, lo);
	}
}

double
sin(double x)
{
	if (fabs(x) < 0x1p-27)		/* sin x = x, and -0 stays -0 */
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
	double hi, lo;

	if (isinf(x)) {
		errno = EDOM;
		return NAN;
	}
	if (isnan(x) || fabs(x) < 0x1p-27)
		return x;
	double s, c;
	int n = reduce(x, &hi, &lo);
	s = sin_kernel(hi, lo);
	c = cos_kernel(hi, lo);
	return n & 1 ? -c / s : s / c;
}

/* --- atan, atan2, asin, acos ---------------------------------------------- */

/* atan t for |t| <= tan(pi/8) = 0.4142: t - t^3/3 + t^5/5 - ..., 23 terms */
static double
atan_series(double t)
{
	double z = t * t;
	double p = 0;

	for (int k = 45; k >= 3; k -= 2)
		p = p * z + ((k / 2) % 2 ? -1.0 : 1.0) / k;
	return t + t * z * p;
}

/* atan x for 0 <= x <= 1: near 1 use atan x = pi/4 + atan((x-1)/(x+1)). */
static double
atan_01(double x)
{
	if (x <= 0.41421356237309503)
		return atan_series(x);
	double t = (x - 1) / (x + 1);
	return PI_4_HI + (atan_series(t) + PI_4_LO);
}

double
atan(double x)
{
	if (isnan(x))
		return x;
	double a = fabs(x), r;
	if (a <= 1)
		r = atan_01(a);
	else		/* atan x = pi/2 - atan(1/x) */
		r = PI_2_HI - (atan_01(1 / a) - PI_2_LO);
	return copysign(r, x);
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
		r = signbit(x) ? PI_HI : 0;
	} else if (x == 0 || (isinf(y) && !isinf(x))) {
		r = PI_2_HI;
	} else if (isinf(x)) {
		if (isinf(y))
			r = x > 0 ? PI_4_HI : 3 * PI_4_HI;
		else
			r = x > 0 ? 0 : PI_HI;
	} else {
		double a = atan(fabs(y / x));
		r = x > 0 ? a : PI_HI - (a - PI_LO);
	}
	return y_neg ? -r : r;
}

/* asin x = atan2(x, sqrt(1 - x^2)); (1 - x)(1 + x) keeps the bits near
 * |x| = 1, where 1 - x is exact. */
double
asin(double x)
{
	if (fabs(x) > 1) {
		errno = EDOM;
		return NAN;
	}
	return atan2(x, sqrt((1 - x) * (1 + x)));
}

double
acos(double x)
{
	if (fabs(x) > 1) {
		errno = EDOM;
		return NAN;
	}
	return atan2(sqrt((1 - x) * (1 + x)), x);
}

/* --- hyperbolic functions ------------------------------------------------- */

double
sinh(double x)
{
	double a = fabs(x), r;

	if (isnan(x) || a < 0x1p-27)
		return x;
	if (a < 22) {		/* (e^a - e^-a)/2 with t = e^a - 1 */
		double t = expm1(a);
		r = (t + t / (t + 1)) / 2;
	} else if (a < EXP_MAX) {
		r = exp(a) / 2;
	} else {		/* e^a overflows but e^a / 2 may not */
		double w = exp(a / 2);
		r = (w / 2) * w;
	}
	return copysign(r, x);
}

double
cosh(double x)
{
	double a = fabs(x);

	if (isnan(x))
		return x;
	if (a < 22) {
		double t = exp(a);
		return (t + 1 / t) / 2;
	}
	if (a < EXP_MAX)
		return exp(a) / 2;
	double w = exp(a / 2);
	return (w / 2) * w;
}

double
tanh(double x)
{
	double a = fabs(x);

	if (isnan(x) || a < 0x1p-27)
		return x;
	if (a > 22)
		return copysign(1.0, x);
	double t = expm1(2 * a);	/* tanh a = (e^2a - 1)/(e^2a + 1) */
	return copysign(t / (t + 2), x);
}
