/*
 * The group file, /etc/group: one line a group,
 *	name:password:gid:member,member,...
 * getgrnam(3).
 */
#ifndef _GRP_H_
#define _GRP_H_

#include <stddef.h>
#include <sys/types.h>

#define _PATH_GROUP	"/etc/group"

struct group {
	char	*gr_name;
	char	*gr_passwd;
	gid_t	gr_gid;
	char	**gr_mem;	/* the members' names, then NULL */
};

struct group *getgrnam(const char *name);
struct group *getgrgid(gid_t gid);
int getgrnam_r(const char *name, struct group *grp, char *buf, size_t buflen,
    struct group **result);
int getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t buflen,
    struct group **result);
struct group *getgrent(void);
void setgrent(void);
void endgrent(void);

#endif
