#ifndef _STDIO_H_
#define _STDIO_H_

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
} FILE;

extern FILE *stdin, *stdout, *stderr;

FILE *fopen(const char *restrict path, const char *restrict mode);
FILE *fdopen(int fd, const char *mode);
FILE *freopen(const char *__restrict path, const char *__restrict mode,
    FILE *__restrict fp);
int fclose(FILE *fp);
FILE *tmpfile(void);
char *tmpnam(char *s);
FILE *popen(const char *command, const char *mode);
int pclose(FILE *fp);
int fflush(FILE *fp);
int setvbuf(FILE *restrict fp, char *restrict buf, int mode, size_t size);
void setbuf(FILE *restrict fp, char *restrict buf);
int fileno(FILE *fp);
int feof(FILE *fp);
int ferror(FILE *fp);
void clearerr(FILE *fp);
int fseek(FILE *fp, long offset, int whence);
long ftell(FILE *fp);
int fseeko(FILE *fp, off_t offset, int whence);
off_t ftello(FILE *fp);
void rewind(FILE *fp);

size_t fread(void *restrict ptr, size_t size, size_t nmemb, FILE *restrict fp);
size_t fwrite(const void *restrict ptr, size_t size, size_t nmemb,
    FILE *restrict fp);
int fgetc(FILE *fp);
int getc(FILE *fp);
int getchar(void);
int ungetc(int c, FILE *fp);
int getc_unlocked(FILE *fp);
int getchar_unlocked(void);
int putc_unlocked(int c, FILE *fp);
int putchar_unlocked(int c);
char *fgetln(FILE *__restrict fp, size_t *__restrict len);
char *fgets(char *restrict s, int size, FILE *restrict fp);
ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict fp);
ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim,
    FILE *restrict fp);
int fputc(int c, FILE *fp);
int putc(int c, FILE *fp);
int putchar(int c);
int fputs(const char *restrict s, FILE *restrict fp);
int puts(const char *s);
void perror(const char *s);

int printf(const char *restrict fmt, ...)
    __attribute__((format(printf, 1, 2)));
int vprintf(const char *restrict fmt, va_list ap);
int fprintf(FILE *restrict fp, const char *restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vfprintf(FILE *restrict fp, const char *restrict fmt, va_list ap);
int dprintf(int fd, const char *restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *restrict fmt, va_list ap);
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
    va_list ap);
int asprintf(char **restrict ret, const char *restrict fmt, ...)
    __attribute__((format(printf, 2, 3)));

int scanf(const char *restrict fmt, ...)
    __attribute__((format(scanf, 1, 2)));
int fscanf(FILE *restrict fp, const char *restrict fmt, ...)
    __attribute__((format(scanf, 2, 3)));
int sscanf(const char *restrict s, const char *restrict fmt, ...)
    __attribute__((format(scanf, 2, 3)));
int vfscanf(FILE *restrict fp, const char *restrict fmt, va_list ap);
int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap);

/* The system call (the stub is generated from syscalls.master). */
int rename(const char *from, const char *to);
/* unlink(2) for a file, rmdir(2) for a directory */
int remove(const char *path);

#endif
