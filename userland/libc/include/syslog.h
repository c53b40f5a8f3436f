/*
 * System log messages: syslog(3).  There is no syslogd here: messages go
 * to the console, "Mon DD HH:MM:SS ident[pid]: message".
 */
#ifndef _SYSLOG_H_
#define _SYSLOG_H_

#include <stdarg.h>

#define LOG_EMERG	0	/* priorities */
#define LOG_ALERT	1
#define LOG_CRIT	2
#define LOG_ERR		3
#define LOG_WARNING	4
#define LOG_NOTICE	5
#define LOG_INFO	6
#define LOG_DEBUG	7
#define LOG_PRIMASK	0x07
#define LOG_PRI(p)	((p) & LOG_PRIMASK)

#define LOG_KERN	(0 << 3)	/* facilities */
#define LOG_USER	(1 << 3)
#define LOG_MAIL	(2 << 3)
#define LOG_DAEMON	(3 << 3)
#define LOG_AUTH	(4 << 3)
#define LOG_SYSLOG	(5 << 3)
#define LOG_LPR		(6 << 3)
#define LOG_NEWS	(7 << 3)
#define LOG_UUCP	(8 << 3)
#define LOG_CRON	(9 << 3)
#define LOG_AUTHPRIV	(10 << 3)
#define LOG_FTP		(11 << 3)
#define LOG_LOCAL0	(16 << 3)
#define LOG_LOCAL1	(17 << 3)
#define LOG_LOCAL2	(18 << 3)
#define LOG_LOCAL3	(19 << 3)
#define LOG_LOCAL4	(20 << 3)
#define LOG_LOCAL5	(21 << 3)
#define LOG_LOCAL6	(22 << 3)
#define LOG_LOCAL7	(23 << 3)
#define LOG_FACMASK	0x03f8

#define LOG_MASK(pri)	(1 << (pri))		/* one priority */
#define LOG_UPTO(pri)	((1 << ((pri) + 1)) - 1)	/* it and those above */

#define LOG_PID		0x01	/* openlog options: the pid in each message */
#define LOG_CONS	0x02	/* (the console is where they go anyway) */
#define LOG_ODELAY	0x04
#define LOG_NDELAY	0x08
#define LOG_NOWAIT	0x10
#define LOG_PERROR	0x20	/* also to stderr */

void openlog(const char *ident, int logopt, int facility);
void closelog(void);
int setlogmask(int maskpri);
void syslog(int priority, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void vsyslog(int priority, const char *fmt, va_list ap);

#endif
