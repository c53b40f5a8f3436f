/*
 * unixtest: the system looks like a Unix (issue 12 item 5): an unknown
 * system call is SIGSYS and ENOSYS, an allocation larger than the machine
 * fails at once with ENOMEM, /tmp is sticky and writable, /etc has passwd
 * and group.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* A raw system call by number; -errno on failure (the carry flag). */
static long raw_syscall(long number)
{
	long ret;
	unsigned char failed;

	__asm__ volatile("syscall; setc %1" : "=a"(ret), "=r"(failed) : "a"(number)
	    : "rcx", "r11", "memory");
	return failed ? -ret : ret;
}

static volatile sig_atomic_t got_sigsys;

static void on_sigsys(int sig)
{
	got_sigsys = sig;
}

static int exit_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void unknown_syscalls(void)
{
	signal(SIGSYS, on_sigsys);
	check("an unknown call is ENOSYS after the SIGSYS handler",
	    raw_syscall(500) == -ENOSYS && got_sigsys == SIGSYS);
	got_sigsys = 0;
	check("...a number past any table too",
	    raw_syscall(0x7fffffffL) == -ENOSYS && got_sigsys == SIGSYS);
	got_sigsys = 0;
	check("...and a gap in the table (151, reserved)", raw_syscall(151) == -ENOSYS &&
	    got_sigsys == SIGSYS);
	signal(SIGSYS, SIG_IGN);
	check("SIGSYS ignored: ENOSYS only", raw_syscall(500) == -ENOSYS);
	signal(SIGSYS, SIG_DFL);

	pid_t pid = fork();
	if (pid == 0) {
		raw_syscall(500);
		_exit(0);
	}
	int status;
	check("SIGSYS's default action kills", waitpid(pid, &status, 0) == pid &&
	    WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS);
}

static void huge_allocations(void)
{
	long memory = sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE);
	struct rlimit rl;

	check("RLIMIT_DATA: the machine's memory, hard unlimited",
	    getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur == (rlim_t)memory &&
	    rl.rlim_max == RLIM_INFINITY);
	errno = 0;
	check("malloc(1 TiB) is NULL, ENOMEM", malloc(1L << 40) == NULL && errno == ENOMEM);
	check("malloc of more than the memory is NULL",
	    malloc(memory + 4096) == NULL && errno == ENOMEM);
	check("mmap of more than the memory is ENOMEM",
	    mmap(NULL, memory + 4096, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE, -1, 0) ==
	    MAP_FAILED && errno == ENOMEM);
	char *half = malloc(memory / 2);
	check("half the memory is given", half != NULL);
	check("...but not another whole memory's worth", malloc(memory / 2 + 4096) == NULL);
	free(half);

	pid_t pid = fork();
	if (pid == 0) {		/* a sparse mapping, with the soft limit lifted */
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_DATA, &rl);
		char *p = mmap(NULL, 1L << 40, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE,
		    -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		p[0] = p[(1L << 40) - 1] = 1;
		_exit(munmap(p, 1L << 40) == 0 ? 0 : 2);
	}
	check("the limit lifted, 1 TiB maps (sparse)", exit_status(pid) == 0);
}

static void looks_like_unix(void)
{
	struct stat st;

	check("/tmp is a sticky directory writable by all",
	    stat("/tmp", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 01777);
	int fd = open("/tmp/unixtest.tmp", O_RDWR | O_CREAT | O_EXCL, 0600);
	check("a file can be made in /tmp", fd >= 0 && unlink("/tmp/unixtest.tmp") == 0);
	close(fd);
	check("/etc/passwd has root", stat("/etc/passwd", &st) == 0 && getpwnam("root") != NULL &&
	    getpwnam("root")->pw_uid == 0);
	check("/etc/group has wheel", stat("/etc/group", &st) == 0 && getgrnam("wheel") != NULL &&
	    getgrnam("wheel")->gr_gid == 0);
	check("/etc/rc exists", stat("/etc/rc", &st) == 0 && S_ISREG(st.st_mode));
	check("/usr/games/fortune is there to run", access("/usr/games/fortune", X_OK) == 0);
}

int main(void)
{
	unknown_syscalls();
	huge_allocations();
	looks_like_unix();
	return report();
}
