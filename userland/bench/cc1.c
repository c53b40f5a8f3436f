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
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NODES 64

static unsigned long state;

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

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 20;
	char *source = malloc(16384);
	unsigned long sum = 0;

	state = argc > 2 ? (unsigned long)atol(argv[2]) : 1;
	for (int r = 0; r < rounds; r++) {
		sum += read_source(argv[0], source, 16384);
		sum += parse();
		sum += generate();
	}
	printf("cc1: %d rounds, checksum %lx\n", rounds, sum);
	return 0;
}
