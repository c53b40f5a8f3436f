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

/*
 * The note that makes this a minikern executable.  exec refuses an ELF
 * file without it (a Linux binary, say), as OpenBSD's exec_elf.c looks
 * for its "OpenBSD" note.  An ELF note: name size, description size,
 * type, then the name and the description, each padded to 4 bytes.
 * guest.ld puts it in the rodata segment and gives it a PT_NOTE header.
 */
	.section .note.minikern.ident,"a",@note
	.p2align 2
	.long 9			/* namesz: "minikern" and its NUL */
	.long 4			/* descsz */
	.long 1			/* type: NT_MINIKERN_IDENT */
	.asciz "minikern"
	.p2align 2
	.long 1			/* description: the ABI version */
