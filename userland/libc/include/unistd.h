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

extern char **environ;

#endif
