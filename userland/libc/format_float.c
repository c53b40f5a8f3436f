/*
 * printf's %f %e %g for doubles, correctly rounded.
 *
 * Every double is m * 2^e with integers m and e, so its value has a
 * finite decimal expansion: m * 2^e when e >= 0, and m * 5^-e / 10^-e
 * when e < 0.  We compute that integer exactly in a big number of base
 * 10^9 "limbs" (at most 767 digits, for the smallest subnormal), and
 * then round the decimal digits themselves.  Rounding exact digits is
 * easy to get right: half-way cases really are half-way, and go to the
 * even neighbour as in glibc and Python.
 */
#include <stdint.h>
#include <string.h>

#include "local.h"

#define LIMB_BASE 1000000000u	/* 10^9: nine decimal digits per limb */
#define MAX_LIMBS 90		/* 767 digits need 86 */
#define MAX_DIGITS (MAX_LIMBS * 9)

/* A non-negative value 0.d[0]d[1]...d[n-1] * 10^point (n == 0: zero). */
struct decimal {
	char d[MAX_DIGITS];	/* ASCII digits, no leading or trailing zeros */
	int n;
	int point;
};

struct bignum {
	uint32_t limb[MAX_LIMBS];	/* least significant first */
	int len;
};

/* big = big * factor; factor < 2^32 keeps limb * factor in 64 bits. */
static void
big_multiply(struct bignum *big, uint32_t factor)
{
	uint64_t carry = 0;

	for (int i = 0; i < big->len; i++) {
		uint64_t t = (uint64_t)big->limb[i] * factor + carry;
		big->limb[i] = t % LIMB_BASE;
		carry = t / LIMB_BASE;
	}
	while (carry != 0) {
		big->limb[big->len++] = carry % LIMB_BASE;
		carry /= LIMB_BASE;
	}
}

/* big = big * base^power, in steps of base^chunk. */
static void
big_multiply_power(struct bignum *big, uint32_t base, int power)
{
	uint32_t step = 1;
	int chunk = 0;

	while ((uint64_t)step * base < (1ull << 31)) {
		step *= base;
		chunk++;
	}
	for (; power >= chunk; power -= chunk)
		big_multiply(big, step);
	while (power-- > 0)
		big_multiply(big, base);
}

static void
big_to_decimal(const struct bignum *big, struct decimal *dec)
{
	char *p = dec->d;

	for (int i = big->len - 1; i >= 0; i--) {
		uint32_t limb = big->limb[i];
		char nine[9];
		for (int j = 8; j >= 0; j--) {
			nine[j] = '0' + limb % 10;
			limb /= 10;
		}
		int skip = 0;	/* the leading zeros of the top limb */
		if (p == dec->d)
			while (skip < 8 && nine[skip] == '0')
				skip++;
		memcpy(p, nine + skip, 9 - skip);
		p += 9 - skip;
	}
	dec->n = p - dec->d;
	while (dec->n > 0 && dec->d[dec->n - 1] == '0')
		dec->n--;
}

/* The exact decimal expansion of a finite, non-negative double. */
static void
exact_decimal(double value, struct decimal *dec)
{
	uint64_t bits;
	memcpy(&bits, &value, sizeof bits);
	int biased = (bits >> 52) & 0x7ff;
	uint64_t m = bits & ((1ull << 52) - 1);
	int e;

	if (biased == 0) {
		e = -1074;		/* subnormal: no hidden bit */
	} else {
		m |= 1ull << 52;
		e = biased - 1075;
	}
	if (m == 0) {
		dec->n = 0;
		dec->point = 0;
		return;
	}
	while ((m & 1) == 0) {		/* fewer powers of 5 to multiply in */
		m >>= 1;
		e++;
	}

	struct bignum big = { .len = 0 };
	for (; m != 0; m /= LIMB_BASE)
		big.limb[big.len++] = m % LIMB_BASE;
	if (e >= 0)
		big_multiply_power(&big, 2, e);
	else
		big_multiply_power(&big, 5, -e);
	big_to_decimal(&big, dec);
	/* The integer has dec->n digits, plus any stripped zeros ... */
	int digits = 9 * (big.len - 1);
	for (uint32_t top = big.limb[big.len - 1]; top != 0; top /= 10)
		digits++;
	/* ... and e < 0 moves the point -e places to the left. */
	dec->point = e >= 0 ? digits : digits + e;
}

/* Keep the first `keep` digits, rounding half to even. */
static void
round_decimal(struct decimal *dec, int keep)
{
	if (keep >= dec->n)
		return;			/* exact already */
	if (keep < 0) {			/* below half of the last place */
		dec->n = 0;
		return;
	}
	char first_dropped = dec->d[keep];
	bool more = dec->n > keep + 1;	/* trailing zeros are stripped */
	bool odd = keep > 0 && (dec->d[keep - 1] - '0') % 2 == 1;
	bool up = first_dropped > '5' || (first_dropped == '5' && (more || odd));

	dec->n = keep;
	if (up) {
		int i = keep - 1;
		while (i >= 0 && dec->d[i] == '9')
			i--;
		if (i < 0) {		/* 999 -> 1000: one more digit in front */
			dec->d[0] = '1';
			dec->n = 1;
			dec->point++;
			return;
		}
		dec->d[i]++;
		dec->n = i + 1;
	}
	while (dec->n > 0 && dec->d[dec->n - 1] == '0')
		dec->n--;
	if (dec->n == 0)
		dec->point = 0;
}

/* Room for 309 integer digits and 1074 fraction digits of %f. */
struct text {
	char s[1500];
	size_t len;
};

static void
put(struct text *t, char c)
{
	t->s[t->len++] = c;
}

/* The digit at decimal position `i` (0 is the first after the point). */
static char
digit_at(const struct decimal *dec, int i)
{
	int index = dec->point + i;
	return index >= 0 && index < dec->n ? dec->d[index] : '0';
}

/* Fixed notation, already rounded: "123.4500" is body "123.45" + zeros. */
static void
fixed_notation(const struct decimal *dec, int precision, bool alt,
    struct fmt_field *field, struct text *t)
{
	int i = dec->point > 0 ? -dec->point : -1;
	int significant = dec->n - dec->point;	/* fraction digits known */

	for (; i < 0; i++)
		put(t, digit_at(dec, i));
	if (precision > 0 || alt)
		put(t, '.');
	for (i = 0; i < precision && i < significant; i++)
		put(t, digit_at(dec, i));
	field->trail_zeros = precision - i;
}

/* Exponential notation: "1.2300" "e+05". */
static void
exp_notation(const struct decimal *dec, int precision, bool alt, bool upper,
    struct fmt_field *field, struct text *t, char *suffix)
{
	int exponent = dec->n == 0 ? 0 : dec->point - 1;
	int i;

	put(t, dec->n > 0 ? dec->d[0] : '0');
	if (precision > 0 || alt)
		put(t, '.');
	for (i = 1; i <= precision && i < dec->n; i++)
		put(t, dec->d[i]);
	field->trail_zeros = precision - (i - 1);

	*suffix++ = upper ? 'E' : 'e';
	*suffix++ = exponent < 0 ? '-' : '+';
	if (exponent < 0)
		exponent = -exponent;
	if (exponent >= 100)
		*suffix++ = '0' + exponent / 100;
	*suffix++ = '0' + exponent / 10 % 10;
	*suffix++ = '0' + exponent % 10;
	*suffix = '\0';
}

/*
 * %g: P significant digits; %e style if the exponent X is < -4 or >= P,
 * else %f style with P-1-X decimals.  Without '#' trailing zeros go,
 * which is what dec->n (trailing zeros stripped) gives.
 */
static void
general_notation(struct decimal *dec, const struct fmt_spec *spec,
    struct fmt_field *field, struct text *t, char *suffix)
{
	int p = spec->precision < 0 ? 6 : spec->precision == 0 ? 1 : spec->precision;

	/* Rounding to P digits is the only rounding: both styles below
	 * show exactly the digits that are left. */
	round_decimal(dec, p);
	int x = dec->n == 0 ? 0 : dec->point - 1;
	bool upper = spec->conv == 'G';

	if (x < -4 || x >= p) {
		int precision = spec->alt ? p - 1 : (dec->n > 1 ? dec->n - 1 : 0);
		exp_notation(dec, precision, spec->alt, upper, field, t, suffix);
	} else {
		int precision = p - 1 - x;
		if (!spec->alt && dec->n - dec->point < precision)
			precision = dec->n - dec->point > 0 ? dec->n - dec->point : 0;
		fixed_notation(dec, precision, spec->alt, field, t);
	}
}

/*
 * %a and %A: "0x1.8p+1".  The significand's 52 fraction bits are 13 hex
 * digits after the point (trailing zeros dropped unless a precision
 * asks for them; a precision rounds, half to even); the exponent is
 * binary, in decimal.  Subnormals keep the leading 0 and exponent -1022,
 * as glibc and Python's float.hex() write them.
 */
static void
hex_notation(double value, const struct fmt_spec *spec, struct fmt_field *field,
    struct text *t, char *suffix, char *prefix)
{
	static const char lower[] = "0123456789abcdef", upper[] = "0123456789ABCDEF";
	const char *digits = spec->conv == 'A' ? upper : lower;
	uint64_t bits;
	int exponent, ndigits = 13;

	__builtin_memcpy(&bits, &value, sizeof bits);
	uint64_t frac = bits & ((UINT64_C(1) << 52) - 1);
	int biased = (bits >> 52) & 0x7ff;
	unsigned lead = biased != 0;

	exponent = value == 0 ? 0 : biased == 0 ? -1022 : biased - 1023;
	if (spec->precision >= 0 && spec->precision < 13) {
		int drop = 4 * (13 - spec->precision);
		uint64_t half = UINT64_C(1) << (drop - 1), rest = frac & ((half << 1) - 1);
		frac >>= drop;
		if (rest > half || (rest == half && (frac & 1)))
			frac++;				/* to nearest, ties to even */
		if (frac >> (4 * spec->precision)) {	/* carried into the lead */
			frac &= (UINT64_C(1) << (4 * spec->precision)) - 1;
			lead++;
		}
		ndigits = spec->precision;
	} else if (spec->precision < 0) {
		while (ndigits > 0 && (frac & 0xf) == 0) {
			frac >>= 4;
			ndigits--;
		}
	}
	put(t, digits[lead]);
	if (ndigits > 0 || spec->alt)
		put(t, '.');
	for (int i = ndigits - 1; i >= 0; i--)
		put(t, digits[(frac >> (4 * i)) & 0xf]);
	if (spec->precision > 13)
		field->trail_zeros = spec->precision - 13;

	strcpy(prefix + strlen(prefix), spec->conv == 'A' ? "0X" : "0x");
	field->prefix = prefix;
	*suffix++ = spec->conv == 'A' ? 'P' : 'p';
	*suffix++ = exponent < 0 ? '-' : '+';
	if (exponent < 0)
		exponent = -exponent;
	char tmp[8];
	int n = 0;
	do
		tmp[n++] = '0' + exponent % 10;
	while ((exponent /= 10) > 0);
	while (n > 0)
		*suffix++ = tmp[--n];
	*suffix = '\0';
}

static void
format_special(struct fmt_out *out, const struct fmt_spec *spec,
    const char *sign, bool nan)
{
	bool upper = spec->conv == 'F' || spec->conv == 'E' || spec->conv == 'G' ||
	    spec->conv == 'A';
	const char *body = nan ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
	struct fmt_field field = { .prefix = sign, .body = body, .body_len = 3,
	    .suffix = "" };

	__emit_field(out, spec, &field);
}

void
__format_double(struct fmt_out *out, const struct fmt_spec *spec, double value)
{
	bool negative = __builtin_signbit(value);
	const char *sign = negative ? "-" : spec->plus ? "+" : spec->space ? " " : "";

	if (__builtin_isnan(value) || __builtin_isinf(value)) {
		format_special(out, spec, sign, __builtin_isnan(value));
		return;
	}

	struct decimal dec;
	struct text t = { .len = 0 };
	char suffix[8] = "";
	struct fmt_field field = { .prefix = sign, .suffix = suffix,
	    .zero_pad_ok = true };
	int precision = spec->precision < 0 ? 6 : spec->precision;

	if (spec->conv == 'a' || spec->conv == 'A') {
		char prefix[4];
		strcpy(prefix, sign);
		hex_notation(negative ? -value : value, spec, &field, &t, suffix, prefix);
		field.body = t.s;
		field.body_len = t.len;
		__emit_field(out, spec, &field);
		return;
	}
	exact_decimal(negative ? -value : value, &dec);
	switch (spec->conv) {
	case 'f':
	case 'F':
		round_decimal(&dec, dec.point + precision);
		fixed_notation(&dec, precision, spec->alt, &field, &t);
		break;
	case 'e':
	case 'E':
		round_decimal(&dec, precision + 1);
		exp_notation(&dec, precision, spec->alt, spec->conv == 'E',
		    &field, &t, suffix);
		break;
	default:
		general_notation(&dec, spec, &field, &t, suffix);
		break;
	}
	field.body = t.s;
	field.body_len = t.len;
	__emit_field(out, spec, &field);
}
