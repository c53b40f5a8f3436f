/*
 * sort N: sorting.  N pseudo-random 64-bit keys are sorted by a merge
 * sort written here (insertion sort below 16 elements), so the guest and
 * the host run the same code rather than two libraries' qsort; the result
 * is checked and hashed.
 */
#include <stdio.h>

#include "bench.h"

#define SMALL 16

static void insertion_sort(unsigned long *a, unsigned long n)
{
	for (unsigned long i = 1; i < n; i++) {
		unsigned long key = a[i], j = i;
		while (j > 0 && a[j - 1] > key) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = key;
	}
}

/* Sort a[0..n) using tmp[0..n) as scratch. */
static void merge_sort(unsigned long *a, unsigned long *tmp, unsigned long n)
{
	if (n <= SMALL) {
		insertion_sort(a, n);
		return;
	}
	unsigned long half = n / 2, i = 0, j = half, k = 0;
	merge_sort(a, tmp, half);
	merge_sort(a + half, tmp, n - half);
	while (i < half && j < n)
		tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
	while (i < half)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof *a);
}

int main(int argc, char **argv)
{
	unsigned long n = bench_arg(argc, argv, 1, 1000000);
	unsigned long *a = malloc(n * sizeof *a), *tmp = malloc(n * sizeof *tmp);
	unsigned long x = 88172645463325252UL, hash = 0;

	if (a == NULL || tmp == NULL) {
		printf("sort: out of memory\n");
		return 1;
	}
	for (unsigned long i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		a[i] = x;
	}
	BENCH_TIMED(merge_sort(a, tmp, n));
	for (unsigned long i = 0; i < n; i++) {
		if (i > 0 && a[i - 1] > a[i]) {
			printf("sort: not sorted at %lu\n", i);
			return 1;
		}
		hash = (hash ^ a[i]) * 1099511628211UL;
	}
	printf("sort: %lu keys, min %016lx max %016lx hash %016lx\n", n, a[0], a[n - 1], hash);
	return 0;
}
