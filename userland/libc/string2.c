/*
 * More of <string.h> (the BSD and POSIX additions): strsep, strcasestr,
 * memmem, memrchr, stpcpy, stpncpy, strsignal.
 */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

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
