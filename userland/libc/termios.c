/*
 * Terminals: isatty(3), termios and the foreground process group, on
 * ioctl(2).  A descriptor is a terminal if it answers TIOCGETA.
 */
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int __sys_ioctl(int fd, unsigned long request, void *arg);

int
ioctl(int fd, unsigned long request, ...)
{
	__builtin_va_list ap;
	void *arg;

	__builtin_va_start(ap, request);
	arg = __builtin_va_arg(ap, void *);
	__builtin_va_end(ap);
	return __sys_ioctl(fd, request, arg);
}

int
isatty(int fd)
{
	struct termios t;

	return __sys_ioctl(fd, TIOCGETA, &t) == 0;
}

int
tcgetattr(int fd, struct termios *t)
{
	return __sys_ioctl(fd, TIOCGETA, t);
}

int
tcsetattr(int fd, int action, const struct termios *t)
{
	unsigned long request = action == TCSAFLUSH ? TIOCSETAF :
	    action == TCSADRAIN ? TIOCSETAW : TIOCSETA;

	return __sys_ioctl(fd, request, (void *)t);
}

pid_t
tcgetpgrp(int fd)
{
	int pgrp;

	if (__sys_ioctl(fd, TIOCGPGRP, &pgrp) == -1)
		return -1;
	return pgrp;
}

int
tcsetpgrp(int fd, pid_t pgrp)
{
	int value = pgrp;

	return __sys_ioctl(fd, TIOCSPGRP, &value);
}
