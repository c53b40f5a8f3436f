#ifndef _TERMIOS_H_
#define _TERMIOS_H_

#include <sys/types.h>

typedef unsigned int tcflag_t;
typedef unsigned char cc_t;
typedef unsigned int speed_t;

/* The c_cc indices, NCCS, the flag bits and tcsetattr's actions the kernel
 * uses: OpenBSD's, from the kernel's minikern/sys/termios.py. */
#include <sys/termios_values.h>

#define VEOL2	2
#define VWERASE	4
#define VREPRINT 6
#define VDSUSP	11
#define VSTART	12
#define VSTOP	13
#define VLNEXT	14
#define VDISCARD 15
#define VSTATUS	18
#define _POSIX_VDISABLE	0xff	/* a c_cc slot that is off */

/* c_iflag */
#define IGNBRK	0x00000001
#define BRKINT	0x00000002
#define IGNPAR	0x00000004
#define PARMRK	0x00000008
#define INPCK	0x00000010
#define ISTRIP	0x00000020
#define INLCR	0x00000040
#define IGNCR	0x00000080
#define IXON	0x00000200
#define IXOFF	0x00000400
#define IXANY	0x00000800
#define IMAXBEL	0x00002000
/* c_oflag */
#define OXTABS	0x00000004
#define ONOEOT	0x00000008
#define OCRNL	0x00000010
#define ONOCR	0x00000040
#define ONLRET	0x00000080

/* c_cflag (kept, not acted on: the console has no line settings) */
#define CSIZE	0x00000300
#define CS5	0x00000000
#define CS6	0x00000100
#define CS7	0x00000200
#define CS8	0x00000300
#define CSTOPB	0x00000400
#define CREAD	0x00000800
#define PARENB	0x00001000
#define PARODD	0x00002000
#define HUPCL	0x00004000
#define CLOCAL	0x00008000
/* c_lflag */
#define ECHOPRT	0x00000020
#define ECHOCTL	0x00000040
#define NOFLSH	0x80000000

struct termios {
	tcflag_t c_iflag;
	tcflag_t c_oflag;
	tcflag_t c_cflag;
	tcflag_t c_lflag;
	cc_t c_cc[NCCS];
	int c_ispeed;
	int c_ospeed;
};


/* Speeds, as OpenBSD: the number is the rate (kept, not acted on). */
#define B0	0
#define B300	300
#define B1200	1200
#define B2400	2400
#define B4800	4800
#define B9600	9600
#define B19200	19200
#define B38400	38400
#define B57600	57600
#define B115200	115200

speed_t cfgetispeed(const struct termios *t);
speed_t cfgetospeed(const struct termios *t);
int cfsetispeed(struct termios *t, speed_t speed);
int cfsetospeed(struct termios *t, speed_t speed);
int cfsetspeed(struct termios *t, speed_t speed);
void cfmakeraw(struct termios *t);
int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int action, const struct termios *t);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

#endif
