/*
 * POSIX regular expressions: regcomp(3), regexec, regerror, regfree.
 * Basic (the default) and extended (REG_EXTENDED) syntax, over bytes
 * (the C locale).
 */
#ifndef _REGEX_H_
#define _REGEX_H_

#include <stddef.h>
#include <sys/types.h>

typedef off_t regoff_t;

typedef struct {
	int re_magic;
	size_t re_nsub;		/* the number of parenthesized subexpressions */
	const char *re_endp;	/* with REG_PEND: the end of the pattern */
	struct __re_prog *re_g;	/* the compiled program (regex.c's own) */
} regex_t;

typedef struct {
	regoff_t rm_so;		/* where the match starts, -1 if none */
	regoff_t rm_eo;		/* where it ends (one past its last byte) */
} regmatch_t;

/* regcomp flags */
#define REG_BASIC	0000
#define REG_EXTENDED	0001
#define REG_ICASE	0002	/* ignore case */
#define REG_NOSUB	0004	/* only whether it matches */
#define REG_NEWLINE	0010	/* lines: '.' and [^x] skip \n, ^ $ at each line */
#define REG_NOSPEC	0020	/* every character is literal */
#define REG_PEND	0040	/* the pattern ends at re_endp, not at a NUL */

/* regexec flags */
#define REG_NOTBOL	00001	/* the string's start is not a line's start */
#define REG_NOTEOL	00002	/* nor its end a line's end */
#define REG_STARTEND	00004	/* search pmatch[0].rm_so .. rm_eo of the string */

/* errors */
#define REG_NOMATCH	 1
#define REG_BADPAT	 2
#define REG_ECOLLATE	 3
#define REG_ECTYPE	 4
#define REG_EESCAPE	 5
#define REG_ESUBREG	 6
#define REG_EBRACK	 7
#define REG_EPAREN	 8
#define REG_EBRACE	 9
#define REG_BADBR	10
#define REG_ERANGE	11
#define REG_ESPACE	12
#define REG_BADRPT	13
#define REG_EMPTY	14
#define REG_ASSERT	15
#define REG_INVARG	16
#define REG_ILLSEQ	17

int regcomp(regex_t *preg, const char *pattern, int cflags);
int regexec(const regex_t *preg, const char *string, size_t nmatch,
    regmatch_t pmatch[], int eflags);
size_t regerror(int errcode, const regex_t *preg, char *errbuf,
    size_t errbuf_size);
void regfree(regex_t *preg);

#endif
