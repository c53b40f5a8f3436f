/*
 * sysabi: the system-call layer seen from a program.  Bad pointers are
 * EFAULT, bad descriptors EBADF, bad arguments EINVAL; nothing a program
 * passes may crash the kernel.  One line per check, then a summary.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysctl.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* A call that must fail with the given errno. */
static void check_error(const char *name, long rv, int want)
{
	int got = errno;
	if (rv != -1 || got != want)
		printf("  (%s returned %ld, errno %d, want -1 and %d)\n", name, rv, got, want);
	check(name, rv == -1 && got == want);
}

static void test_write_errors(void)
{
	check_error("write to a NULL buffer", write(1, NULL, 10), EFAULT);
	check_error("write from a kernel address",
	    write(1, (void *)0xffff800000000000UL, 10), EFAULT);
	check_error("write from a non-canonical address",
	    write(1, (void *)0x0000900000000000UL, 10), EFAULT);
	check_error("write to a closed descriptor", write(17, "x", 1), EBADF);
	check_error("write to a negative descriptor", write(-1, "x", 1), EBADF);
	check_error("write to a huge descriptor", write(1 << 30, "x", 1), EBADF);
	check("write of nothing", write(1, "", 0) == 0);
}

static void test_entropy(void)
{
	unsigned char a[256], b[256];
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	check("getentropy 256 bytes", getentropy(a, sizeof a) == 0);
	check("getentropy again differs", getentropy(b, sizeof b) == 0
	    && memcmp(a, b, sizeof a) != 0);
	check_error("getentropy 257 bytes", getentropy(a, 257), EINVAL);
	check_error("getentropy into NULL", getentropy(NULL, 16), EFAULT);
}

static void test_clock(void)
{
	struct timespec t1, t2;
	check("clock_gettime monotonic", clock_gettime(CLOCK_MONOTONIC, &t1) == 0);
	for (volatile int i = 0; i < 100000; i++)
		;
	clock_gettime(CLOCK_MONOTONIC, &t2);
	check("monotonic time advances", t2.tv_sec > t1.tv_sec
	    || (t2.tv_sec == t1.tv_sec && t2.tv_nsec > t1.tv_nsec));
	check("realtime is after 2020", clock_gettime(CLOCK_REALTIME, &t1) == 0
	    && t1.tv_sec > 1577836800);
	check_error("clock_gettime bad clock", clock_gettime(99, &t1), EINVAL);
	check_error("clock_gettime to a bad pointer",
	    clock_gettime(CLOCK_MONOTONIC, (struct timespec *)8), EFAULT);
}

static void test_mmap_errors(void)
{
	int anon = MAP_PRIVATE | MAP_ANON;
	check_error("mmap size 0", (long)mmap(NULL, 0, PROT_READ, anon, -1, 0), EINVAL);
	check_error("mmap bad prot", (long)mmap(NULL, 4096, 0x100, anon, -1, 0), EINVAL);
	check_error("mmap shared and private",
	    (long)mmap(NULL, 4096, PROT_READ, anon | MAP_SHARED, -1, 0), EINVAL);
	check_error("mmap neither shared nor private",
	    (long)mmap(NULL, 4096, PROT_READ, MAP_ANON, -1, 0), EINVAL);
	check_error("mmap fixed misaligned",
	    (long)mmap((void *)0x10000123, 4096, PROT_READ, anon | MAP_FIXED, -1, 0), EINVAL);
	check_error("mmap anon with an fd", (long)mmap(NULL, 4096, PROT_READ, anon, 1, 0), EINVAL);
	check_error("mmap too large",
	    (long)mmap(NULL, (size_t)1 << 62, PROT_READ, anon, -1, 0), ENOMEM);
	check_error("mmap of the console",
	    (long)mmap(NULL, 4096, PROT_READ, MAP_SHARED, 1, 0), ENODEV);
	check_error("mmap of a closed fd",
	    (long)mmap(NULL, 4096, PROT_READ, MAP_SHARED, 20, 0), EBADF);
	check_error("munmap misaligned", munmap((void *)0x10000001, 4096), EINVAL);
	check_error("munmap of kernel space", munmap((void *)0xffff800000000000UL, 4096), EINVAL);
}

static void test_mmap_use(void)
{
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	check("mmap anonymous", p != MAP_FAILED);
	check("fresh anonymous memory is zero", p[0] == 0 && p[3 * 4096 - 1] == 0);
	strcpy(p + 4096, "hello");
	check("anonymous memory keeps what is written", strcmp(p + 4096, "hello") == 0);
	char *q = mmap(p + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0);
	check("MAP_FIXED replaces a range", q == p + 4096 && q[0] == 0 && p[0] == 0);
	check("munmap", munmap(p, 3 * 4096) == 0);
	check("write from unmapped memory is EFAULT", write(1, p, 1) == -1 && errno == EFAULT);
}

static void test_sysctl(void)
{
	int mib[4] = { CTL_HW, HW_NCPU };
	int ncpu = 0;
	size_t len = sizeof ncpu;
	check("sysctl hw.ncpu", sysctl(mib, 2, &ncpu, &len, NULL, 0) == 0
	    && len == sizeof ncpu && ncpu >= 1 && ncpu <= 8);
	char ostype[32];
	mib[0] = CTL_KERN;
	mib[1] = KERN_OSTYPE;
	len = sizeof ostype;
	check("sysctl kern.ostype", sysctl(mib, 2, ostype, &len, NULL, 0) == 0
	    && strcmp(ostype, "minikern") == 0);
	struct kinfo_proc kp[8];
	mib[1] = KERN_PROC;
	mib[2] = KERN_PROC_ALL;
	len = sizeof kp;
	int found = 0;
	if (sysctl(mib, 3, kp, &len, NULL, 0) == 0)
		for (size_t i = 0; i < len / sizeof kp[0]; i++)
			found |= kp[i].p_pid == getpid() && strcmp(kp[i].p_comm, "sysabi") == 0
			    && kp[i].p_stat == SONPROC;
	check("sysctl kern.proc.all finds this process", found);
	len = 4;
	check_error("sysctl with a small buffer", sysctl(mib, 3, kp, &len, NULL, 0), ENOMEM);
	mib[1] = 9999;
	len = sizeof kp;
	check_error("sysctl of an unknown name", sysctl(mib, 2, kp, &len, NULL, 0), EOPNOTSUPP);
	check_error("sysctl with a bad name pointer", sysctl((int *)8, 2, kp, &len, NULL, 0), EFAULT);
}

int main(void)
{
	test_write_errors();
	test_entropy();
	test_clock();
	test_mmap_errors();
	test_mmap_use();
	test_sysctl();
	return report();
}
