/*
 * compress KIB: a compressor's byte loop.  KIB KiB of generated text
 * (words drawn from a small vocabulary, so it repeats like prose) is
 * compressed with LZ77 (a hash of the next 4 bytes finds the last place
 * they occurred; matches become (distance, length) pairs), decompressed,
 * and checked; FNV-1a hashes of both sides are printed.
 */
#include <stdio.h>

#include "bench.h"

#define HASH_BITS 14
#define MIN_MATCH 4
#define MAX_MATCH 258
#define WINDOW 65535

static const char *const words[] = {
	"the", "kernel", "maps", "a", "page", "of", "memory", "when", "process",
	"faults", "on", "it", "and", "scheduler", "runs", "next", "core", "with",
	"lowest", "clock", "pipe", "buffer", "holds", "bytes", "until", "reader",
	"wakes", "up", "signal", "handler", "returns", "to", "user", "mode",
};

static unsigned long rng = 88172645463325252UL;

static unsigned long next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned long make_text(unsigned char *text, unsigned long size)
{
	unsigned long n = 0;
	while (n < size) {
		const char *w = words[next_random() % (sizeof words / sizeof words[0])];
		while (*w && n < size)
			text[n++] = *w++;
		if (n < size)
			text[n++] = next_random() % 8 == 0 ? '\n' : ' ';
	}
	return n;
}

static unsigned hash4(const unsigned char *p)
{
	unsigned v = p[0] | p[1] << 8 | p[2] << 16 | (unsigned)p[3] << 24;
	return (v * 2654435761u) >> (32 - HASH_BITS);
}

/*
 * Output: a literal is 0x00 then the byte; a match is 0x01, the distance
 * (2 bytes) and the length - MIN_MATCH (1 byte).
 */
static unsigned long compress(const unsigned char *in, unsigned long n, unsigned char *out)
{
	static long last[1 << HASH_BITS];
	unsigned long i = 0, o = 0;

	for (unsigned long h = 0; h < (1 << HASH_BITS); h++)
		last[h] = -1;
	while (i < n) {
		unsigned long len = 0, dist = 0;
		if (i + MIN_MATCH <= n) {
			unsigned h = hash4(in + i);
			long cand = last[h];
			last[h] = (long)i;
			if (cand >= 0 && i - cand <= WINDOW) {
				while (i + len < n && len < MAX_MATCH && in[cand + len] == in[i + len])
					len++;
				dist = i - cand;
			}
		}
		if (len >= MIN_MATCH) {
			out[o++] = 1;
			out[o++] = dist & 0xFF;
			out[o++] = dist >> 8;
			out[o++] = len - MIN_MATCH;
			i += len;
		} else {
			out[o++] = 0;
			out[o++] = in[i++];
		}
	}
	return o;
}

static unsigned long decompress(const unsigned char *in, unsigned long n, unsigned char *out)
{
	unsigned long i = 0, o = 0;
	while (i < n) {
		if (in[i] == 0) {
			out[o++] = in[i + 1];
			i += 2;
		} else {
			unsigned long dist = in[i + 1] | in[i + 2] << 8;
			unsigned long len = in[i + 3] + MIN_MATCH;
			for (unsigned long k = 0; k < len; k++, o++)
				out[o] = out[o - dist];
			i += 4;
		}
	}
	return o;
}

static unsigned long fnv1a(const unsigned char *p, unsigned long n)
{
	unsigned long h = 14695981039346656037UL;
	for (unsigned long i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211UL;
	return h;
}

int main(int argc, char **argv)
{
	unsigned long size = bench_arg(argc, argv, 1, 4096) << 10;
	unsigned char *text = malloc(size), *packed = malloc(2 * size + 16);
	unsigned char *back = malloc(size);
	unsigned long packed_size = 0, back_size = 0;

	if (text == NULL || packed == NULL || back == NULL) {
		printf("compress: out of memory\n");
		return 1;
	}
	make_text(text, size);
	BENCH_TIMED({
		packed_size = compress(text, size, packed);
		back_size = decompress(packed, packed_size, back);
	});
	if (back_size != size || memcmp(text, back, size) != 0) {
		printf("compress: the round trip changed the data\n");
		return 1;
	}
	printf("compress: %lu bytes -> %lu, text %016lx packed %016lx\n",
	    size, packed_size, fnv1a(text, size), fnv1a(packed, packed_size));
	return 0;
}
