/*
 * Which names the headers declare, decided as OpenBSD's <sys/cdefs.h>
 * decides it.  By default everything: ISO C, POSIX, X/Open and the BSD
 * extensions.  A program that defines a feature macro before its first
 * #include asks for that standard's names only, so it may use the others
 * for its own functions:
 *
 *	_POSIX_C_SOURCE  1, 2, 199309L, 199506L, 200112L or 200809L
 *	_XOPEN_SOURCE    500, 600 or 700 (POSIX and the X/Open extensions)
 *	_ANSI_SOURCE     ISO C only
 *	_BSD_SOURCE or _DEFAULT_SOURCE: everything, whatever else is defined
 *
 * The headers test __ISO_C_VISIBLE (1990, 1999, 2011), __POSIX_VISIBLE
 * (0 or a POSIX year and month), __XPG_VISIBLE (0 or 420..700) and
 * __BSD_VISIBLE (0 or 1).
 *
 * The compiler identifies the system as __minikern__ (and __unix__), not
 * as __OpenBSD__: a program that sees __OpenBSD__ reaches for pledge(2),
 * kqueue(2) and sockets, which minikern does not have.
 */
#ifndef _SYS_CDEFS_H_
#define _SYS_CDEFS_H_

/* _BSD_SOURCE and _DEFAULT_SOURCE ask for everything, whatever else is defined. */
#if defined(_BSD_SOURCE) || defined(_DEFAULT_SOURCE)
	/* the defaults below */
#elif defined(_XOPEN_SOURCE)
# if _XOPEN_SOURCE - 0 >= 700
#  define __XPG_VISIBLE		700
#  define __POSIX_VISIBLE	200809
# elif _XOPEN_SOURCE - 0 >= 600
#  define __XPG_VISIBLE		600
#  define __POSIX_VISIBLE	200112
# elif _XOPEN_SOURCE - 0 >= 500
#  define __XPG_VISIBLE		500
#  define __POSIX_VISIBLE	199506
# else
#  define __XPG_VISIBLE		420
#  define __POSIX_VISIBLE	199209
# endif
#elif defined(_POSIX_C_SOURCE)
# define __XPG_VISIBLE		0
# if _POSIX_C_SOURCE - 0 >= 200809
#  define __POSIX_VISIBLE	200809
# elif _POSIX_C_SOURCE - 0 >= 200112
#  define __POSIX_VISIBLE	200112
# elif _POSIX_C_SOURCE - 0 >= 199506
#  define __POSIX_VISIBLE	199506
# elif _POSIX_C_SOURCE - 0 >= 199309
#  define __POSIX_VISIBLE	199309
# elif _POSIX_C_SOURCE - 0 == 2
#  define __POSIX_VISIBLE	199209
# else
#  define __POSIX_VISIBLE	199009
# endif
#elif defined(_POSIX_SOURCE)
# define __XPG_VISIBLE		0
# define __POSIX_VISIBLE	198808
#elif defined(_ANSI_SOURCE)
# define __XPG_VISIBLE		0
# define __POSIX_VISIBLE	0
# define __ISO_C_VISIBLE	1990
#endif

/* POSIX 2001 and later include C99, earlier POSIX C89. */
#if !defined(__ISO_C_VISIBLE) && defined(__POSIX_VISIBLE)
# if __POSIX_VISIBLE >= 200112
#  define __ISO_C_VISIBLE	1999
# else
#  define __ISO_C_VISIBLE	1990
# endif
#endif

/* A feature macro asks for a standard and nothing more. */
#ifdef __POSIX_VISIBLE
# define __BSD_VISIBLE		0
#endif

#ifndef __XPG_VISIBLE
# define __XPG_VISIBLE		700
#endif
#ifndef __POSIX_VISIBLE
# define __POSIX_VISIBLE	200809
#endif
#ifndef __ISO_C_VISIBLE
# define __ISO_C_VISIBLE	2011
#endif
#ifndef __BSD_VISIBLE
# define __BSD_VISIBLE		1
#endif

#endif /* !_SYS_CDEFS_H_ */
