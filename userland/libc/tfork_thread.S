/*
 * int __tfork_thread(const struct __tfork *param, size_t psize,
 *     void (*fn)(void *), void *arg);
 *
 * __tfork(2) makes a new thread of this process.  It returns twice: in
 * the caller with the new thread's id, and in the new thread with 0, on
 * the stack param->tf_stack, with every other register as the caller
 * had it (OpenBSD's amd64 __tfork_thread works the same way).  So fn and
 * arg wait in %r8 and %r9, which the system call leaves alone, and the
 * new thread calls fn(arg), which never returns: pthread_exit ends the
 * thread with __threxit(2).  Written in assembly because the new thread
 * must touch no stack before it is on its own.
 */
#include <sys/syscall.h>

	.section .text.__tfork_thread,"ax",@progbits
	.globl __tfork_thread
	.type __tfork_thread,@function
__tfork_thread:
	mov %rdx, %r8		/* fn */
	mov %rcx, %r9		/* arg */
	mov $SYS___tfork, %eax
	syscall
	jc 1f
	test %eax, %eax
	jz 2f
	ret			/* the caller: the new thread's id */
1:	jmp __cerror
2:	xor %ebp, %ebp		/* the new thread: its outermost frame */
	mov %r9, %rdi
	call *%r8
	ud2			/* fn never returns */
	.size __tfork_thread, .-__tfork_thread
