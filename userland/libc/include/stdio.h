#ifndef _STDIO_H_
#define _STDIO_H_

#include <sys/cdefs.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#define EOF	(-1)
#define BUFSIZ	4096

/* setvbuf() modes */
#define _IOFBF	0		/* fully buffered */
#define _IOLBF	1		/* line buffered */
#define _IONBF	2		/* unbuffered */

/* FILE.flags */
#define __SRD	0x01		/* may read */
#define __SWR	0x02		/* may write */
#define __SEOF	0x04		/* end of file seen */
#define __SERR	0x08		/* error seen */
#define __SMODE	0x10		/* buffering settled (setvbuf, or first use) */

#define P_tmpdir	"/tmp/"		/* where tmpfile() and tmpnam() make files */
#define L_tmpnam	24		/* room for tmpnam()'s names */
#define TMP_MAX		308915776	/* tmpnam() names: 26 ** 6 */
#define FILENAME_MAX	1024
#define FOPEN_MAX	20

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

/*
 * A stream: a file descriptor and a buffer.  At any time the buffer holds
 * either bytes read ahead (rpos..rend) or bytes waiting to be written
 * (0..wlen), never both; `state` says which.  The fields are libc's
 * business: programs use the functions below.
 */
typedef struct __sFILE {
	int fd;
	int mode;		/* _IOFBF, _IOLBF, _IONBF */
	int state;		/* 0 idle, 1 reading, 2 writing */
	int flags;		/* what fopen() allowed, EOF and error seen */
	unsigned char *buf;
	size_t size;
	size_t rpos, rend;	/* reading: the unread bytes */
	size_t wlen;		/* writing: the bytes not written yet */
	unsigned char onebyte;	/* the buffer of an unbuffered stream */
	int ownbuf;		/* buf is ours to free */
	char *lnbuf;		/* fgetln()'s line, valid until the next call */
	size_t lncap;
	struct __sFILE *next;	/* every open stream, for exit's flush */
	volatile unsigned int lock;	/* flockfile(): 0 free, 1 held, 2 contended */
	void *lock_owner;	/* the holding thread's TIB */
	unsigned int lock_count;	/* flockfile() is recursive */
} FILE;

extern FILE *stdin, *stdout, *stderr;

FILE *fopen(const char *__restrict path, const char *__restrict mode);
#if __POSIX_VISIBLE
FILE *fdopen(int fd, const char *mode);
#endif
FILE *freopen(const char *__restrict path, const char *__restrict mode,
    FILE *__restrict fp);
int fclose(FILE *fp);
FILE *tmpfile(void);
char *tmpnam(char *s);
#if __POSIX_VISIBLE >= 199209 || __XPG_VISIBLE
FILE *popen(const char *command, const char *mode);
int pclose(FILE *fp);
#endif
int fflush(FILE *fp);
int setvbuf(FILE *__restrict fp, char *__restrict buf, int mode, size_t size);
void setbuf(FILE *__restrict fp, char *__restrict buf);
#if __POSIX_VISIBLE
int fileno(FILE *fp);
#endif
int feof(FILE *fp);
int ferror(FILE *fp);
void clearerr(FILE *fp);
int fseek(FILE *fp, long offset, int whence);
long ftell(FILE *fp);
#if __POSIX_VISIBLE >= 200112 || __XPG_VISIBLE >= 500
int fseeko(FILE *fp, off_t offset, int whence);
off_t ftello(FILE *fp);
#endif
void rewind(FILE *fp);

size_t fread(void *__restrict ptr, size_t size, size_t nmemb, FILE *__restrict fp);
size_t fwrite(const void *__restrict ptr, size_t size, size_t nmemb,
    FILE *__restrict fp);
int fgetc(FILE *fp);
int getc(FILE *fp);
int getchar(void);
int ungetc(int c, FILE *fp);
#if __POSIX_VISIBLE >= 199506
/* Each stream has a lock, which every call takes; a thread may hold it
 * across several calls, and the _unlocked calls then skip it. */
void flockfile(FILE *fp);
int ftrylockfile(FILE *fp);
void funlockfile(FILE *fp);
int getc_unlocked(FILE *fp);
int getchar_unlocked(void);
int putc_unlocked(int c, FILE *fp);
int putchar_unlocked(int c);
#endif
#if __BSD_VISIBLE
char *fgetln(FILE *__restrict fp, size_t *__restrict len);
#endif
char *fgets(char *__restrict s, int size, FILE *__restrict fp);
#if __POSIX_VISIBLE >= 200809
ssize_t getline(char **__restrict line, size_t *__restrict cap, FILE *__restrict fp);
ssize_t getdelim(char **__restrict line, size_t *__restrict cap, int delim,
    FILE *__restrict fp);
#endif
int fputc(int c, FILE *fp);
int putc(int c, FILE *fp);
int putchar(int c);
int fputs(const char *__restrict s, FILE *__restrict fp);
int puts(const char *s);
void perror(const char *s);

int printf(const char *__restrict fmt, ...)
    __attribute__((format(printf, 1, 2)));
int vprintf(const char *__restrict fmt, va_list ap);
int fprintf(FILE *__restrict fp, const char *__restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vfprintf(FILE *__restrict fp, const char *__restrict fmt, va_list ap);
#if __POSIX_VISIBLE >= 200809
int dprintf(int fd, const char *__restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *__restrict fmt, va_list ap);
#endif
int sprintf(char *__restrict buf, const char *__restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
#if __ISO_C_VISIBLE >= 1999 || __XPG_VISIBLE >= 500 || __BSD_VISIBLE
int snprintf(char *__restrict buf, size_t size, const char *__restrict fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *__restrict buf, size_t size, const char *__restrict fmt,
    va_list ap);
#endif
#if __BSD_VISIBLE
int vasprintf(char **__restrict ret, const char *__restrict fmt, va_list ap);
int asprintf(char **__restrict ret, const char *__restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
#endif

int scanf(const char *__restrict fmt, ...)
    __attribute__((format(scanf, 1, 2)));
int fscanf(FILE *__restrict fp, const char *__restrict fmt, ...)
    __attribute__((format(scanf, 2, 3)));
int sscanf(const char *__restrict s, const char *__restrict fmt, ...)
    __attribute__((format(scanf, 2, 3)));
int vfscanf(FILE *__restrict fp, const char *__restrict fmt, va_list ap);
int vsscanf(const char *__restrict s, const char *__restrict fmt, va_list ap);

/* The system call (the stub is generated from syscalls.master). */
int rename(const char *from, const char *to);
#if __POSIX_VISIBLE >= 200809
int renameat(int fromfd, const char *from, int tofd, const char *to);
#endif
/* unlink(2) for a file, rmdir(2) for a directory */
int remove(const char *path);

#endif
