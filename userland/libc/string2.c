/*
 * More of <string.h> (the BSD and POSIX additions): strsep, strcasestr,
 * memmem, memrchr, stpcpy, stpncpy, strsignal, strerror_r,
 * explicit_bzero, timingsafe_bcmp; and <strings.h>'s bzero, bcopy, bcmp
 * and ffs.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The token of *sp up to the first delimiter (which becomes a NUL);
 * *sp moves past it, to NULL after the last token. */
char *
strsep(char **sp, const char *delim)
{
	char *s = *sp, *end;

	if (s == NULL)
		return NULL;
	end = s + strcspn(s, delim);
	*sp = *end != '\0' ? end + 1 : NULL;
	*end = '\0';
	return s;
}

char *
strcasestr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack != '\0' || n == 0; haystack++)
		if (strncasecmp(haystack, needle, n) == 0)
			return (char *)haystack;
	return NULL;
}

void *
memmem(const void *haystack, size_t hlen, const void *needle, size_t nlen)
{
	const char *h = haystack;

	if (nlen == 0)
		return (void *)h;
	for (; hlen >= nlen; h++, hlen--)
		if (*h == *(const char *)needle && memcmp(h, needle, nlen) == 0)
			return (void *)h;
	return NULL;
}

void *
memrchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n;

	while (n-- > 0)
		if (*--p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

/* strcpy, returning the end of the copy (its NUL). */
char *
stpcpy(char *restrict dst, const char *restrict src)
{
	size_t n = strlen(src);

	memcpy(dst, src, n + 1);
	return dst + n;
}

/* strncpy, returning dst + the length copied (where the padding starts). */
char *
stpncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t len = strnlen(src, n);

	memcpy(dst, src, len);
	memset(dst + len, 0, n - len);
	return dst + len;
}

static const char *const signal_names[NSIG] = {
	[SIGHUP] = "Hangup", [SIGINT] = "Interrupt", [SIGQUIT] = "Quit",
	[SIGILL] = "Illegal instruction", [SIGTRAP] = "Trace/BPT trap",
	[SIGABRT] = "Abort trap", [SIGEMT] = "EMT trap",
	[SIGFPE] = "Floating point exception", [SIGKILL] = "Killed",
	[SIGBUS] = "Bus error", [SIGSEGV] = "Segmentation fault",
	[SIGSYS] = "Bad system call", [SIGPIPE] = "Broken pipe",
	[SIGALRM] = "Alarm clock", [SIGTERM] = "Terminated",
	[SIGURG] = "Urgent I/O condition", [SIGSTOP] = "Suspended (signal)",
	[SIGTSTP] = "Suspended", [SIGCONT] = "Continued",
	[SIGCHLD] = "Child exited", [SIGTTIN] = "Stopped (tty input)",
	[SIGTTOU] = "Stopped (tty output)", [SIGIO] = "I/O possible",
	[SIGXCPU] = "Cputime limit exceeded", [SIGXFSZ] = "Filesize limit exceeded",
	[SIGVTALRM] = "Virtual timer expired", [SIGPROF] = "Profiling timer expired",
	[SIGWINCH] = "Window size changes", [SIGINFO] = "Information request",
	[SIGUSR1] = "User defined signal 1", [SIGUSR2] = "User defined signal 2",
	[SIGTHR] = "Thread AST",
};

/* The description of a signal, as OpenBSD words it. */
char *
strsignal(int sig)
{
	static char unknown[32];

	if (sig > 0 && sig < NSIG && signal_names[sig] != NULL)
		return (char *)signal_names[sig];
	snprintf(unknown, sizeof unknown, "Unknown signal: %d", sig);
	return unknown;
}

/*
 * strerror_r (POSIX): the message into buf; ERANGE if it does not fit
 * (what fits is still there), EINVAL for an unknown number (its
 * "Unknown error: N" is still written, cut to fit).
 */
int
strerror_r(int errnum, char *buf, size_t len)
{
	int saved = errno, error = 0;
	const char *msg = strerror(errnum);

	if (len == 0 || strlcpy(buf, msg, len) >= len)
		error = ERANGE;
	if (strncmp(msg, "Unknown error", 13) == 0)
		error = EINVAL;		/* what matters most */
	errno = saved;
	return error;
}

/* memset that the compiler may not leave out (for secrets). */
void
explicit_bzero(void *buf, size_t len)
{
	volatile unsigned char *p = buf;

	while (len-- > 0)
		*p++ = 0;
}

/* memcmp whose time does not depend on the bytes: 0 if equal. */
int
timingsafe_bcmp(const void *a, const void *b, size_t len)
{
	const unsigned char *p = a, *q = b;
	unsigned char diff = 0;

	while (len-- > 0)
		diff |= *p++ ^ *q++;
	return diff != 0;
}

/* <strings.h>: the old BSD names. */
void bzero(void *buf, size_t len) { memset(buf, 0, len); }
void bcopy(const void *src, void *dst, size_t len) { memmove(dst, src, len); }
int bcmp(const void *a, const void *b, size_t len) { return memcmp(a, b, len) != 0; }

/* The index (from 1) of the lowest bit set; 0 if none. */
int
ffs(int mask)
{
	return __builtin_ffs(mask);
}
