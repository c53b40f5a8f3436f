/*
 * The cryptography under libtls, usable on its own:
 *
 *   SHA-256 (FIPS 180-4), HMAC-SHA256 (RFC 2104, 4231), HKDF (RFC 5869),
 *   ChaCha20 and Poly1305 and their AEAD (RFC 8439), X25519 (RFC 7748).
 *
 * Written for reading: each file follows its standard step by step.
 * Secrets are handled in constant time where it matters (X25519's
 * ladder, the Poly1305 tag comparison).
 */
#ifndef _TLS_CRYPTO_H_
#define _TLS_CRYPTO_H_

#include <stddef.h>
#include <stdint.h>

/*
 * libtls's names for these functions are reserved ones (__tls_sha256...),
 * so that a program may have its own sha256() or x25519() and still link
 * with libtls.  A program that includes this header calls them by the
 * names below all the same.
 */
#define sha256_init		__tls_sha256_init
#define sha256_update		__tls_sha256_update
#define sha256_final		__tls_sha256_final
#define sha256			__tls_sha256
#define hmac_sha256		__tls_hmac_sha256
#define hkdf_extract		__tls_hkdf_extract
#define hkdf_expand		__tls_hkdf_expand
#define chacha20_xor		__tls_chacha20_xor
#define poly1305		__tls_poly1305
#define chacha20poly1305_seal	__tls_chacha20poly1305_seal
#define chacha20poly1305_open	__tls_chacha20poly1305_open
#define x25519			__tls_x25519
#define x25519_public		__tls_x25519_public
#define timingsafe_memcmp32	__tls_timingsafe_memcmp32

#define SHA256_DIGEST_LENGTH	32
#define SHA256_BLOCK_LENGTH	64

struct sha256_ctx {
	uint32_t state[8];
	uint64_t bytes;			/* message length so far */
	uint8_t block[SHA256_BLOCK_LENGTH];
	size_t fill;			/* bytes waiting in block */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t digest[SHA256_DIGEST_LENGTH]);
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_LENGTH]);

void hmac_sha256(const uint8_t *key, size_t keylen, const void *data,
    size_t len, uint8_t mac[SHA256_DIGEST_LENGTH]);
void hkdf_extract(const uint8_t *salt, size_t saltlen, const uint8_t *ikm,
    size_t ikmlen, uint8_t prk[SHA256_DIGEST_LENGTH]);
/* okm: up to 255 * 32 bytes; returns -1 if asked for more */
int hkdf_expand(const uint8_t prk[SHA256_DIGEST_LENGTH], const uint8_t *info,
    size_t infolen, uint8_t *okm, size_t okmlen);

#define CHACHA20_KEY_LENGTH	32
#define CHACHA20_NONCE_LENGTH	12
#define POLY1305_TAG_LENGTH	16

/* XOR len bytes of the ChaCha20 key stream (from block `counter`) into out. */
void chacha20_xor(const uint8_t key[32], const uint8_t nonce[12],
    uint32_t counter, const uint8_t *in, uint8_t *out, size_t len);
void poly1305(const uint8_t key[32], const uint8_t *msg, size_t len,
    uint8_t tag[16]);
/* out: len bytes of cipher text, then the 16-byte tag */
void chacha20poly1305_seal(const uint8_t key[32], const uint8_t nonce[12],
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    uint8_t *out);
/* in: len bytes of cipher text and the tag; 0, or -1 if the tag is wrong
 * (and then nothing is written to out) */
int chacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[12],
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    uint8_t *out);

/* One direction of a connection's record protection (record.c). */
struct record_keys {
	uint8_t key[CHACHA20_KEY_LENGTH];
	uint8_t iv[CHACHA20_NONCE_LENGTH];
	uint64_t seq;			/* records sealed or opened so far */
};

/* The nonce of record number rk->seq. */
void record_nonce(const struct record_keys *rk, uint8_t nonce[CHACHA20_NONCE_LENGTH]);
/* out: len bytes of cipher text, then the tag; the header is the
 * associated data.  0, or -1 when the sequence number is used up. */
int record_seal(struct record_keys *rk, const uint8_t *hdr, size_t hdrlen,
    const uint8_t *in, size_t len, uint8_t *out);
/* in: len bytes of cipher text and tag; 0, or -1 if it is not the next
 * record of this direction, unchanged (then rk->seq stays). */
int record_open(struct record_keys *rk, const uint8_t *hdr, size_t hdrlen,
    const uint8_t *in, size_t len, uint8_t *out);

#define X25519_KEY_LENGTH	32

/* out = scalar * point (u-coordinates, little-endian, RFC 7748). */
void x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t point[32]);
/* pub = the public key of priv (priv * 9) */
void x25519_public(uint8_t pub[32], const uint8_t priv[32]);

/* 0 if the n bytes are equal, in time that does not depend on where
 * they differ. */
int timingsafe_memcmp32(const uint8_t *a, const uint8_t *b, size_t n);

#endif
