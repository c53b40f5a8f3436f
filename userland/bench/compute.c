/*
 * compute ITERATIONS: a register-only loop (xorshift64), 11 instructions
 * an iteration, no memory access and no system call: the speed of guest
 * code between two traps.
 */
#include <stdio.h>

#include "bench.h"

unsigned long bench_compute_loop(unsigned long n, unsigned long x);

BENCH_LOOP(bench_compute_loop,		/* rdi = iterations (> 0), rsi = seed */
"	mov %rsi, %rax\n"
"1:	mov %rax, %rdx\n"
"	shl $13, %rdx\n"
"	xor %rdx, %rax\n"
"	mov %rax, %rdx\n"
"	shr $7, %rdx\n"
"	xor %rdx, %rax\n"
"	mov %rax, %rdx\n"
"	shl $17, %rdx\n"
"	xor %rdx, %rax\n"
"	dec %rdi\n"
"	jnz 1b\n");

int main(int argc, char **argv)
{
	unsigned long n = bench_arg(argc, argv, 1, 10000000);
	unsigned long x;
	BENCH_TIMED(x = bench_compute_loop(n, 88172645463325252UL));
	printf("compute: %lu iterations, x = %#lx\n", n, x);
	return 0;
}
