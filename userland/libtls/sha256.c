/*
 * SHA-256, as FIPS 180-4 section 6.2 describes it, and HMAC and HKDF
 * on top of it (RFC 2104, RFC 5869).
 */
#include <string.h>

#include "tls_crypto.h"

/* The first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes (FIPS 180-4, 4.2.2). */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t
ror(uint32_t x, int n)
{
	return x >> n | x << (32 - n);
}

/* One 64-byte block into the state (FIPS 180-4, 6.2.2). */
static void
compress(uint32_t h[8], const uint8_t block[64])
{
	uint32_t w[64];

	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)block[4 * t] << 24 | block[4 * t + 1] << 16 |
		    block[4 * t + 2] << 8 | block[4 * t + 3];
	for (int t = 16; t < 64; t++) {
		uint32_t s0 = ror(w[t - 15], 7) ^ ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
		uint32_t s1 = ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
		w[t] = w[t - 16] + s0 + w[t - 7] + s1;
	}
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
	uint32_t e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int t = 0; t < 64; t++) {
		uint32_t S1 = ror(e, 6) ^ ror(e, 11) ^ ror(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = hh + S1 + ch + K[t] + w[t];
		uint32_t S0 = ror(a, 2) ^ ror(a, 13) ^ ror(a, 22);
		uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
		uint32_t t2 = S0 + maj;
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
}

void
sha256_init(struct sha256_ctx *ctx)
{
	/* the fractional parts of the square roots of the first 8 primes */
	static const uint32_t H0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
	    0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(ctx->state, H0, sizeof H0);
	ctx->bytes = 0;
	ctx->fill = 0;
}

void
sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;

	ctx->bytes += len;
	while (len > 0) {
		size_t step = SHA256_BLOCK_LENGTH - ctx->fill;
		if (step > len)
			step = len;
		memcpy(ctx->block + ctx->fill, p, step);
		ctx->fill += step;
		p += step;
		len -= step;
		if (ctx->fill == SHA256_BLOCK_LENGTH) {
			compress(ctx->state, ctx->block);
			ctx->fill = 0;
		}
	}
}

/* Padding: a 1 bit, zeros, and the length in bits as 64 bits, so that
 * the message fills a whole number of blocks. */
void
sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_LENGTH])
{
	uint64_t bits = ctx->bytes * 8;
	uint8_t pad[SHA256_BLOCK_LENGTH + 8] = { 0x80 };
	size_t padlen = (ctx->fill < 56 ? 56 : 120) - ctx->fill;

	for (int i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(ctx, pad, padlen + 8);
	for (int i = 0; i < 8; i++) {
		digest[4 * i] = (uint8_t)(ctx->state[i] >> 24);
		digest[4 * i + 1] = (uint8_t)(ctx->state[i] >> 16);
		digest[4 * i + 2] = (uint8_t)(ctx->state[i] >> 8);
		digest[4 * i + 3] = (uint8_t)ctx->state[i];
	}
	memset(ctx, 0, sizeof *ctx);
}

void
sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_LENGTH])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, digest);
}

/* HMAC(K, m) = H((K' ^ opad) || H((K' ^ ipad) || m)), K' = K padded to a
 * block (or hashed first if longer than one). */
void
hmac_sha256(const uint8_t *key, size_t keylen, const void *data, size_t len,
    uint8_t mac[SHA256_DIGEST_LENGTH])
{
	uint8_t k[SHA256_BLOCK_LENGTH] = { 0 }, pad[SHA256_BLOCK_LENGTH];
	uint8_t inner[SHA256_DIGEST_LENGTH];
	struct sha256_ctx ctx;

	if (keylen > SHA256_BLOCK_LENGTH)
		sha256(key, keylen, k);
	else
		memcpy(k, key, keylen);

	for (int i = 0; i < SHA256_BLOCK_LENGTH; i++)
		pad[i] = k[i] ^ 0x36;
	sha256_init(&ctx);
	sha256_update(&ctx, pad, sizeof pad);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, inner);

	for (int i = 0; i < SHA256_BLOCK_LENGTH; i++)
		pad[i] = k[i] ^ 0x5c;
	sha256_init(&ctx);
	sha256_update(&ctx, pad, sizeof pad);
	sha256_update(&ctx, inner, sizeof inner);
	sha256_final(&ctx, mac);
	memset(k, 0, sizeof k);
}

/* HKDF-Extract(salt, IKM) = HMAC(salt, IKM); no salt: 32 zero bytes. */
void
hkdf_extract(const uint8_t *salt, size_t saltlen, const uint8_t *ikm,
    size_t ikmlen, uint8_t prk[SHA256_DIGEST_LENGTH])
{
	static const uint8_t zeros[SHA256_DIGEST_LENGTH];

	if (salt == NULL || saltlen == 0) {
		salt = zeros;
		saltlen = sizeof zeros;
	}
	hmac_sha256(salt, saltlen, ikm, ikmlen, prk);
}

/* HKDF-Expand: T(i) = HMAC(PRK, T(i-1) || info || i), OKM = T(1) T(2) ... */
int
hkdf_expand(const uint8_t prk[SHA256_DIGEST_LENGTH], const uint8_t *info,
    size_t infolen, uint8_t *okm, size_t okmlen)
{
	uint8_t t[SHA256_DIGEST_LENGTH + 256 + 1];
	uint8_t block[SHA256_DIGEST_LENGTH];
	size_t tlen = 0;

	if (okmlen > 255 * SHA256_DIGEST_LENGTH || infolen > 256)
		return -1;
	for (uint8_t i = 1; okmlen > 0; i++) {
		memcpy(t + tlen, info, infolen);
		t[tlen + infolen] = i;
		hmac_sha256(prk, SHA256_DIGEST_LENGTH, t, tlen + infolen + 1, block);
		size_t step = okmlen < sizeof block ? okmlen : sizeof block;
		memcpy(okm, block, step);
		okm += step;
		okmlen -= step;
		memcpy(t, block, sizeof block);		/* T(i) starts the next */
		tlen = sizeof block;
	}
	memset(block, 0, sizeof block);
	return 0;
}

int
timingsafe_memcmp32(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint8_t diff = 0;

	for (size_t i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return diff != 0;
}
