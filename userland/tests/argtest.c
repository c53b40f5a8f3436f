/*
 * argtest: the kernel reads each system call argument as its C type in
 * syscalls.master.  An int is the low 32 bits of its register, signed,
 * whatever the upper half holds (the C ABI leaves it undefined); a mode_t
 * or u_int is the low 32 bits, unsigned; an off_t is all 64, signed.
 * The calls are made with raw `syscall` instructions so that the upper
 * halves can hold garbage a compiler would never leave there on purpose.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define GARBAGE	0x5a5a5a5a00000000UL	/* in the upper half of a register */
#define INT(x)	((unsigned long)(unsigned int)(x))	/* zero-extended int */

static int failed_call;		/* the carry flag of the last call */

static long raw(long number, unsigned long a0, unsigned long a1,
    unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r10 __asm__("r10") = a3;
	register unsigned long r8 __asm__("r8") = a4;
	register unsigned long r9 __asm__("r9") = a5;
	unsigned long rax = number;
	unsigned char carry;

	__asm__ volatile("syscall; setc %1"
	    : "+a"(rax), "=q"(carry), "+D"(a0), "+S"(a1), "+d"(a2),
	      "+r"(r10), "+r"(r8), "+r"(r9)
	    : : "rcx", "r11", "memory", "cc");
	failed_call = carry;
	return rax;
}

/* Did the last raw call fail with this errno? */
static int failed_with(long rv, int want)
{
	return failed_call && rv == want;
}

static void test_int_descriptors(void)
{
	int fd = dup(1);
	long rv;

	rv = raw(SYS_close, GARBAGE | INT(-1), 0, 0, 0, 0, 0);
	check("close of a negative fd is EBADF", failed_with(rv, EBADF));
	rv = raw(SYS_close, INT(-1), 0, 0, 0, 0, 0);
	check("close of -1 zero-extended is EBADF", failed_with(rv, EBADF));
	rv = raw(SYS_write, GARBAGE | 1, (unsigned long)"", 0, 0, 0, 0);
	check("write's fd is the low half", !failed_call && rv == 0);
	rv = raw(SYS_dup2, GARBAGE | fd, GARBAGE | 9, 0, 0, 0, 0);
	check("dup2 reads both ints from the low halves", !failed_call && rv == 9);
	check("the new descriptor is open", close(9) == 0);
	rv = raw(SYS_close, GARBAGE | fd, 0, 0, 0, 0, 0);
	check("close of fd with a dirty upper half", !failed_call && rv == 0);
}

static void test_negative_pids(void)
{
	int status = 0;
	pid_t child;
	long rv;

	rv = raw(SYS_kill, GARBAGE | getpid(), 0, 0, 0, 0, 0);
	check("kill reads its pid from the low half", !failed_call && rv == 0);
	rv = raw(SYS_kill, INT(getpid()), GARBAGE | NSIG, 0, 0, 0, 0);
	check("kill with signal NSIG is EINVAL", failed_with(rv, EINVAL));

	/* The child leads a group of its own and signals it by -pgid. */
	child = fork();
	if (child == 0) {
		setpgid(0, 0);
		rv = raw(SYS_kill, INT(-getpid()), 0, 0, 0, 0, 0);
		_exit(!failed_call && rv == 0 ? 7 : 1);
	}
	rv = raw(SYS_wait4, INT(-1), (unsigned long)&status, GARBAGE, 0, 0, 0);
	check("wait4(-1) zero-extended waits for any child",
	    !failed_call && rv == child && WIFEXITED(status));
	check("kill(-pgid) zero-extended signals the process group",
	    WEXITSTATUS(status) == 7);
}

static void test_off_t(void)
{
	int fd = open("argtest.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char byte;
	long rv;

	check("a ten-byte file", fd >= 0 && write(fd, "0123456789", 10) == 10);
	rv = raw(SYS_lseek, INT(fd), (unsigned long)-3L, GARBAGE | SEEK_END, 0, 0, 0);
	check("lseek -3 from the end is 7", !failed_call && rv == 7);
	rv = raw(SYS_lseek, INT(fd), (unsigned long)-20L, SEEK_CUR, 0, 0, 0);
	check("lseek before the start is EINVAL", failed_with(rv, EINVAL));
	rv = raw(SYS_lseek, INT(fd), 0, SEEK_CUR, 0, 0, 0);
	check("the offset did not move", !failed_call && rv == 7);
	rv = raw(SYS_pread, INT(fd), (unsigned long)&byte, 1,
	    (unsigned long)-1L, 0, 0);
	check("pread at offset -1 is EINVAL", failed_with(rv, EINVAL));
	rv = raw(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, INT(fd),
	    (unsigned long)-4096L);
	check("mmap of a file at offset -4096 is EINVAL", failed_with(rv, EINVAL));
	rv = raw(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON,
	    GARBAGE | INT(-1), 0);
	check("mmap's anonymous fd -1 is the low half",
	    !failed_call && munmap((void *)rv, 4096) == 0);
	close(fd);
}

static void test_unsigned_32(void)
{
	struct stat st;
	long rv;

	umask(022);
	rv = raw(SYS_open, (unsigned long)"argmode.tmp",
	    GARBAGE | O_WRONLY | O_CREAT | O_TRUNC, GARBAGE | 0640, 0, 0, 0);
	check("open with mode bits in the upper half", !failed_call && rv >= 0);
	close((int)rv);
	check("mode_t is the low 32 bits", stat("argmode.tmp", &st) == 0
	    && (st.st_mode & 07777) == 0640);
	rv = raw(SYS_umask, 0xffffffff0000003fUL, 0, 0, 0, 0, 0);
	check("umask returns the old mask", !failed_call && rv == 022);
	check("umask kept only the low 32 bits", umask(022) == 077);
	rv = raw(SYS_sigprocmask, GARBAGE | SIG_BLOCK, 0xffffffff00000000UL, 0, 0, 0, 0);
	check("sigprocmask blocks nothing from the upper half",
	    !failed_call && rv == 0);
	check("and the mask is still empty",
	    raw(SYS_sigprocmask, SIG_BLOCK, 0, 0, 0, 0, 0) == 0);
	unlink("argmode.tmp");
	unlink("argtest.tmp");
}

int main(void)
{
	test_int_descriptors();
	test_negative_pids();
	test_off_t();
	test_unsigned_32();
	return report();
}
