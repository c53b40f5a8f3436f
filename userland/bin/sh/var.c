/*
 * Shell variables.  Every variable lives in one list; the exported ones
 * are also handed to the programs the shell runs, as their environment.
 * The environment the shell itself was given is imported (exported) at
 * start-up, so PATH and HOME work as variables.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct var {
	char *name;
	char *value;
	int exported;
	struct var *next;
};

static struct var *vars;

static struct var *
lookup(const char *name)
{
	for (struct var *v = vars; v != NULL; v = v->next)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

const char *
var_get(const char *name)
{
	struct var *v = lookup(name);

	return v != NULL ? v->value : NULL;
}

void
var_set(const char *name, const char *value, int export)
{
	struct var *v = lookup(name);

	if (v == NULL) {
		v = calloc(1, sizeof *v);
		v->name = strdup(name);
		v->next = vars;
		vars = v;
	} else
		free(v->value);
	v->value = strdup(value);
	if (export)
		v->exported = 1;
}

/* `export NAME` of a variable that is not set yet exports it once set:
 * here it is simply created empty, a simplification. */
void
var_export(const char *name)
{
	struct var *v = lookup(name);

	if (v == NULL)
		var_set(name, "", 1);
	else
		v->exported = 1;
}

void
var_unset(const char *name)
{
	for (struct var **pp = &vars; *pp != NULL; pp = &(*pp)->next) {
		struct var *v = *pp;
		if (strcmp(v->name, name) == 0) {
			*pp = v->next;
			free(v->name);
			free(v->value);
			free(v);
			return;
		}
	}
}

/* NAME=value, where NAME is letters, digits and _ not starting with a digit. */
int
is_assignment(const char *word)
{
	const char *p = word;

	if (!isalpha((unsigned char)*p) && *p != '_')
		return 0;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	return *p == '=';
}

void
var_import(char **envp)
{
	for (; *envp != NULL; envp++) {
		char *eq = strchr(*envp, '=');
		if (eq == NULL)
			continue;
		char *name = strndup(*envp, eq - *envp);
		var_set(name, eq + 1, 1);
		free(name);
	}
}

/* A new NULL-ended array of "NAME=value" strings.  It is built in the
 * child just before execve, so it is never freed. */
char **
var_environ(void)
{
	int n = 0, i = 0;
	char **env;

	for (struct var *v = vars; v != NULL; v = v->next)
		n += v->exported;
	env = malloc((n + 1) * sizeof *env);
	for (struct var *v = vars; v != NULL; v = v->next) {
		if (!v->exported)
			continue;
		size_t len = strlen(v->name) + strlen(v->value) + 2;
		env[i] = malloc(len);
		snprintf(env[i], len, "%s=%s", v->name, v->value);
		i++;
	}
	env[i] = NULL;
	return env;
}

void
var_print_exported(void)
{
	for (struct var *v = vars; v != NULL; v = v->next)
		if (v->exported)
			printf("export %s=%s\n", v->name, v->value);
}
