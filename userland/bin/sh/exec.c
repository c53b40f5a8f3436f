/*
 * Execution: walking the tree and turning commands into processes.
 *
 * A program runs in a child made by fork(); the child sets up its
 * descriptors (pipes, then the command's redirections) and calls
 * execvp(), the parent waits.  Built-in commands such as cd must change
 * the shell itself, so they run in the shell's own process; their
 * redirections are undone afterwards.
 *
 * Job control: with sh.job_control on (an interactive shell), each job,
 * that is each pipeline or background list, gets its own process group,
 * whose id is the pid of its first process.  Both the parent and the
 * child call setpgid(), and for a foreground job tcsetpgrp(), because
 * either may run first; the child does it before it stops ignoring
 * SIGTTOU (tcsetpgrp from the background group it starts in).  jobs.c
 * waits for the job and takes the terminal back.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

#define EXIT_NOT_FOUND		127
#define EXIT_NOT_EXECUTABLE	126

void
shell_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "sh: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

/* A wait status as $? shows it: the exit code, or 128 + the signal. */
int
status_of(int wstatus)
{
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return WEXITSTATUS(wstatus);
}

int
wait_for(pid_t pid)
{
	int wstatus;

	while (waitpid(pid, &wstatus, 0) == -1)
		if (errno != EINTR)
			return 127;
	return status_of(wstatus);
}

/* --- in a child --- */

/* The shell ignores some signals (^C must not kill an interactive
 * shell); the programs it starts should not: ignored signals stay
 * ignored across execve. */
static void
reset_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGTTIN, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
}

/* What every forked child does first.  pgid is the job's process group
 * (0: a new one, led by this child), or -1 for no job control; a
 * foreground job's group gets the terminal.  Standard input may not be a
 * terminal (sh -i < file): then tcsetpgrp does nothing (ENOTTY). */
static void
enter_child(pid_t pgid, int foreground)
{
	if (pgid >= 0) {
		setpgid(0, pgid);
		if (foreground)
			tcsetpgrp(0, pgid ? pgid : getpid());
	}
	reset_signals();
	sh.job_control = 0;	/* inside a job, no further groups */
	sh.interactive = 0;
}

/* Run the file argv[0]; never returns.  A file that is not a program
 * (ENOEXEC) but was named with a / is taken for a shell script. */
static void __attribute__((noreturn))
exec_program(char **argv)
{
	int err;

	environ = var_environ();
	execvp(argv[0], argv);
	err = errno;
	if (err == ENOEXEC && strchr(argv[0], '/') != NULL) {
		int argc = 0;
		while (argv[argc] != NULL)
			argc++;
		char **script = calloc(argc + 2, sizeof *script);
		script[0] = "sh";
		memcpy(script + 1, argv, argc * sizeof *argv);
		execv("/bin/sh", script);
		err = errno;
	}
	if (err == ENOENT) {
		shell_error("%s: not found", argv[0]);
		_exit(EXIT_NOT_FOUND);
	}
	shell_error("%s: %s", argv[0], strerror(err));
	_exit(EXIT_NOT_EXECUTABLE);
}

/* --- redirections --- */

/* Where each redirected descriptor was kept, to undo the redirections
 * of a built-in command (-1: it was closed). */
struct saved_fd {
	int fd, copy;
};
#define MAX_SAVED 10

static int
parse_fd(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (end == s || *end != '\0' || n < 0 || n > 255)
		return -1;
	return (int)n;
}

static int
open_flags(enum redir_kind kind)
{
	switch (kind) {
	case R_OUT:
		return O_WRONLY | O_CREAT | O_TRUNC;
	case R_APPEND:
		return O_WRONLY | O_CREAT | O_APPEND;
	case R_INOUT:
		return O_RDWR | O_CREAT;
	default:
		return O_RDONLY;
	}
}

/* Make r->fd refer to what the redirection names; 0 or -1 on error. */
static int
redirect_one(struct redir *r)
{
	int fd;

	if (r->kind == R_DUP) {
		if (strcmp(r->word, "-") == 0) {
			close(r->fd);		/* 2>&- closes */
			return 0;
		}
		fd = parse_fd(r->word);
		if (fd < 0 || (fd != r->fd && dup2(fd, r->fd) == -1)) {
			shell_error("%s: bad file descriptor", r->word);
			return -1;
		}
		return 0;
	}
	char *name = expand_one(r->word);
	fd = open(name, open_flags(r->kind), 0666);
	if (fd == -1) {
		shell_error("%s: %s", name, strerror(errno));
		free(name);
		return -1;
	}
	free(name);
	if (fd != r->fd) {
		dup2(fd, r->fd);
		close(fd);
	}
	return 0;
}

/* Apply a command's redirections in order.  With saved != NULL the old
 * descriptors are kept there first (*nsaved of them) for undo_redirections. */
static int
apply_redirections(struct redir *r, struct saved_fd *saved, int *nsaved)
{
	for (; r != NULL; r = r->next) {
		if (saved != NULL && *nsaved < MAX_SAVED) {
			saved[*nsaved].fd = r->fd;
			saved[*nsaved].copy = fcntl(r->fd, F_DUPFD_CLOEXEC, 10);
			(*nsaved)++;
		}
		if (redirect_one(r) == -1)
			return -1;
	}
	return 0;
}

static void
undo_redirections(struct saved_fd *saved, int nsaved)
{
	fflush(stdout);
	fflush(stderr);
	while (nsaved-- > 0) {
		if (saved[nsaved].copy == -1)
			close(saved[nsaved].fd);
		else {
			dup2(saved[nsaved].copy, saved[nsaved].fd);
			close(saved[nsaved].copy);
		}
	}
}

/* --- simple commands --- */

/* NAME=value words before the command name, then the fields of the rest. */
static void
expand_command(struct node *n, struct fields *assigns, struct fields *argv)
{
	int i = 0;

	for (; i < n->nwords && is_assignment(n->words[i]); i++) {
		char *eq = strchr(n->words[i], '=');
		char *value = expand_one(eq + 1);
		size_t len = (eq - n->words[i]) + strlen(value) + 2;
		char *s = malloc(len);

		snprintf(s, len, "%.*s=%s", (int)(eq - n->words[i]), n->words[i], value);
		free(value);
		fields_add(assigns, s);
	}
	for (; i < n->nwords; i++)
		expand_word(n->words[i], argv);
}

static void
set_variables(struct fields *assigns, int export)
{
	for (int i = 0; i < assigns->n; i++) {
		char *eq = strchr(assigns->v[i], '=');
		*eq = '\0';
		var_set(assigns->v[i], eq + 1, export);
		*eq = '=';
	}
}

/* In a child: run the expanded command and exit with its status. */
static void __attribute__((noreturn))
exec_expanded(struct node *n, struct fields *assigns, struct fields *argv)
{
	builtin_fn *builtin;

	set_variables(assigns, 1);	/* VAR=x cmd: in cmd's environment */
	if (apply_redirections(n->redirs, NULL, NULL) == -1)
		_exit(1);
	if (argv->n == 0)
		_exit(0);
	if ((builtin = find_builtin(argv->v[0])) != NULL) {
		int status = builtin(argv->n, argv->v);
		fflush(stdout);
		_exit(status);
	}
	exec_program(argv->v);
}

static void __attribute__((noreturn))
exec_command_in_child(struct node *n)
{
	struct fields assigns = { 0 }, argv = { 0 };

	expand_command(n, &assigns, &argv);
	exec_expanded(n, &assigns, &argv);
}

/* In a child: any node, then exit. */
static void __attribute__((noreturn))
exec_node_in_child(struct node *n)
{
	if (n->type == N_COMMAND)
		exec_command_in_child(n);
	if (n->type == N_SUBSHELL) {
		if (apply_redirections(n->redirs, NULL, NULL) == -1)
			_exit(1);
		n = n->left;
	}
	int status = run_node(n);
	fflush(stdout);
	_exit(status);
}

/* Fork a member of job pgid (0: the first, which starts a new job)
 * reading from `in` and writing to `out`.  Like fork(), it returns twice:
 * the pid in the shell, 0 in the child, whose descriptors are set. */
static pid_t
fork_job_member(pid_t pgid, int in, int out)
{
	pid_t pid = fork();

	if (pid == -1) {
		shell_error("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		enter_child(sh.job_control ? pgid : -1, 1);
		if (in != 0) {
			dup2(in, 0);
			close(in);
		}
		if (out != 1) {
			dup2(out, 1);
			close(out);
		}
		return 0;
	}
	if (sh.job_control) {
		setpgid(pid, pgid ? pgid : pid);
		tcsetpgrp(0, pgid ? pgid : pid);
	}
	return pid;
}

/* Wait for the foreground job of pids (its group led by the first): as a
 * job with job control, else each process in turn. */
static int
wait_foreground(struct node *n, pid_t *pids, int count)
{
	int status = 0;

	if (count == 0)
		return 1;
	if (!sh.job_control) {
		for (int i = 0; i < count; i++)
			status = wait_for(pids[i]);
		return status;
	}
	char *text = node_text(n);
	struct job *j = job_new(pids[0], text);
	free(text);
	if (j == NULL) {		/* the table is full: still wait */
		for (int i = 0; i < count; i++)
			status = wait_for(pids[i]);
		tcsetpgrp(0, getpgrp());
		return status;
	}
	for (int i = 0; i < count; i++)
		job_add_process(j, pids[i]);
	return job_foreground(j);
}

static int
run_builtin(builtin_fn *builtin, struct node *n, struct fields *argv)
{
	struct saved_fd saved[MAX_SAVED];
	int nsaved = 0, status = 1;

	if (apply_redirections(n->redirs, saved, &nsaved) == 0)
		status = builtin != NULL ? builtin(argv->n, argv->v) : 0;
	undo_redirections(saved, nsaved);
	return status;
}

/* A simple command in the foreground: a builtin or assignments in the
 * shell itself, anything else in a child. */
static int
run_command(struct node *n)
{
	struct fields assigns = { 0 }, argv = { 0 };
	builtin_fn *builtin = NULL;
	int status;

	expand_command(n, &assigns, &argv);
	if (argv.n > 0)
		builtin = find_builtin(argv.v[0]);
	if (argv.n == 0 || builtin != NULL) {
		set_variables(&assigns, 0);
		status = run_builtin(builtin, n, &argv);	/* maybe none */
	} else {
		fflush(stdout);
		/* Expanded here, once: $$ must be the shell's pid. */
		pid_t pid = fork_job_member(0, 0, 1);
		if (pid == 0)
			exec_expanded(n, &assigns, &argv);
		status = wait_foreground(n, &pid, pid == -1 ? 0 : 1);
	}
	free_fields(&assigns);
	free_fields(&argv);
	return status;
}

/* --- pipelines, lists, background --- */

/* The commands of a | b | c, which parses as ((a | b) | c), in order. */
static int
flatten_pipeline(struct node *n, struct node **cmds, int max)
{
	int count = 0;

	if (n->type == N_PIPE) {
		count = flatten_pipeline(n->left, cmds, max);
		if (count < max)
			cmds[count++] = n->right;
		return count;
	}
	cmds[0] = n;
	return 1;
}

#define MAX_PIPELINE MAX_JOB_PROCS

static int
run_pipeline(struct node *n)
{
	struct node *cmds[MAX_PIPELINE];
	pid_t pids[MAX_PIPELINE], pgid = 0;
	int count = flatten_pipeline(n, cmds, MAX_PIPELINE);
	int in = 0, status = 0, started = 0;

	fflush(stdout);
	for (int i = 0; i < count; i++) {
		int fds[2] = { -1, 1 };

		if (i + 1 < count && pipe(fds) == -1) {
			shell_error("pipe: %s", strerror(errno));
			break;
		}
		/* The writer must not keep the read end of its own pipe
		 * open: then it would never get SIGPIPE when the reader
		 * quits early (as in `yes | head`). */
		if (fds[0] >= 0)
			fcntl(fds[0], F_SETFD, FD_CLOEXEC);
		pids[i] = fork_job_member(pgid, in, fds[1]);
		if (pids[i] == 0)
			exec_node_in_child(cmds[i]);
		if (in != 0)
			close(in);
		if (fds[1] != 1)
			close(fds[1]);
		in = fds[0];
		if (pids[i] == -1)
			break;
		if (pgid == 0)
			pgid = pids[i];
		started++;
	}
	if (in > 0)
		close(in);
	status = wait_foreground(n, pids, started);
	return started == count ? status : 1;
}

/* `list &`: the list runs in a child the shell does not wait for. */
static int
run_background(struct node *n)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == -1) {
		shell_error("fork: %s", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		int job_control = sh.job_control;

		enter_child(job_control ? 0 : -1, 0);
		if (!job_control) {
			/* Without job control, ^C meant for the foreground
			 * must not reach it, and it must not read the
			 * terminal. */
			int null = open("/dev/null", O_RDONLY);
			signal(SIGINT, SIG_IGN);
			signal(SIGQUIT, SIG_IGN);
			dup2(null, 0);
			close(null);
		}
		exec_node_in_child(n);
	}
	if (sh.job_control)
		setpgid(pid, pid);
	sh.last_bg = pid;
	char *text = node_text(n);
	struct job *j = job_new(pid, text);
	free(text);
	job_add_process(j, pid);
	job_background(j);
	return 0;
}

static int
run_subshell(struct node *n)
{
	fflush(stdout);
	pid_t pid = fork_job_member(0, 0, 1);
	if (pid == 0)
		exec_node_in_child(n);
	return wait_foreground(n, &pid, pid == -1 ? 0 : 1);
}

int
run_node(struct node *n)
{
	int status = 0;

	switch (n->type) {
	case N_COMMAND:
		status = run_command(n);
		break;
	case N_PIPE:
		status = run_pipeline(n);
		break;
	case N_AND:
		status = run_node(n->left);
		if (status == 0)
			status = run_node(n->right);
		break;
	case N_OR:
		status = run_node(n->left);
		if (status != 0)
			status = run_node(n->right);
		break;
	case N_SEQ:
		run_node(n->left);
		status = run_node(n->right);
		break;
	case N_BACKGROUND:
		status = run_background(n->left);
		break;
	case N_NOT:
		status = run_node(n->left) == 0;
		break;
	case N_SUBSHELL:
		status = run_subshell(n);
		break;
	}
	sh.status = status;
	return status;
}
