/*
 * Shared by the benchmark programs run by `minikern bench`.
 *
 * The host times the interval between the two markers a program writes
 * to its standard output ("bench: start" and "bench: stop"), so only the
 * measured loop (and half of each marker's write) is inside the interval:
 * not the boot, the exec or the set-up before the loop.
 *
 * Each measured loop is a small assembly function whose first and last
 * instructions carry global labels: the host reads those bytes from this
 * program's ELF symbol table and runs the very same machine code on bare
 * Unicorn for the floor it compares with.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BENCH_STR_(x) #x
#define BENCH_STR(x) BENCH_STR_(x)

static void bench_mark(const char *line)
{
	write(1, line, strlen(line));
}

/*
 * The global assembly function NAME: BODY (instructions, one a line),
 * then the label NAME_end on its final `ret`.
 */
#define BENCH_LOOP(name, body) __asm__(				\
	"	.text\n"						\
	"	.globl " #name ", " #name "_end\n"			\
	#name ":\n"							\
	body								\
	#name "_end:\n"						\
	"	ret\n")

/* Run STATEMENT between the two markers the host times. */
#define BENCH_TIMED(statement) do {				\
	bench_mark("bench: start\n");				\
	statement;						\
	bench_mark("bench: stop\n");				\
} while (0)

/* argv[i] as a positive number, or dflt when it is missing. */
static unsigned long bench_arg(int argc, char **argv, int i, unsigned long dflt)
{
	unsigned long n = i < argc ? strtoul(argv[i], NULL, 0) : dflt;
	return n > 0 ? n : 1;
}

/*
 * A fresh anonymous read-write mapping of `pages` pages, none touched yet;
 * on failure, a line naming the program and exit status 1.
 */
static inline char *bench_map(const char *program, unsigned long pages)
{
	char *base = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);
	if (base == MAP_FAILED) {
		bench_mark(program);
		bench_mark(": mmap failed\n");
		exit(1);
	}
	return base;
}

#endif
