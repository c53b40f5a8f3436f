/*
 * Built-in commands: the ones that must change the shell itself (cd
 * changes its directory, exit ends it, export and unset change its
 * variables, wait collects its children), so a child could not do them.
 *
 * The background jobs table is here too: `wait` needs the exit status
 * of a job even when the shell already collected it earlier (it reaps
 * finished jobs between commands, so that they do not stay zombies).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

#define MAX_JOBS 64

struct job {
	pid_t pid;		/* 0: a free slot */
	int done;
	int status;		/* $?-style, once done */
};
static struct job jobs[MAX_JOBS];

static struct job *
find_job(pid_t pid)
{
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].pid == pid && pid != 0)
			return &jobs[i];
	return NULL;
}

void
remember_background(pid_t pid)
{
	struct job *j = NULL;

	for (int i = 0; i < MAX_JOBS && j == NULL; i++)
		if (jobs[i].pid == 0)
			j = &jobs[i];
	if (j == NULL)
		return;		/* a full table: the job is just not tracked */
	j->pid = pid;
	j->done = 0;
	if (sh.interactive)
		fprintf(stderr, "[%d] %d\n", (int)(j - jobs) + 1, (int)pid);
}

/* Collect the background jobs that have finished, without blocking. */
void
reap_background(int report)
{
	int wstatus;
	pid_t pid;

	while ((pid = waitpid(-1, &wstatus, WNOHANG)) > 0) {
		struct job *j = find_job(pid);
		if (j == NULL)
			continue;
		j->done = 1;
		j->status = status_of(wstatus);
		if (report) {
			fprintf(stderr, "[%d] Done(%d)\t%d\n", (int)(j - jobs) + 1,
			    j->status, (int)pid);
			j->pid = 0;
		}
	}
}

static int
wait_job(struct job *j)
{
	int status = j->done ? j->status : wait_for(j->pid);

	j->pid = 0;
	return status;
}

static void
wait_all_background(void)
{
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].pid != 0)
			wait_job(&jobs[i]);
}

/* wait [pid ...]: without operands, wait for every background job and
 * return 0; otherwise the status of the last one named. */
static int
builtin_wait(int argc, char **argv)
{
	int status = 0;

	if (argc == 1) {
		wait_all_background();
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		struct job *j = find_job(atoi(argv[i]));
		if (j == NULL) {
			status = 127;	/* not a child of this shell */
			continue;
		}
		status = wait_job(j);
	}
	return status;
}

static int
builtin_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	char cwd[1024];

	if (dir == NULL)
		dir = "/";
	if (strcmp(dir, "-") == 0) {
		dir = var_get("OLDPWD");
		if (dir == NULL) {
			shell_error("cd: OLDPWD not set");
			return 1;
		}
		printf("%s\n", dir);
	}
	if (getcwd(cwd, sizeof cwd) != NULL)
		var_set("OLDPWD", cwd, 0);
	if (chdir(dir) == -1) {
		shell_error("cd: %s: %s", dir, strerror(errno));
		return 1;
	}
	if (getcwd(cwd, sizeof cwd) != NULL)
		var_set("PWD", cwd, 0);
	return 0;
}

static int
builtin_exit(int argc, char **argv)
{
	fflush(stdout);
	exit(argc > 1 ? atoi(argv[1]) : sh.status);
}

/* export [NAME[=value] ...]: without operands, list the exported ones. */
static int
builtin_export(int argc, char **argv)
{
	if (argc == 1)
		var_print_exported();
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (eq == NULL) {
			var_export(argv[i]);
			continue;
		}
		*eq = '\0';
		var_set(argv[i], eq + 1, 1);
		*eq = '=';
	}
	return 0;
}

static int
builtin_unset(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		var_unset(argv[i]);
	return 0;
}

/* exec cmd [args]: the command replaces the shell (same pid). */
static int
builtin_exec(int argc, char **argv)
{
	if (argc == 1)
		return 0;
	fflush(stdout);
	environ = var_environ();
	execvp(argv[1], argv + 1);
	shell_error("%s: %s", argv[1], errno == ENOENT ? "not found" : strerror(errno));
	return errno == ENOENT ? 127 : 126;
}

static int
builtin_colon(int argc, char **argv)
{
	return 0;
}

static const struct {
	const char *name;
	builtin_fn *fn;
} builtins[] = {
	{ ":", builtin_colon },
	{ "cd", builtin_cd },
	{ "exec", builtin_exec },
	{ "exit", builtin_exit },
	{ "export", builtin_export },
	{ "unset", builtin_unset },
	{ "wait", builtin_wait },
};

builtin_fn *
find_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn;
	return NULL;
}
