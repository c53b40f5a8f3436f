#ifndef _SYS_STAT_H_
#define _SYS_STAT_H_

#include <sys/types.h>
#include <time.h>

/* OpenBSD amd64's struct stat (128 bytes). */
struct stat {
	mode_t	st_mode;		/* file type and permission bits */
	dev_t	st_dev;			/* the file system it is on */
	ino_t	st_ino;
	nlink_t	st_nlink;		/* names (directory entries) it has */
	uid_t	st_uid;
	gid_t	st_gid;
	dev_t	st_rdev;		/* a device node's device number */
	struct timespec st_atim;	/* last access */
	struct timespec st_mtim;	/* last change of the data */
	struct timespec st_ctim;	/* last change of the inode */
	off_t	st_size;		/* bytes */
	blkcnt_t st_blocks;		/* 512-byte blocks held in memory */
	blksize_t st_blksize;		/* the best size for I/O */
	unsigned int st_flags;
	unsigned int st_gen;
	struct timespec __st_birthtim;
};
#define st_atime st_atim.tv_sec
#define st_mtime st_mtim.tv_sec
#define st_ctime st_ctim.tv_sec

#define S_IFMT		0170000		/* the type bits */
#define S_IFIFO		0010000
#define S_IFCHR		0020000
#define S_IFDIR		0040000
#define S_IFREG		0100000
#define S_IFLNK		0120000
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

#define S_IRWXU	0000700
#define S_IRUSR	0000400
#define S_IWUSR	0000200
#define S_IXUSR	0000100
#define S_IRWXG	0000070
#define S_IRGRP	0000040
#define S_IWGRP	0000020
#define S_IXGRP	0000010
#define S_IRWXO	0000007
#define S_IROTH	0000004
#define S_IWOTH	0000002
#define S_IXOTH	0000001

/* System calls: the stubs are generated from syscalls.master. */
int stat(const char *path, struct stat *sb);
int lstat(const char *path, struct stat *sb);
int fstat(int fd, struct stat *sb);
int mkdir(const char *path, mode_t mode);
mode_t umask(mode_t mask);

#endif
