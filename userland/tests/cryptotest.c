/*
 * cryptotest: runs libtls's primitives for tests/test_tls.py.  Each
 * line of stdin is a primitive's name and its inputs in hex; each line
 * of stdout the result in hex ("FAIL" when an AEAD tag does not match).
 *
 *	sha256 MSG		hmac KEY MSG		hkdf SALT IKM INFO LEN
 *	chacha20 KEY NONCE COUNTER MSG			poly1305 KEY MSG
 *	seal KEY NONCE AAD MSG	open KEY NONCE AAD CT	x25519 SCALAR POINT
 *	x25519iter N	RFC 7748's iteration: k = u = 9, then N times
 *			k, u = x25519(k, u), k
 *	record KEYIV SEQ HDR MSG	record_seal with key and IV (44 bytes)
 *	unrecord KEYIV SEQ HDR SEALED	record_open: then " SEQ" after either,
 *			the sequence number it left
 *
 * An empty input is written "-".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tls_crypto.h>

#define MAX 8192

/* hex (or "-") to bytes; returns the length */
static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = 0;

	if (strcmp(s, "-") == 0)
		return 0;
	for (; s[0] != '\0' && s[1] != '\0' && n < MAX; s += 2) {
		unsigned v;
		sscanf(s, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static void
print_hex(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

int
main(void)
{
	static char line[4 * MAX + 100];
	static char arg[5][2 * MAX + 2];
	static uint8_t a[MAX], b[MAX], c[MAX], d[MAX], out[MAX + 16];

	while (fgets(line, sizeof line, stdin) != NULL) {
		char name[16];
		int n = sscanf(line, "%15s %16385s %16385s %16385s %16385s", name,
		    arg[0], arg[1], arg[2], arg[3]);
		size_t la = n > 1 ? unhex(arg[0], a) : 0;
		size_t lb = n > 2 ? unhex(arg[1], b) : 0;
		size_t lc = n > 3 ? unhex(arg[2], c) : 0;
		size_t ld = n > 4 ? unhex(arg[3], d) : 0;

		if (strcmp(name, "sha256") == 0) {
			sha256(a, la, out);
			print_hex(out, 32);
		} else if (strcmp(name, "hmac") == 0) {
			hmac_sha256(a, la, b, lb, out);
			print_hex(out, 32);
		} else if (strcmp(name, "hkdf") == 0) {
			uint8_t prk[32];
			size_t len = strtoul(arg[3], NULL, 10);
			hkdf_extract(a, la, b, lb, prk);
			if (len > sizeof out || hkdf_expand(prk, c, lc, out, len) != 0)
				printf("FAIL\n");
			else
				print_hex(out, len);
		} else if (strcmp(name, "chacha20") == 0) {
			uint32_t counter = strtoul(arg[2], NULL, 10);
			chacha20_xor(a, b, counter, d, out, ld);
			print_hex(out, ld);
		} else if (strcmp(name, "poly1305") == 0) {
			poly1305(a, b, lb, out);
			print_hex(out, 16);
		} else if (strcmp(name, "seal") == 0) {
			chacha20poly1305_seal(a, b, c, lc, d, ld, out);
			print_hex(out, ld + 16);
		} else if (strcmp(name, "open") == 0) {
			if (chacha20poly1305_open(a, b, c, lc, d, ld, out) != 0)
				printf("FAIL\n");
			else
				print_hex(out, ld - 16);
		} else if (strcmp(name, "record") == 0 ||
		    strcmp(name, "unrecord") == 0) {
			struct record_keys rk;
			int r;
			memcpy(rk.key, a, 32);
			memcpy(rk.iv, a + 32, 12);
			rk.seq = strtoull(arg[1], NULL, 10);
			if (name[0] == 'r')
				r = record_seal(&rk, c, lc, d, ld, out);
			else
				r = ld < 16 ? -1 : record_open(&rk, c, lc, d, ld, out);
			size_t n = name[0] == 'r' ? ld + 16 : ld - 16;
			if (r != 0)
				printf("FAIL");
			for (size_t i = 0; r == 0 && i < n; i++)
				printf("%02x", out[i]);
			printf("%s %llu\n", r == 0 && n == 0 ? "-" : "",
			    (unsigned long long)rk.seq);
		} else if (strcmp(name, "x25519") == 0) {
			x25519(out, a, b);
			print_hex(out, 32);
		} else if (strcmp(name, "x25519iter") == 0) {
			uint8_t k[32] = { 9 }, u[32] = { 9 }, r[32];
			for (long i = strtol(arg[0], NULL, 10); i > 0; i--) {
				x25519(r, k, u);
				memcpy(u, k, 32);
				memcpy(k, r, 32);
			}
			print_hex(k, 32);
		} else {
			printf("? %s", line);
		}
	}
	return 0;
}
