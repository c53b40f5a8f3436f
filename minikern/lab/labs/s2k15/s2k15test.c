/*
 * s2k15test: several processes map, touch and unmap anonymous memory at
 * once, on as many cores as the machine has, while each also maps a file
 * (whose pages still need the kernel lock).  Every page a worker touches
 * must hold what that worker wrote and nothing else; every call must
 * succeed.  Usage: s2k15test [WORKERS [ROUNDS]].
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../../../userland/tests/check.h"

#define PAGE 4096
#define FILE_PAGES 4
#define DATA "/tmp/s2k15.dat"

static unsigned long state;

static unsigned long next(void)
{
	state = state * 6364136223846793005UL + 1442695040888963407UL;
	return state >> 33;
}

/* One anonymous mapping: touch every page with this worker's pattern,
 * read it back, take writing away from half of it, unmap it.  0 if all
 * went as it should. */
static int anon_round(int worker)
{
	size_t pages = 8 + next() % 56;
	unsigned long *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	for (size_t i = 0; i < pages; i++) {
		unsigned long *w = p + i * (PAGE / sizeof *p);
		if (w[0] != 0 || w[7] != 0)
			return 2;		/* not zero-filled */
		w[0] = (unsigned long)worker << 32 | i;
		w[7] = ~w[0];
	}
	for (size_t i = 0; i < pages; i++) {
		unsigned long *w = p + i * (PAGE / sizeof *p);
		if (w[0] != ((unsigned long)worker << 32 | i) || w[7] != ~w[0])
			return 3;		/* someone else's page, or lost */
	}
	if (mprotect(p, pages / 2 * PAGE, PROT_READ) != 0)
		return 4;
	if (munmap(p, pages * PAGE) != 0)
		return 5;
	return 0;
}

/* A private mapping of the shared file: read its pages (object faults,
 * under the kernel lock), write one (a promotion into an anon). */
static int file_round(int worker)
{
	int fd = open(DATA, O_RDONLY);
	if (fd < 0)
		return 6;
	unsigned char *f = mmap(NULL, FILE_PAGES * PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE, fd, 0);
	close(fd);
	if (f == MAP_FAILED)
		return 7;
	/* Page 1 is the one every round writes: whether the file keeps its
	 * 'b' is the mmap lab's business (its starter lets the store through),
	 * so this lab reads only the others. */
	for (int i = 0; i < FILE_PAGES; i++)
		if (i != 1 && f[i * PAGE] != 'a' + i)
			return 8;
	f[PAGE] = (unsigned char)worker;	/* a promotion into an anon */
	int bad = f[PAGE] != (unsigned char)worker;
	if (munmap(f, FILE_PAGES * PAGE) != 0)
		return 9;
	return bad ? 10 : 0;
}

static int work(int worker, int rounds)
{
	state = (unsigned long)worker * 7919 + 1;
	for (int r = 0; r < rounds; r++) {
		int err = anon_round(worker);
		if (!err && r % 4 == 0)
			err = file_round(worker);
		if (err)
			return err;
	}
	return 0;
}

static int make_file(void)
{
	static char page[PAGE];
	int fd = open(DATA, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	for (int i = 0; i < FILE_PAGES; i++) {
		memset(page, 'a' + i, sizeof page);
		if (write(fd, page, sizeof page) != sizeof page)
			return -1;
	}
	return close(fd);
}

int main(int argc, char **argv)
{
	int workers = argc > 1 ? atoi(argv[1]) : 4;
	int rounds = argc > 2 ? atoi(argv[2]) : 24;
	char name[64];

	check("file made", make_file() == 0);
	for (int w = 0; w < workers; w++) {
		if (fork() == 0)
			_exit(work(w + 1, rounds));
	}
	for (int w = 0; w < workers; w++) {
		int status;
		pid_t pid = wait(&status);
		snprintf(name, sizeof name, "worker %d", w + 1);
		check(name, pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
		if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0)
			printf("a worker failed at step %d\n", WEXITSTATUS(status));
	}
	unlink(DATA);
	return report();
}
