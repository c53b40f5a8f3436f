/*
 * Small parts of <stdlib.h>: getenv, abs, labs.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *
getenv(const char *name)
{
	size_t len = strlen(name);

	if (environ == NULL || len == 0 || strchr(name, '=') != NULL)
		return NULL;
	for (char **env = environ; *env != NULL; env++)
		if (strncmp(*env, name, len) == 0 && (*env)[len] == '=')
			return *env + len + 1;
	return NULL;
}

int
abs(int j)
{
	return j < 0 ? -j : j;
}

long
labs(long j)
{
	return j < 0 ? -j : j;
}
