/*
 * init: process 1, the first program of a booted system.
 *
 *   1. runs the start-up script /etc/rc, if there is one (with /bin/sh);
 *   2. starts a login shell (/bin/sh as "-sh", interactive) on the
 *      console, in its own session, owning the terminal;
 *   3. waits: every orphaned process becomes init's child when its
 *      parent dies, so init's wait() loop also collects those zombies;
 *   4. starts a new shell when the shell exits, unless the system is
 *      shutting down.
 *
 * Logging out (the shell exits) just gives a new shell.  One that keeps
 * dying at once (three times in a row within a second of its start) is
 * restarted only after a pause, as OpenBSD's init does for a getty
 * "repeating too quickly".  When the console's line is down (TIOCMGET
 * without carrier: its input has ended for good, a pipe at its end),
 * nobody can log in again: init halts the machine.
 *
 * SIGTERM (or SIGUSR1) asks for a shutdown.  OpenBSD's init goes to
 * single-user mode on SIGTERM; minikern's has no single-user mode, so it
 * brings the system down: it says so on the console, hangs up the
 * shell's session (SIGHUP), collects what is left, and halts the machine
 * with reboot(2).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RC		"/etc/rc"
#define SHELL		"/bin/sh"
#define FAST_EXIT_NS	1000000000LL	/* a shell that lived less than 1 s */
#define MAX_FAST_EXITS	3		/* ... this many times in a row */
#define RESPAWN_PAUSE	10		/* then wait this many seconds */

static volatile sig_atomic_t shutting_down;

static void
request_shutdown(int sig)
{
	shutting_down = 1;
}

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* init ignores the keyboard's signals; its children must not. */
static void
default_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
}

/* Start path with argv; with own_terminal in a new session that the
 * console belongs to. */
static pid_t
start(const char *path, char *const argv[], int own_terminal)
{
	pid_t pid = fork();

	if (pid == -1) {
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		default_signals();
		if (own_terminal) {
			setsid();		/* a new session and group */
			ioctl(0, TIOCSCTTY, 0);	/* the console is its terminal */
		}
		execv(path, argv);
		fprintf(stderr, "init: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Is the console's line up?  (Carrier lost: its input has ended.) */
static int
console_up(void)
{
	int lines;

	return ioctl(0, TIOCMGET, &lines) == 0 && (lines & TIOCM_CAR) != 0;
}

/* Wait for one child, any child; its pid, or -1 (interrupted, or none). */
static pid_t
reap(int *status)
{
	return waitpid(-1, status, 0);
}

/* Run /etc/rc to its end, collecting any other zombie meanwhile. */
static void
run_rc(void)
{
	char *argv[] = { "sh", RC, NULL };
	struct stat sb;
	pid_t pid;
	int status = 0;

	if (stat(RC, &sb) == -1 || (pid = start(SHELL, argv, 0)) == -1)
		return;
	while (reap(&status) != pid)
		if (errno == ECHILD)
			break;
	if (WIFSIGNALED(status) || WEXITSTATUS(status) != 0)
		fprintf(stderr, "init: %s failed\n", RC);
}

/* Hang up the shell's session, collect every child and halt. */
static void
shut_down(pid_t shell)
{
	int status;

	if (shutting_down)
		fprintf(stderr, "init: shutdown requested: hanging up the "
		    "console session, then halting\n");
	if (shell > 0)
		kill(-shell, SIGHUP);	/* its process group */
	while (reap(&status) != -1 || errno == EINTR)
		;
	reboot(RB_HALT);
}

/* Count a shell that died at once; after too many in a row, pause. */
static void
throttle(long long started, int *fast_exits)
{
	*fast_exits = now_ns() - started < FAST_EXIT_NS ? *fast_exits + 1 : 0;
	if (*fast_exits < MAX_FAST_EXITS)
		return;
	fprintf(stderr, "init: %s exiting too quickly; waiting %d seconds\n",
	    SHELL, RESPAWN_PAUSE);
	sleep(RESPAWN_PAUSE);		/* a shutdown request cuts it short */
	*fast_exits = 0;
}

/* Start the shell, and start it again whenever it exits; return when
 * a shutdown is asked for, or when nobody can log in any more. */
static pid_t
keep_shell_running(void)
{
	char *argv[] = { "-sh", NULL };	/* a login shell: interactive */
	int status, fast_exits = 0;
	pid_t shell, pid;

	while (!shutting_down) {
		long long started = now_ns();

		if ((shell = start(SHELL, argv, 1)) == -1)
			return -1;
		/* Any child may come back here: orphans are init's. */
		while ((pid = reap(&status)) != shell && !shutting_down)
			;
		if (shutting_down)
			return pid == shell ? -1 : shell;
		if (!console_up()) {
			fprintf(stderr, "init: the console's input has ended; halting\n");
			return -1;
		}
		throttle(started, &fast_exits);
	}
	return -1;
}

int
main(void)
{
	struct sigaction sa = { 0 };

	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	/* No SA_RESTART: a shutdown request must interrupt wait(). */
	sa.sa_handler = request_shutdown;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);

	run_rc();
	shut_down(keep_shell_running());
	return 1;	/* reboot(2) failed */
}
