#ifndef _SYS_IOCTL_H_
#define _SYS_IOCTL_H_

/* OpenBSD's terminal ioctls (sys/ttycom.h) that minikern's console has. */
#define TIOCGETA	0x402c7413	/* get termios */
#define TIOCSETA	0x802c7414	/* set termios */
#define TIOCSETAW	0x802c7415	/* ... after output drains */
#define TIOCSETAF	0x802c7416	/* ... and flush input */
#define TIOCGWINSZ	0x40087468	/* get the window size */
#define TIOCGPGRP	0x40047477	/* get the foreground process group */
#define TIOCSPGRP	0x80047476	/* set the foreground process group */
#define FIONREAD	0x4004667f	/* bytes ready to read */

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

int ioctl(int fd, unsigned long request, ...);

#endif
