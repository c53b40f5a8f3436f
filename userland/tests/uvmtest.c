/*
 * uvmtest: the virtual memory system from a program's point of view.
 * With no argument it runs every check and prints one line each; the
 * tests also run single modes (zerofill, cow, oom) and read the kernel's
 * counters around them.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

#include "check.h"

static char *anon(size_t pages)
{
	return mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
}

/* Run fn in a child; return its wait status. */
static int in_child(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return status;
}

static int died_of(int status, int sig)
{
	return WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

/* Touch n pages of fresh anonymous memory: n zero-fill faults. */
static void zerofill(long n)
{
	char *p = anon(n);
	for (long i = 0; i < n; i++)
		p[i * PAGE] = 1;
	munmap(p, n * PAGE);
}

/* Parent touches n pages, the child writes the first half after fork. */
static void cow(long n)
{
	char *p = anon(n);
	for (long i = 0; i < n; i++)
		p[i * PAGE] = 'p';
	pid_t pid = fork();
	if (pid == 0) {
		int ok = 1;
		for (long i = 0; i < n / 2; i++)
			p[i * PAGE] = 'c';
		for (long i = 0; i < n; i++)
			ok &= p[i * PAGE] == (i < n / 2 ? 'c' : 'p');
		_exit(ok ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	for (long i = 0; i < n; i++) {
		ok &= p[i * PAGE] == 'p';
		p[i * PAGE] = 'P';	/* the child is gone: no copy needed now */
	}
	check("copy-on-write: each side sees only its own writes", ok);
}

static void write_readonly(void *arg)
{
	*(volatile char *)arg = 1;
}

static void test_protection(void)
{
	char *p = anon(2);
	p[0] = 1;
	check("mprotect to read-only", mprotect(p, 2 * PAGE, PROT_READ) == 0);
	check("reading still works", p[0] == 1);
	check("a write then is SIGSEGV", died_of(in_child(write_readonly, p), SIGSEGV));
	check("mprotect back to read-write", mprotect(p, 2 * PAGE, PROT_READ | PROT_WRITE) == 0);
	p[PAGE] = 2;
	check("and writes work again", p[PAGE] == 2);
	check("mprotect misaligned: EINVAL", mprotect(p + 1, PAGE, PROT_READ) == -1 && errno == EINVAL);
	check("mprotect bad prot: EINVAL", mprotect(p, PAGE, 0x80) == -1 && errno == EINVAL);
	munmap(p, 2 * PAGE);
	check("mprotect of unmapped memory: ENOMEM",
	    mprotect(p, PAGE, PROT_READ) == -1 && errno == ENOMEM);
	check("access after munmap is SIGSEGV", died_of(in_child(write_readonly, p), SIGSEGV));
	check("madvise", madvise(anon(1), PAGE, MADV_SEQUENTIAL) == 0);
}

static void test_fixed(void)
{
	char *p = anon(4);
	memset(p, 'x', 4 * PAGE);
	char *q = mmap(p + PAGE, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0);
	check("MAP_FIXED lands where asked", q == p + PAGE);
	check("and replaces what was there", q[0] == 0 && q[PAGE] == 0);
	check("neighbours stay", p[0] == 'x' && p[3 * PAGE] == 'x');
	check("the new range has the new protection",
	    died_of(in_child(write_readonly, q), SIGSEGV));
	munmap(p, 4 * PAGE);
}

static int make_file(const char *path, const char *text)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, text, strlen(text));
	return fd;
}

static void store_shared(void *arg)
{
	memcpy(arg, "CHILD", 5);
}

static void test_file_mappings(void)
{
	char buf[32];
	int fd = make_file("/tmp/uvm.shared", "hello, file");
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check("mmap a file shared", p != MAP_FAILED && memcmp(p, "hello, file", 11) == 0);
	check("store in a child through MAP_SHARED",
	    WIFEXITED(in_child(store_shared, p)));
	memset(buf, 0, sizeof buf);
	pread(fd, buf, 11, 0);
	check("read() sees the child's store", memcmp(buf, "CHILD, file", 11) == 0);
	pwrite(fd, "W", 1, 0);
	check("the mapping sees write()", p[0] == 'W');
	check("msync", msync(p, PAGE, MS_SYNC) == 0);
	check("msync with both flags: EINVAL", msync(p, PAGE, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL);
	munmap(p, PAGE);
	close(fd);
	fd = open("/tmp/uvm.shared", O_RDONLY);
	memset(buf, 0, sizeof buf);
	read(fd, buf, 11);
	check("the file keeps it after munmap", memcmp(buf, "WHILD, file", 11) == 0);
	check("shared writable mapping of a read-only fd: EACCES",
	    mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EACCES);
	char *ro = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	check("mprotect beyond the open mode: EACCES",
	    mprotect(ro, PAGE, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
	munmap(ro, PAGE);
	char *priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	check("private writable mapping of a read-only fd", priv != MAP_FAILED);
	memcpy(priv, "PRIV", 4);
	memset(buf, 0, sizeof buf);
	pread(fd, buf, 4, 0);
	check("a MAP_PRIVATE store is not seen by read()", memcmp(buf, "WHIL", 4) == 0);
	check("but is seen through the mapping", memcmp(priv, "PRIV", 4) == 0);
	munmap(priv, PAGE);
	close(fd);
	unlink("/tmp/uvm.shared");

	fd = open("/tmp", O_RDONLY);
	check("mmap of a directory: ENODEV",
	    mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED && errno == ENODEV);
	close(fd);
	fd = open("/tmp/uvm.wo", O_WRONLY | O_CREAT, 0644);
	check("mmap of a write-only fd: EACCES",
	    mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EACCES);
	close(fd);
	unlink("/tmp/uvm.wo");
	fd = open("/dev/zero", O_RDWR);
	char *z = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	check("mmap of /dev/zero is anonymous memory", z != MAP_FAILED && z[100] == 0);
	close(fd);
}

/* Two processes share a MAP_SHARED region; the child, likely on the
 * other core, writes and then unmaps its view: the parent keeps its own
 * mapping and sees the store, the child no longer reaches the region. */
static void test_shared_munmap(void)
{
	int fd[2];
	char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON, -1, 0);
	pipe(fd);
	pid_t pid = fork();
	if (pid == 0) {
		strcpy(shared, "from the child");
		munmap(shared, PAGE);
		write(fd[1], "u", 1);		/* unmapped: tell the parent */
		*(volatile char *)shared = 1;	/* must fault now */
		_exit(0);
	}
	char c;
	read(fd[0], &c, 1);
	check("the child's store is seen after its munmap", strcmp(shared, "from the child") == 0);
	int status;
	waitpid(pid, &status, 0);
	check("the child's access after munmap is SIGSEGV", died_of(status, SIGSEGV));
	strcpy(shared, "still mine");
	check("the parent's mapping is untouched", strcmp(shared, "still mine") == 0);
	close(fd[0]);
	close(fd[1]);
	munmap(shared, PAGE);
}

static void test_text_is_shared_and_read_only(void)
{
	extern char main_text_marker[] __asm__("main");
	check("program text is read-only", died_of(in_child(write_readonly, main_text_marker), SIGSEGV));
}

/*
 * mprotect never gives write access to a page the mapping does not own
 * privately.  After fork a private page is shared copy-on-write; the
 * parent changes its protection (to `first`, then to `then` if not -1)
 * and writes: the child must still see the old byte.
 */
static int cow_after_mprotect(int before, int first, int then)
{
	int go[2], status;
	char *p = mmap(NULL, PAGE, before, MAP_PRIVATE | MAP_ANON, -1, 0);
	p[0] = 'A';
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1);	/* the parent has written */
		_exit(*(volatile char *)p == 'A' ? 0 : 1);
	}
	int ok = mprotect(p, PAGE, first) == 0 && (then == -1 || mprotect(p, PAGE, then) == 0);
	p[0] = 'P';
	write(go[1], "w", 1);
	waitpid(pid, &status, 0);
	close(go[0]);
	close(go[1]);
	munmap(p, PAGE);
	return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void test_mprotect_keeps_copy_on_write(void)
{
	int rw = PROT_READ | PROT_WRITE;
	check("after fork, mprotect RWX to RW: a store stays private",
	    cow_after_mprotect(rw | PROT_EXEC, rw, -1));
	check("after fork, mprotect RW to RW: a store stays private", cow_after_mprotect(rw, rw, -1));
	check("after fork, mprotect R then RWX: a store stays private",
	    cow_after_mprotect(rw, PROT_READ, rw | PROT_EXEC));
}

/* Map `pages` pages of fd privately, read them all (the page-cache pages
 * are mapped read-only), mprotect them read-write and store into each:
 * the stores must land in private copies, never in the file. */
static char *store_through_private_map(int fd, long pages, int prot)
{
	char *p = mmap(NULL, pages * PAGE, prot, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return NULL;
	for (long i = 0; i < pages; i++)
		(void)((volatile char *)p)[i * PAGE];
	if (mprotect(p, pages * PAGE, PROT_READ | PROT_WRITE) != 0)
		return NULL;
	for (long i = 0; i < pages; i++)
		p[i * PAGE] = 'X';
	return p;
}

static int unchanged_for_others(const char *path, const char *start, size_t n)
{
	char buf[16];
	int fd = open(path, O_RDONLY);
	int ok = fd >= 0 && read(fd, buf, n) == (ssize_t)n && memcmp(buf, start, n) == 0;
	close(fd);
	return ok;
}

static void test_private_file_store_stays_private(void)
{
	close(make_file("/tmp/uvm.cache", "page cache"));
	int fd = open("/tmp/uvm.cache", O_RDONLY);
	char *p = store_through_private_map(fd, 1, PROT_READ | PROT_WRITE);
	check("read-only file, private map, mprotect RW: the writer sees its store",
	    p != NULL && memcmp(p, "Xage cache", 10) == 0);
	check("and the file is unchanged", unchanged_for_others("/tmp/uvm.cache", "page cache", 10));
	munmap(p, PAGE);
	close(fd);
	unlink("/tmp/uvm.cache");

	struct stat st;
	fd = open("/bin/echo", O_RDONLY);
	fstat(fd, &st);
	long pages = st.st_size / PAGE < 4 ? st.st_size / PAGE : 4;
	p = store_through_private_map(fd, pages, PROT_READ | PROT_WRITE | PROT_EXEC);
	check("/bin/echo mapped privately: the writer sees its stores",
	    p != NULL && p[0] == 'X' && p[(pages - 1) * PAGE] == 'X');
	check("and /bin/echo is unchanged for others", unchanged_for_others("/bin/echo", "\177ELF", 4));
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		char *argv[] = { "echo", "still runs", NULL };
		execv("/bin/echo", argv);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	check("and /bin/echo still runs", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	munmap(p, pages * PAGE);
	close(fd);
}

/* Allocate and touch until the kernel says no. */
static void oom(void)
{
	for (long total = 0;; total++) {
		char *p = malloc(1 << 20);
		if (p == NULL) {
			printf("malloc failed after %ld MiB\n", total);
			return;
		}
		for (int i = 0; i < (1 << 20); i += PAGE)
			p[i] = 1;
	}
}

/* Touch mib MiB of fresh anonymous memory, page by page. */
static void touch_mib(long mib)
{
	char *p = anon(mib << 8);
	for (long i = 0; i < mib << 8; i++)
		p[i * PAGE] = 1;
}

/* The OOM killer picks the largest process, not whoever faults last: a
 * child holds hog MiB and waits; the parent then touches more MiB than
 * are left, and the child is killed while the parent goes on. */
static void oom_kills_the_largest(long hog, long more)
{
	int ready[2], never[2], status;
	char c;
	pipe(ready);
	pipe(never);
	pid_t pid = fork();
	if (pid == 0) {
		touch_mib(hog);
		write(ready[1], "h", 1);
		read(never[0], &c, 1);		/* sleeps until killed */
		_exit(0);
	}
	read(ready[0], &c, 1);
	touch_mib(more);
	waitpid(pid, &status, 0);
	printf("the parent touched %ld MiB; the %ld MiB child %s\n", more, hog,
	    died_of(status, SIGKILL) ? "was killed" : "lived");
}

/* Init (pid 1) is never the victim while another process lives, even if
 * it is the largest: the child that keeps allocating dies instead. */
static void oom_spares_init(long hog)
{
	int ready[2], status;
	char c;
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		read(ready[0], &c, 1);
		oom();
		_exit(0);
	}
	touch_mib(hog);
	write(ready[1], "g", 1);
	waitpid(pid, &status, 0);
	printf("pid %d holds %ld MiB; its hungry child %s\n", getpid(), hog,
	    died_of(status, SIGKILL) ? "was killed" : "lived");
}

/* One page in each 2 MiB of a huge mapping, each needing a page table
 * too, until memory runs out: the last fault may find a page for the data
 * but none for its page table.  skew extra pages touched first shift
 * which of the two runs out; with copy, the kernel does the touching
 * (read(2) from /dev/zero copies out into each page). */
static void sparse_until_killed(long skew, int copy)
{
	long span = 2L << 20, regions = 1L << 16;
	char *p = mmap(NULL, span * regions, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	int zero = open("/dev/zero", O_RDONLY);
	for (long i = 0; i < skew; i++)
		p[i * PAGE] = 1;
	for (long r = 1; r < regions; r++) {
		if (copy)
			read(zero, p + r * span, 1);
		else
			p[r * span] = 1;
	}
	printf("touched every region: not killed\n");
}

/* mmap n mappings of `size` bytes (touching the first page of each if
 * touch) until done or refused; with alternate, every other one is
 * read-only, so that no two neighbours can be joined into one entry. */
static void many_maps(long n, long size, int alternate, int touch)
{
	long made = 0;
	for (; made < n; made++) {
		int prot = alternate && (made & 1) ? PROT_READ : PROT_READ | PROT_WRITE;
		char *p = mmap(NULL, size, prot, MAP_PRIVATE | MAP_ANON, -1, 0);
		if (p == MAP_FAILED)
			break;
		if (touch && (prot & PROT_WRITE))
			p[0] = 1;
	}
	printf("%ld mappings%s\n", made, made == n ? "" : errno == ENOMEM ? ", then ENOMEM" : ", then an error");
}

static int all_zero(const char *p, long n)
{
	for (long i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* A sparse file far larger than memory reads as zeros, by read(2) and
 * through private and shared mappings, without taking pages; a write
 * into a hole is seen by every mapping that has not written there. */
static void holes(long mib)
{
	long size = mib << 20, mid = size / 2;
	char buf[8192];
	int fd = open("/tmp/uvm.sparse", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, size);
	int zeros = 1;
	for (long off = 0; off < size; off += sizeof buf)
		zeros &= pread(fd, buf, sizeof buf, off) == sizeof buf && all_zero(buf, sizeof buf);
	check("a sparse file larger than memory reads as zeros", zeros);
	char *priv = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	zeros = priv != MAP_FAILED && shared != MAP_FAILED;
	for (long off = 0; zeros && off < size; off += 8 * PAGE)	/* one page in 8 */
		zeros &= priv[off] == 0 && shared[off] == 0 && priv[off + PAGE - 1] == 0;
	check("and through private and shared mappings", zeros);
	pwrite(fd, "W", 1, mid);
	check("write(2) into a hole shows in both mappings", priv[mid] == 'W' && shared[mid] == 'W');
	priv[PAGE] = 'P';
	check("a private store into a hole stays private",
	    pread(fd, buf, 1, PAGE) == 1 && buf[0] == 0 && shared[PAGE] == 0 && priv[PAGE] == 'P');
	shared[2 * PAGE] = 'S';
	check("a shared store into a hole reaches the file and the private mapping",
	    pread(fd, buf, 1, 2 * PAGE) == 1 && buf[0] == 'S' && priv[2 * PAGE] == 'S');
	munmap(priv, size);
	munmap(shared, size);
	close(fd);
}

static void store_every_page(void *arg)
{
	char *p = arg;
	for (long i = 0;; i++)
		p[i * PAGE] = 1;
}

/* Stores through a shared mapping of a sparse file of mib MiB fill the
 * file system: the store that finds it full is SIGBUS (the mapping has
 * no way to return ENOSPC), and unlink gives the pages back. */
static void fill_through_a_mapping(long mib)
{
	int fd = open("/tmp/uvm.full", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, mib << 20);
	char *p = mmap(NULL, mib << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check("a store into a full file system is SIGBUS",
	    died_of(in_child(store_every_page, p), SIGBUS));
	char c = 1;
	check("and write(2) into a hole is ENOSPC",
	    pwrite(fd, &c, 1, (mib << 20) - 1) == -1 && errno == ENOSPC);
	munmap(p, mib << 20);
	close(fd);
	unlink("/tmp/uvm.full");
	fd = open("/tmp/uvm.full", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char page[PAGE] = { 0 };
	check("unlink gives the pages back", write(fd, page, PAGE) == PAGE);
	close(fd);
	unlink("/tmp/uvm.full");
}

/* Create empty files until the file system says no (or n are made). */
static void many_files(long n)
{
	char name[64];
	long made = 0;
	mkdir("/tmp/many", 0755);
	for (; made < n; made++) {
		snprintf(name, sizeof name, "/tmp/many/%ld", made);
		int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0)
			break;
		close(fd);
	}
	printf("%ld files%s\n", made, made == n ? "" : errno == ENOSPC ? ", then ENOSPC" : ", then an error");
	for (long i = 0; i < made; i++) {
		snprintf(name, sizeof name, "/tmp/many/%ld", i);
		unlink(name);
	}
	rmdir("/tmp/many");
}

int main(int argc, char **argv)
{
	/* It maps more than the machine's memory on purpose: lift the soft
	 * data size limit (RLIMIT_DATA, the memory size at first) to the
	 * hard one, as `ulimit -d unlimited` would. */
	struct rlimit rl;
	getrlimit(RLIMIT_DATA, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_DATA, &rl);
	if (argc > 2 && strcmp(argv[1], "holes") == 0) {
		mkdir("/tmp", 0777);
		holes(atol(argv[2]));
		return report();
	}
	if (argc > 2 && strcmp(argv[1], "fullmap") == 0) {
		mkdir("/tmp", 0777);
		fill_through_a_mapping(atol(argv[2]));
		return report();
	}
	if (argc > 2 && strcmp(argv[1], "files") == 0) {
		mkdir("/tmp", 0777);
		many_files(atol(argv[2]));
		return 0;
	}
	if (argc > 5 && strcmp(argv[1], "maps") == 0) {
		/* maps N SIZE-IN-PAGES alternate|same touch|notouch */
		many_maps(atol(argv[2]), atol(argv[3]) * PAGE, strcmp(argv[4], "alternate") == 0,
		    strcmp(argv[5], "touch") == 0);
		return 0;
	}
	if (argc > 3 && strcmp(argv[1], "oomvictim") == 0) {
		oom_kills_the_largest(atol(argv[2]), atol(argv[3]));
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "oominit") == 0) {
		oom_spares_init(atol(argv[2]));
		return 0;
	}
	if (argc > 3 && strcmp(argv[1], "sparse") == 0) {
		sparse_until_killed(atol(argv[2]), strcmp(argv[3], "copy") == 0);
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "zerofill") == 0) {
		zerofill(atol(argv[2]));
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "cow") == 0) {
		cow(atol(argv[2]));
		return failed != 0;
	}
	if (argc > 2 && strcmp(argv[1], "faultahead") == 0) {
		/* A file read into the page cache, then mapped and read page
		 * by page: fault-ahead maps resident neighbours in advance. */
		long n = atol(argv[2]);
		mkdir("/tmp", 0777);
		int fd = open("/tmp/uvm.ahead", O_RDWR | O_CREAT | O_TRUNC, 0644);
		char page[PAGE];
		memset(page, 'a', PAGE);
		for (long i = 0; i < n; i++)
			write(fd, page, PAGE);
		char *p = n ? mmap(NULL, n * PAGE, PROT_READ, MAP_SHARED, fd, 0) : NULL;
		long sum = 0;
		for (long i = 0; i < n; i++)
			sum += p[i * PAGE];
		printf("read %ld pages, sum %ld\n", n, sum);
		unlink("/tmp/uvm.ahead");
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "oom") == 0) {
		oom();
		return 0;
	}
	mkdir("/tmp", 0777);
	zerofill(100);
	cow(64);
	test_protection();
	test_fixed();
	test_file_mappings();
	test_shared_munmap();
	test_text_is_shared_and_read_only();
	test_mprotect_keeps_copy_on_write();
	test_private_file_store_stays_private();
	return report();
}
