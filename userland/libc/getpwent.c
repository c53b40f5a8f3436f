/*
 * The password file (/etc/passwd) and the login name.
 *
 * Lookups read the file from the top each time (it is short); the _r
 * forms keep the strings in the caller's buffer (ERANGE if a line does
 * not fit), the others in one of their own that the next call reuses.
 * getpwent() walks the file, setpwent() goes back to its start.
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "local.h"

#define LINE_MAX_PW	1024

/*
 * Split line at each ':' into exactly n fields; false if it has another
 * number of them.  Shared with getgrent.c.
 */
bool
__split_fields(char *line, char **fields, int n)
{
	int i = 0;

	for (fields[i++] = line; *line != '\0'; line++) {
		if (*line != ':')
			continue;
		if (i == n)
			return false;
		*line = '\0';
		fields[i++] = line + 1;
	}
	return i == n;
}

/* A user or group id: decimal digits only, below 2^32. */
bool
__parse_id(const char *s, unsigned int *id)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || errno != 0 || v > 0xffffffffUL)
		return false;
	*id = (unsigned int)v;
	return true;
}

/*
 * The next line of fp into buf, without its newline: 0, -1 at the end,
 * ERANGE if it is longer than buf (the rest of it is skipped).
 */
int
__read_line(FILE *fp, char *buf, size_t len)
{
	size_t n;
	int c;

	if (fgets(buf, (int)len, fp) == NULL)
		return -1;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n') {
		buf[n - 1] = '\0';
		return 0;
	}
	if (feof(fp))
		return 0;		/* the last line, with no newline */
	while ((c = getc(fp)) != EOF && c != '\n')
		continue;
	return ERANGE;
}

static bool
parse_passwd(char *line, struct passwd *pw)
{
	char *f[7];

	if (line[0] == '#' || !__split_fields(line, f, 7) || f[0][0] == '\0' ||
	    !__parse_id(f[2], &pw->pw_uid) || !__parse_id(f[3], &pw->pw_gid))
		return false;
	pw->pw_name = f[0];
	pw->pw_passwd = f[1];
	pw->pw_gecos = f[4];
	pw->pw_dir = f[5];
	pw->pw_shell = f[6];
	pw->pw_class = "";
	pw->pw_change = pw->pw_expire = 0;
	return true;
}

/* The next well-formed entry: 0, -1 at the end, or an errno value. */
static int
next_passwd(FILE *fp, struct passwd *pw, char *buf, size_t len)
{
	int r;

	while ((r = __read_line(fp, buf, len)) == 0)
		if (parse_passwd(buf, pw))
			return 0;
	return r;
}

/* Find the entry of a name (name != NULL) or else of a uid. */
static int
lookup(const char *name, uid_t uid, struct passwd *pw, char *buf,
    size_t len, struct passwd **result)
{
	FILE *fp = fopen(_PATH_PASSWD, "re");
	int r;

	*result = NULL;
	if (fp == NULL)
		return errno;
	while ((r = next_passwd(fp, pw, buf, len)) == 0) {
		if (name != NULL ? strcmp(pw->pw_name, name) == 0 : pw->pw_uid == uid) {
			*result = pw;
			break;
		}
	}
	fclose(fp);
	return r < 0 ? 0 : r;
}

int
getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t buflen,
    struct passwd **result)
{
	return lookup(name, 0, pw, buf, buflen, result);
}

int
getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t buflen,
    struct passwd **result)
{
	return lookup(NULL, uid, pw, buf, buflen, result);
}

static struct passwd pw_static;
static char pw_line[LINE_MAX_PW];

/* As the non-_r lookups: the entry, or NULL with errno (0: not there). */
static struct passwd *
found(int error, struct passwd *result)
{
	if (result == NULL)
		errno = error;
	return result;
}

struct passwd *
getpwnam(const char *name)
{
	struct passwd *result;

	return found(getpwnam_r(name, &pw_static, pw_line, sizeof pw_line, &result), result);
}

struct passwd *
getpwuid(uid_t uid)
{
	struct passwd *result;

	return found(getpwuid_r(uid, &pw_static, pw_line, sizeof pw_line, &result), result);
}

static FILE *pw_file;		/* getpwent()'s place in the file */

struct passwd *
getpwent(void)
{
	int r;

	if (pw_file == NULL && (pw_file = fopen(_PATH_PASSWD, "re")) == NULL)
		return NULL;
	while ((r = next_passwd(pw_file, &pw_static, pw_line, sizeof pw_line)) > 0)
		continue;		/* a line too long: skip it */
	return r == 0 ? &pw_static : NULL;
}

void
setpwent(void)
{
	if (pw_file != NULL)
		rewind(pw_file);
}

void
endpwent(void)
{
	if (pw_file != NULL)
		fclose(pw_file);
	pw_file = NULL;
}

/*
 * The login name.  OpenBSD keeps it in the session (setlogin(2)); this
 * kernel has no such call yet, so it is the name of the real user id's
 * entry in the password file, or NULL (ENOENT) if it has none.
 */
int
getlogin_r(char *name, size_t size)
{
	struct passwd pw, *result;
	char buf[LINE_MAX_PW];
	int error = getpwuid_r(getuid(), &pw, buf, sizeof buf, &result);

	if (error != 0)
		return error;
	if (result == NULL)
		return ENOENT;
	if (strlen(pw.pw_name) >= size)
		return ERANGE;
	strcpy(name, pw.pw_name);
	return 0;
}

char *
getlogin(void)
{
	static char name[LOGIN_NAME_MAX];
	int error = getlogin_r(name, sizeof name);

	if (error != 0) {
		errno = error;
		return NULL;
	}
	return name;
}
