/*
 * Record protection, as in TLS 1.3 (RFC 8446, 5.2 and 5.3): each
 * direction of a connection has its own key, a 12-byte IV and a 64-bit
 * sequence number that counts its records from 0.  A record's nonce is
 * the IV with the sequence number, big-endian, XORed into its last 8
 * bytes, and its header is the associated data.  A record that is
 * replayed, dropped or reordered is therefore opened with another nonce
 * than it was sealed with, and its tag does not match.
 */
#include <string.h>

#include "tls_crypto.h"

void
record_nonce(const struct record_keys *rk, uint8_t nonce[CHACHA20_NONCE_LENGTH])
{
	// LAB tls BEGIN: the record's nonce: the IV with the sequence number XORed into its end
	memcpy(nonce, rk->iv, CHACHA20_NONCE_LENGTH);
	for (int i = 0; i < 8; i++)
		nonce[4 + i] ^= (uint8_t)(rk->seq >> (56 - 8 * i));
	// LAB tls STARTER
	//| memset(nonce, 0, CHACHA20_NONCE_LENGTH);
	// LAB tls END
}

int
record_seal(struct record_keys *rk, const uint8_t *hdr, size_t hdrlen,
    const uint8_t *in, size_t len, uint8_t *out)
{
	// LAB tls BEGIN: seal one record under the next sequence number (never reuse one)
	uint8_t nonce[CHACHA20_NONCE_LENGTH];

	if (rk->seq == UINT64_MAX)
		return -1;	/* the next number would wrap: a nonce again */
	record_nonce(rk, nonce);
	chacha20poly1305_seal(rk->key, nonce, hdr, hdrlen, in, len, out);
	rk->seq++;
	return 0;
	// LAB tls STARTER
	//| memset(out, 0, len + POLY1305_TAG_LENGTH);
	//| return 0;
	// LAB tls END
}

int
record_open(struct record_keys *rk, const uint8_t *hdr, size_t hdrlen,
    const uint8_t *in, size_t len, uint8_t *out)
{
	// LAB tls BEGIN: open one record with the expected sequence number
	uint8_t nonce[CHACHA20_NONCE_LENGTH];

	if (rk->seq == UINT64_MAX)
		return -1;
	record_nonce(rk, nonce);
	if (chacha20poly1305_open(rk->key, nonce, hdr, hdrlen, in, len, out) != 0)
		return -1;	/* and the sequence number stays */
	rk->seq++;
	return 0;
	// LAB tls STARTER
	//| return -1;
	// LAB tls END
}
