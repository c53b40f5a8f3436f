/*
 * Classes and case of wide characters (Unicode code points).  Beyond
 * ASCII the tables cover Latin-1, Latin Extended-A, Greek and Cyrillic
 * letters, and count the CJK, kana and Hangul blocks as letters.
 */
#ifndef _WCTYPE_H_
#define _WCTYPE_H_

#ifndef _WINT_T_DEFINED_
#define _WINT_T_DEFINED_
typedef int wint_t;
#endif
#ifndef WEOF
#define WEOF	((wint_t)-1)
#endif

typedef int wctype_t;		/* a class: index into wctype.c's table + 1 */
typedef int wctrans_t;		/* 1 toupper, 2 tolower */

int iswalnum(wint_t c);
int iswalpha(wint_t c);
int iswblank(wint_t c);
int iswcntrl(wint_t c);
int iswdigit(wint_t c);
int iswgraph(wint_t c);
int iswlower(wint_t c);
int iswprint(wint_t c);
int iswpunct(wint_t c);
int iswspace(wint_t c);
int iswupper(wint_t c);
int iswxdigit(wint_t c);
wint_t towlower(wint_t c);
wint_t towupper(wint_t c);
wctype_t wctype(const char *name);
int iswctype(wint_t c, wctype_t type);
wctrans_t wctrans(const char *name);
wint_t towctrans(wint_t c, wctrans_t t);

#endif
