/*
 * primes: print the primes in a range, as BSD primes(6) does.
 *
 *	primes [start [stop]]
 *
 * Prints each prime p with start <= p < stop, one a line (start defaults
 * to 0; stop to 2^32, or give it).  The sieve of Eratosthenes works on
 * one segment of 64 Ki numbers at a time, crossing out multiples of the
 * primes up to sqrt(stop), which it finds first with a small sieve.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEGMENT		65536
#define MAX_STOP	(1ULL << 32)

static bool
parse(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	unsigned long long n = strtoull(s, &end, 0);
	if (!isdigit((unsigned char)*s) || *end != '\0' || errno == ERANGE ||
	    n > MAX_STOP) {
		fprintf(stderr, "primes: %s: illegal number (0 to %llu)\n", s,
		    (unsigned long long)MAX_STOP);
		return false;
	}
	*v = n;
	return true;
}

int
main(int argc, char **argv)
{
	uint64_t start = 0, stop = MAX_STOP;

	if (argc > 3 || (argc > 1 && !parse(argv[1], &start)) ||
	    (argc > 2 && !parse(argv[2], &stop)))
		return 1;
	if (start > stop) {
		fprintf(stderr, "primes: start value must be less than stop value.\n");
		return 1;
	}

	/* The primes up to sqrt(stop): 65536 suffices for stop <= 2^32. */
	static bool small_composite[SEGMENT + 1];
	static uint32_t small[6600];	/* there are 6542 primes below 2^16 */
	int nsmall = 0;
	for (uint32_t i = 2; i <= SEGMENT; i++) {
		if (small_composite[i])
			continue;
		small[nsmall++] = i;
		for (uint32_t j = i * i; j <= SEGMENT; j += i)
			small_composite[j] = true;
	}

	static bool composite[SEGMENT];
	for (uint64_t low = start; low < stop; low += SEGMENT) {
		uint64_t high = low + SEGMENT < stop ? low + SEGMENT : stop;
		memset(composite, 0, sizeof composite);
		for (int k = 0; k < nsmall; k++) {
			uint64_t p = small[k];
			if (p * p >= high)
				break;
			/* the first multiple of p in [low, high), p itself excluded */
			uint64_t m = (low + p - 1) / p * p;
			if (m < p * p)
				m = p * p;
			for (; m < high; m += p)
				composite[m - low] = true;
		}
		for (uint64_t n = low; n < high; n++)
			if (n >= 2 && !composite[n - low])
				printf("%llu\n", (unsigned long long)n);
	}
	return 0;
}
