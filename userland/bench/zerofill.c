/*
 * zerofill PAGES: write one byte to each page of a fresh anonymous
 * mapping, so every write is a page fault that the kernel resolves with
 * a zero-filled page (4 instructions a page besides the fault).
 */
#include <stdio.h>
#include <sys/mman.h>

#include "bench.h"

void bench_touch_loop(char *base, unsigned long pages);

BENCH_LOOP(bench_touch_loop,		/* rdi = base, rsi = pages (> 0) */
"1:	movb $1, (%rdi)\n"
"	add $4096, %rdi\n"
"	dec %rsi\n"
"	jnz 1b\n");

int main(int argc, char **argv)
{
	unsigned long pages = bench_arg(argc, argv, 1, 16384);
	char *base = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);
	if (base == MAP_FAILED) {
		printf("zerofill: mmap of %lu pages failed\n", pages);
		return 1;
	}
	BENCH_TIMED(bench_touch_loop(base, pages));
	printf("zerofill: %lu pages\n", pages);
	return 0;
}
