#ifndef _TERMIOS_H_
#define _TERMIOS_H_

#include <sys/types.h>

typedef unsigned int tcflag_t;
typedef unsigned char cc_t;
typedef unsigned int speed_t;

#define NCCS	20
#define VEOF	0
#define VEOL	1
#define VERASE	3
#define VKILL	5
#define VINTR	8
#define VQUIT	9
#define VMIN	16
#define VTIME	17

/* c_iflag */
#define ICRNL	0x00000100
/* c_oflag */
#define OPOST	0x00000001
#define ONLCR	0x00000002
/* c_lflag */
#define ECHOKE	0x00000001
#define ECHOE	0x00000002
#define ECHOK	0x00000004
#define ECHO	0x00000008
#define ECHONL	0x00000010
#define ISIG	0x00000080
#define ICANON	0x00000100
#define IEXTEN	0x00000400

struct termios {
	tcflag_t c_iflag;
	tcflag_t c_oflag;
	tcflag_t c_cflag;
	tcflag_t c_lflag;
	cc_t c_cc[NCCS];
	int c_ispeed;
	int c_ospeed;
};

#define TCSANOW		0
#define TCSADRAIN	1
#define TCSAFLUSH	2

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int action, const struct termios *t);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

#endif
