#ifndef _SYS_STAT_H_
#define _SYS_STAT_H_

#include <sys/types.h>
#include <time.h>

/* OpenBSD amd64's struct stat (128 bytes) and the mode bits, from the
 * kernel's minikern/sys/stat.py. */
#include <sys/stat_values.h>

#define st_atime st_atim.tv_sec
#define st_mtime st_mtim.tv_sec
#define st_ctime st_ctim.tv_sec

#define S_IFSOCK	0140000
#define S_ISUID		0004000		/* set user id on execution */
#define S_ISGID		0002000		/* set group id on execution */
#define S_ISVTX		0001000		/* sticky: only owners remove names */

#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)

/* System calls: the stubs are generated from syscalls.master. */
int stat(const char *path, struct stat *sb);
int lstat(const char *path, struct stat *sb);
int fstat(int fd, struct stat *sb);
int mkdir(const char *path, mode_t mode);
mode_t umask(mode_t mask);
int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
int fstatat(int fd, const char *path, struct stat *sb, int flag);
int mkdirat(int fd, const char *path, mode_t mode);
int fchmodat(int fd, const char *path, mode_t mode, int flag);
int utimensat(int fd, const char *path, const struct timespec times[2], int flag);
int futimens(int fd, const struct timespec times[2]);

#endif
