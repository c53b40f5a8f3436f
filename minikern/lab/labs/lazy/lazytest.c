/*
 * lazytest: the lazy lab's guest program.  `lazytest PART` runs one part
 * of the lab's tests; each check prints "name: ok" or "name: FAIL" and the
 * last line is check.h's "N passed, M failed".
 */
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../../../userland/tests/check.h"

#define PAGE 4096
#define MiB (1024L * 1024)

static char *map_anon(size_t size, int prot)
{
	char *p = mmap(NULL, size, prot, MAP_ANON | MAP_PRIVATE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* A fresh mapping reads as zeros; a store stays; two mappings are apart. */
static void part_zero(void)
{
	char *a = map_anon(16 * PAGE, PROT_READ | PROT_WRITE);
	char *b = map_anon(16 * PAGE, PROT_READ | PROT_WRITE);
	int zeros = 1, i;

	check("mmap", a != NULL && b != NULL);
	if (a == NULL || b == NULL)
		return;
	for (i = 0; i < 16 * PAGE; i++)
		zeros &= a[i] == 0 && b[i] == 0;
	check("reads as zeros", zeros);
	memset(a + 5 * PAGE, 'x', PAGE);
	check("a store stays", a[5 * PAGE] == 'x' && a[6 * PAGE - 1] == 'x');
	check("the neighbours stay zero", a[4 * PAGE + 4095] == 0 && a[6 * PAGE] == 0);
	check("another mapping is apart", b[5 * PAGE] == 0);
}

/* Far more address space than the machine has memory: only the touched
 * pages may cost a page. */
static void part_sparse(void)
{
	long size = 1024 * MiB;
	char *big = map_anon(size, PROT_READ | PROT_WRITE);
	long where[] = { 0, 123 * MiB + 17, 512 * MiB, size - 1 };
	int i, ok = 1;

	check("mmap 1 GiB", big != NULL);
	if (big == NULL)
		return;
	for (i = 0; i < 4; i++)
		big[where[i]] = (char)(i + 1);
	for (i = 0; i < 4; i++)
		ok &= big[where[i]] == (char)(i + 1);
	check("four stores across 1 GiB", ok);
	check("an untouched page in between reads zero", big[700 * MiB] == 0);
	check("munmap", munmap(big, size) == 0);
}

/* Touch every 16th page of 32 MiB: the Python side counts the zero-fill
 * faults and the pages in use (see lab.py). */
static void part_resident(void)
{
	long size = 32 * MiB, off;
	char *p = map_anon(size, PROT_READ | PROT_WRITE);

	check("mmap 32 MiB", p != NULL);
	if (p == NULL)
		return;
	for (off = 0; off < size; off += 16 * PAGE)
		p[off] = 1;
	check("512 pages touched", p[16 * PAGE] == 1);
}

/* Run fn in a child; the child's status as wait(2) gives it. */
static int in_child(void (*fn)(char *), char *arg)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void store(char *p) { *(volatile char *)p = 1; }
static void load(char *p) { (void)*(volatile char *)p; }

static int killed_by_segv(int status)
{
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
}

/* The entry's protection decides: a store to a read-only page, any touch
 * of a PROT_NONE page, a touch outside every mapping: SIGSEGV. */
static void part_protect(void)
{
	char *ro = map_anon(4 * PAGE, PROT_READ);
	char *none = map_anon(4 * PAGE, PROT_NONE);
	char *gone = map_anon(4 * PAGE, PROT_READ | PROT_WRITE);

	check("mmaps", ro != NULL && none != NULL && gone != NULL);
	if (ro == NULL || none == NULL || gone == NULL)
		return;
	check("read-only reads zero", ro[PAGE] == 0);
	check("store to read-only: SIGSEGV", killed_by_segv(in_child(store, ro + 2 * PAGE)));
	check("load from PROT_NONE: SIGSEGV", killed_by_segv(in_child(load, none)));
	check("store to PROT_NONE: SIGSEGV", killed_by_segv(in_child(store, none + PAGE)));
	munmap(gone, 4 * PAGE);
	check("touch after munmap: SIGSEGV", killed_by_segv(in_child(load, gone)));
	check("mprotect to read-write", mprotect(ro, 4 * PAGE, PROT_READ | PROT_WRITE) == 0);
	ro[3 * PAGE] = 7;
	check("then a store stays", ro[3 * PAGE] == 7);
}

/* After fork, pages touched before are shared copy-on-write and pages
 * touched after are each process's own zeros. */
static void part_fork(void)
{
	char *p = map_anon(8 * PAGE, PROT_READ | PROT_WRITE);
	int status = -1;
	pid_t pid;

	check("mmap", p != NULL);
	if (p == NULL)
		return;
	p[0] = 'p';
	pid = fork();
	if (pid == 0) {
		int ok = p[0] == 'p' && p[4 * PAGE] == 0;
		p[4 * PAGE] = 'c';
		p[0] = 'c';
		_exit(ok && p[4 * PAGE] == 'c' ? 0 : 1);
	}
	check("fork", pid > 0 && waitpid(pid, &status, 0) == pid);
	check("the child saw the parent's page and zeros", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	check("the parent's page is its own", p[0] == 'p');
	check("the parent's untouched page is still zero", p[4 * PAGE] == 0);
}

static void touch_all(char *p)
{
	long off;

	for (off = 0; off < 96 * MiB; off += PAGE)
		p[off] = 1;
}

/* A child that touches more than the machine's memory is killed; its
 * parent and the machine go on. */
static void part_oom(void)
{
	char *p = map_anon(96 * MiB, PROT_READ | PROT_WRITE);
	int status;

	check("mmap 96 MiB", p != NULL);
	if (p == NULL)
		return;
	status = in_child(touch_all, p);
	check("the child is killed", WIFSIGNALED(status));
	p[0] = 5;
	check("the parent goes on", p[0] == 5);
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } parts[] = {
		{ "zero", part_zero }, { "sparse", part_sparse },
		{ "resident", part_resident }, { "protect", part_protect },
		{ "fork", part_fork }, { "oom", part_oom },
	};
	/* It maps more than the machine's memory on purpose: lift the soft
	 * data size limit (RLIMIT_DATA, the memory size at first) to the
	 * hard one, as `ulimit -d unlimited` would. */
	struct rlimit rl;
	getrlimit(RLIMIT_DATA, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_DATA, &rl);
	unsigned i;

	for (i = 0; argc > 1 && i < sizeof parts / sizeof parts[0]; i++)
		if (strcmp(argv[1], parts[i].name) == 0) {
			parts[i].fn();
			return report();
		}
	fprintf(stderr, "usage: lazytest zero|sparse|resident|protect|fork|oom\n");
	return 2;
}
