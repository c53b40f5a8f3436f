#ifndef _UNISTD_H_
#define _UNISTD_H_

#include <sys/types.h>

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

/* System calls: the stubs are generated from syscalls.master. */
ssize_t read(int fd, void *buf, size_t nbyte);
ssize_t write(int fd, const void *buf, size_t nbyte);
pid_t getpid(void);
int getentropy(void *buf, size_t nbyte);
__attribute__((noreturn)) void _exit(int status);

/* Files (the VFS). */
#ifndef SEEK_SET
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#endif
#define F_OK	0		/* access(2): the file exists */
#define X_OK	0x01		/* may be executed (or searched) */
#define W_OK	0x02
#define R_OK	0x04

int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
ssize_t pread(int fd, void *buf, size_t nbyte, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t nbyte, off_t offset);
int dup(int fd);
int dup2(int from, int to);
int unlink(const char *path);
int link(const char *path, const char *link);
int rmdir(const char *path);
int chdir(const char *path);
int fchdir(int fd);
char *getcwd(char *buf, size_t size);
int access(const char *path, int amode);
int truncate(const char *path, off_t length);
int ftruncate(int fd, off_t length);
int fsync(int fd);
int symlink(const char *path, const char *link);
ssize_t readlink(const char *__restrict path, char *__restrict buf, size_t bufsize);
int chown(const char *path, uid_t owner, gid_t group);
int fchown(int fd, uid_t owner, gid_t group);
int lchown(const char *path, uid_t owner, gid_t group);
int faccessat(int fd, const char *path, int amode, int flag);
int fchownat(int fd, const char *path, uid_t owner, gid_t group, int flag);
int linkat(int fd1, const char *path1, int fd2, const char *path2, int flag);
ssize_t readlinkat(int fd, const char *__restrict path, char *__restrict buf,
    size_t bufsize);
int symlinkat(const char *path, int fd, const char *link);
int unlinkat(int fd, const char *path, int flag);

/* Processes. */
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
int execl(const char *path, const char *arg0, ...);
int execle(const char *path, const char *arg0, ...);
int execlp(const char *file, const char *arg0, ...);
pid_t getppid(void);
pid_t getpgrp(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t setsid(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int pipe(int fdp[2]);
int pipe2(int fdp[2], int flags);
unsigned int sleep(unsigned int seconds);
int usleep(unsigned int microseconds);
int sched_yield(void);
int pause(void);
unsigned int alarm(unsigned int seconds);
useconds_t ualarm(useconds_t microseconds, useconds_t interval);

/* Terminals. */
int isatty(int fd);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

char *getlogin(void);
int getlogin_r(char *name, size_t size);
int gethostname(char *name, size_t len);
char *ttyname(int fd);
int ttyname_r(int fd, char *buf, size_t len);
long pathconf(const char *path, int name);
long fpathconf(int fd, int name);

/* pathconf() names, OpenBSD's numbers */
#define _PC_LINK_MAX		1
#define _PC_MAX_CANON		2
#define _PC_MAX_INPUT		3
#define _PC_NAME_MAX		4
#define _PC_PATH_MAX		5
#define _PC_PIPE_BUF		6
#define _PC_CHOWN_RESTRICTED	7
#define _PC_NO_TRUNC		8
#define _PC_VDISABLE		9
long sysconf(int name);

#define _POSIX_VERSION	200809L

/* sysconf() names, OpenBSD's numbers */
#define _SC_ARG_MAX		1
#define _SC_CHILD_MAX		2
#define _SC_CLK_TCK		3
#define _SC_NGROUPS_MAX		4
#define _SC_OPEN_MAX		5
#define _SC_JOB_CONTROL		6
#define _SC_SAVED_IDS		7
#define _SC_VERSION		8
#define _SC_LINE_MAX		15
#define _SC_RE_DUP_MAX		16
#define _SC_PAGESIZE		28
#define _SC_PAGE_SIZE		_SC_PAGESIZE
#define _SC_HOST_NAME_MAX	33
#define _SC_IOV_MAX		51
#define _SC_LOGIN_NAME_MAX	102
#define _SC_TTY_NAME_MAX	107
#define _SC_PHYS_PAGES		500
#define _SC_NPROCESSORS_CONF	502
#define _SC_NPROCESSORS_ONLN	503

extern char **environ;

/* Options (getopt.c). */
int getopt(int argc, char *const argv[], const char *optstring);
extern char *optarg;
extern int optind, opterr, optopt, optreset;

#endif
