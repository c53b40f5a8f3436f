/*
 * X25519 (RFC 7748): Diffie-Hellman on the curve y^2 = x^3 + 486662 x^2 + x
 * over the field of p = 2^255 - 19, with the Montgomery ladder.
 *
 * A field element is five 51-bit limbs, f = f0 + f1 2^51 + ... + f4 2^204;
 * products of limbs fit in 128 bits, and 2^255 = 19 (mod p) folds the
 * high half of a product back down.  Every step takes the same time
 * whatever the secret scalar is: the ladder swaps with masks, never with
 * a branch.
 */
#include <string.h>

#include "tls_crypto.h"

typedef unsigned __int128 u128;
typedef uint64_t fe[5];

#define MASK51	((1ULL << 51) - 1)

static uint64_t
load64_le(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* 32 bytes, little-endian, top bit ignored (RFC 7748, 5). */
static void
fe_frombytes(fe f, const uint8_t s[32])
{
	f[0] = load64_le(s) & MASK51;
	f[1] = (load64_le(s + 6) >> 3) & MASK51;
	f[2] = (load64_le(s + 12) >> 6) & MASK51;
	f[3] = (load64_le(s + 19) >> 1) & MASK51;
	f[4] = (load64_le(s + 24) >> 12) & MASK51;
}

/* Carry so that every limb is below 2^51 (plus a little in f0). */
static void
fe_carry(fe f)
{
	for (int i = 0; i < 4; i++) {
		f[i + 1] += f[i] >> 51;
		f[i] &= MASK51;
	}
	f[0] += 19 * (f[4] >> 51);
	f[4] &= MASK51;
}

/* The unique representative below p, as 32 bytes. */
static void
fe_tobytes(uint8_t s[32], const fe in)
{
	fe f;

	memcpy(f, in, sizeof f);
	fe_carry(f);
	fe_carry(f);
	/* f < 2^255 now; subtract p if f >= p: add 19 and see if 2^255 is passed */
	uint64_t q = (f[0] + 19) >> 51;
	for (int i = 1; i < 5; i++)
		q = (f[i] + q) >> 51;
	f[0] += 19 * q;		/* f + 19 q, then drop q 2^255: */
	for (int i = 0; i < 4; i++) {
		f[i + 1] += f[i] >> 51;
		f[i] &= MASK51;
	}
	f[4] &= MASK51;		/* the carry out of f4 is the 2^255 */
	uint64_t w[4] = {
		f[0] | f[1] << 51, f[1] >> 13 | f[2] << 38,
		f[2] >> 26 | f[3] << 25, f[3] >> 39 | f[4] << 12,
	};
	for (int i = 0; i < 32; i++)
		s[i] = (uint8_t)(w[i / 8] >> (8 * (i % 8)));
}

static void
fe_add(fe h, const fe f, const fe g)
{
	for (int i = 0; i < 5; i++)
		h[i] = f[i] + g[i];
}

/* f - g, plus 2p so that no limb goes negative. */
static void
fe_sub(fe h, const fe f, const fe g)
{
	static const uint64_t two_p[5] = { 0xfffffffffffdaULL, 0xffffffffffffeULL,
	    0xffffffffffffeULL, 0xffffffffffffeULL, 0xffffffffffffeULL };

	for (int i = 0; i < 5; i++)
		h[i] = f[i] + two_p[i] - g[i];
	fe_carry(h);
}

static void
fe_mul(fe h, const fe f, const fe g)
{
	u128 t[5];
	uint64_t g19[5];

	for (int i = 1; i < 5; i++)
		g19[i] = g[i] * 19;
	/* limb i * limb j lands at 2^(51(i+j)); past 2^255 it is times 19 */
	t[0] = (u128)f[0] * g[0] + (u128)f[1] * g19[4] + (u128)f[2] * g19[3] +
	    (u128)f[3] * g19[2] + (u128)f[4] * g19[1];
	t[1] = (u128)f[0] * g[1] + (u128)f[1] * g[0] + (u128)f[2] * g19[4] +
	    (u128)f[3] * g19[3] + (u128)f[4] * g19[2];
	t[2] = (u128)f[0] * g[2] + (u128)f[1] * g[1] + (u128)f[2] * g[0] +
	    (u128)f[3] * g19[4] + (u128)f[4] * g19[3];
	t[3] = (u128)f[0] * g[3] + (u128)f[1] * g[2] + (u128)f[2] * g[1] +
	    (u128)f[3] * g[0] + (u128)f[4] * g19[4];
	t[4] = (u128)f[0] * g[4] + (u128)f[1] * g[3] + (u128)f[2] * g[2] +
	    (u128)f[3] * g[1] + (u128)f[4] * g[0];
	for (int i = 0; i < 4; i++) {
		t[i + 1] += t[i] >> 51;
		h[i] = (uint64_t)t[i] & MASK51;
	}
	h[4] = (uint64_t)t[4] & MASK51;
	h[0] += 19 * (uint64_t)(t[4] >> 51);
	h[1] += h[0] >> 51;
	h[0] &= MASK51;
}

static void
fe_mul_small(fe h, const fe f, uint64_t n)
{
	u128 c = 0;

	for (int i = 0; i < 5; i++) {
		c += (u128)f[i] * n;
		h[i] = (uint64_t)c & MASK51;
		c >>= 51;
	}
	h[0] += 19 * (uint64_t)c;
}

/* 1/z = z^(p-2) (Fermat), by square-and-multiply over the bits of p - 2. */
static void
fe_invert(fe out, const fe z)
{
	fe result = { 1 }, base;

	memcpy(base, z, sizeof base);
	/* p - 2 = 2^255 - 21: bits 0..254 all ones, except bits 2 and 4 */
	for (int bit = 0; bit < 255; bit++) {
		if (bit != 2 && bit != 4)
			fe_mul(result, result, base);
		fe_mul(base, base, base);
	}
	memcpy(out, result, sizeof result);
}

/* Swap f and g if swap is 1, without a branch. */
static void
fe_cswap(fe f, fe g, uint64_t swap)
{
	uint64_t mask = 0 - swap;

	for (int i = 0; i < 5; i++) {
		uint64_t t = mask & (f[i] ^ g[i]);
		f[i] ^= t;
		g[i] ^= t;
	}
}

/* The Montgomery ladder of RFC 7748, section 5, line by line. */
void
x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t point[32])
{
	uint8_t k[32];
	fe x1, x2 = { 1 }, z2 = { 0 }, x3, z3 = { 1 };
	fe a, aa, b, bb, e, c, d, da, cb, t;
	uint64_t swap = 0;

	/* clamp: a multiple of the cofactor 8, with the top bit at 254 */
	memcpy(k, scalar, 32);
	k[0] &= 248;
	k[31] &= 127;
	k[31] |= 64;
	fe_frombytes(x1, point);
	memcpy(x3, x1, sizeof x3);

	for (int i = 254; i >= 0; i--) {
		uint64_t bit = (k[i / 8] >> (i % 8)) & 1;
		swap ^= bit;
		fe_cswap(x2, x3, swap);
		fe_cswap(z2, z3, swap);
		swap = bit;

		fe_add(a, x2, z2);		/* A = x2 + z2 */
		fe_mul(aa, a, a);		/* AA = A^2 */
		fe_sub(b, x2, z2);		/* B = x2 - z2 */
		fe_mul(bb, b, b);		/* BB = B^2 */
		fe_sub(e, aa, bb);		/* E = AA - BB */
		fe_add(c, x3, z3);		/* C = x3 + z3 */
		fe_sub(d, x3, z3);		/* D = x3 - z3 */
		fe_mul(da, d, a);		/* DA = D * A */
		fe_mul(cb, c, b);		/* CB = C * B */
		fe_add(t, da, cb);
		fe_mul(x3, t, t);		/* x3 = (DA + CB)^2 */
		fe_sub(t, da, cb);
		fe_mul(t, t, t);
		fe_mul(z3, x1, t);		/* z3 = x1 * (DA - CB)^2 */
		fe_mul(x2, aa, bb);		/* x2 = AA * BB */
		fe_mul_small(t, e, 121665);
		fe_add(t, aa, t);
		fe_mul(z2, e, t);		/* z2 = E * (AA + a24 * E) */
	}
	fe_cswap(x2, x3, swap);
	fe_cswap(z2, z3, swap);

	fe_invert(z2, z2);
	fe_mul(x2, x2, z2);
	fe_tobytes(out, x2);
	memset(k, 0, sizeof k);
}

void
x25519_public(uint8_t pub[32], const uint8_t priv[32])
{
	static const uint8_t basepoint[32] = { 9 };

	x25519(pub, priv, basepoint);
}
