/*
 * Built-in commands: the ones that must change the shell itself (cd
 * changes its directory, exit ends it, export and unset change its
 * variables), so a child could not do them.  The job commands (jobs, fg,
 * bg, wait) are in jobs.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

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
	{ "bg", builtin_bg },
	{ "exit", builtin_exit },
	{ "export", builtin_export },
	{ "fg", builtin_fg },
	{ "jobs", builtin_jobs },
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
