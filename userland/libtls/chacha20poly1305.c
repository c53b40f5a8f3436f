/*
 * ChaCha20, Poly1305 and the AEAD that combines them, as in RFC 8439.
 */
#include <string.h>

#include "tls_crypto.h"

static uint32_t
load32_le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
store32_le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t
rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

/* The quarter round of RFC 8439, 2.1. */
#define QUARTER(a, b, c, d) do {				\
	a += b; d ^= a; d = rol(d, 16);				\
	c += d; b ^= c; b = rol(b, 12);				\
	a += b; d ^= a; d = rol(d, 8);				\
	c += d; b ^= c; b = rol(b, 7);				\
} while (0)

/* One 64-byte block of key stream (RFC 8439, 2.3): the state is the
 * constant "expand 32-byte k", the key, the counter and the nonce; 20
 * rounds (10 column rounds, 10 diagonal rounds), then add the input. */
static void
chacha20_block(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
    uint8_t out[64])
{
	uint32_t s[16], x[16];

	s[0] = 0x61707865;
	s[1] = 0x3320646e;
	s[2] = 0x79622d32;
	s[3] = 0x6b206574;
	for (int i = 0; i < 8; i++)
		s[4 + i] = load32_le(key + 4 * i);
	s[12] = counter;
	for (int i = 0; i < 3; i++)
		s[13 + i] = load32_le(nonce + 4 * i);
	memcpy(x, s, sizeof s);
	for (int i = 0; i < 10; i++) {
		QUARTER(x[0], x[4], x[8], x[12]);
		QUARTER(x[1], x[5], x[9], x[13]);
		QUARTER(x[2], x[6], x[10], x[14]);
		QUARTER(x[3], x[7], x[11], x[15]);
		QUARTER(x[0], x[5], x[10], x[15]);
		QUARTER(x[1], x[6], x[11], x[12]);
		QUARTER(x[2], x[7], x[8], x[13]);
		QUARTER(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		store32_le(out + 4 * i, x[i] + s[i]);
}

void
chacha20_xor(const uint8_t key[32], const uint8_t nonce[12], uint32_t counter,
    const uint8_t *in, uint8_t *out, size_t len)
{
	uint8_t stream[64];

	while (len > 0) {
		chacha20_block(key, counter++, nonce, stream);
		size_t step = len < 64 ? len : 64;
		for (size_t i = 0; i < step; i++)
			out[i] = in[i] ^ stream[i];
		in += step;
		out += step;
		len -= step;
	}
	memset(stream, 0, sizeof stream);
}

/*
 * Poly1305 (RFC 8439, 2.5): the tag is (sum of m_i r^(n-i+1)) + s mod
 * 2^128, computed mod p = 2^130 - 5, where each m_i is a 16-byte block
 * with a 1 byte appended.  Numbers mod p are kept in five 26-bit limbs
 * so that products of limbs fit in 64 bits.
 */
struct poly1305 {
	uint32_t r[5], h[5];
	uint8_t s[16];
	uint8_t buf[16];	/* a partial block waiting for more */
	size_t fill;
};

static void
poly1305_init(struct poly1305 *st, const uint8_t key[32])
{
	/* r with its "clamped" bits cleared, split into 26-bit limbs */
	st->r[0] = load32_le(key) & 0x3ffffff;
	st->r[1] = (load32_le(key + 3) >> 2) & 0x3ffff03;
	st->r[2] = (load32_le(key + 6) >> 4) & 0x3ffc0ff;
	st->r[3] = (load32_le(key + 9) >> 6) & 0x3f03fff;
	st->r[4] = (load32_le(key + 12) >> 8) & 0x00fffff;
	memset(st->h, 0, sizeof st->h);
	memcpy(st->s, key + 16, 16);
	st->fill = 0;
}

/* h = (h + block) * r mod p; hibit: the appended 1 (2^128), or 0 for a
 * final short block that was padded with its 1 already. */
static void
poly1305_block(struct poly1305 *st, const uint8_t m[16], uint32_t hibit)
{
	uint32_t *h = st->h, *r = st->r;
	uint64_t d[5];

	h[0] += load32_le(m) & 0x3ffffff;
	h[1] += (load32_le(m + 3) >> 2) & 0x3ffffff;
	h[2] += (load32_le(m + 6) >> 4) & 0x3ffffff;
	h[3] += (load32_le(m + 9) >> 6) & 0x3ffffff;
	h[4] += (load32_le(m + 12) >> 8) | hibit << 24;

	/* 2^130 = 5 mod p: a limb product that lands at or above 2^130
	 * comes back down multiplied by 5. */
	uint32_t s1 = r[1] * 5, s2 = r[2] * 5, s3 = r[3] * 5, s4 = r[4] * 5;
	d[0] = (uint64_t)h[0] * r[0] + (uint64_t)h[1] * s4 + (uint64_t)h[2] * s3 +
	    (uint64_t)h[3] * s2 + (uint64_t)h[4] * s1;
	d[1] = (uint64_t)h[0] * r[1] + (uint64_t)h[1] * r[0] + (uint64_t)h[2] * s4 +
	    (uint64_t)h[3] * s3 + (uint64_t)h[4] * s2;
	d[2] = (uint64_t)h[0] * r[2] + (uint64_t)h[1] * r[1] + (uint64_t)h[2] * r[0] +
	    (uint64_t)h[3] * s4 + (uint64_t)h[4] * s3;
	d[3] = (uint64_t)h[0] * r[3] + (uint64_t)h[1] * r[2] + (uint64_t)h[2] * r[1] +
	    (uint64_t)h[3] * r[0] + (uint64_t)h[4] * s4;
	d[4] = (uint64_t)h[0] * r[4] + (uint64_t)h[1] * r[3] + (uint64_t)h[2] * r[2] +
	    (uint64_t)h[3] * r[1] + (uint64_t)h[4] * r[0];

	/* carry back into 26-bit limbs */
	uint64_t c = 0;
	for (int i = 0; i < 5; i++) {
		d[i] += c;
		h[i] = (uint32_t)d[i] & 0x3ffffff;
		c = d[i] >> 26;
	}
	h[0] += (uint32_t)c * 5;
	h[1] += h[0] >> 26;
	h[0] &= 0x3ffffff;
}

static void
poly1305_update(struct poly1305 *st, const uint8_t *m, size_t len)
{
	while (len > 0) {
		size_t step = 16 - st->fill < len ? 16 - st->fill : len;
		memcpy(st->buf + st->fill, m, step);
		st->fill += step;
		m += step;
		len -= step;
		if (st->fill == 16) {
			poly1305_block(st, st->buf, 1);
			st->fill = 0;
		}
	}
}

static void
poly1305_finish(struct poly1305 *st, uint8_t tag[16])
{
	uint32_t *h = st->h, g[5];

	if (st->fill > 0) {	/* the last, short block: append 1, pad with 0 */
		memset(st->buf + st->fill, 0, 16 - st->fill);
		st->buf[st->fill] = 1;
		poly1305_block(st, st->buf, 0);
	}

	/* fully carry h */
	for (int i = 1; i < 5; i++) {
		h[i] += h[i - 1] >> 26;
		h[i - 1] &= 0x3ffffff;
	}
	h[0] += (h[4] >> 26) * 5;
	h[4] &= 0x3ffffff;
	h[1] += h[0] >> 26;
	h[0] &= 0x3ffffff;

	/* g = h + 5 - 2^130: if that is not negative, h >= p and g is h mod p.
	 * Choose without a branch on the secret. */
	uint32_t c = 5;
	for (int i = 0; i < 5; i++) {
		g[i] = h[i] + c;
		c = g[i] >> 26;
		g[i] &= 0x3ffffff;
	}
	uint32_t use_g = 0 - (c & 1);		/* all ones if h >= p */
	for (int i = 0; i < 5; i++)
		h[i] = (h[i] & ~use_g) | (g[i] & use_g);

	/* h mod 2^128 as four 32-bit words, plus s */
	uint32_t w[4] = {
		h[0] | h[1] << 26, h[1] >> 6 | h[2] << 20,
		h[2] >> 12 | h[3] << 14, h[3] >> 18 | h[4] << 8,
	};
	uint64_t f = 0;
	for (int i = 0; i < 4; i++) {
		f += (uint64_t)w[i] + load32_le(st->s + 4 * i);
		store32_le(tag + 4 * i, (uint32_t)f);
		f >>= 32;
	}
	memset(st, 0, sizeof *st);
}

void
poly1305(const uint8_t key[32], const uint8_t *msg, size_t len, uint8_t tag[16])
{
	struct poly1305 st;

	poly1305_init(&st, key);
	poly1305_update(&st, msg, len);
	poly1305_finish(&st, tag);
}

/* The AEAD's tag (RFC 8439, 2.8): Poly1305 with the first 32 bytes of
 * key stream block 0 as its key, over aad, zeros to a multiple of 16,
 * the cipher text, zeros again, and the two lengths as 64-bit
 * little-endian numbers. */
static void
aead_tag(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *aad,
    size_t aadlen, const uint8_t *ct, size_t len, uint8_t tag[16])
{
	// LAB tls BEGIN: the AEAD's tag: Poly1305 keyed by key stream block 0 over aad, cipher text and lengths
	static const uint8_t zeros[16];
	uint8_t polykey[32] = { 0 }, lengths[16];
	struct poly1305 st;

	chacha20_xor(key, nonce, 0, polykey, polykey, sizeof polykey);
	poly1305_init(&st, polykey);
	poly1305_update(&st, aad, aadlen);
	poly1305_update(&st, zeros, (16 - aadlen % 16) % 16);
	poly1305_update(&st, ct, len);
	poly1305_update(&st, zeros, (16 - len % 16) % 16);
	for (int i = 0; i < 8; i++) {
		lengths[i] = (uint8_t)((uint64_t)aadlen >> (8 * i));
		lengths[8 + i] = (uint8_t)((uint64_t)len >> (8 * i));
	}
	poly1305_update(&st, lengths, sizeof lengths);
	poly1305_finish(&st, tag);
	memset(polykey, 0, sizeof polykey);
	// LAB tls STARTER
	//| memset(tag, 0, POLY1305_TAG_LENGTH);
	// LAB tls END
}

/* Encrypt with key stream blocks 1, 2, ...; the tag covers the cipher text. */
void
chacha20poly1305_seal(const uint8_t key[32], const uint8_t nonce[12],
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    uint8_t *out)
{
	// LAB tls BEGIN: encrypt with key stream blocks 1, 2, ... and append the tag
	chacha20_xor(key, nonce, 1, in, out, len);
	aead_tag(key, nonce, aad, aadlen, out, len, out + len);
	// LAB tls STARTER
	//| memset(out, 0, len + POLY1305_TAG_LENGTH);
	// LAB tls END
}

int
chacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[12],
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    uint8_t *out)
{
	// LAB tls BEGIN: check the tag (in constant time), and only then decrypt
	uint8_t tag[16];

	if (len < POLY1305_TAG_LENGTH)
		return -1;
	len -= POLY1305_TAG_LENGTH;
	aead_tag(key, nonce, aad, aadlen, in, len, tag);
	if (timingsafe_memcmp32(tag, in + len, sizeof tag) != 0)
		return -1;		/* forged or damaged: decrypt nothing */
	chacha20_xor(key, nonce, 1, in, out, len);
	return 0;
	// LAB tls STARTER
	//| return -1;
	// LAB tls END
}
