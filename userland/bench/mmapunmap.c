/*
 * mmapunmap N: N times, map one anonymous page, write one byte to it
 * (a zero-fill fault) and unmap it.
 */
#include <stdio.h>
#include <sys/mman.h>

#include "bench.h"

static unsigned long map_touch_unmap(unsigned long n)
{
	unsigned long failed = 0;
	for (unsigned long i = 0; i < n; i++) {
		volatile char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_ANON | MAP_PRIVATE, -1, 0);
		if (p == MAP_FAILED) {
			failed++;
			continue;
		}
		*p = 1;
		if (munmap((void *)p, 4096) != 0)
			failed++;
	}
	return failed;
}

int main(int argc, char **argv)
{
	unsigned long n = bench_arg(argc, argv, 1, 10000), failed;
	BENCH_TIMED(failed = map_touch_unmap(n));
	printf("mmapunmap: %lu pairs, %lu failed\n", n, failed);
	return failed != 0;
}
