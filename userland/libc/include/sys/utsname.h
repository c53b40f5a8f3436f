/*
 * uname(3): the system's names.  As on OpenBSD, uname is a libc
 * function over sysctl(2) (kern.ostype, kern.hostname, kern.osrelease,
 * kern.version, hw.machine), not a system call.
 */
#ifndef _SYS_UTSNAME_H_
#define _SYS_UTSNAME_H_

#define SYS_NMLN	256	/* each name's room, with its NUL */

struct utsname {
	char sysname[SYS_NMLN];		/* "minikern" */
	char nodename[SYS_NMLN];	/* the host name */
	char release[SYS_NMLN];		/* "0.1" */
	char version[SYS_NMLN];		/* kern.version */
	char machine[SYS_NMLN];		/* "amd64" */
};

int uname(struct utsname *name);

#endif
