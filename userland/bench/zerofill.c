/*
 * zerofill PAGES: write one byte to each page of a fresh anonymous
 * mapping, so every write is a page fault that the kernel resolves with
 * a zero-filled page (4 instructions a page besides the fault).
 */
#include <stdio.h>

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
	char *base = bench_map("zerofill", pages);
	BENCH_TIMED(bench_touch_loop(base, pages));
	printf("zerofill: %lu pages\n", pages);
	return 0;
}
