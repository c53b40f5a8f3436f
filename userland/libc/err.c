/*
 * <err.h>: a message on stderr, "progname: message: strerror(errno)",
 * then (err, errx) exit with the given status.  The x forms leave out
 * the errno part; warnc/errc take the error number as an argument.
 * Also getprogname() and setprogname().
 */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char *__progname;

const char *
getprogname(void)
{
	return __progname;
}

/* As OpenBSD: the last component of name (kept, not copied). */
void
setprogname(const char *name)
{
	const char *slash = strrchr(name, '/');

	__progname = slash != NULL ? slash + 1 : name;
}

/* The one place that writes: code < 0 means no strerror() part. */
static void
message(int code, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", __progname);
	if (fmt != NULL) {
		vfprintf(stderr, fmt, ap);
		if (code >= 0)
			fputs(": ", stderr);
	}
	if (code >= 0)
		fputs(strerror(code), stderr);
	fputc('\n', stderr);
}

void vwarnc(int code, const char *fmt, va_list ap) { message(code, fmt, ap); }
void vwarn(const char *fmt, va_list ap) { message(errno, fmt, ap); }
void vwarnx(const char *fmt, va_list ap) { message(-1, fmt, ap); }

void
verrc(int eval, int code, const char *fmt, va_list ap)
{
	message(code, fmt, ap);
	exit(eval);
}

void verr(int eval, const char *fmt, va_list ap) { verrc(eval, errno, fmt, ap); }

void
verrx(int eval, const char *fmt, va_list ap)
{
	message(-1, fmt, ap);
	exit(eval);
}

void
warn(const char *fmt, ...)
{
	int code = errno;	/* before anything can change it */
	va_list ap;

	va_start(ap, fmt);
	message(code, fmt, ap);
	va_end(ap);
}

void
warnc(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(code, fmt, ap);
	va_end(ap);
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message(-1, fmt, ap);
	va_end(ap);
}

void
err(int eval, const char *fmt, ...)
{
	int code = errno;
	va_list ap;

	va_start(ap, fmt);
	verrc(eval, code, fmt, ap);
}

void
errc(int eval, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrc(eval, code, fmt, ap);
}

void
errx(int eval, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrx(eval, fmt, ap);
}
