/*
 * The group file (/etc/group), as getpwent.c does the password file.
 * A group's members are the names after the last colon, separated by
 * commas; gr_mem points at them, then NULL.  In the _r forms the
 * pointer array goes into the caller's buffer too, after the line.
 */
#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "local.h"

#define GROUP_BUF	2048

/*
 * Parse line (in buf, which has len bytes) into grp, members included:
 * 0, -1 if the line is not an entry, ERANGE if the members do not fit.
 */
static int
parse_group(char *line, struct group *grp, char *buf, size_t len)
{
	char *f[4], *p;
	uintptr_t at = (uintptr_t)(line + strlen(line) + 1);
	char **mem;
	size_t nmem = 0, room;

	if (line[0] == '#' || !__split_fields(line, f, 4) || f[0][0] == '\0' ||
	    !__parse_id(f[2], &grp->gr_gid))
		return -1;
	at = (at + sizeof(char *) - 1) & ~(uintptr_t)(sizeof(char *) - 1);
	if (at > (uintptr_t)(buf + len))
		return ERANGE;
	mem = (char **)at;
	room = ((uintptr_t)(buf + len) - at) / sizeof(char *);
	for (p = f[3]; *p != '\0'; ) {
		size_t n = strcspn(p, ",");
		if (n > 0) {
			if (nmem + 1 >= room)
				return ERANGE;
			mem[nmem++] = p;
		}
		p += n;
		if (*p == ',')
			*p++ = '\0';
	}
	if (nmem >= room)
		return ERANGE;
	mem[nmem] = NULL;
	grp->gr_name = f[0];
	grp->gr_passwd = f[1];
	grp->gr_mem = mem;
	return 0;
}

static int
next_group(FILE *fp, struct group *grp, char *buf, size_t len)
{
	int r;

	while ((r = __read_line(fp, buf, len)) == 0)
		if ((r = parse_group(buf, grp, buf, len)) >= 0)
			return r;
	return r;
}

static int
lookup(const char *name, gid_t gid, struct group *grp, char *buf,
    size_t len, struct group **result)
{
	FILE *fp = fopen(_PATH_GROUP, "re");
	int r;

	*result = NULL;
	if (fp == NULL)
		return errno;
	while ((r = next_group(fp, grp, buf, len)) == 0) {
		if (name != NULL ? strcmp(grp->gr_name, name) == 0 : grp->gr_gid == gid) {
			*result = grp;
			break;
		}
	}
	fclose(fp);
	return r < 0 ? 0 : r;
}

int
getgrnam_r(const char *name, struct group *grp, char *buf, size_t buflen,
    struct group **result)
{
	return lookup(name, 0, grp, buf, buflen, result);
}

int
getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t buflen,
    struct group **result)
{
	return lookup(NULL, gid, grp, buf, buflen, result);
}

static struct group gr_static;
static char *gr_buf[GROUP_BUF / sizeof(char *)];	/* aligned for gr_mem */

static struct group *
found(int error, struct group *result)
{
	if (result == NULL)
		errno = error;
	return result;
}

struct group *
getgrnam(const char *name)
{
	struct group *result;

	return found(getgrnam_r(name, &gr_static, (char *)gr_buf, sizeof gr_buf,
	    &result), result);
}

struct group *
getgrgid(gid_t gid)
{
	struct group *result;

	return found(getgrgid_r(gid, &gr_static, (char *)gr_buf, sizeof gr_buf,
	    &result), result);
}

static FILE *gr_file;

struct group *
getgrent(void)
{
	int r;

	if (gr_file == NULL && (gr_file = fopen(_PATH_GROUP, "re")) == NULL)
		return NULL;
	while ((r = next_group(gr_file, &gr_static, (char *)gr_buf,
	    sizeof gr_buf)) > 0)
		continue;
	return r == 0 ? &gr_static : NULL;
}

void
setgrent(void)
{
	if (gr_file != NULL)
		rewind(gr_file);
}

void
endgrent(void)
{
	if (gr_file != NULL)
		fclose(gr_file);
	gr_file = NULL;
}
