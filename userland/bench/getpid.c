/*
 * getpid CALLS: a loop of raw getpid system calls (4 instructions an
 * iteration, the syscall included): the round trip through the kernel.
 */
#include <stdio.h>
#include <sys/syscall.h>

#include "bench.h"

void bench_getpid_loop(unsigned long n);

BENCH_LOOP(bench_getpid_loop,		/* rdi = calls (> 0) */
"1:	mov $" BENCH_STR(SYS_getpid) ", %eax\n"
"	syscall\n"
"	dec %rdi\n"
"	jnz 1b\n");

int main(int argc, char **argv)
{
	unsigned long n = bench_arg(argc, argv, 1, 100000);
	BENCH_TIMED(bench_getpid_loop(n));
	printf("getpid: %lu calls, pid %d\n", n, (int)getpid());
	return 0;
}
