/*
 * sh [-i] [-c command [name [arg ...]]] [script [arg ...]]
 *
 * Where the commands come from: the -c string, a script file, or the
 * standard input, one line at a time.  A line that is not a whole
 * command yet (an open quote, a trailing && or |) is joined with the
 * next one before it runs.
 *
 * The shell is interactive, printing a "$ " prompt, when started with
 * -i or under a name beginning with '-' (how init and login start a
 * shell); on a terminal it then edits lines (edit.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

struct shell sh;

/* Lex, parse and run a complete text; the status of its last command. */
static int
run_text(const char *text, int *incomplete)
{
	const char *error = NULL;
	struct token *tokens = lex(text, incomplete, &error);
	struct node *tree;

	if (tokens == NULL)
		return sh.status;
	tree = parse(tokens, incomplete, &error);
	free_tokens(tokens);
	if (error != NULL) {
		shell_error("%s", error);
		return sh.status = 2;
	}
	if (tree != NULL) {
		run_node(tree);
		free_node(tree);
	}
	return sh.status;
}

int
run_string(const char *text)
{
	int incomplete;

	run_text(text, &incomplete);
	if (incomplete) {
		shell_error("syntax error: unexpected end of file");
		sh.status = 2;
	}
	return sh.status;
}

/* One line from fd, newline included; NULL at end of file.  It reads a
 * byte at a time on purpose: the programs the shell starts share the
 * same standard input, and must find it just after the current line. */
static char *
read_line(int fd)
{
	size_t len = 0, cap = 128;
	char *line = malloc(cap);
	char c;

	for (;;) {
		ssize_t n = read(fd, &c, 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (len + 2 > cap)
			line = realloc(line, cap *= 2);
		line[len++] = c;
		if (c == '\n')
			break;
	}
	if (len == 0) {
		free(line);
		return NULL;
	}
	line[len] = '\0';
	return line;
}

static const char *
prompt(int continuing)
{
	const char *ps1 = var_get("PS1");

	return continuing ? "> " : ps1 != NULL ? ps1 : "$ ";
}

/* The next line of commands: an interactive shell prompts, and edits
 * the line when standard input is a terminal (edit.c). */
static char *
next_line(int fd, int continuing)
{
	int edited = 0;
	char *line;

	if (!sh.interactive)
		return read_line(fd);
	if (fd == 0 && (line = edit_line(prompt(continuing), &edited), edited))
		return line;
	fprintf(stderr, "%s", prompt(continuing));
	fflush(stderr);
	return read_line(fd);
}

static char *
append(char *text, const char *line)
{
	size_t len = text != NULL ? strlen(text) : 0;

	text = realloc(text, len + strlen(line) + 1);
	strcpy(text + len, line);
	return text;
}

/* Run the commands read from fd until end of file. */
static int
run_file(int fd)
{
	char *text = NULL, *line;
	int incomplete;

	for (;;) {
		reap_background(sh.interactive);
		if ((line = next_line(fd, text != NULL)) == NULL)
			break;
		text = append(text, line);
		free(line);
		run_text(text, &incomplete);
		if (incomplete)
			continue;
		free(text);
		text = NULL;
	}
	if (text != NULL) {
		shell_error("syntax error: unexpected end of file");
		free(text);
		return 2;
	}
	if (sh.interactive)
		fprintf(stderr, "\n");
	return sh.status;
}

static void
usage(void)
{
	fprintf(stderr, "usage: sh [-i] [-c command [name [arg ...]]] [file [arg ...]]\n");
	exit(2);
}

/* An interactive shell survives ^C; with job control it also ignores
 * the job-control stop signals meant for its jobs. */
static void
setup_interactive(void)
{
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	sh.job_control = 1;
}

/* The script, on a descriptor out of the way of redirections like 3<,
 * and closed in the programs the script runs. */
static int
open_script(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd == -1) {
		shell_error("%s: %s", path, strerror(errno));
		exit(127);
	}
	int high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	close(fd);
	return high;
}

int
main(int argc, char *argv[])
{
	const char *command = NULL;
	int i = 1;

	sh.name = argv[0];
	sh.pid = getpid();
	sh.interactive = argv[0][0] == '-';
	var_import(environ);
	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "-i") == 0)
			sh.interactive = 1;
		else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			command = argv[++i];
		else
			usage();
	}
	if (command != NULL && i < argc)
		sh.name = argv[i++];		/* sh -c 'cmd' name args: $0 */
	else if (command == NULL && i < argc)
		sh.name = argv[i++];		/* the script */
	sh.args = argv + i;
	sh.nargs = argc - i;
	if (sh.interactive)
		setup_interactive();
	if (command != NULL)
		return run_string(command);
	if (sh.name != argv[0])
		return run_file(open_script(sh.name));
	return run_file(0);
}
