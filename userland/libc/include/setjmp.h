#ifndef _SETJMP_H_
#define _SETJMP_H_

/*
 * What setjmp() saves: the callee-saved registers of the x86-64 ABI
 * (rbx rbp r12-r15), the stack pointer and the return address.
 */
typedef long jmp_buf[8];

int setjmp(jmp_buf env) __attribute__((returns_twice));
__attribute__((noreturn)) void longjmp(jmp_buf env, int val);

#endif
