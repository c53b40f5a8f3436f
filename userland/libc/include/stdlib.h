#ifndef _STDLIB_H_
#define _STDLIB_H_

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);

__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void _exit(int status);
__attribute__((noreturn)) void abort(void);
int atexit(void (*function)(void));
char *getenv(const char *name);

long strtol(const char *restrict s, char **restrict endptr, int base);
unsigned long strtoul(const char *restrict s, char **restrict endptr, int base);
long long strtoll(const char *restrict s, char **restrict endptr, int base);
unsigned long long strtoull(const char *restrict s, char **restrict endptr, int base);
int atoi(const char *s);
long atol(const char *s);

void qsort(void *base, size_t nmemb, size_t size,
    int (*compar)(const void *, const void *));
int abs(int j);
long labs(long j);

#endif
