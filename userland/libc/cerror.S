/*
 * The error path of every system call stub: the kernel set the carry
 * flag and left the error number in %rax.  Store it in errno and make
 * the call return -1, as C callers expect.
 */
	.section .text.__cerror,"ax",@progbits
	.globl __cerror
	.type __cerror,@function
__cerror:
	mov %eax, errno(%rip)
	mov $-1, %rax
	ret
	.size __cerror, .-__cerror
