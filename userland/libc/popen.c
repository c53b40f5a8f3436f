/*
 * Commands run by the shell: system(), and popen()/pclose() with a pipe
 * to the command's standard input or from its standard output.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define _PATH_BSHELL	"/bin/sh"

/*
 * The child: sh -c command.  127 (the shell's "not found") if the
 * shell itself cannot be run.
 */
static __attribute__((noreturn)) void
run_shell(const char *command)
{
	execl(_PATH_BSHELL, "sh", "-c", command, (char *)NULL);
	_exit(127);
}

/*
 * POSIX: while the command runs the caller ignores SIGINT and SIGQUIT
 * (the terminal's ^C is for the command) and blocks SIGCHLD (so that a
 * handler of its own does not reap the child first).  With a NULL
 * command: whether a shell is there to run commands.
 */
int
system(const char *command)
{
	struct sigaction ignore, oldint, oldquit;
	sigset_t chld, oldmask;
	pid_t pid;
	int status;

	if (command == NULL)
		return access(_PATH_BSHELL, X_OK) == 0;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &oldmask);
	memset(&ignore, 0, sizeof ignore);
	ignore.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ignore, &oldint);
	sigaction(SIGQUIT, &ignore, &oldquit);

	pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &oldint, NULL);
		sigaction(SIGQUIT, &oldquit, NULL);
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		run_shell(command);
	}
	if (pid < 0)
		status = -1;
	else
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			continue;

	sigaction(SIGINT, &oldint, NULL);
	sigaction(SIGQUIT, &oldquit, NULL);
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	return status;
}

/* Each popen() stream and the command's process, for pclose(). */
struct pid_entry {
	FILE *fp;
	pid_t pid;
	struct pid_entry *next;
};
static struct pid_entry *popened;

FILE *
popen(const char *command, const char *mode)
{
	struct pid_entry *entry;
	int fds[2], reading;
	pid_t pid;

	if ((mode[0] != 'r' && mode[0] != 'w') || (mode[1] != '\0' &&
	    (mode[1] != 'e' || mode[2] != '\0'))) {
		errno = EINVAL;
		return NULL;
	}
	reading = mode[0] == 'r';
	if ((entry = malloc(sizeof *entry)) == NULL)
		return NULL;
	if (pipe(fds) < 0) {
		free(entry);
		return NULL;
	}
	pid = fork();
	if (pid < 0) {
		int saved = errno;
		close(fds[0]);
		close(fds[1]);
		free(entry);
		errno = saved;
		return NULL;
	}
	if (pid == 0) {
		/* The child: its end of the pipe on stdout (or stdin), and no
		 * earlier popen() stream of the parent's (POSIX). */
		int mine = reading ? fds[1] : fds[0], target = reading ? 1 : 0;
		for (struct pid_entry *e = popened; e != NULL; e = e->next)
			close(fileno(e->fp));
		close(reading ? fds[0] : fds[1]);
		if (mine != target) {
			dup2(mine, target);
			close(mine);
		}
		run_shell(command);
	}
	close(reading ? fds[1] : fds[0]);
	if (mode[1] == 'e')		/* "re", "we": close-on-exec */
		fcntl(reading ? fds[0] : fds[1], F_SETFD, FD_CLOEXEC);
	entry->fp = fdopen(reading ? fds[0] : fds[1], reading ? "r" : "w");
	if (entry->fp == NULL) {	/* no memory: the command gets EOF */
		close(reading ? fds[0] : fds[1]);
		waitpid(pid, NULL, 0);
		free(entry);
		errno = ENOMEM;
		return NULL;
	}
	entry->pid = pid;
	entry->next = popened;
	popened = entry;
	return entry->fp;
}

/* Close the stream, wait for the command: its status as waitpid gives it. */
int
pclose(FILE *fp)
{
	struct pid_entry **link, *entry;
	int status;
	pid_t got;

	for (link = &popened; *link != NULL && (*link)->fp != fp; link = &(*link)->next)
		continue;
	if ((entry = *link) == NULL) {
		errno = ECHILD;
		return -1;
	}
	*link = entry->next;
	fclose(fp);
	do
		got = waitpid(entry->pid, &status, 0);
	while (got < 0 && errno == EINTR);
	free(entry);
	return got < 0 ? -1 : status;
}
