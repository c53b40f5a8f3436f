/*
 * uname(3) over sysctl(2), as OpenBSD's libc (gen/uname.c): there is no
 * uname system call.  Each name is cut to fit, always NUL-terminated.
 */
#include <string.h>
#include <sys/sysctl.h>
#include <sys/utsname.h>

static int
sysctl_string(int top, int second, char *buf, size_t size)
{
	int mib[2];
	size_t len = size;

	mib[0] = top;
	mib[1] = second;
	if (sysctl(mib, 2, buf, &len, NULL, 0) == -1)
		return -1;
	buf[size - 1] = '\0';
	return 0;
}

int
uname(struct utsname *name)
{
	if (sysctl_string(CTL_KERN, KERN_OSTYPE, name->sysname, sizeof name->sysname) == -1 ||
	    sysctl_string(CTL_KERN, KERN_HOSTNAME, name->nodename, sizeof name->nodename) == -1 ||
	    sysctl_string(CTL_KERN, KERN_OSRELEASE, name->release, sizeof name->release) == -1 ||
	    sysctl_string(CTL_KERN, KERN_VERSION, name->version, sizeof name->version) == -1 ||
	    sysctl_string(CTL_HW, HW_MACHINE, name->machine, sizeof name->machine) == -1)
		return -1;
	return 0;
}
