#ifndef _SYS_TYPES_H_
#define _SYS_TYPES_H_

#include <stddef.h>

typedef long ssize_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef int clockid_t;
typedef long long time_t;
typedef unsigned int useconds_t;	/* microseconds (ualarm) */
typedef long suseconds_t;		/* signed microseconds (tv_usec) */
typedef int dev_t;
typedef unsigned long long ino_t;
typedef unsigned int nlink_t;
typedef long long blkcnt_t;
typedef int blksize_t;

#endif
