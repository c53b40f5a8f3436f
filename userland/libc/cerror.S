/*
 * The error path of every system call stub: the kernel set the carry
 * flag and left the error number in %rax.  Store it in the calling
 * thread's errno (in its TIB, which %fs:0 points to) and make the call
 * return -1, as C callers expect.
 */
#include "thread_private.h"

	.section .text.__cerror,"ax",@progbits
	.globl __cerror
	.type __cerror,@function
__cerror:
	mov %fs:0, %rcx
	mov %eax, TIB_ERRNO_OFFSET(%rcx)
	mov $-1, %rax
	ret
	.size __cerror, .-__cerror
