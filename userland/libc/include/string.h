#ifndef _STRING_H_
#define _STRING_H_

#include <sys/cdefs.h>
#include <stddef.h>

void *memcpy(void *__restrict dst, const void *__restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
#if __POSIX_VISIBLE >= 200809
size_t strnlen(const char *s, size_t maxlen);
#endif
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
#if __BSD_VISIBLE || __POSIX_VISIBLE >= 200809
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
#endif
char *strcpy(char *__restrict dst, const char *__restrict src);
char *strncpy(char *__restrict dst, const char *__restrict src, size_t n);
#if __BSD_VISIBLE
size_t strlcpy(char *__restrict dst, const char *__restrict src, size_t size);
size_t strlcat(char *__restrict dst, const char *__restrict src, size_t size);
#endif
char *strcat(char *__restrict dst, const char *__restrict src);
char *strncat(char *__restrict dst, const char *__restrict src, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
#if __BSD_VISIBLE || __XPG_VISIBLE || __POSIX_VISIBLE >= 200809
char *strdup(const char *s);
#endif
#if __POSIX_VISIBLE >= 200809
char *strndup(const char *s, size_t maxlen);
#endif
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
char *strtok(char *__restrict s, const char *__restrict sep);
#if __POSIX_VISIBLE >= 199506
char *strtok_r(char *__restrict s, const char *__restrict sep, char **__restrict last);
#endif
char *strerror(int errnum);
int strcoll(const char *a, const char *b);
#if __POSIX_VISIBLE >= 200112
int strerror_r(int errnum, char *buf, size_t len);
#endif
#if __BSD_VISIBLE
void explicit_bzero(void *buf, size_t len);
int timingsafe_bcmp(const void *a, const void *b, size_t len);
char *strsep(char **sp, const char *delim);
char *strcasestr(const char *haystack, const char *needle);
void *memmem(const void *haystack, size_t hlen, const void *needle, size_t nlen);
void *memrchr(const void *s, int c, size_t n);
#endif
#if __POSIX_VISIBLE >= 200809
char *stpcpy(char *__restrict dst, const char *__restrict src);
char *stpncpy(char *__restrict dst, const char *__restrict src, size_t n);
char *strsignal(int sig);
#endif
size_t strxfrm(char *__restrict dst, const char *__restrict src, size_t n);

#endif
