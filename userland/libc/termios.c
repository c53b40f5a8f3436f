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

/* The speeds are only kept: the console has no baud rate. */
speed_t cfgetispeed(const struct termios *t) { return (speed_t)t->c_ispeed; }
speed_t cfgetospeed(const struct termios *t) { return (speed_t)t->c_ospeed; }
int cfsetispeed(struct termios *t, speed_t speed) { t->c_ispeed = (int)speed; return 0; }
int cfsetospeed(struct termios *t, speed_t speed) { t->c_ospeed = (int)speed; return 0; }

int
cfsetspeed(struct termios *t, speed_t speed)
{
	t->c_ispeed = t->c_ospeed = (int)speed;
	return 0;
}

/*
 * Raw mode, as OpenBSD's cfmakeraw(3): bytes as they come, one at a time
 * (no line editing, no signal characters, no echo, no output processing).
 */
void
cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(IMAXBEL | IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
	    IGNCR | ICRNL | IXON);
	t->c_oflag &= ~OPOST;
	t->c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag &= ~(CSIZE | PARENB);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}
