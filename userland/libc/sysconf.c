/*
 * What a program may ask about the system at run time: sysconf(3) and
 * gethostname(3), over sysctl(2) and getrlimit(2) as on OpenBSD.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sysctl.h>
#include <unistd.h>

#define CLK_TCK_HZ	100	/* times()'s and clock_t's tick, as OpenBSD's */

/* An integer sysctl (ints and 64-bit values both), or -1. */
static long
sysctl_long(int top, int second)
{
	int mib[2] = { top, second };
	union { int i; long long ll; } v;
	size_t len = sizeof v;

	if (sysctl(mib, 2, &v, &len, NULL, 0) < 0)
		return -1;
	return len == sizeof v.i ? v.i : (long)v.ll;
}

/* A limit's soft value; -1 (no error) if there is none. */
static long
rlimit_cur(int which)
{
	struct rlimit rl;

	if (getrlimit(which, &rl) < 0)
		return -1;
	return rl.rlim_cur == RLIM_INFINITY ? -1 : (long)rl.rlim_cur;
}

long
sysconf(int name)
{
	switch (name) {
	case _SC_ARG_MAX:		return ARG_MAX;
	case _SC_CHILD_MAX:		return rlimit_cur(RLIMIT_NPROC);
	case _SC_CLK_TCK:		return CLK_TCK_HZ;
	case _SC_NGROUPS_MAX:		return NGROUPS_MAX;
	case _SC_OPEN_MAX:		return rlimit_cur(RLIMIT_NOFILE);
	case _SC_JOB_CONTROL:		return 1;
	case _SC_SAVED_IDS:		return 1;
	case _SC_VERSION:		return _POSIX_VERSION;
	case _SC_LINE_MAX:		return LINE_MAX;
	case _SC_RE_DUP_MAX:		return RE_DUP_MAX;
	case _SC_PAGESIZE:		return sysctl_long(CTL_HW, HW_PAGESIZE);
	case _SC_HOST_NAME_MAX:		return HOST_NAME_MAX;
	case _SC_LOGIN_NAME_MAX:	return LOGIN_NAME_MAX;
	case _SC_TTY_NAME_MAX:		return TTY_NAME_MAX;
	case _SC_IOV_MAX:		return IOV_MAX;
	case _SC_PHYS_PAGES:
		return sysctl_long(CTL_HW, HW_PHYSMEM64) / sysctl_long(CTL_HW, HW_PAGESIZE);
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:	return sysctl_long(CTL_HW, HW_NCPU);
	default:
		errno = EINVAL;
		return -1;
	}
}

/* The host name, NUL-terminated; ENAMETOOLONG if it does not fit in len. */
int
gethostname(char *name, size_t len)
{
	int mib[2] = { CTL_KERN, KERN_HOSTNAME };
	char buf[HOST_NAME_MAX + 1];
	size_t got = sizeof buf;

	if (sysctl(mib, 2, buf, &got, NULL, 0) < 0)
		return -1;
	if (got == 0 || buf[got - 1] != '\0')
		buf[got < sizeof buf ? got : sizeof buf - 1] = '\0';
	if (strlen(buf) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(name, buf);
	return 0;
}
