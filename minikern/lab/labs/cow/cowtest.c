/*
 * cowtest: the cow lab's guest program.  `cowtest PART` runs one part of
 * the lab's tests; each check prints "name: ok" or "name: FAIL" and the
 * last line is check.h's "N passed, M failed".
 */
#include <sys/mman.h>
#include <sys/wait.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../../../userland/tests/check.h"

#define PAGE 4096
#define MiB (1024L * 1024)

static char *touched(long size, int fill)
{
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, fill, size);
	return p;
}

static int all_are(const char *p, long size, int value)
{
	long i;

	for (i = 0; i < size; i += 64)
		if (p[i] != (char)value)
			return 0;
	return 1;
}

/* The exit status of the child, or -1 if it did not exit normally. */
static int child_status(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Stores after fork stay on their side, in both directions. */
static void part_isolate(void)
{
	long size = 64 * PAGE;
	char *p = touched(size, 'a');
	pid_t pid;

	check("mmap", p != NULL);
	if (p == NULL)
		return;
	pid = fork();
	if (pid == 0) {
		int saw_parent = all_are(p, size, 'a');
		memset(p, 'c', size);
		sleep(1);               /* the parent writes meanwhile */
		_exit(saw_parent && all_are(p, size, 'c') ? 0 : 1);
	}
	memset(p + 32 * PAGE, 'p', 32 * PAGE);
	check("the child saw the parent's pages, then only its own", child_status(pid) == 0);
	check("the parent's first half is untouched by the child", all_are(p, 32 * PAGE, 'a'));
	check("the parent's second half is its own", all_are(p + 32 * PAGE, 32 * PAGE, 'p'));
}

/* 40 MiB touched on a 64 MiB machine: fork must not copy it. */
static void part_cheap(void)
{
	long size = 40 * MiB;
	char *p = touched(size, 'x');
	pid_t pid;

	check("40 MiB touched", p != NULL);
	if (p == NULL)
		return;
	pid = fork();
	if (pid == 0) {
		int ok = all_are(p, size, 'x');
		p[size / 2] = 'y';
		_exit(ok && p[size / 2] == 'y' ? 0 : 1);
	}
	check("fork succeeds", pid > 0);
	check("the child reads all 40 MiB and writes a page", child_status(pid) == 0);
	check("the parent's page is unchanged", p[size / 2] == 'x');
}

/* The Python side counts the copies: the child writes 10 of 256 shared
 * pages; once it has exited, the parent's pages are its alone again and
 * its writes copy nothing. */
static void part_copies(void)
{
	long size = 256 * PAGE, i;
	char *p = touched(size, 'q');
	pid_t pid;

	check("mmap", p != NULL);
	if (p == NULL)
		return;
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < 10; i++)
			p[i * 20 * PAGE] = 'c';
		_exit(0);
	}
	check("the child wrote 10 pages", child_status(pid) == 0);
	/* The child's pages go back when its core is done with its page
	 * tables (OpenBSD's reaper also frees them a little later): give it
	 * a moment of virtual time. */
	usleep(10000);
	for (i = 0; i < size; i += PAGE)
		p[i] = 'z';
	check("the parent wrote all 256", p[0] == 'z' && p[size - PAGE] == 'z');
}

/* Three generations share a page; each writes its own part. */
static void part_chain(void)
{
	long size = 12 * PAGE;
	char *p = touched(size, 'g');
	pid_t pid;

	check("mmap", p != NULL);
	if (p == NULL)
		return;
	pid = fork();
	if (pid == 0) {
		pid_t grandchild = fork();
		if (grandchild == 0) {
			int ok = all_are(p, size, 'g');
			memset(p + 8 * PAGE, '3', 4 * PAGE);
			_exit(ok && all_are(p, 8 * PAGE, 'g') ? 0 : 1);
		}
		memset(p + 4 * PAGE, '2', 4 * PAGE);
		_exit(child_status(grandchild) == 0 && all_are(p + 8 * PAGE, 4 * PAGE, 'g')
		    && all_are(p + 4 * PAGE, 4 * PAGE, '2') ? 0 : 1);
	}
	memset(p, '1', 4 * PAGE);
	check("the child and grandchild saw only their own stores", child_status(pid) == 0);
	check("the parent sees only its own", all_are(p, 4 * PAGE, '1')
	    && all_are(p + 4 * PAGE, 8 * PAGE, 'g'));
}

/* Many children come and go; every page they shared or copied must come
 * back (the Python side runs the kernel's page accounting check). */
static void part_freed(void)
{
	long size = 128 * PAGE, i;
	char *p = touched(size, 'f');
	int ok = p != NULL, k;

	for (k = 0; ok && k < 20; k++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (i = k % 2; i < 128; i += 2)
				p[i * PAGE] = (char)k;
			_exit(0);
		}
		ok = child_status(pid) == 0;
	}
	check("20 children wrote half the pages each", ok);
	check("the parent's pages are unchanged", ok && all_are(p, size, 'f'));
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } parts[] = {
		{ "isolate", part_isolate }, { "cheap", part_cheap },
		{ "copies", part_copies }, { "chain", part_chain }, { "freed", part_freed },
	};
	unsigned i;

	for (i = 0; argc > 1 && i < sizeof parts / sizeof parts[0]; i++)
		if (strcmp(argv[1], parts[i].name) == 0) {
			parts[i].fn();
			return report();
		}
	fprintf(stderr, "usage: cowtest isolate|cheap|copies|chain|freed\n");
	return 2;
}
