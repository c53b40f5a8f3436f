/*
 * interp N: a bytecode interpreter (a stack machine with a switch
 * dispatch loop, like the inner loop of many language runtimes) running a
 * program that counts the primes below N by trial division.
 */
#include <stdio.h>

#include "bench.h"

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, HALT };

struct insn {
	enum op op;
	long arg;
};

/*
 * count = 0; n = 2;
 * while (n < N) {
 *     d = 2; prime = 1;
 *     while (d * d < n + 1) { if (n % d == 0) { prime = 0; d = n; } d = d + 1; }
 *     count = count + prime; n = n + 1;
 * }
 * Variables: 0 count, 1 n, 2 d, 3 prime, 4 N.
 */
static const struct insn program[] = {
	/*  0 */ {PUSH, 0}, {STORE, 0}, {PUSH, 2}, {STORE, 1},
	/*  4 */ {LOAD, 1}, {LOAD, 4}, {LT, 0}, {JZ, 43},		/* n < N? */
	/*  8 */ {PUSH, 2}, {STORE, 2}, {PUSH, 1}, {STORE, 3},
	/* 12 */ {LOAD, 2}, {LOAD, 2}, {MUL, 0}, {LOAD, 1}, {PUSH, 1}, {ADD, 0},
	/* 18 */ {LT, 0}, {JZ, 34},					/* d*d < n+1? */
	/* 20 */ {LOAD, 1}, {LOAD, 2}, {MOD, 0}, {JZ, 25}, {JMP, 29},	/* n % d? */
	/* 25 */ {PUSH, 0}, {STORE, 3}, {LOAD, 1}, {STORE, 2},	/* not prime */
	/* 29 */ {LOAD, 2}, {PUSH, 1}, {ADD, 0}, {STORE, 2}, {JMP, 12},
	/* 34 */ {LOAD, 0}, {LOAD, 3}, {ADD, 0}, {STORE, 0},
	/* 38 */ {LOAD, 1}, {PUSH, 1}, {ADD, 0}, {STORE, 1}, {JMP, 4},
	/* 43 */ {HALT, 0},
};

static long run(const struct insn *code, long *vars, unsigned long *steps)
{
	long stack[64];
	int sp = 0;
	unsigned long pc = 0, count = 0;

	for (;;) {
		const struct insn *i = &code[pc++];
		count++;
		switch (i->op) {
		case PUSH:  stack[sp++] = i->arg; break;
		case LOAD:  stack[sp++] = vars[i->arg]; break;
		case STORE: vars[i->arg] = stack[--sp]; break;
		case ADD:   sp--; stack[sp - 1] += stack[sp]; break;
		case SUB:   sp--; stack[sp - 1] -= stack[sp]; break;
		case MUL:   sp--; stack[sp - 1] *= stack[sp]; break;
		case MOD:   sp--; stack[sp - 1] %= stack[sp]; break;
		case LT:    sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
		case JZ:    if (stack[--sp] == 0) pc = i->arg; break;
		case JMP:   pc = i->arg; break;
		case HALT:  *steps = count; return vars[0];
		}
	}
}

int main(int argc, char **argv)
{
	long vars[5] = {0, 0, 0, 0, (long)bench_arg(argc, argv, 1, 30000)};
	unsigned long steps = 0;
	long primes;

	BENCH_TIMED(primes = run(program, vars, &steps));
	printf("interp: %ld primes below %ld, %lu bytecodes\n", primes, vars[4], steps);
	return 0;
}
