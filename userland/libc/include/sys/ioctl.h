#ifndef _SYS_IOCTL_H_
#define _SYS_IOCTL_H_

/* OpenBSD's terminal ioctls (sys/ttycom.h) that minikern's console has,
 * from the kernel's minikern/sys/ttycom.py. */
#include <sys/ttycom_values.h>

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

int ioctl(int fd, unsigned long request, ...);

#endif
