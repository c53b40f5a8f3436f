/*
 * <sys/file.h>: flock(2) and its LOCK_* operations (the numbers come
 * from the kernel's minikern/sys/fcntl.py through <fcntl.h>).
 */
#ifndef _SYS_FILE_H_
#define _SYS_FILE_H_

#include <fcntl.h>
#include <unistd.h>

int flock(int fd, int operation);

#endif
