/*
 * fstest: the file system calls, checked from the inside in the spirit
 * of xv6's usertests.  One line per check ("ok: name" or "FAIL: name
 * (fstest.c:LINE)"), then "N passed, M failed"; the exit status is 0
 * only if every check passed.  It works in /fstest.d and removes all it
 * made, so that every page it used comes back.  tests/test_vfs.py runs it.
 *
 * With an argument it does one thing for the test to look at:
 *	fstest layout	sizeof and offsetof of struct stat and struct dirent
 *	fstest fill	write a file until memory runs out, then remove it
 *	fstest keep	leave /kept, three pages long
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WORKDIR "/fstest.d"
#define BAD_POINTER ((void *)1)

static int passed, failed;

#define CHECK(cond, name) check((cond), (name), __LINE__)
/* A call that must fail with one errno. */
#define CHECK_ERR(call, err, name) CHECK((call) == -1 && errno == (err), name)

static void
check(int ok, const char *name, int line)
{
	if (ok) {
		passed++;
		printf("ok: %s\n", name);
	} else {
		failed++;
		printf("FAIL: %s (fstest.c:%d, errno %d)\n", name, line, errno);
	}
}

/* Make path hold exactly the bytes of s. */
static int
put_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* Does path hold exactly the bytes of s? */
static int
file_is(const char *path, const char *s)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf);
	close(fd);
	return n == (ssize_t)strlen(s) && memcmp(buf, s, n) == 0;
}

static off_t
size_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void
test_create_write_read_unlink(void)
{
	int fd = open("small", O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 3, "open O_CREAT gives the lowest free descriptor");
	CHECK(write(fd, "hello, file", 11) == 11, "write to a new file");
	CHECK(lseek(fd, 0, SEEK_CUR) == 11, "the offset moves with a write");
	CHECK(close(fd) == 0, "close");
	CHECK(file_is("small", "hello, file"), "reopen and read back");
	CHECK(unlink("small") == 0, "unlink");
	CHECK_ERR(open("small", O_RDONLY), ENOENT, "open after unlink is ENOENT");
	CHECK_ERR(unlink("small"), ENOENT, "unlink twice is ENOENT");
}

static void
test_large_file(void)
{
	enum { CHUNK = 8192, CHUNKS = 512 };	/* 4 MB */
	static unsigned char buf[CHUNK];
	int fd = open("big", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int ok = fd >= 0;

	for (int i = 0; ok && i < CHUNKS; i++) {
		memset(buf, i * 7 + 1, CHUNK);
		buf[0] = i & 0xff;
		buf[1] = i >> 8;
		ok = write(fd, buf, CHUNK) == CHUNK;
	}
	CHECK(ok, "write a 4 MB file");
	CHECK(size_of("big") == (off_t)CHUNK * CHUNKS, "its size is 4 MB");
	ok = lseek(fd, 0, SEEK_SET) == 0;
	for (int i = 0; ok && i < CHUNKS; i++) {
		ok = read(fd, buf, CHUNK) == CHUNK && buf[0] == (i & 0xff) &&
		    buf[1] == i >> 8 && buf[CHUNK - 1] == (unsigned char)(i * 7 + 1);
	}
	CHECK(ok, "read the 4 MB back, every chunk in place");
	CHECK(read(fd, buf, CHUNK) == 0, "read at the end gives 0");
	close(fd);
	CHECK(unlink("big") == 0, "unlink the large file");
}

static void
test_deep_directories(void)
{
	enum { DEPTH = 40 };
	char cwd[1024];
	int ok = 1;

	for (int i = 0; ok && i < DEPTH; i++)
		ok = mkdir("dd", 0755) == 0 && chdir("dd") == 0;
	CHECK(ok, "mkdir and chdir 40 levels down");
	CHECK(put_file("leaf", "bottom") == 0 && file_is("leaf", "bottom"),
	    "a file at the bottom");
	CHECK(getcwd(cwd, sizeof cwd) != NULL &&
	    strlen(cwd) == strlen(WORKDIR) + 3 * DEPTH &&
	    strncmp(cwd, WORKDIR "/dd/dd/", strlen(WORKDIR) + 7) == 0,
	    "getcwd names the deep directory");
	CHECK_ERR(getcwd(cwd, 10) == NULL ? -1 : 0, ERANGE, "getcwd too small is ERANGE");
	CHECK(unlink("leaf") == 0, "unlink at the bottom");
	for (int i = 0; ok && i < DEPTH; i++)
		ok = chdir("..") == 0 && rmdir("dd") == 0;
	CHECK(ok, "climb back up removing each level");
	CHECK(getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, WORKDIR) == 0,
	    "back in the work directory");
}

static void
test_many_open_files(void)
{
	int fds[64], n = 0, fd;

	close(open("many", O_CREAT | O_WRONLY, 0644));
	while (n < 64 && (fd = open("many", O_RDONLY)) >= 0)
		fds[n++] = fd;
	CHECK(n == 64 - 3 && errno == EMFILE, "open until EMFILE: 61 besides 0, 1, 2");
	CHECK_ERR(open("many-new", O_CREAT | O_WRONLY, 0644), EMFILE,
	    "O_CREAT with no descriptor left is EMFILE");
	CHECK_ERR(access("many-new", F_OK), ENOENT, "and creates nothing");
	CHECK_ERR(dup(0), EMFILE, "dup with no descriptor left is EMFILE");
	while (n > 0)
		close(fds[--n]);
	CHECK((fd = open("many", O_RDONLY)) == 3, "closing frees them all");
	close(fd);
	unlink("many");
}

static void
test_open_flags(void)
{
	char buf[16];
	int fd;

	CHECK(put_file("flags", "ab") == 0, "create a file");
	CHECK_ERR(open("flags", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST,
	    "O_EXCL on an existing file is EEXIST");
	fd = open("flags", O_WRONLY | O_APPEND);
	CHECK(write(fd, "cd", 2) == 2, "O_APPEND write");
	lseek(fd, 0, SEEK_SET);
	CHECK(write(fd, "ef", 2) == 2 && lseek(fd, 0, SEEK_CUR) == 6,
	    "O_APPEND writes at the end even after lseek");
	close(fd);
	CHECK(file_is("flags", "abcdef"), "O_APPEND kept what was there");
	fd = open("flags", O_RDWR | O_TRUNC);
	CHECK(fd >= 0 && size_of("flags") == 0, "O_TRUNC empties the file");
	CHECK(read(fd, buf, sizeof buf) == 0, "and there is nothing to read");
	close(fd);
	fd = open("flags", O_RDONLY | O_CREAT | O_EXCL, 0644);
	CHECK(fd == -1 && errno == EEXIST, "O_CREAT|O_EXCL again");
	CHECK_ERR(open("flags", O_RDWR | O_WRONLY), EINVAL, "access mode 3 is EINVAL");
	CHECK_ERR(open("flags", O_RDONLY | O_DIRECTORY), ENOTDIR,
	    "O_DIRECTORY on a file is ENOTDIR");
	CHECK_ERR(open(".", O_WRONLY), EISDIR, "a directory opened for writing is EISDIR");
	fd = open(".", O_RDONLY);
	CHECK_ERR(read(fd, buf, sizeof buf), EISDIR, "read on a directory is EISDIR");
	close(fd);
	unlink("flags");
}

static void
test_lseek_and_holes(void)
{
	char buf[4096];
	struct stat st;
	int fd = open("holes", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int zeros = 1;

	CHECK(lseek(fd, 1 << 20, SEEK_SET) == 1 << 20, "lseek past the end");
	CHECK(write(fd, "x", 1) == 1, "write after the hole");
	CHECK(fstat(fd, &st) == 0 && st.st_size == (1 << 20) + 1,
	    "the size counts the hole");
	CHECK(st.st_blocks <= 8, "the hole holds no pages");
	CHECK(pread(fd, buf, sizeof buf, 4096 * 10) == (ssize_t)sizeof buf,
	    "read in the hole");
	for (size_t i = 0; i < sizeof buf; i++)
		zeros &= buf[i] == 0;
	CHECK(zeros, "a hole reads as zeros");
	CHECK(lseek(fd, 0, SEEK_END) == (1 << 20) + 1, "SEEK_END");
	CHECK(lseek(fd, -1, SEEK_CUR) == 1 << 20, "SEEK_CUR backwards");
	CHECK(read(fd, buf, 10) == 1 && buf[0] == 'x', "read the last byte");
	CHECK_ERR(lseek(fd, -5, SEEK_SET), EINVAL, "a negative offset is EINVAL");
	CHECK_ERR(lseek(fd, 0, 7), EINVAL, "a bad whence is EINVAL");
	CHECK(pwrite(fd, "yz", 2, 3) == 2 && lseek(fd, 0, SEEK_CUR) == (1 << 20) + 1,
	    "pwrite leaves the offset alone");
	CHECK(pread(fd, buf, 3, 2) == 3 && memcmp(buf, "\0yz", 3) == 0, "pread");
	CHECK(ftruncate(fd, 4) == 0 && fstat(fd, &st) == 0 && st.st_size == 4,
	    "ftruncate shrinks");
	CHECK(ftruncate(fd, 8000) == 0 && pread(fd, buf, 8, 0) == 8 &&
	    buf[3] == 'y' && buf[4] == 0 && buf[7] == 0 &&
	    pread(fd, buf, sizeof buf, 7990) == 10 && buf[9] == 0,
	    "ftruncate grows with zeros");
	CHECK(truncate("holes", 0) == 0 && size_of("holes") == 0, "truncate by name");
	close(fd);
	unlink("holes");
}

static int
seen(const char *names, const char *name)
{
	char pattern[64];
	snprintf(pattern, sizeof pattern, "/%s/", name);
	return strstr(names, pattern) != NULL;
}

static void
test_readdir(void)
{
	char names[4096] = "/";
	struct dirent *dp;
	int count = 0, types_ok = 1;
	DIR *dir;

	mkdir("list", 0755);
	put_file("list/alpha", "a");
	put_file("list/beta", "b");
	mkdir("list/gamma", 0755);
	dir = opendir("list");
	CHECK(dir != NULL, "opendir");
	while (dir != NULL && (dp = readdir(dir)) != NULL) {
		count++;
		strcat(names, dp->d_name);
		strcat(names, "/");
		if (strcmp(dp->d_name, "alpha") == 0)
			types_ok &= dp->d_type == DT_REG;
		if (strcmp(dp->d_name, "gamma") == 0)
			types_ok &= dp->d_type == DT_DIR;
		types_ok &= dp->d_namlen == strlen(dp->d_name) && dp->d_fileno != 0;
	}
	CHECK(count == 5 && seen(names, ".") && seen(names, "..") &&
	    seen(names, "alpha") && seen(names, "beta") && seen(names, "gamma"),
	    "readdir gives . .. and the three entries");
	CHECK(types_ok, "d_type, d_namlen and d_fileno");
	if (dir != NULL) {
		rewinddir(dir);
		CHECK(readdir(dir) != NULL, "rewinddir starts over");
		CHECK(closedir(dir) == 0, "closedir");
	}
	int fd = open("list", O_RDONLY);
	char tiny[16];
	CHECK_ERR(getdents(fd, tiny, sizeof tiny), EINVAL,
	    "getdents with no room for one entry is EINVAL");
	close(fd);
	fd = open("list/alpha", O_RDONLY);
	CHECK_ERR(getdents(fd, names, sizeof names), ENOTDIR, "getdents on a file");
	close(fd);
	unlink("list/alpha");
	unlink("list/beta");
	rmdir("list/gamma");
	rmdir("list");
}

static void
test_rename(void)
{
	put_file("from", "new");
	put_file("to", "old");
	CHECK(rename("from", "to") == 0, "rename over a file");
	CHECK(file_is("to", "new"), "the target has the new contents");
	CHECK_ERR(access("from", F_OK), ENOENT, "the old name is gone");
	mkdir("dir1", 0755);
	mkdir("dir2", 0755);
	put_file("dir2/x", "x");
	CHECK_ERR(rename("dir1", "dir2"), ENOTEMPTY, "rename over a full directory");
	CHECK_ERR(rename("to", "dir1"), EISDIR, "rename a file over a directory");
	CHECK_ERR(rename("dir1", "to"), ENOTDIR, "rename a directory over a file");
	CHECK_ERR(rename("dir1", "dir1/sub"), EINVAL, "rename a directory into itself");
	CHECK(rename("to", "dir2/moved") == 0 && file_is("dir2/moved", "new"),
	    "rename into another directory");
	CHECK(rename("dir2", "dir1") == 0 && file_is("dir1/x", "x"),
	    "rename a directory over an empty one");
	CHECK_ERR(rename("nothing", "else"), ENOENT, "rename of nothing is ENOENT");
	unlink("dir1/x");
	unlink("dir1/moved");
	CHECK(rmdir("dir1") == 0, "the moved directory is removable");
}

static void
test_remove_errors(void)
{
	mkdir("full", 0755);
	put_file("full/f", "f");
	CHECK_ERR(rmdir("full"), ENOTEMPTY, "rmdir of a non-empty directory");
	CHECK_ERR(rmdir("full/f"), ENOTDIR, "rmdir of a file");
	CHECK_ERR(unlink("full"), EPERM, "unlink of a directory is EPERM");
	CHECK_ERR(mkdir("full", 0755), EEXIST, "mkdir of an existing name");
	CHECK_ERR(open("full/f/g", O_RDONLY), ENOTDIR, "a file in the middle of a path");
	CHECK_ERR(open("", O_RDONLY), ENOENT, "the empty path is ENOENT");
	char longname[300];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	CHECK_ERR(open(longname, O_RDONLY | O_CREAT, 0644), ENAMETOOLONG,
	    "a 299-byte name is ENAMETOOLONG");
	unlink("full/f");
	CHECK(rmdir("full") == 0, "rmdir once empty");
}

static void
test_bad_pointers_and_descriptors(void)
{
	struct stat st;
	char buf[8];
	int fd;

	CHECK_ERR(open(BAD_POINTER, O_RDONLY), EFAULT, "open with a bad path pointer");
	CHECK_ERR(stat("/", BAD_POINTER), EFAULT, "stat into a bad pointer");
	put_file("ptr", "data");
	fd = open("ptr", O_RDWR);
	CHECK_ERR(read(fd, BAD_POINTER, 4), EFAULT, "read into a bad pointer");
	CHECK_ERR(write(fd, BAD_POINTER, 4), EFAULT, "write from a bad pointer");
	CHECK_ERR(mkdir(BAD_POINTER, 0755), EFAULT, "mkdir with a bad path");
	close(fd);
	CHECK_ERR(close(-1), EBADF, "close(-1)");
	CHECK_ERR(close(63), EBADF, "close of a closed descriptor");
	CHECK_ERR(close(1000), EBADF, "close past the table");
	CHECK_ERR(read(fd, buf, 1), EBADF, "read after close");
	CHECK_ERR(fstat(40, &st), EBADF, "fstat of a closed descriptor");
	CHECK_ERR(lseek(41, 0, SEEK_SET), EBADF, "lseek of a closed descriptor");
	CHECK_ERR(dup2(45, 5), EBADF, "dup2 from a closed descriptor");
	fd = open("ptr", O_RDONLY);
	CHECK_ERR(write(fd, "x", 1), EBADF, "write to a read-only descriptor");
	CHECK_ERR(ftruncate(fd, 0), EINVAL, "ftruncate of a read-only descriptor");
	close(fd);
	fd = open("ptr", O_WRONLY);
	CHECK_ERR(read(fd, buf, 1), EBADF, "read from a write-only descriptor");
	close(fd);
	unlink("ptr");
}

static void
test_stat_fields(void)
{
	struct stat st, st2, dirst;
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	put_file("st", "12345");
	CHECK(stat("st", &st) == 0, "stat a file");
	CHECK(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644, "st_mode of a file");
	CHECK(st.st_size == 5 && st.st_nlink == 1 && st.st_blksize == 4096,
	    "st_size, st_nlink, st_blksize");
	CHECK(st.st_blocks == 8, "st_blocks: one page");
	CHECK(st.st_ino > 2 && st.st_uid == 0 && st.st_gid == 0, "st_ino, st_uid, st_gid");
	CHECK(st.st_mtim.tv_sec >= now.tv_sec && st.st_mtim.tv_sec < now.tv_sec + 2 &&
	    st.st_mtim.tv_nsec < 1000000000L, "st_mtim is now, in virtual time");
	CHECK(link("st", "st2") == 0 && stat("st2", &st2) == 0 &&
	    st2.st_ino == st.st_ino && st2.st_nlink == 2, "a link shares the inode");
	unlink("st2");
	CHECK(lstat("st", &st2) == 0 && st2.st_ino == st.st_ino, "lstat");
	CHECK(stat(".", &dirst) == 0 && S_ISDIR(dirst.st_mode) && dirst.st_nlink == 2,
	    "a directory: S_IFDIR and two links");
	mkdir("sub", 0755);
	CHECK(stat(".", &dirst) == 0 && dirst.st_nlink == 3, "a subdirectory adds a link");
	rmdir("sub");
	CHECK(stat("/dev/null", &st2) == 0 && S_ISCHR(st2.st_mode) &&
	    st2.st_rdev == ((2 << 8) | 2), "/dev/null is character device 2, 2");
	CHECK(fstat(1, &st2) == 0 && (isatty(1) ? S_ISCHR(st2.st_mode) : S_ISFIFO(st2.st_mode)),
	    "fstat of standard output: the console, or a pipe when run by usertests");
	CHECK(stat("/usr/tests/fstest", &st2) == 0 && S_ISREG(st2.st_mode) &&
	    (st2.st_mode & 0111) && st2.st_size > 4096, "stat of this program");
	unlink("st");
}

static void
test_descriptors(void)
{
	char buf[8];
	int fd, fd2;

	put_file("dup", "abcdef");
	fd = open("dup", O_RDWR);
	fd2 = dup(fd);
	CHECK(fd2 == fd + 1, "dup gives the lowest free descriptor");
	CHECK(read(fd, buf, 2) == 2 && read(fd2, buf, 2) == 2 && buf[0] == 'c',
	    "a dup shares the offset");
	CHECK(dup2(fd, 20) == 20 && lseek(20, 0, SEEK_CUR) == 4, "dup2 to a chosen slot");
	CHECK(dup2(fd, fd) == fd, "dup2 onto itself");
	CHECK(fcntl(fd, F_GETFL) == O_RDWR, "F_GETFL gives the access mode");
	CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0 && fcntl(fd2, F_GETFL) == (O_RDWR | O_APPEND),
	    "F_SETFL O_APPEND, seen through the dup");
	CHECK(fcntl(fd, F_GETFD) == 0, "no close-on-exec by default");
	CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC &&
	    fcntl(fd2, F_GETFD) == 0, "F_SETFD is per descriptor");
	CHECK(fcntl(fd, F_DUPFD, 30) == 30, "F_DUPFD from 30");
	int cfd = open("dup", O_RDONLY | O_CLOEXEC);
	CHECK(fcntl(cfd, F_GETFD) == FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
	CHECK_ERR(fcntl(fd, 99), EINVAL, "an unknown fcntl is EINVAL");
	close(cfd);
	close(30);
	close(20);
	close(fd2);
	CHECK(unlink("dup") == 0 && read(fd, buf, 2) == 2 && buf[0] == 'e',
	    "an unlinked file stays readable while open");
	struct stat st;
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0, "with no links");
	close(fd);
}

static void
test_devices_and_access(void)
{
	char buf[16];
	int fd = open("/dev/null", O_RDWR);

	CHECK(write(fd, "gone", 4) == 4 && read(fd, buf, sizeof buf) == 0,
	    "/dev/null swallows and gives end of file");
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 'x', sizeof buf);
	CHECK(read(fd, buf, sizeof buf) == sizeof buf && buf[0] == 0 && buf[15] == 0,
	    "/dev/zero gives zeros");
	close(fd);
	CHECK(access("/usr/tests/fstest", X_OK) == 0, "access X_OK of a program");
	put_file("plain", "");
	CHECK_ERR(access("plain", X_OK), EACCES, "access X_OK of a 0644 file is EACCES");
	CHECK(access("plain", R_OK | W_OK) == 0, "root may read and write");
	CHECK_ERR(access("absent", F_OK), ENOENT, "access of nothing");
	unlink("plain");
	mode_t old = umask(077);
	put_file("masked", "");
	struct stat st;
	CHECK(old == 022 && stat("masked", &st) == 0 && (st.st_mode & 0777) == 0600,
	    "umask takes bits from new files");
	umask(old);
	unlink("masked");
	fd = open(".", O_RDONLY);
	chdir("/");
	CHECK(fchdir(fd) == 0 && getcwd(buf, sizeof buf) && strcmp(buf, WORKDIR) == 0,
	    "fchdir back");
	close(fd);
	CHECK_ERR(chdir("/dev/null"), ENOTDIR, "chdir to a device is ENOTDIR");
}

static void
fill(void)
{
	static char chunk[65536];
	long total = 0;
	ssize_t n;
	int fd = open("/fill", O_CREAT | O_WRONLY | O_TRUNC, 0644);

	memset(chunk, 'f', sizeof chunk);
	while ((n = write(fd, chunk, sizeof chunk)) > 0)
		total += n;
	printf("filled %ld bytes, then errno %d\n", total, errno);
	close(fd);
	printf("unlink %d\n", unlink("/fill"));
	fd = open("/fill", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	printf("write again %zd\n", write(fd, chunk, sizeof chunk));
	close(fd);
	unlink("/fill");
}

/* Leave /kept behind: three pages of 'k'. */
static int
keep(void)
{
	static char pages[3 * 4096];
	int fd = open("/kept", O_CREAT | O_WRONLY | O_TRUNC, 0644);

	memset(pages, 'k', sizeof pages);
	return write(fd, pages, sizeof pages) != sizeof pages || close(fd) != 0;
}

static void
layout(void)
{
	printf("stat %zu mode %zu dev %zu ino %zu nlink %zu uid %zu gid %zu "
	    "rdev %zu atim %zu mtim %zu ctim %zu size %zu blocks %zu "
	    "blksize %zu flags %zu gen %zu birthtim %zu\n",
	    sizeof(struct stat), offsetof(struct stat, st_mode),
	    offsetof(struct stat, st_dev), offsetof(struct stat, st_ino),
	    offsetof(struct stat, st_nlink), offsetof(struct stat, st_uid),
	    offsetof(struct stat, st_gid), offsetof(struct stat, st_rdev),
	    offsetof(struct stat, st_atim), offsetof(struct stat, st_mtim),
	    offsetof(struct stat, st_ctim), offsetof(struct stat, st_size),
	    offsetof(struct stat, st_blocks), offsetof(struct stat, st_blksize),
	    offsetof(struct stat, st_flags), offsetof(struct stat, st_gen),
	    offsetof(struct stat, __st_birthtim));
	printf("dirent fileno %zu off %zu reclen %zu type %zu namlen %zu name %zu\n",
	    offsetof(struct dirent, d_fileno), offsetof(struct dirent, d_off),
	    offsetof(struct dirent, d_reclen), offsetof(struct dirent, d_type),
	    offsetof(struct dirent, d_namlen), offsetof(struct dirent, d_name));
}

int
main(int argc, char **argv)
{
	if (argc > 1) {
		if (strcmp(argv[1], "layout") == 0)
			layout();
		else if (strcmp(argv[1], "fill") == 0)
			fill();
		else if (strcmp(argv[1], "keep") == 0)
			return keep();
		else {
			printf("fstest: unknown mode %s\n", argv[1]);
			return 2;
		}
		return 0;
	}
	CHECK(mkdir(WORKDIR, 0755) == 0 && chdir(WORKDIR) == 0, "make the work directory");
	test_create_write_read_unlink();
	test_large_file();
	test_deep_directories();
	test_many_open_files();
	test_open_flags();
	test_lseek_and_holes();
	test_readdir();
	test_rename();
	test_remove_errors();
	test_bad_pointers_and_descriptors();
	test_stat_fields();
	test_descriptors();
	test_devices_and_access();
	CHECK(chdir("/") == 0 && rmdir(WORKDIR) == 0, "remove the work directory");
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
