/*
 * Process entry.  The kernel starts us with %rsp pointing at
 *	argc, argv[0..argc-1], NULL, envp[...], NULL, auxv pairs, AT_NULL
 * and every other register zero.  C code needs a 16-byte aligned stack
 * at each call, so align it and hand the original %rsp to __start().
 */
	.section .text.start,"ax",@progbits
	.globl _start
	.type _start,@function
_start:
	xor %ebp, %ebp		/* the outermost frame: ends backtraces */
	mov %rsp, %rdi		/* __start(long *stack) */
	and $-16, %rsp
	call __start
	ud2			/* __start calls exit() and never returns */
	.size _start, .-_start
