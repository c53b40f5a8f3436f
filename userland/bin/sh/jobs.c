/*
 * Jobs: the processes of one pipeline (or one `list &`), in one process
 * group when the shell has job control.
 *
 * A foreground job gets the terminal (tcsetpgrp) and the shell waits for
 * it with WUNTRACED: when every process of the job has ended or stopped
 * (^Z sends SIGTSTP to the foreground group), the shell takes the
 * terminal back, and a stopped job stays in the table ("[1]+ Stopped").
 * `fg` gives it the terminal and SIGCONT, `bg` only SIGCONT.  Background
 * jobs are collected between commands; an interactive shell reports the
 * finished ones before the next prompt ("[1] Done").  `wait` needs a
 * job's status even after that collection, so a non-interactive shell
 * keeps finished jobs until waited for.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

#define MAX_JOBS	64

enum job_state { J_RUNNING, J_STOPPED, J_DONE };

struct job {
	int used;
	pid_t pgid;			/* its process group (with job control) */
	pid_t pids[MAX_JOB_PROCS];
	int ended[MAX_JOB_PROCS];	/* this process has ended */
	int stopped[MAX_JOB_PROCS];	/* ... or is stopped now */
	int nprocs;
	int status;			/* $?-style, of its last process */
	char *text;			/* the command, as `jobs` shows it */
};

static struct job jobs[MAX_JOBS];
static struct job *current;		/* the "+" job: fg and bg default to it */

static int
job_number(struct job *j)
{
	return (int)(j - jobs) + 1;
}

struct job *
job_new(pid_t pgid, const char *text)
{
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobs[i];
		if (!j->used) {
			memset(j, 0, sizeof *j);
			j->used = 1;
			j->pgid = pgid;
			j->text = strdup(text);
			return j;
		}
	}
	return NULL;		/* a full table: the job is just not tracked */
}

void
job_add_process(struct job *j, pid_t pid)
{
	if (j != NULL && j->nprocs < MAX_JOB_PROCS)
		j->pids[j->nprocs++] = pid;
}

static void
job_free(struct job *j)
{
	if (current == j)
		current = NULL;
	free(j->text);
	j->used = 0;
}

static enum job_state
job_state(struct job *j)
{
	int stopped = 0;

	for (int i = 0; i < j->nprocs; i++) {
		if (!j->ended[i] && !j->stopped[i])
			return J_RUNNING;
		stopped |= !j->ended[i];
	}
	return stopped ? J_STOPPED : J_DONE;
}

/* Record what wait4 said of pid; the job it belongs to, or NULL. */
static struct job *
job_update(pid_t pid, int wstatus)
{
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobs[i];
		for (int k = 0; j->used && k < j->nprocs; k++) {
			if (j->pids[k] != pid)
				continue;
			if (WIFSTOPPED(wstatus)) {
				j->stopped[k] = 1;
			} else if (WIFCONTINUED(wstatus)) {
				j->stopped[k] = 0;
			} else {
				j->ended[k] = 1;
				if (k == j->nprocs - 1)
					j->status = status_of(wstatus);
			}
			return j;
		}
	}
	return NULL;
}

static void
job_print(struct job *j, const char *state)
{
	fprintf(stderr, "[%d]%c %s  %s\n", job_number(j), j == current ? '+' : ' ',
	    state, j->text);
}

static const char *
state_name(struct job *j)
{
	static char done[32];

	switch (job_state(j)) {
	case J_RUNNING:
		return "Running";
	case J_STOPPED:
		return "Stopped";
	default:
		if (j->status == 0)
			return "Done";
		snprintf(done, sizeof done, "Done(%d)", j->status);
		return done;
	}
}

/* Wait until every process of j has ended or stopped. */
static void
job_wait(struct job *j)
{
	int wstatus;

	while (job_state(j) == J_RUNNING) {
		pid_t pid = waitpid(sh.job_control ? -j->pgid : j->pids[0], &wstatus,
		    sh.job_control ? WUNTRACED : 0);
		if (pid == -1 && errno == EINTR)
			continue;
		if (pid == -1)
			break;		/* ECHILD: nothing more to wait for */
		job_update(pid, wstatus);
	}
}

/* Run j in the foreground: the terminal is its until it ends or stops.
 * The status of its last process; 128 + the signal if it stopped. */
int
job_foreground(struct job *j)
{
	int status;

	if (j == NULL)
		return 1;
	if (sh.job_control)
		tcsetpgrp(0, j->pgid);
	job_wait(j);
	if (sh.job_control)
		tcsetpgrp(0, getpgrp());
	if (job_state(j) == J_STOPPED) {
		current = j;
		fprintf(stderr, "\n");
		job_print(j, "Stopped");
		return 128 + SIGTSTP;
	}
	status = j->status;
	if (sh.interactive && status == 128 + SIGINT)
		fprintf(stderr, "\n");		/* after the ^C echoed */
	job_free(j);
	return status;
}

void
job_background(struct job *j)
{
	if (j == NULL)
		return;
	current = j;
	if (sh.interactive)
		fprintf(stderr, "[%d] %d\n", job_number(j), (int)j->pids[0]);
}

/* Collect the background jobs that have changed, without blocking;
 * with report, say which have finished or stopped, and forget the
 * finished ones. */
void
reap_background(int report)
{
	int wstatus;
	pid_t pid;

	while ((pid = waitpid(-1, &wstatus, WNOHANG | WUNTRACED)) > 0) {
		struct job *j = job_update(pid, wstatus);
		if (j == NULL || !report)
			continue;
		if (job_state(j) == J_DONE) {
			fprintf(stderr, "[%d] %s  %s\n", job_number(j), state_name(j), j->text);
			job_free(j);
		} else if (job_state(j) == J_STOPPED && WIFSTOPPED(wstatus)) {
			current = j;
			job_print(j, "Stopped");
		}
	}
}

/* %n, %+ or nothing (the current job), or a pid of a job. */
static struct job *
find_job(const char *spec)
{
	if (spec == NULL || strcmp(spec, "%+") == 0 || strcmp(spec, "%%") == 0) {
		if (current != NULL)
			return current;
		for (int i = MAX_JOBS - 1; i >= 0; i--)
			if (jobs[i].used)
				return &jobs[i];
		return NULL;
	}
	if (spec[0] == '%') {
		int n = atoi(spec + 1);
		return n >= 1 && n <= MAX_JOBS && jobs[n - 1].used ? &jobs[n - 1] : NULL;
	}
	pid_t pid = atoi(spec);
	for (int i = 0; i < MAX_JOBS; i++)
		for (int k = 0; jobs[i].used && k < jobs[i].nprocs; k++)
			if (jobs[i].pids[k] == pid && pid != 0)
				return &jobs[i];
	return NULL;
}

static struct job *
job_operand(const char *name, int argc, char **argv)
{
	struct job *j = find_job(argc > 1 ? argv[1] : NULL);

	if (j == NULL)
		shell_error("%s: %s: no such job", name, argc > 1 ? argv[1] : "current");
	return j;
}

static void
job_continue(struct job *j)
{
	for (int k = 0; k < j->nprocs; k++)
		j->stopped[k] = 0;
	kill(sh.job_control ? -j->pgid : j->pids[0], SIGCONT);
}

int
builtin_jobs(int argc, char **argv)
{
	reap_background(0);
	for (int i = 0; i < MAX_JOBS; i++) {
		if (!jobs[i].used)
			continue;
		job_print(&jobs[i], state_name(&jobs[i]));
		if (job_state(&jobs[i]) == J_DONE)
			job_free(&jobs[i]);
	}
	return 0;
}

int
builtin_fg(int argc, char **argv)
{
	struct job *j = job_operand("fg", argc, argv);

	if (j == NULL)
		return 1;
	fprintf(stderr, "%s\n", j->text);
	if (sh.job_control)
		tcsetpgrp(0, j->pgid);
	job_continue(j);
	return job_foreground(j);
}

int
builtin_bg(int argc, char **argv)
{
	struct job *j = job_operand("bg", argc, argv);

	if (j == NULL)
		return 1;
	current = j;
	job_continue(j);
	fprintf(stderr, "[%d] %s &\n", job_number(j), j->text);
	return 0;
}

/* wait [job ...]: without operands, wait for every background job and
 * return 0; otherwise the status of the last one named (127: not a job
 * of this shell). */
int
builtin_wait(int argc, char **argv)
{
	int status = 0;

	if (argc == 1) {
		for (int i = 0; i < MAX_JOBS; i++)
			if (jobs[i].used && job_state(&jobs[i]) != J_STOPPED) {
				job_wait(&jobs[i]);
				job_free(&jobs[i]);
			}
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		struct job *j = find_job(argv[i]);
		if (j == NULL) {
			status = 127;
			continue;
		}
		job_wait(j);
		status = j->status;
		if (job_state(j) == J_DONE)
			job_free(j);
	}
	return status;
}
