/*
 * The password file, /etc/passwd: one line a user,
 *	name:password:uid:gid:gecos:home:shell
 * getpwnam(3).
 */
#ifndef _PWD_H_
#define _PWD_H_

#include <stddef.h>
#include <sys/types.h>

#define _PATH_PASSWD	"/etc/passwd"

struct passwd {
	char	*pw_name;	/* user name */
	char	*pw_passwd;	/* encrypted password ("*": none here) */
	uid_t	pw_uid;
	gid_t	pw_gid;
	time_t	pw_change;	/* password change time (0: not kept) */
	char	*pw_class;	/* login class ("": not kept) */
	char	*pw_gecos;	/* full name and such */
	char	*pw_dir;	/* home directory */
	char	*pw_shell;	/* login shell */
	time_t	pw_expire;	/* account expiry (0: never) */
};

struct passwd *getpwnam(const char *name);
struct passwd *getpwuid(uid_t uid);
int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t buflen,
    struct passwd **result);
int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t buflen,
    struct passwd **result);
struct passwd *getpwent(void);
void setpwent(void);
void endpwent(void);

#endif
