/*
 * mmaptest: the mmap lab's guest program.  `mmaptest PART` runs one part
 * of the lab's tests; each check prints "name: ok" or "name: FAIL" and the
 * last line is check.h's "N passed, M failed".
 */
#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../../../userland/tests/check.h"

#define PAGE 4096

/* A fresh file of size bytes, each page filled with its number + 'A'. */
static int make_file(const char *path, int pages)
{
	char buf[PAGE];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644), i;

	for (i = 0; fd >= 0 && i < pages; i++) {
		memset(buf, 'A' + i, PAGE);
		if (write(fd, buf, PAGE) != PAGE)
			return -1;
	}
	return fd;
}

static char byte_at(int fd, off_t off)
{
	char c = 0;

	return pread(fd, &c, 1, off) == 1 ? c : 0;
}

static char *map_file(int fd, size_t size, int prot, int flags)
{
	char *p = mmap(NULL, size, prot, flags, fd, 0);
	return p == MAP_FAILED ? NULL : p;
}

static int exited_ok(pid_t pid)
{
	int status;

	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)
	    && WEXITSTATUS(status) == 0;
}

/* MAP_SHARED: the mapping is the file, both ways, across processes. */
static void part_shared(void)
{
	int fd = make_file("/tmp/shared", 4);
	char *p = map_file(fd, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED);
	char *again;
	pid_t pid;

	check("mmap MAP_SHARED", p != NULL);
	if (p == NULL)
		return;
	check("the mapping shows the file", p[0] == 'A' && p[3 * PAGE + 9] == 'D');
	p[PAGE + 5] = 'x';
	check("a store is what read(2) returns", byte_at(fd, PAGE + 5) == 'x');
	check("write(2) shows in the mapping",
	    pwrite(fd, "y", 1, 2 * PAGE) == 1 && p[2 * PAGE] == 'y');
	pid = fork();
	if (pid == 0) {
		p[3 * PAGE] = 'c';
		_exit(0);
	}
	check("a child's store shows in the parent", exited_ok(pid) && p[3 * PAGE] == 'c');
	check("msync", msync(p, 4 * PAGE, MS_SYNC) == 0);
	check("munmap", munmap(p, 4 * PAGE) == 0);
	again = map_file(fd, 4 * PAGE, PROT_READ, MAP_SHARED);
	check("the stores outlive the mapping", again != NULL && again[PAGE + 5] == 'x'
	    && again[3 * PAGE] == 'c');
	close(fd);
}

/* MAP_PRIVATE: the process's own copy once it writes; never the file's. */
static void part_private(void)
{
	int fd = make_file("/tmp/private", 4);
	char *priv = map_file(fd, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char *shared = map_file(fd, 4 * PAGE, PROT_READ, MAP_SHARED);
	pid_t pid;

	check("mmaps", priv != NULL && shared != NULL);
	if (priv == NULL || shared == NULL)
		return;
	check("a private mapping shows the file", priv[2 * PAGE] == 'C');
	priv[PAGE] = 'p';
	check("its store stays in the process", priv[PAGE] == 'p');
	check("the file does not see it", byte_at(fd, PAGE) == 'B');
	check("a shared mapping does not see it", shared[PAGE] == 'B');
	pwrite(fd, "w", 1, PAGE);
	check("the copy does not see a later write(2)", priv[PAGE] == 'p');
	pid = fork();
	if (pid == 0) {
		priv[3 * PAGE] = 'k';
		_exit(priv[PAGE] == 'p' ? 0 : 1);
	}
	check("a child inherits the copy", exited_ok(pid));
	check("the child's store is its own", priv[3 * PAGE] == 'D' && byte_at(fd, 3 * PAGE) == 'D');
	close(fd);
}

/* A file with holes: reading one costs no page; a shared store fills it
 * in the file; a private one does not. */
static void part_hole(void)
{
	int fd = open("/tmp/holes", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char *shared, *priv;
	int zeros = 1, i;

	check("ftruncate 1 MiB", fd >= 0 && ftruncate(fd, 256 * PAGE) == 0);
	shared = map_file(fd, 256 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED);
	priv = map_file(fd, 256 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	check("mmaps", shared != NULL && priv != NULL);
	if (shared == NULL || priv == NULL)
		return;
	for (i = 0; i < 256 * PAGE; i += PAGE)
		zeros &= shared[i] == 0 && priv[i + 100] == 0;
	check("holes read as zeros", zeros);
	priv[10 * PAGE] = 'v';
	check("a private store into a hole stays private", byte_at(fd, 10 * PAGE) == 0
	    && shared[10 * PAGE] == 0);
	shared[20 * PAGE] = 's';
	check("a shared store into a hole is the file's", byte_at(fd, 20 * PAGE) == 's');
	check("and shows in the private mapping's untouched page", priv[20 * PAGE] == 's');
	close(fd);
}

static int mmap_errno(int fd, int prot, int flags)
{
	void *p = mmap(NULL, PAGE, prot, flags, fd, 0);

	if (p != MAP_FAILED) {
		munmap(p, PAGE);
		return 0;
	}
	return errno;
}

/* The open mode bounds what a mapping may ever do. */
static void part_perm(void)
{
	int rw = make_file("/tmp/perm", 1), ro, wo, pipes[2];
	char *p;

	close(rw);
	ro = open("/tmp/perm", O_RDONLY);
	wo = open("/tmp/perm", O_WRONLY);
	check("shared writable over O_RDONLY: EACCES",
	    mmap_errno(ro, PROT_READ | PROT_WRITE, MAP_SHARED) == EACCES);
	check("private writable over O_RDONLY: allowed",
	    mmap_errno(ro, PROT_READ | PROT_WRITE, MAP_PRIVATE) == 0);
	check("anything over O_WRONLY: EACCES", mmap_errno(wo, PROT_READ, MAP_SHARED) == EACCES);
	p = map_file(ro, PAGE, PROT_READ, MAP_SHARED);
	check("mprotect a read-only shared mapping writable: EACCES",
	    p != NULL && mprotect(p, PAGE, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
	check("a pipe: ENODEV", pipe(pipes) == 0
	    && mmap_errno(pipes[0], PROT_READ, MAP_SHARED) == ENODEV);
	check("a directory: ENODEV", mmap_errno(open("/tmp", O_RDONLY), PROT_READ, MAP_SHARED) == ENODEV);
	check("a closed descriptor: EBADF", mmap_errno(99, PROT_READ, MAP_SHARED) == EBADF);
	p = map_file(open("/dev/zero", O_RDWR), 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	check("/dev/zero maps zeros to write", p != NULL && p[PAGE] == 0 && (p[PAGE] = 1) == 1);
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } parts[] = {
		{ "shared", part_shared }, { "private", part_private },
		{ "hole", part_hole }, { "perm", part_perm },
	};
	unsigned i;

	for (i = 0; argc > 1 && i < sizeof parts / sizeof parts[0]; i++)
		if (strcmp(argv[1], parts[i].name) == 0) {
			parts[i].fn();
			return report();
		}
	fprintf(stderr, "usage: mmaptest shared|private|hole|perm\n");
	return 2;
}
