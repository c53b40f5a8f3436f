/*
 * cc1: a workload shaped like a compiler pass, for `minikern bench smp`.
 *
 * Each round "reads a source file" (the program's own binary, through
 * read(2)), "parses" it into many small malloc'ed nodes, "generates code"
 * into a large buffer (malloc hands out large blocks as mmaps of their
 * own), touches every page of it with some arithmetic, then frees it
 * all.  Many processes running it at once allocate memory concurrently:
 * the situation that made OpenBSD take mmap and anonymous page faults out
 * from under the kernel lock (s2k15).
 *
 * `cc1 ROUNDS SEED THREADS` does the same with THREADS threads of one
 * process (each the work of one process, seeds SEED, SEED+1, ...): then
 * they also share one address space, and so its map lock.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NODES 64

static _Thread_local unsigned long state;	/* each thread its own sequence */

static unsigned long next(void)
{
	state = state * 6364136223846793005UL + 1442695040888963407UL;
	return state >> 33;
}

static unsigned long read_source(const char *path, char *buf, size_t len)
{
	unsigned long sum = 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, len);
	for (ssize_t i = 0; i < n; i += 64)
		sum += (unsigned char)buf[i];
	close(fd);
	return sum;
}

static unsigned long parse(void)
{
	char *nodes[NODES];
	unsigned long sum = 0;
	for (int i = 0; i < NODES; i++) {
		size_t size = 16 + next() % 2000;
		nodes[i] = malloc(size);
		memset(nodes[i], i, size);
		sum += size;
	}
	for (int i = 0; i < NODES; i++)
		free(nodes[i]);
	return sum;
}

static unsigned long generate(void)
{
	size_t size = (256 + next() % 512) * 1024;
	unsigned long *code = malloc(size);
	unsigned long sum = 0;
	size_t words = size / sizeof *code;
	for (size_t i = 0; i < words; i += 8) {	/* every page, many times */
		code[i] = i * 2654435761UL;
		sum += code[i] >> 7;
	}
	free(code);
	return sum;
}

static const char *program;
static int rounds;

/* One compiler's work: `rounds` rounds from seed `seed`; the checksum. */
static unsigned long compile(unsigned long seed)
{
	char *source = malloc(16384);
	unsigned long sum = 0;

	state = seed;
	for (int r = 0; r < rounds; r++) {
		sum += read_source(program, source, 16384);
		sum += parse();
		sum += generate();
	}
	free(source);
	return sum;
}

static void *compile_thread(void *seed)
{
	return (void *)compile((unsigned long)(uintptr_t)seed);
}

int main(int argc, char **argv)
{
	unsigned long seed = argc > 2 ? (unsigned long)atol(argv[2]) : 1;
	int threads = argc > 3 ? atoi(argv[3]) : 0;
	unsigned long sum = 0;

	program = argv[0];
	rounds = argc > 1 ? atoi(argv[1]) : 20;
	if (threads <= 0) {
		sum = compile(seed);
		printf("cc1: %d rounds, checksum %lx\n", rounds, sum);
		return 0;
	}
	pthread_t tid[threads];
	for (int i = 0; i < threads; i++)
		if (pthread_create(&tid[i], NULL, compile_thread,
		    (void *)(uintptr_t)(seed + i)) != 0)
			return 1;
	for (int i = 0; i < threads; i++) {
		void *part;
		pthread_join(tid[i], &part);
		sum += (unsigned long)(uintptr_t)part;
	}
	printf("cc1: %d threads, %d rounds each, checksum %lx\n", threads, rounds, sum);
	return 0;
}
