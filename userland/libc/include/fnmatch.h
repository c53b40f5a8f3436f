/*
 * Shell wildcard matching: fnmatch(3).
 */
#ifndef _FNMATCH_H_
#define _FNMATCH_H_

#define FNM_NOMATCH	1	/* what fnmatch returns when there is no match */

#define FNM_NOESCAPE	0x01	/* a backslash is an ordinary character */
#define FNM_PATHNAME	0x02	/* wildcards never match a slash */
#define FNM_PERIOD	0x04	/* a leading period must be matched by one */
#define FNM_LEADING_DIR	0x08	/* the pattern may match a leading directory */
#define FNM_CASEFOLD	0x10	/* ignore case */
#define FNM_IGNORECASE	FNM_CASEFOLD
#define FNM_FILE_NAME	FNM_PATHNAME

int fnmatch(const char *pattern, const char *string, int flags);

#endif
