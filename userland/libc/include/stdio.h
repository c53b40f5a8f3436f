#ifndef _STDIO_H_
#define _STDIO_H_

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

/* A minimal stdio for now: formatted output goes to stdout (buffered by
 * lines, flushed at exit) or straight to a file descriptor. */
int printf(const char *restrict fmt, ...)
    __attribute__((format(printf, 1, 2)));
int vprintf(const char *restrict fmt, va_list ap);
int dprintf(int fd, const char *restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *restrict fmt, va_list ap);
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
    va_list ap);

int putchar(int c);
int puts(const char *s);

/* The system call (the stub is generated from syscalls.master). */
int rename(const char *from, const char *to);

#endif
