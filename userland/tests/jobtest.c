/*
 * jobtest: job control in the kernel (issue 16).  Stop signals stop a
 * process and SIGCONT continues it; wait4 reports both (WUNTRACED,
 * WCONTINUED) once each; SIGKILL ends a stopped process; the parent gets
 * SIGCHLD for a stop unless SA_NOCLDSTOP; the terminal's stops do nothing
 * in an orphaned process group, and a group orphaned while stopped gets
 * SIGHUP and SIGCONT.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define MS 1000000L

static volatile long *counter;		/* shared with the children */
static volatile sig_atomic_t sigchld_count;

static void
sleep_ns(long ns)
{
	struct timespec ts = { ns / 1000000000L, ns % 1000000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* A child in a process group of its own (so it is not orphaned: its
 * parent is in another group of the same session) that counts for ever. */
static pid_t
spawn_counter(int own_group)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (own_group)
			setpgid(0, 0);
		for (;;)
			(*counter)++;
	}
	if (own_group)
		setpgid(pid, pid);
	return pid;
}

/* Does the counter move over 5 ms?  (The sleep ends while the child
 * computes on the other core: that once hung, the idle core's clock
 * lagging behind the sleeper's deadline for ever.) */
static int
counting(void)
{
	long before = *counter;

	sleep_ns(5 * MS);
	return *counter != before;
}

static int
waited(pid_t pid, int options, int *status)
{
	pid_t got;

	while ((got = waitpid(pid, status, options)) == -1 && errno == EINTR)
		;
	return got == pid;
}

static void
test_stop_and_continue(void)
{
	pid_t pid = spawn_counter(1);
	int status = 0;

	check("a child counts", counting());
	kill(pid, SIGSTOP);
	check("wait4 WUNTRACED reports the stop",
	    waited(pid, WUNTRACED, &status) && WIFSTOPPED(status)
	    && WSTOPSIG(status) == SIGSTOP && !WIFSIGNALED(status)
	    && !WIFEXITED(status) && !WIFCONTINUED(status));
	check("a stopped child does not run", !counting());
	check("a stop is reported once",
	    waitpid(pid, &status, WUNTRACED | WNOHANG) == 0);
	check("without WUNTRACED a stop is not reported",
	    waitpid(pid, &status, WNOHANG) == 0);
	kill(pid, SIGCONT);
	check("wait4 WCONTINUED reports the continue",
	    waited(pid, WCONTINUED, &status) && WIFCONTINUED(status)
	    && !WIFSTOPPED(status) && !WIFSIGNALED(status));
	check("a continue is reported once",
	    waitpid(pid, &status, WCONTINUED | WNOHANG) == 0);
	check("a continued child runs", counting());
	kill(pid, SIGTSTP);
	check("SIGTSTP stops it too",
	    waited(pid, WUNTRACED, &status) && WSTOPSIG(status) == SIGTSTP);
	kill(pid, SIGKILL);
	check("SIGKILL ends a stopped child",
	    waited(pid, 0, &status) && WIFSIGNALED(status)
	    && WTERMSIG(status) == SIGKILL);
}

static void
count_sigchld(int sig)
{
	sigchld_count++;
}

/* Stop and continue a counting child; how many SIGCHLD came? */
static int
sigchld_for_stop(int flags)
{
	struct sigaction sa = { 0 };
	int status;
	pid_t pid;

	sa.sa_handler = count_sigchld;
	sa.sa_flags = flags;
	sigaction(SIGCHLD, &sa, NULL);
	sigchld_count = 0;
	pid = spawn_counter(1);
	kill(pid, SIGSTOP);
	waited(pid, WUNTRACED, &status);
	kill(pid, SIGCONT);
	waited(pid, WCONTINUED, &status);
	int count = sigchld_count;
	kill(pid, SIGKILL);
	waited(pid, 0, &status);
	signal(SIGCHLD, SIG_DFL);
	return count;
}

static void
test_sigchld(void)
{
	check("a stop sends SIGCHLD (a continue does not)", sigchld_for_stop(0) == 1);
	check("SA_NOCLDSTOP: no SIGCHLD for a stop",
	    sigchld_for_stop(SA_NOCLDSTOP) == 0);
}

static void
test_sleeper_stops_and_finishes_its_sleep(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		setpgid(0, 0);
		sleep_ns(20 * MS);
		_exit(42);
	}
	setpgid(pid, pid);
	sleep_ns(2 * MS);
	kill(pid, SIGSTOP);
	check("a sleeper stops",
	    waited(pid, WUNTRACED, &status) && WIFSTOPPED(status));
	kill(pid, SIGCONT);
	check("... and finishes its sleep when continued",
	    waited(pid, 0, &status) && WIFEXITED(status)
	    && WEXITSTATUS(status) == 42);
}

static void
test_continue_discards_pending_stop(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		sigset_t set, pending;

		setpgid(0, 0);
		sigemptyset(&set);
		sigaddset(&set, SIGTSTP);
		sigprocmask(SIG_BLOCK, &set, NULL);
		kill(getpid(), SIGTSTP);
		sigpending(&pending);
		int was = sigismember(&pending, SIGTSTP);
		kill(getpid(), SIGCONT);
		sigpending(&pending);
		int still = sigismember(&pending, SIGTSTP);
		sigprocmask(SIG_UNBLOCK, &set, NULL);	/* nothing to stop it now */
		_exit(was && !still ? 0 : 1);
	}
	setpgid(pid, pid);
	check("SIGCONT throws away a pending stop",
	    waited(pid, WUNTRACED, &status) && WIFEXITED(status)
	    && WEXITSTATUS(status) == 0);
}

static volatile sig_atomic_t caught;

static void
catch(int sig)
{
	caught = sig;
}

static void
test_caught_and_ignored_stops(void)
{
	signal(SIGTSTP, catch);
	caught = 0;
	kill(getpid(), SIGTSTP);
	check("a caught SIGTSTP runs its handler", caught == SIGTSTP);
	signal(SIGTSTP, SIG_IGN);
	kill(getpid(), SIGTSTP);
	sigset_t pending;
	sigpending(&pending);
	check("an ignored SIGTSTP is not even pending", !sigismember(&pending, SIGTSTP));
	signal(SIGTSTP, SIG_DFL);
	signal(SIGCONT, catch);
	caught = 0;
	kill(getpid(), SIGCONT);
	check("a caught SIGCONT is delivered", caught == SIGCONT);
	signal(SIGCONT, SIG_DFL);
}

/* The test runs in a group whose members have no parent in another
 * group: orphaned.  The terminal's stops do nothing there; SIGSTOP does. */
static void
test_orphaned_group_ignores_tty_stops(void)
{
	pid_t pid = spawn_counter(0);	/* in the orphaned group */
	int status;

	kill(pid, SIGTSTP);
	kill(pid, SIGTTIN);
	kill(pid, SIGTTOU);
	check("tty stops do nothing in an orphaned group",
	    waitpid(pid, &status, WUNTRACED | WNOHANG) == 0 && counting());
	kill(pid, SIGSTOP);
	check("SIGSTOP stops it all the same",
	    waited(pid, WUNTRACED, &status) && WSTOPSIG(status) == SIGSTOP);
	kill(pid, SIGKILL);
	waited(pid, 0, &status);
}

/*
 * A child starts a session, and in it a stopped grandchild in a group of
 * its own; when the child exits, the grandchild's group is orphaned (its
 * new parent, process 1, is in another session): it gets SIGHUP and
 * SIGCONT, and its SIGHUP handler tells us through a pipe.
 */
static int hup_pipe = -1;

static void
hup_then_exit(int sig)
{
	write(hup_pipe, "H", 1);
	_exit(0);
}

static void
grandchild(void)
{
	signal(SIGHUP, hup_then_exit);
	setpgid(0, 0);
	kill(getpid(), SIGSTOP);
	write(hup_pipe, "?", 1);	/* continued without SIGHUP */
	_exit(1);
}

static void
test_orphaned_stopped_group_gets_hup_and_cont(void)
{
	int fds[2], status;
	char c = 0;

	pipe(fds);
	hup_pipe = fds[1];
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		setsid();
		pid_t g = fork();
		if (g == 0)
			grandchild();
		waited(g, WUNTRACED, &status);	/* stopped: orphan it now */
		_exit(WIFSTOPPED(status) ? 0 : 1);
	}
	close(fds[1]);
	check("the grandchild stopped", waited(pid, 0, &status)
	    && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	check("orphaned while stopped: SIGHUP, and SIGCONT to act on it",
	    read(fds[0], &c, 1) == 1 && c == 'H');
	close(fds[0]);
}

/*
 * The terminal's rules for background groups.  The test is in the
 * console's foreground group; a child in a group of its own is in the
 * background, and not orphaned (its parent is in another group of the
 * same session).  The console's input is "typed line\n".
 */
enum tty_op { READ, WRITE, SETATTR };

static int
tty_op(enum tty_op op)
{
	struct termios t;
	char buf[64];

	switch (op) {
	case READ:
		return read(0, buf, sizeof buf);
	case WRITE:
		return write(1, "", 0) == 0 ? (int)write(1, "bg write\n", 9) : -1;
	case SETATTR:
		tcgetattr(0, &t);
		return tcsetattr(0, TCSANOW, &t) == 0 ? 1 : -1;
	}
	return -1;
}

/* A background child does op with SIGTTIN/SIGTTOU's action `how`:
 * returns its wait status (stopped, or exited: 0 when op succeeded,
 * 1 with EIO, 2 otherwise). */
static int
background_child(enum tty_op op, int sig, void (*how)(int), pid_t *pidp)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		setpgid(0, 0);
		signal(sig, how);
		int n = tty_op(op);
		_exit(n > 0 ? 0 : errno == EIO ? 1 : 2);
	}
	setpgid(pid, pid);
	*pidp = pid;
	waited(pid, WUNTRACED, &status);
	return status;
}

static int
exited_with(int status, int code)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static int
stopped_by(int status, int sig)
{
	return WIFSTOPPED(status) && WSTOPSIG(status) == sig;
}

static void
set_tostop(int on)
{
	struct termios t;

	tcgetattr(0, &t);
	t.c_lflag = on ? t.c_lflag | TOSTOP : t.c_lflag & ~TOSTOP;
	tcsetattr(0, TCSANOW, &t);
}

static void
test_background_read(void)
{
	pid_t pid;
	int status = background_child(READ, SIGTTIN, SIG_DFL, &pid);

	check("a background read stops the reader with SIGTTIN",
	    stopped_by(status, SIGTTIN));
	signal(SIGTTOU, SIG_IGN);	/* as a shell: tcsetpgrp from the background */
	tcsetpgrp(0, pid);
	kill(pid, SIGCONT);
	check("... given the terminal and continued, it reads",
	    waited(pid, 0, &status) && exited_with(status, 0));
	check("tcsetpgrp from a background group ignoring SIGTTOU works",
	    tcsetpgrp(0, getpgrp()) == 0 && tcgetpgrp(0) == getpgrp());
	signal(SIGTTOU, SIG_DFL);
	check("a background read ignoring SIGTTIN: EIO",
	    exited_with(background_child(READ, SIGTTIN, SIG_IGN, &pid), 1));
}

/* Does op in a background child stop it with SIGTTOU?  (It is killed.) */
static int
stops_with_sigttou(enum tty_op op)
{
	pid_t pid;
	int status = background_child(op, SIGTTOU, SIG_DFL, &pid);
	int stopped = stopped_by(status, SIGTTOU);

	kill(pid, SIGKILL);
	waited(pid, 0, &status);
	return stopped;
}

static void
test_background_write(void)
{
	pid_t pid;

	set_tostop(0);
	check("a background write without TOSTOP goes out",
	    exited_with(background_child(WRITE, SIGTTOU, SIG_DFL, &pid), 0));
	set_tostop(1);
	check("with TOSTOP it stops the writer with SIGTTOU", stops_with_sigttou(WRITE));
	check("with TOSTOP a writer ignoring SIGTTOU writes",
	    exited_with(background_child(WRITE, SIGTTOU, SIG_IGN, &pid), 0));
	set_tostop(0);
	check("a background tcsetattr stops with SIGTTOU, TOSTOP or not",
	    stops_with_sigttou(SETATTR));
}

/* The test's own group is orphaned (its leader has no parent): put in
 * the background, its reads and TOSTOP writes fail with EIO. */
static void
test_orphaned_background(void)
{
	pid_t pid = spawn_counter(1);
	int status;
	char c;

	signal(SIGTTOU, SIG_IGN);
	set_tostop(1);
	tcsetpgrp(0, pid);
	check("an orphaned background group's read: EIO",
	    read(0, &c, 1) == -1 && errno == EIO);
	signal(SIGTTOU, SIG_DFL);
	check("... its write with TOSTOP: EIO",
	    write(1, "x", 1) == -1 && errno == EIO);
	check("... its tcsetpgrp: EIO", tcsetpgrp(0, getpgrp()) == -1 && errno == EIO);
	signal(SIGTTOU, SIG_IGN);
	tcsetpgrp(0, getpgrp());
	set_tostop(0);
	signal(SIGTTOU, SIG_DFL);
	kill(pid, SIGKILL);
	waited(pid, 0, &status);
	errno = 0;
	check("tcsetpgrp to a group that does not exist: EPERM",
	    tcsetpgrp(0, 99999) == -1 && errno == EPERM);
	errno = 0;
	check("TIOCSCTTY by a process that leads no session: EPERM",
	    ioctl(0, TIOCSCTTY, 0) == -1 && errno == EPERM);
}

static void
test_bad_options(void)
{
	int status;

	errno = 0;
	check("wait4 with an unknown option: EINVAL",
	    waitpid(-1, &status, 0x100) == -1 && errno == EINVAL);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);	/* each check as it happens */
	counter = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON, -1, 0);
	if (counter == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	test_stop_and_continue();
	test_sigchld();
	test_sleeper_stops_and_finishes_its_sleep();
	test_continue_discards_pending_stop();
	test_caught_and_ignored_stops();
	test_orphaned_group_ignores_tty_stops();
	test_orphaned_stopped_group_gets_hup_and_cont();
	test_background_read();
	test_background_write();
	test_orphaned_background();
	test_bad_options();
	return report();
}
