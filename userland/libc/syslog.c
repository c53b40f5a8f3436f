/*
 * syslog(3) without a syslogd: each message is one write(2) to
 * /dev/console, "Mon DD HH:MM:SS ident[pid]: message\n" as syslogd would
 * log it; with LOG_PERROR also to stderr.  "%m" in the format is the
 * text of errno, as syslog's callers expect.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "local.h"

#define _PATH_CONSOLE	"/dev/console"
#define MESSAGE_MAX	1024

static const char *log_ident;	/* NULL: the program's name */
static int log_options;
static int log_mask = 0xff;	/* every priority */
static int console_fd = -1;

void
openlog(const char *ident, int logopt, int facility)
{
	(void)facility;			/* one log: the console */
	log_ident = ident;
	log_options = logopt;
	if ((logopt & LOG_NDELAY) && console_fd < 0)
		console_fd = open(_PATH_CONSOLE, O_WRONLY | O_CLOEXEC);
}

void
closelog(void)
{
	if (console_fd >= 0)
		close(console_fd);
	console_fd = -1;
	log_ident = NULL;
}

/* The old mask; 0 leaves it as it is. */
int
setlogmask(int maskpri)
{
	int old = log_mask;

	if (maskpri != 0)
		log_mask = maskpri;
	return old;
}

/* fmt with each %m replaced by the error text (and %% kept as it is). */
static void
expand_m(const char *fmt, int error, char *out, size_t size)
{
	const char *text = strerror(error);
	size_t n = 0;

	for (; *fmt != '\0' && n + 1 < size; fmt++) {
		if (fmt[0] == '%' && fmt[1] == 'm') {
			for (const char *t = text; *t != '\0' && n + 2 < size; t++) {
				if (*t == '%')		/* stays literal in printf */
					out[n++] = '%';
				out[n++] = *t;
			}
			fmt++;
		} else if (fmt[0] == '%' && fmt[1] == '%' && n + 2 < size) {
			out[n++] = *fmt++;
			out[n++] = *fmt;
		} else {
			out[n++] = *fmt;
		}
	}
	out[n] = '\0';
}

void
vsyslog(int priority, const char *fmt, va_list ap)
{
	extern const char *__progname;
	char format[MESSAGE_MAX], msg[MESSAGE_MAX], stamp[32];
	int error = errno;		/* before anything changes it */
	time_t now = time(NULL);
	struct tm tm;
	int n;

	if (!(LOG_MASK(LOG_PRI(priority)) & log_mask))
		return;
	strftime(stamp, sizeof stamp, "%b %e %H:%M:%S", localtime_r(&now, &tm));
	n = snprintf(msg, sizeof msg, "%s %s", stamp,
	    log_ident != NULL ? log_ident : __progname);
	if (log_options & LOG_PID)
		n += snprintf(msg + n, sizeof msg - n, "[%ld]", (long)getpid());
	n += snprintf(msg + n, sizeof msg - n, ": ");
	expand_m(fmt, error, format, sizeof format);
	if (n < (int)sizeof msg)
		n += vsnprintf(msg + n, sizeof msg - n, format, ap);
	if (n > (int)sizeof msg - 2)
		n = sizeof msg - 2;
	msg[n++] = '\n';
	if (log_options & LOG_PERROR)
		__write_all(STDERR_FILENO, msg + strlen(stamp) + 1,
		    n - strlen(stamp) - 1);
	if (console_fd < 0)
		console_fd = open(_PATH_CONSOLE, O_WRONLY | O_CLOEXEC);
	if (console_fd >= 0)
		__write_all(console_fd, msg, n);
	errno = error;
}

void
syslog(int priority, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(priority, fmt, ap);
	va_end(ap);
}
