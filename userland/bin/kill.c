/*
 * kill [-s signal | -signal] pid ...   send a signal (TERM by default)
 * kill -l [status]                      list the signal names
 *
 * A signal is a name with or without "SIG" (INT, SIGINT) or a number.
 * A negative pid names a process group: kill -TERM -- -42.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* OpenBSD's numbering (signal.h), by number. */
static const char *const names[NSIG] = {
	"Signal 0", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "EMT", "FPE",
	"KILL", "BUS", "SEGV", "SYS", "PIPE", "ALRM", "TERM", "URG", "STOP",
	"TSTP", "CONT", "CHLD", "TTIN", "TTOU", "IO", "XCPU", "XFSZ",
	"VTALRM", "PROF", "WINCH", "INFO", "USR1", "USR2", "THR",
};

/* A signal number from a name or a number; -1 if it is neither. */
static int
signal_number(const char *s)
{
	if (isdigit((unsigned char)*s)) {
		char *end;
		long n = strtol(s, &end, 10);
		return *end == '\0' && n < NSIG ? (int)n : -1;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int sig = 1; sig < NSIG; sig++)
		if (strcasecmp(s, names[sig]) == 0)
			return sig;
	return -1;
}

/* kill -l: every name; kill -l 130: the signal that status stands for. */
static int
list(const char *status)
{
	if (status != NULL) {
		int sig = atoi(status);
		if (sig > 128)
			sig -= 128;
		if (sig <= 0 || sig >= NSIG) {
			fprintf(stderr, "kill: unknown signal %s\n", status);
			return 1;
		}
		printf("%s\n", names[sig]);
		return 0;
	}
	for (int sig = 1; sig < NSIG; sig++)
		printf("%s%c", names[sig], sig % 8 == 0 || sig == NSIG - 1 ? '\n' : ' ');
	return 0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: kill [-s signal | -signal] pid ...\n"
	    "       kill -l [exit_status]\n");
	return 1;
}

int
main(int argc, char *argv[])
{
	int sig = SIGTERM, status = 0, i = 1;

	if (argc > 1 && strcmp(argv[1], "-l") == 0)
		return list(argc > 2 ? argv[2] : NULL);
	if (i < argc && strcmp(argv[i], "-s") == 0) {
		if (i + 1 == argc || (sig = signal_number(argv[i + 1])) == -1)
			return usage();
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
		if ((sig = signal_number(argv[i] + 1)) == -1) {
			fprintf(stderr, "kill: unknown signal %s\n", argv[i] + 1);
			return 1;
		}
		i++;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc)
		return usage();
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (*argv[i] == '\0' || *end != '\0') {
			fprintf(stderr, "kill: %s: not a process id\n", argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, sig) == -1) {
			fprintf(stderr, "kill: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
