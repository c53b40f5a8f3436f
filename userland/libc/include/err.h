/*
 * Messages for the command line: "prog: what: why".  err(3).
 */
#ifndef _ERR_H_
#define _ERR_H_

#include <stdarg.h>

__attribute__((noreturn, format(printf, 2, 3)))
void err(int eval, const char *fmt, ...);
__attribute__((noreturn)) void verr(int eval, const char *fmt, va_list ap);
__attribute__((noreturn, format(printf, 3, 4)))
void errc(int eval, int code, const char *fmt, ...);
__attribute__((noreturn))
void verrc(int eval, int code, const char *fmt, va_list ap);
__attribute__((noreturn, format(printf, 2, 3)))
void errx(int eval, const char *fmt, ...);
__attribute__((noreturn)) void verrx(int eval, const char *fmt, va_list ap);
__attribute__((format(printf, 1, 2))) void warn(const char *fmt, ...);
void vwarn(const char *fmt, va_list ap);
__attribute__((format(printf, 2, 3))) void warnc(int code, const char *fmt, ...);
void vwarnc(int code, const char *fmt, va_list ap);
__attribute__((format(printf, 1, 2))) void warnx(const char *fmt, ...);
void vwarnx(const char *fmt, va_list ap);

#endif
