/*
 * codetest: code that changes under a program must run as it now is.
 *
 * The emulator translates guest code into host code and keeps the
 * translation.  Each check below changes bytes that have already run,
 * by a path the emulated CPU itself does not see (the kernel's read(2)
 * or write(2), exec of a file rewritten in place, a store from another
 * core, a page recycled for new code), and then runs them again: the
 * new code must run, never the remembered translation.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096
#define RWX (PROT_READ | PROT_WRITE | PROT_EXEC)

typedef int (*fn_t)(void);

/* `mov eax, value; ret` */
static void make_code(unsigned char *code, int value)
{
	code[0] = 0xb8;
	memcpy(code + 1, &value, 4);
	code[5] = 0xc3;
}

static int call(void *code)
{
	return ((fn_t)code)();
}

static char *map_code_page(int flags)
{
	return mmap(NULL, PAGE, RWX, flags | MAP_ANON, -1, 0);
}

/* A scratch file holding `mov eax, value; ret`. */
static int code_file(const char *path, int value)
{
	unsigned char code[6];
	make_code(code, value);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, code, sizeof code);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* read(2) puts new code over a page that has run: the kernel's copyout
 * writes physical memory behind the CPU's back. */
static void test_read_over_code(void)
{
	char *page = map_code_page(MAP_PRIVATE);
	make_code((unsigned char *)page, 1);
	int before = call(page);
	int fd = code_file("/tmp/code2", 2);
	read(fd, page, 6);
	close(fd);
	check("read(2) over executed code: the new code runs", before == 1 && call(page) == 2);
	unlink("/tmp/code2");
	munmap(page, PAGE);
}

/* The same through mprotect, the way a JIT switches a page between
 * writing and running. */
static void test_read_over_code_mprotect(void)
{
	char *page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	make_code((unsigned char *)page, 3);
	mprotect(page, PAGE, PROT_READ | PROT_EXEC);
	int before = call(page);
	mprotect(page, PAGE, PROT_READ | PROT_WRITE);
	int fd = code_file("/tmp/code4", 4);
	read(fd, page, 6);
	close(fd);
	mprotect(page, PAGE, PROT_READ | PROT_EXEC);
	check("read(2) between mprotect(RW) and mprotect(RX): the new code runs",
	    before == 3 && call(page) == 4);
	unlink("/tmp/code4");
	munmap(page, PAGE);
}

/* A file mapped shared and executable, rewritten by write(2): the page
 * cache page itself changes. */
static void test_write_under_shared_file_mapping(void)
{
	int fd = code_file("/tmp/code5", 5);
	char *page = mmap(NULL, PAGE, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	int before = call(page);
	unsigned char code[6];
	make_code(code, 6);
	pwrite(fd, code, sizeof code, 0);
	check("write(2) to a file mapped executable: the new code runs", before == 5 && call(page) == 6);
	munmap(page, PAGE);
	close(fd);
	unlink("/tmp/code5");
}

/* Run path with no arguments in a child; its exit status (or -1). */
static int run(const char *path)
{
	int status;
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = {(char *)path, NULL};
		execv(path, argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void copy_file(const char *from, const char *to, int flags)
{
	static char buf[64 * 1024];
	int in = open(from, O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | flags, 0755);
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
}

/* /bin/true and /bin/false differ only in main's constant: rewriting one
 * into the other in place (no truncation, same page-cache pages) must
 * change what exec runs. */
static void test_exec_rewritten_in_place(void)
{
	copy_file("/bin/true", "/tmp/prog", O_TRUNC);
	int first = run("/tmp/prog");
	copy_file("/bin/false", "/tmp/prog", 0);
	int second = run("/tmp/prog");
	copy_file("/bin/true", "/tmp/prog", 0);
	int third = run("/tmp/prog");
	check("exec of a file rewritten in place runs the new program",
	    first == 0 && second == 1 && third == 0);
	unlink("/tmp/prog");
}

/* A page that ran code is unmapped; the next mapping at the same place
 * likely gets the same physical page, filled with other code. */
static void test_recycled_page(void)
{
	int ok = 1;
	for (int i = 0; i < 8; i++) {
		char *page = map_code_page(MAP_PRIVATE);
		make_code((unsigned char *)page, 100 + i);
		ok &= call(page) == 100 + i;
		munmap(page, PAGE);
	}
	check("code in a recycled page: each new code runs", ok);
}

/* After fork, the child's first store into a copy-on-write code page
 * copies it into a fresh (perhaps recycled) page: the child runs its
 * copy, the parent its original. */
static void test_cow_code(void)
{
	char *page = map_code_page(MAP_PRIVATE);
	make_code((unsigned char *)page, 7);
	int before = call(page);
	pid_t pid = fork();
	if (pid == 0) {
		make_code((unsigned char *)page, 8);
		_exit(call(page));
	}
	int status;
	waitpid(pid, &status, 0);
	check("copy-on-write of code: the child runs its copy, the parent the original",
	    before == 7 && WIFEXITED(status) && WEXITSTATUS(status) == 8 && call(page) == 7);
	munmap(page, PAGE);
}

/* Two processes, on the two cores, share an RWX page: the child runs the
 * code in a loop; the parent patches it, round after round, each round
 * once the child has run the previous one.  A call made after the child
 * read round r from the parent (stored after the patch) must run round
 * r's code or a later one, never an earlier one. */
#define ROUNDS 8

static void run_until_patched_enough(char *code, volatile int *flags)
{
	int acked = 0;
	while (acked < ROUNDS) {
		int round = flags[1];
		int ran = call(code) - 10;
		if (ran < round) {
			flags[2] = 1;	/* stale code */
			return;
		}
		if (ran > acked)
			flags[0] = acked = ran;
	}
}

static void test_shared_code_patched_by_other_core(void)
{
	char *code = map_code_page(MAP_SHARED);
	volatile int *flags = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON, -1, 0);
	make_code((unsigned char *)code, 10);
	pid_t pid = fork();
	if (pid == 0) {
		run_until_patched_enough(code, flags);
		_exit(0);
	}
	for (int round = 1; round <= ROUNDS && !flags[2]; round++) {
		while (flags[0] < round - 1 && !flags[2])
			;
		make_code((unsigned char *)code, 10 + round);
		flags[1] = round;
	}
	int status;
	waitpid(pid, &status, 0);
	check("code patched from the other core: the next call runs it",
	    flags[2] == 0 && flags[0] == ROUNDS);
	munmap(code, PAGE);
	munmap((void *)flags, PAGE);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{"read", test_read_over_code},
	{"mprotect", test_read_over_code_mprotect},
	{"write", test_write_under_shared_file_mapping},
	{"exec", test_exec_rewritten_in_place},
	{"recycle", test_recycled_page},
	{"cow", test_cow_code},
	{"shared", test_shared_code_patched_by_other_core},
};

/* With no argument, every test; otherwise the ones named. */
int main(int argc, char **argv)
{
	mkdir("/tmp", 0777);	/* scratch files go there */
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		int wanted = argc == 1;
		for (int j = 1; j < argc; j++)
			wanted |= strcmp(argv[j], tests[i].name) == 0;
		if (wanted)
			tests[i].fn();
	}
	return report();
}
