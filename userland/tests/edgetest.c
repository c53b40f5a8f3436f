/*
 * edgetest: corners of the system calls that once crashed the kernel
 * (a Python exception escaped it).  Each check is the reproducer of one
 * such bug, now an ordinary error for the program.  tests/test_exec.py
 * runs it; usertests runs it too.
 *
 * With an argument it does one thing for the test to look at:
 *	edgetest pread	pread(2) and pwrite(2) on standard input/output
 *	edgetest spin	say so, then compute forever without a system call
 *			(^C on the terminal must still stop it)
 *	edgetest exec FILE...
 *			execve each file, which must fail: print "FILE errno"
 *			(a failed execve leaves this program running)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define WORKDIR "/edgetest.d"

/* A call that must fail with one errno. */
static int fails_with(int result, int err)
{
	return result == -1 && errno == err;
}

/*
 * A working directory removed under its process takes no new names:
 * rename into it once succeeded, leaving a file no path reached (its
 * pages leaked) and a directory getcwd could not name (StopIteration).
 */
static void removed_directory(void)
{
	char buf[256];

	mkdir(WORKDIR, 0755);
	mkdir(WORKDIR "/gone", 0755);
	mkdir(WORKDIR "/sub", 0755);
	int fd = open(WORKDIR "/file", O_CREAT | O_WRONLY, 0644);
	write(fd, "data", 4);
	close(fd);
	check("chdir into a directory", chdir(WORKDIR "/gone") == 0);
	check("and remove it", rmdir(WORKDIR "/gone") == 0);
	check("rename a file into it: ENOENT",
	    fails_with(rename(WORKDIR "/file", "moved"), ENOENT));
	check("rename a directory into it: ENOENT",
	    fails_with(rename(WORKDIR "/sub", "sub"), ENOENT));
	check("create in it: ENOENT",
	    fails_with(open("new", O_CREAT | O_WRONLY, 0644), ENOENT));
	check("mkdir in it: ENOENT", fails_with(mkdir("dir", 0755), ENOENT));
	check("link into it: ENOENT",
	    fails_with(link(WORKDIR "/file", "link"), ENOENT));
	check("getcwd: ENOENT", getcwd(buf, sizeof buf) == NULL && errno == ENOENT);
	check("the file stayed where it was", access(WORKDIR "/file", F_OK) == 0);
	chdir("/");
	unlink(WORKDIR "/file");
	rmdir(WORKDIR "/sub");
	check("everything removed", rmdir(WORKDIR) == 0);
}

/* pread/pwrite on a terminal: a stream has no offsets (ESPIPE).  With no
 * input typed, the console driver once handed None to copyout. */
static void terminal_offsets(void)
{
	char buf[16];

	check("pread on the console: ESPIPE",
	    fails_with(pread(0, buf, sizeof buf, 0), ESPIPE));
	check("pwrite on the console: ESPIPE",
	    fails_with(pwrite(1, "x", 1, 0), ESPIPE));
	int fd = open("/dev/zero", O_RDONLY);
	check("pread on /dev/zero reads zeros",
	    pread(fd, buf, sizeof buf, 12345) == sizeof buf && buf[0] == 0);
	close(fd);
	fd = open("/dev/null", O_WRONLY);
	check("pwrite on /dev/null takes it all", pwrite(fd, buf, 8, 7) == 8);
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "pread") == 0) {
		terminal_offsets();
		return report();
	}
	if (argc > 1 && strcmp(argv[1], "exec") == 0) {
		for (int i = 2; i < argc; i++) {
			char *args[] = { argv[i], NULL };
			execve(argv[i], args, NULL);
			printf("%s %d\n", argv[i], errno);
		}
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "spin") == 0) {
		printf("spinning\n");
		fflush(stdout);
		for (volatile unsigned long n = 0;; n++)
			;
	}
	removed_directory();
	terminal_offsets();
	return report();
}
