/*
 * timertest: the interval timers (setitimer, getitimer, alarm, ualarm)
 * on virtual time, SIGALRM against blocking calls, and pause().
 *
 *	timertest		every check, "N passed, M failed" at the end
 *	timertest yieldwait	a process polling with sched_yield waits for a
 *				child's 2 ms usleep (the scheduler regression:
 *				tests/test_timers.py runs it with a budget)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define MS 1000000LL	/* nanoseconds */

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void catch(int sig, void (*handler)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

static long long now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void set_timer(int which, long value_us, long interval_us)
{
	struct itimerval itv;

	itv.it_value.tv_sec = value_us / 1000000;
	itv.it_value.tv_usec = value_us % 1000000;
	itv.it_interval.tv_sec = interval_us / 1000000;
	itv.it_interval.tv_usec = interval_us % 1000000;
	setitimer(which, &itv, NULL);
}

static int exit_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void bad_arguments(void)
{
	struct itimerval itv, old;

	memset(&itv, 0, sizeof itv);
	check("getitimer: none armed at first", getitimer(ITIMER_REAL, &old) == 0 &&
	    old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0 &&
	    old.it_interval.tv_sec == 0);
	check("setitimer: which 3 is EINVAL", setitimer(3, &itv, NULL) == -1 && errno == EINVAL);
	check("getitimer: which -1 is EINVAL", getitimer(-1, &old) == -1 && errno == EINVAL);
	itv.it_value.tv_usec = 1000000;
	check("setitimer: tv_usec 10^6 is EINVAL",
	    setitimer(ITIMER_REAL, &itv, NULL) == -1 && errno == EINVAL);
	itv.it_value.tv_usec = 0;
	itv.it_interval.tv_sec = -1;
	check("setitimer: a negative interval is EINVAL",
	    setitimer(ITIMER_REAL, &itv, NULL) == -1 && errno == EINVAL);
	check("setitimer: a bad itv is EFAULT",
	    setitimer(ITIMER_REAL, (struct itimerval *)8, NULL) == -1 && errno == EFAULT);
	check("getitimer: a bad itv is EFAULT",
	    getitimer(ITIMER_PROF, (struct itimerval *)8) == -1 && errno == EFAULT);
	check("setitimer: a bad oitv is EFAULT",
	    setitimer(ITIMER_VIRTUAL, NULL, (struct itimerval *)8) == -1 && errno == EFAULT);
}

static void alarm_values(void)
{
	struct itimerval itv;

	check("alarm: none before", alarm(5) == 0);
	getitimer(ITIMER_REAL, &itv);
	long left_us = itv.it_value.tv_sec * 1000000L + itv.it_value.tv_usec;
	check("getitimer: the time left of alarm(5)", left_us > 4990000 &&
	    left_us <= 5000000 && itv.it_interval.tv_sec == 0);
	check("alarm: 5 s left, rounded up", alarm(0) == 5);
	check("alarm(0) disarmed it", alarm(0) == 0);
	check("ualarm: none before", ualarm(300000, 0) == 0);
	useconds_t us = ualarm(0, 0);
	check("ualarm: the microseconds left", us > 290000 && us <= 300000);
}

/* A one-shot SIGALRM ends pause() with EINTR after 10 ms of virtual time. */
static void one_shot(void)
{
	catch(SIGALRM, on_alarm, 0);
	alarms = 0;
	long long start = now_ns(CLOCK_MONOTONIC);
	set_timer(ITIMER_REAL, 10000, 0);
	int r = pause();
	long long took = now_ns(CLOCK_MONOTONIC) - start;
	check("pause: EINTR after the handler", r == -1 && errno == EINTR && alarms == 1);
	check("SIGALRM came after 10 ms (within a slice)", took >= 10 * MS && took < 11 * MS);
	struct itimerval itv;
	getitimer(ITIMER_REAL, &itv);
	check("a one-shot timer is disarmed after it fired", itv.it_value.tv_sec == 0 &&
	    itv.it_value.tv_usec == 0);
}

/* it_interval re-arms it: four periods of 5 ms. */
static void periodic(void)
{
	sigset_t none;

	catch(SIGALRM, on_alarm, 0);
	alarms = 0;
	sigemptyset(&none);
	long long start = now_ns(CLOCK_MONOTONIC);
	set_timer(ITIMER_REAL, 5000, 5000);
	while (alarms < 4)
		sigsuspend(&none);
	long long took = now_ns(CLOCK_MONOTONIC) - start;
	set_timer(ITIMER_REAL, 0, 0);
	check("a periodic timer fires every 5 ms", took >= 20 * MS && took < 21 * MS);
	usleep(20000);
	check("setitimer 0 disarmed it", alarms == 4);
}

/* SIGALRM against a read of an empty pipe: EINTR without SA_RESTART; with
 * it the read goes on and gets what the child writes later. */
static void interrupts_read(void)
{
	int fds[2];
	char c = 0;

	pipe(fds);
	catch(SIGALRM, on_alarm, 0);
	alarms = 0;
	set_timer(ITIMER_REAL, 2000, 0);
	check("read: EINTR from SIGALRM", read(fds[0], &c, 1) == -1 && errno == EINTR &&
	    alarms == 1);

	catch(SIGALRM, on_alarm, SA_RESTART);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(5000);
		write(fds[1], "x", 1);
		_exit(0);
	}
	set_timer(ITIMER_REAL, 2000, 0);
	check("read: restarted after SIGALRM (SA_RESTART)",
	    read(fds[0], &c, 1) == 1 && c == 'x' && alarms == 2);
	exit_status(pid);
	close(fds[0]);
	close(fds[1]);
}

static void interrupts_nanosleep(void)
{
	struct timespec req = { 1, 0 }, left;

	catch(SIGALRM, on_alarm, SA_RESTART);
	set_timer(ITIMER_REAL, 100000, 0);
	int r = nanosleep(&req, &left);
	check("nanosleep: EINTR with 0.9 s left", r == -1 && errno == EINTR &&
	    left.tv_sec == 0 && left.tv_nsec > 899 * MS && left.tv_nsec < 901 * MS);
}

/* Unhandled, SIGALRM kills (the default action). */
static void default_kills(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(1);
		for (;;)
			pause();
	}
	check("SIGALRM's default action kills", exit_status(pid) == 128 + SIGALRM);
}

/* fork does not pass the timers on; the child's own timer is its own. */
static void fork_clears(void)
{
	struct itimerval itv;

	set_timer(ITIMER_REAL, 500000, 0);
	pid_t pid = fork();
	if (pid == 0) {
		getitimer(ITIMER_REAL, &itv);
		_exit(itv.it_value.tv_sec != 0 || itv.it_value.tv_usec != 0);
	}
	check("a forked child has no timer", exit_status(pid) == 0);
	getitimer(ITIMER_REAL, &itv);
	check("the parent's timer stays", itv.it_value.tv_usec > 0);
	set_timer(ITIMER_REAL, 0, 0);
}

/* ITIMER_VIRTUAL counts user time, ITIMER_PROF user and system time:
 * a computing loop gets its signal after 3 ms of its own time. */
static volatile sig_atomic_t cpu_signal;

static void on_cpu_signal(int sig)
{
	cpu_signal = sig;
}

static void cpu_timers(void)
{
	int timers[] = { ITIMER_VIRTUAL, ITIMER_PROF };
	int signals[] = { SIGVTALRM, SIGPROF };
	const char *names[] = { "ITIMER_VIRTUAL: SIGVTALRM after 3 ms of user time",
	    "ITIMER_PROF: SIGPROF after 3 ms of CPU time" };

	for (int i = 0; i < 2; i++) {
		catch(signals[i], on_cpu_signal, 0);
		cpu_signal = 0;
		long long start = now_ns(CLOCK_PROCESS_CPUTIME_ID);
		set_timer(timers[i], 3000, 0);
		while (!cpu_signal)
			;
		long long used = now_ns(CLOCK_PROCESS_CPUTIME_ID) - start;
		check(names[i], cpu_signal == signals[i] && used >= 3 * MS && used < 4 * MS);
	}
	/* sleeping uses no CPU time: the virtual timer does not move */
	struct itimerval itv;
	set_timer(ITIMER_VIRTUAL, 3000, 0);
	usleep(10000);
	getitimer(ITIMER_VIRTUAL, &itv);
	check("ITIMER_VIRTUAL stands still while the process sleeps",
	    itv.it_value.tv_usec > 2900 && cpu_signal == SIGPROF);
	set_timer(ITIMER_VIRTUAL, 0, 0);
}

static int yieldwait(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		usleep(2000);
		_exit(7);
	}
	while (waitpid(pid, &status, WNOHANG) == 0)
		sched_yield();
	printf("child %d\n", WEXITSTATUS(status));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "yieldwait") == 0)
		return yieldwait();
	bad_arguments();
	alarm_values();
	one_shot();
	periodic();
	interrupts_read();
	interrupts_nanosleep();
	default_kills();
	fork_clears();
	cpu_timers();
	return report();
}
