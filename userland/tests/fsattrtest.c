/*
 * fsattrtest: symbolic links (symlink, readlink, lstat, lookups through
 * links, ELOOP), file attributes (chmod, chown, utimes, utimensat), the
 * *at calls with AT_FDCWD and real directory descriptors, flock(2),
 * uname(3) and times(3).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "check.h"

#define D "/tmp/fsattr"

static int fails(int r, int err)
{
	return r == -1 && errno == err;
}

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	write(fd, text, strlen(text));
	close(fd);
}

static int has(const char *path, const char *text)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);

	close(fd);
	if (n < 0)
		return 0;
	buf[n] = '\0';
	return strcmp(buf, text) == 0;
}

static int exit_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void symlinks(void)
{
	char buf[64];
	struct stat st, lst;

	put(D "/file", "hello");
	check("symlink", symlink("file", D "/rel") == 0 && symlink(D "/file", D "/abs") == 0);
	ssize_t n = readlink(D "/rel", buf, sizeof buf);
	check("readlink: the contents, no NUL", n == 4 && memcmp(buf, "file", 4) == 0);
	check("readlink: cut to the buffer", readlink(D "/abs", buf, 3) == 3 &&
	    memcmp(buf, D, 3) == 0);
	check("open through a relative and an absolute link",
	    has(D "/rel", "hello") && has(D "/abs", "hello"));
	check("stat follows, lstat does not",
	    stat(D "/rel", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5 &&
	    lstat(D "/rel", &lst) == 0 && S_ISLNK(lst.st_mode) && lst.st_size == 4 &&
	    lst.st_ino != st.st_ino);
	check("readlink of a file is EINVAL", fails(readlink(D "/file", buf, sizeof buf), EINVAL));
	check("symlink over a name is EEXIST", fails(symlink("x", D "/file"), EEXIST));
	check("symlink with empty contents is ENOENT", fails(symlink("", D "/empty"), ENOENT));

	mkdir(D "/dir", 0755);
	put(D "/dir/inner", "in");
	check("a link to a directory is walked through",
	    symlink("dir", D "/dirlink") == 0 && has(D "/dirlink/inner", "in"));
	check("a dangling link: stat ENOENT, lstat fine",
	    symlink("nowhere", D "/dangling") == 0 && fails(stat(D "/dangling", &st), ENOENT) &&
	    lstat(D "/dangling", &st) == 0);
	int fd = open(D "/dangling", O_WRONLY | O_CREAT, 0644);
	check("open O_CREAT through a dangling link creates its target",
	    fd >= 0 && stat(D "/nowhere", &st) == 0 && S_ISREG(st.st_mode));
	close(fd);
	check("O_NOFOLLOW on a link is ELOOP", fails(open(D "/rel", O_RDONLY | O_NOFOLLOW), ELOOP));
	check("O_CREAT|O_EXCL on a link is EEXIST",
	    fails(open(D "/rel", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST));

	check("a loop of two links is ELOOP", symlink("loop2", D "/loop1") == 0 &&
	    symlink("loop1", D "/loop2") == 0 && fails(open(D "/loop1", O_RDONLY), ELOOP));
	/* a chain of 32 links is followed, 33 is ELOOP (MAXSYMLINKS) */
	char name[64], next[64];
	for (int i = 1; i <= 33; i++) {
		snprintf(name, sizeof name, D "/chain%d", i);
		snprintf(next, sizeof next, i == 1 ? "file" : "chain%d", i - 1);
		symlink(next, name);
	}
	check("32 links in a row are followed", has(D "/chain32", "hello"));
	check("33 are ELOOP", fails(stat(D "/chain33", &st), ELOOP));
	check("unlink removes the link, not the file",
	    unlink(D "/rel") == 0 && stat(D "/file", &st) == 0);
	check("rename moves a link", rename(D "/abs", D "/abs2") == 0 &&
	    readlink(D "/abs2", buf, sizeof buf) == (ssize_t)strlen(D "/file"));
	check("a link as a directory in the middle of a path",
	    symlink(D "/dir", D "/absdir") == 0 && mkdir(D "/absdir/made", 0755) == 0 &&
	    stat(D "/dir/made", &st) == 0);
	char *rp = realpath(D "/absdir/../dirlink/inner", NULL);
	check("realpath resolves the links", rp != NULL && strcmp(rp, D "/dir/inner") == 0);
	free(rp);
	rp = realpath(D "/chain3", NULL);
	check("realpath of a chain of links", rp != NULL && strcmp(rp, D "/file") == 0);
	free(rp);
	check("realpath of a loop is ELOOP", realpath(D "/loop1", buf) == NULL && errno == ELOOP);
	check("readlink: bad buffer EFAULT", fails(readlink(D "/abs2", (char *)8, 10), EFAULT));
	check("symlink: bad path EFAULT", fails(symlink((char *)8, D "/bad"), EFAULT));
	check("a file named as a directory is ENOTDIR",
	    fails(stat(D "/file/x", &st), ENOTDIR));
}

static void modes_and_owners(void)
{
	struct stat st;

	put(D "/m", "m");
	check("chmod sets the bits stat reports", chmod(D "/m", 04751) == 0 &&
	    stat(D "/m", &st) == 0 && (st.st_mode & 07777) == 04751 && S_ISREG(st.st_mode));
	int fd = open(D "/m", O_RDONLY);
	check("fchmod", fchmod(fd, 0600) == 0 && fstat(fd, &st) == 0 &&
	    (st.st_mode & 07777) == 0600);
	check("chmod: bits past the mode are EINVAL", fails(chmod(D "/m", 0200000), EINVAL));
	check("chmod of a missing file is ENOENT", fails(chmod(D "/none", 0644), ENOENT));
	check("chmod: a bad path EFAULT", fails(chmod((char *)8, 0644), EFAULT));
	check("chmod 0 leaves root able to read (root)", chmod(D "/m", 0) == 0 && has(D "/m", "m"));
	check("a file without x cannot be executed", access(D "/m", X_OK) == -1 && errno == EACCES);
	int p[2];
	pipe(p);
	check("fchmod of a pipe is EINVAL", fails(fchmod(p[0], 0644), EINVAL));
	check("a new file is owned by root", st.st_uid == 0 && st.st_gid == 0);
	check("chown (root may give a file away)", chown(D "/m", 1000, 20) == 0 &&
	    stat(D "/m", &st) == 0 && st.st_uid == 1000 && st.st_gid == 20);
	check("chown -1 leaves that id", chown(D "/m", (uid_t)-1, 0) == 0 &&
	    stat(D "/m", &st) == 0 && st.st_uid == 1000 && st.st_gid == 0);
	check("fchown", fchown(fd, 0, 1) == 0 && fstat(fd, &st) == 0 && st.st_uid == 0 &&
	    st.st_gid == 1);
	symlink("m", D "/mlink");
	struct stat lst;
	check("lchown changes the link, chown what it names",
	    lchown(D "/mlink", 32767, 32767) == 0 && lstat(D "/mlink", &lst) == 0 &&
	    lst.st_uid == 32767 && stat(D "/mlink", &st) == 0 && st.st_uid == 0);
	check("fchown of a pipe is EINVAL", fails(fchown(p[1], 0, 0), EINVAL));
	check("fchmod of a closed descriptor is EBADF", fails(fchmod(40, 0644), EBADF));
	close(p[0]);
	close(p[1]);
	close(fd);
}

static void times_of_files(void)
{
	struct stat st;
	struct timeval tv[2] = { { 1000000000, 500000 }, { 1100000000, 250 } };
	struct timespec ts[2];

	put(D "/t", "t");
	check("utimes sets atime and mtime", utimes(D "/t", tv) == 0 && stat(D "/t", &st) == 0 &&
	    st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 500000000 &&
	    st.st_mtim.tv_sec == 1100000000 && st.st_mtim.tv_nsec == 250000);
	check("...and ctime is now", st.st_ctim.tv_sec > 1100000000);
	tv[0].tv_usec = 1000000;
	check("utimes: tv_usec 10^6 is EINVAL", fails(utimes(D "/t", tv), EINVAL));
	check("utimes: a bad pointer EFAULT", fails(utimes(D "/t", (struct timeval *)8), EFAULT));
	struct utimbuf ub = { 1234, 5678 };
	check("utime (seconds)", utime(D "/t", &ub) == 0 && stat(D "/t", &st) == 0 &&
	    st.st_atime == 1234 && st.st_mtime == 5678 && st.st_mtim.tv_nsec == 0);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	check("utimes NULL: both now", utimes(D "/t", NULL) == 0 && stat(D "/t", &st) == 0 &&
	    st.st_atim.tv_sec >= now.tv_sec && st.st_mtim.tv_sec >= now.tv_sec);
	ts[0].tv_sec = 5;
	ts[0].tv_nsec = 6;
	ts[1].tv_sec = 0;
	ts[1].tv_nsec = UTIME_OMIT;
	check("utimensat: UTIME_OMIT keeps mtime", utimensat(AT_FDCWD, D "/t", ts, 0) == 0 &&
	    stat(D "/t", &st) == 0 && st.st_atim.tv_sec == 5 && st.st_atim.tv_nsec == 6 &&
	    st.st_mtim.tv_sec >= now.tv_sec);
	ts[0].tv_nsec = UTIME_NOW;
	ts[1].tv_sec = 7;
	ts[1].tv_nsec = 0;
	int fd = open(D "/t", O_RDONLY);
	check("futimens: UTIME_NOW", futimens(fd, ts) == 0 && fstat(fd, &st) == 0 &&
	    st.st_atim.tv_sec >= now.tv_sec && st.st_mtim.tv_sec == 7);
	check("futimes", futimes(fd, NULL) == 0 && fstat(fd, &st) == 0 &&
	    st.st_mtim.tv_sec >= now.tv_sec);
	ts[1].tv_nsec = 1000000000;
	check("utimensat: a bad tv_nsec is EINVAL", fails(utimensat(AT_FDCWD, D "/t", ts, 0), EINVAL));
	check("utimensat: an unknown flag is EINVAL",
	    fails(utimensat(AT_FDCWD, D "/t", NULL, 0x100), EINVAL));
	close(fd);
}

static void at_calls(void)
{
	struct stat st;
	char buf[32];

	mkdir(D "/at", 0755);
	int dfd = open(D "/at", O_RDONLY | O_DIRECTORY);
	check("mkdirat in a directory fd", mkdirat(dfd, "sub", 0700) == 0 &&
	    stat(D "/at/sub", &st) == 0 && S_ISDIR(st.st_mode));
	int fd = openat(dfd, "sub/f", O_WRONLY | O_CREAT, 0640);
	check("openat creates relative to the fd", fd >= 0 && write(fd, "at", 2) == 2 &&
	    has(D "/at/sub/f", "at"));
	close(fd);
	check("fstatat", fstatat(dfd, "sub/f", &st, 0) == 0 && st.st_size == 2 &&
	    (st.st_mode & 0777) == 0640);
	check("symlinkat and readlinkat", symlinkat("sub/f", dfd, "l") == 0 &&
	    readlinkat(dfd, "l", buf, sizeof buf) == 5 && memcmp(buf, "sub/f", 5) == 0);
	check("fstatat AT_SYMLINK_NOFOLLOW", fstatat(dfd, "l", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode));
	check("fchmodat", fchmodat(dfd, "sub/f", 0604, 0) == 0 && stat(D "/at/sub/f", &st) == 0 &&
	    (st.st_mode & 0777) == 0604);
	check("faccessat", faccessat(dfd, "sub/f", R_OK | W_OK, 0) == 0 &&
	    fails(faccessat(dfd, "sub/f", X_OK, 0), EACCES) &&
	    fails(faccessat(dfd, "sub/f", 8, 0), EINVAL));
	check("fchownat", fchownat(dfd, "sub/f", 5, 6, 0) == 0 && stat(D "/at/sub/f", &st) == 0 &&
	    st.st_uid == 5 && st.st_gid == 6);
	check("linkat", linkat(dfd, "sub/f", AT_FDCWD, D "/at/hard", 0) == 0 &&
	    stat(D "/at/hard", &st) == 0 && st.st_nlink == 2);
	check("linkat of a link links the link itself",
	    linkat(dfd, "l", dfd, "l2", 0) == 0 && fstatat(dfd, "l2", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode));
	check("linkat AT_SYMLINK_FOLLOW links its target",
	    linkat(dfd, "l", dfd, "l3", AT_SYMLINK_FOLLOW) == 0 &&
	    fstatat(dfd, "l3", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode));
	check("renameat", renameat(dfd, "hard", AT_FDCWD, D "/moved") == 0 &&
	    has(D "/moved", "at"));
	check("unlinkat", unlinkat(dfd, "l2", 0) == 0 &&
	    fails(fstatat(dfd, "l2", &st, AT_SYMLINK_NOFOLLOW), ENOENT));
	check("unlinkat of a directory without AT_REMOVEDIR is EPERM",
	    fails(unlinkat(dfd, "sub", 0), EPERM));
	unlinkat(dfd, "sub/f", 0);
	check("unlinkat AT_REMOVEDIR", unlinkat(dfd, "sub", AT_REMOVEDIR) == 0 &&
	    fails(stat(D "/at/sub", &st), ENOENT));
	check("unlinkat: an unknown flag is EINVAL", fails(unlinkat(dfd, "l", 0x40), EINVAL));
	check("an absolute path ignores the fd", fstatat(12345, D "/moved", &st, 0) == 0);
	check("AT_FDCWD is the working directory", chdir(D "/at") == 0 &&
	    fstatat(AT_FDCWD, "l3", &st, 0) == 0 && chdir("/") == 0);
	int file = open(D "/moved", O_RDONLY);
	check("a relative path from a file fd is ENOTDIR", fails(fstatat(file, "x", &st, 0), ENOTDIR));
	check("...from a closed fd EBADF", fails(openat(40, "x", O_RDONLY), EBADF));
	check("fstatat: an unknown flag is EINVAL", fails(fstatat(dfd, "l", &st, 0x10), EINVAL));
	close(file);
	close(dfd);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void flocks(void)
{
	put(D "/lock", "");
	int a = open(D "/lock", O_RDWR), b = open(D "/lock", O_RDWR);

	check("flock: two shared locks", flock(a, LOCK_SH) == 0 && flock(b, LOCK_SH) == 0);
	check("flock: exclusive while another holds it shared is EWOULDBLOCK",
	    fails(flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK));
	check("flock: unlock, then exclusive", flock(b, LOCK_UN) == 0 &&
	    flock(a, LOCK_EX | LOCK_NB) == 0);
	check("flock: shared while exclusive elsewhere", fails(flock(b, LOCK_SH | LOCK_NB),
	    EWOULDBLOCK));
	int dupped = dup(a);
	check("flock: a dup shares the lock", flock(dupped, LOCK_EX | LOCK_NB) == 0);
	close(a);
	check("...which stays while a descriptor is open",
	    fails(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK));
	close(dupped);
	check("the last close releases it", flock(b, LOCK_EX | LOCK_NB) == 0);

	/* a child blocks until the parent unlocks */
	pid_t pid = fork();
	if (pid == 0) {
		int c = open(D "/lock", O_RDWR);
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int r = flock(c, LOCK_EX);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		_exit(r == 0 && ms >= 5 ? 0 : 1);
	}
	usleep(5000);
	flock(b, LOCK_UN);
	check("flock: a waiter gets the lock when it is released", exit_status(pid) == 0);

	flock(b, LOCK_EX);
	pid = fork();
	if (pid == 0) {
		int c = open(D "/lock", O_RDWR);
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_alarm;
		sigaction(SIGALRM, &sa, NULL);
		ualarm(2000, 0);
		int r = flock(c, LOCK_EX);
		_exit(r == -1 && errno == EINTR && alarms == 1 ? 0 : 1);
	}
	check("flock: a signal ends the wait with EINTR", exit_status(pid) == 0);
	flock(b, LOCK_UN);
	check("flock: a bad operation is EINVAL", fails(flock(b, 0), EINVAL) &&
	    fails(flock(b, LOCK_SH | LOCK_EX), EINVAL));
	int p[2];
	pipe(p);
	check("flock of a pipe is EOPNOTSUPP", fails(flock(p[0], LOCK_SH), EOPNOTSUPP));
	check("flock of a closed descriptor is EBADF", fails(flock(40, LOCK_SH), EBADF));
	close(p[0]);
	close(p[1]);
	close(b);
}

static void names_and_times(void)
{
	struct utsname u;
	struct tms t;
	char host[256];

	gethostname(host, sizeof host);
	check("uname", uname(&u) == 0 && strcmp(u.sysname, "minikern") == 0 &&
	    strcmp(u.nodename, host) == 0 && strcmp(u.release, "0.1") == 0 &&
	    strcmp(u.machine, "amd64") == 0 && strstr(u.version, "minikern") != NULL);
	clock_t before = times(&t);
	volatile long spin = 0;
	for (long i = 0; i < 20000000; i++)	/* some 30 ms of virtual time */
		spin += i;
	pid_t pid = fork();
	if (pid == 0) {
		for (long i = 0; i < 20000000; i++)
			spin += i;
		_exit(0);
	}
	exit_status(pid);
	struct tms after;
	clock_t now = times(&after);
	check("times: user time grew by the loop (100 ticks a second)",
	    after.tms_utime > t.tms_utime && after.tms_utime < 100);
	check("times: the waited-for child's time", after.tms_cutime > 0 &&
	    after.tms_cutime <= after.tms_utime + 2);
	check("times: the value is ticks since boot, moving", now > before);
	check("sysconf(_SC_CLK_TCK) is 100", sysconf(_SC_CLK_TCK) == 100);
}

static void io_vectors(void)
{
	char a[4], b[16];
	struct iovec out[3] = { { "one ", 4 }, { "", 0 }, { "two three", 9 } };
	struct iovec in[2] = { { a, sizeof a }, { b, sizeof b } };
	int fd = open(D "/iov", O_RDWR | O_CREAT | O_TRUNC, 0644);

	check("writev gathers", writev(fd, out, 3) == 13 && has(D "/iov", "one two three"));
	lseek(fd, 0, SEEK_SET);
	memset(b, 0, sizeof b);
	check("readv scatters", readv(fd, in, 2) == 13 && memcmp(a, "one ", 4) == 0 &&
	    strcmp(b, "two three") == 0);
	check("readv at end of file is 0", readv(fd, in, 2) == 0);
	check("an iovcnt of -1 or past IOV_MAX is EINVAL",
	    fails(writev(fd, out, -1), EINVAL) && fails(readv(fd, in, IOV_MAX + 1), EINVAL));
	check("a bad iovec array is EFAULT", fails(writev(fd, (struct iovec *)8, 1), EFAULT));
	struct iovec bad = { (void *)8, 4 };
	check("a bad buffer is EFAULT", fails(writev(fd, &bad, 1), EFAULT) &&
	    (lseek(fd, 0, SEEK_SET), fails(readv(fd, &bad, 1), EFAULT)));
	int p[2];
	pipe(p);
	check("writev to a pipe, read back whole", writev(p[1], out, 3) == 13 &&
	    read(p[0], b, sizeof b) == 13 && memcmp(b, "one two three", 13) == 0);
	close(p[0]);
	close(p[1]);
	close(fd);
}

int main(void)
{
	mkdir(D, 0755);
	symlinks();
	modes_and_owners();
	times_of_files();
	at_calls();
	flocks();
	names_and_times();
	io_vectors();
	return report();
}
