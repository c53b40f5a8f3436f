/*
 * The output side of stdio, small for now: stdout is buffered by lines
 * (flushed at each newline and at exit), stderr is not buffered, and the
 * printf family formats through the engine in format.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "local.h"

static char stdout_buf[1024];
static size_t stdout_len;
static bool stdout_newline;	/* a '\n' since the last flush */

bool
__write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t done = write(fd, buf, n);
		if (done < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		buf += done;
		n -= done;
	}
	return true;
}

void
__stdout_flush(void)
{
	__write_all(STDOUT_FILENO, stdout_buf, stdout_len);
	stdout_len = 0;
	stdout_newline = false;
}

static void
stdout_write(struct fmt_out *out, const char *s, size_t n)
{
	(void)out;
	if (memchr(s, '\n', n) != NULL)
		stdout_newline = true;
	while (n > 0) {
		size_t room = sizeof stdout_buf - stdout_len;
		size_t step = n < room ? n : room;
		memcpy(stdout_buf + stdout_len, s, step);
		stdout_len += step;
		s += step;
		n -= step;
		if (stdout_len == sizeof stdout_buf)
			__stdout_flush();
	}
}

/* Line buffering: whatever a call wrote up to a newline goes out now. */
static int
stdout_done(int result)
{
	if (stdout_newline)
		__stdout_flush();
	return result;
}

int
vprintf(const char *restrict fmt, va_list ap)
{
	struct fmt_out out = { .write = stdout_write };

	return stdout_done(__format(&out, fmt, ap));
}

int
printf(const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int
putchar(int c)
{
	char ch = (char)c;
	struct fmt_out out = { .write = stdout_write };

	stdout_write(&out, &ch, 1);
	stdout_done(0);
	return (unsigned char)ch;
}

int
puts(const char *s)
{
	struct fmt_out out = { .write = stdout_write };

	stdout_write(&out, s, strlen(s));
	stdout_write(&out, "\n", 1);
	return stdout_done(0);
}

/* dprintf: through a small buffer of its own, straight to the fd. */
struct fd_state {
	int fd;
	char buf[256];
	size_t len;
};

static void
fd_write(struct fmt_out *out, const char *s, size_t n)
{
	struct fd_state *st = out->state;

	if (st->len + n > sizeof st->buf) {
		__write_all(st->fd, st->buf, st->len);
		st->len = 0;
	}
	if (n > sizeof st->buf) {
		__write_all(st->fd, s, n);
		return;
	}
	memcpy(st->buf + st->len, s, n);
	st->len += n;
}

int
vdprintf(int fd, const char *restrict fmt, va_list ap)
{
	struct fd_state st = { .fd = fd, .len = 0 };
	struct fmt_out out = { .write = fd_write, .state = &st };

	int n = __format(&out, fmt, ap);
	__write_all(fd, st.buf, st.len);
	return n;
}

int
dprintf(int fd, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

/* snprintf: keep what fits, count it all. */
struct buf_state {
	char *buf;
	size_t room;		/* bytes left, not counting the final NUL */
};

static void
buf_write(struct fmt_out *out, const char *s, size_t n)
{
	struct buf_state *st = out->state;
	size_t step = n < st->room ? n : st->room;

	memcpy(st->buf, s, step);
	st->buf += step;
	st->room -= step;
}

int
vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
    va_list ap)
{
	char dummy;
	struct buf_state st = { .buf = size > 0 ? buf : &dummy,
	    .room = size > 0 ? size - 1 : 0 };
	struct fmt_out out = { .write = buf_write, .state = &st };

	int n = __format(&out, fmt, ap);
	*st.buf = '\0';
	return n;
}

int
snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int
sprintf(char *restrict buf, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* No size: the caller promised the buffer is big enough. */
	int n = vsnprintf(buf, INT_MAX + (size_t)1, fmt, ap);
	va_end(ap);
	return n;
}
