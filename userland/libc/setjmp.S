/*
 * setjmp(env) saves what a function must find unchanged after a call:
 * the callee-saved registers, the stack pointer as the caller will see
 * it after our return, and the return address.  longjmp(env, val) puts
 * them back and "returns from setjmp" a second time, with val (1 if val
 * is 0).
 *
 *	env[0] rbx  [1] rbp  [2] r12  [3] r13  [4] r14  [5] r15
 *	env[6] rsp (after the return)  [7] return address
 */
	.section .text.setjmp,"ax",@progbits
	.globl setjmp
	.type setjmp,@function
setjmp:
	mov %rbx, 0(%rdi)
	mov %rbp, 8(%rdi)
	mov %r12, 16(%rdi)
	mov %r13, 24(%rdi)
	mov %r14, 32(%rdi)
	mov %r15, 40(%rdi)
	lea 8(%rsp), %rdx	/* the caller's %rsp once we have returned */
	mov %rdx, 48(%rdi)
	mov (%rsp), %rdx	/* our return address */
	mov %rdx, 56(%rdi)
	xor %eax, %eax		/* the first return: 0 */
	ret
	.size setjmp, .-setjmp

	.section .text.longjmp,"ax",@progbits
	.globl longjmp
	.type longjmp,@function
longjmp:
	mov %esi, %eax
	test %eax, %eax
	jnz 1f
	mov $1, %eax		/* setjmp never returns 0 the second time */
1:	mov 0(%rdi), %rbx
	mov 8(%rdi), %rbp
	mov 16(%rdi), %r12
	mov 24(%rdi), %r13
	mov 32(%rdi), %r14
	mov 40(%rdi), %r15
	mov 48(%rdi), %rsp
	jmp *56(%rdi)
	.size longjmp, .-longjmp
