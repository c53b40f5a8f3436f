#ifndef _STDLIB_H_
#define _STDLIB_H_

#include <sys/cdefs.h>
#include <stddef.h>
#include <stdint.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff

typedef struct { int quot, rem; } div_t;
typedef struct { long quot, rem; } ldiv_t;
#if __ISO_C_VISIBLE >= 1999
typedef struct { long long quot, rem; } lldiv_t;
#endif

void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);

__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void _exit(int status);
__attribute__((noreturn)) void abort(void);
int atexit(void (*function)(void));
char *getenv(const char *name);
#if __POSIX_VISIBLE >= 200112
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);
#endif

long strtol(const char *__restrict s, char **__restrict endptr, int base);
unsigned long strtoul(const char *__restrict s, char **__restrict endptr, int base);
#if __ISO_C_VISIBLE >= 1999
long long strtoll(const char *__restrict s, char **__restrict endptr, int base);
unsigned long long strtoull(const char *__restrict s, char **__restrict endptr, int base);
#endif
int atoi(const char *s);
long atol(const char *s);
double strtod(const char *__restrict s, char **__restrict endptr);
float strtof(const char *__restrict s, char **__restrict endptr);
double atof(const char *s);

void qsort(void *base, size_t nmemb, size_t size,
    int (*compar)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
    int (*compar)(const void *, const void *));
int abs(int j);
long labs(long j);
#if __ISO_C_VISIBLE >= 1999
long long llabs(long long j);
#endif
div_t div(int numer, int denom);
ldiv_t ldiv(long numer, long denom);
#if __ISO_C_VISIBLE >= 1999
lldiv_t lldiv(long long numer, long long denom);
#endif

int system(const char *command);
#if __BSD_VISIBLE
void *reallocarray(void *ptr, size_t nmemb, size_t size);
long long strtonum(const char *s, long long min, long long max,
    const char **errstr);
#endif
int mkstemp(char *template);
int mkstemps(char *template, int suffixlen);
char *mkdtemp(char *template);
char *realpath(const char *__restrict path, char *__restrict resolved);
const char *getprogname(void);
void setprogname(const char *name);

/* Multibyte characters: UTF-8 (the C locale here), wide = code points. */
#define MB_CUR_MAX	((size_t)4)
int mblen(const char *s, size_t n);
int mbtowc(wchar_t *__restrict pwc, const char *__restrict s, size_t n);
int wctomb(char *s, wchar_t wc);
size_t mbstowcs(wchar_t *__restrict dst, const char *__restrict src, size_t n);
size_t wcstombs(char *__restrict dst, const wchar_t *__restrict src, size_t n);

int rand(void);
void srand(unsigned seed);
#if __BSD_VISIBLE
uint32_t arc4random(void);
uint32_t arc4random_uniform(uint32_t upper_bound);
void arc4random_buf(void *buf, size_t nbytes);
#endif

#endif
