/*
 * Buffered streams (FILE) on top of read(), write(), lseek(), open() and
 * close().
 *
 * A stream's buffer is used in one direction at a time.  While reading
 * it holds bytes read ahead of the program (buf[rpos..rend]); while
 * writing, bytes the program wrote that have not gone to the descriptor
 * yet (buf[0..wlen]).  Switching direction first empties the buffer:
 * pending output is written, unread input is given back with lseek().
 *
 * stdout is line buffered on a terminal (written out after each call
 * that printed a newline, before reading stdin, and at exit) and fully
 * buffered otherwise, stderr is unbuffered, files are fully buffered.  The printf engine (format.c) writes into a
 * stream through stream_out(); the scanf engine is in scanf.c.
 *
 * Threads: each stream has a recursive lock (flockfile), which every
 * call on the stream takes once the process has a second thread; the
 * list of open streams has a lock of its own, taken before a stream's.
 * The _unlocked calls are the bodies without the lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "local.h"
#include "thread_private.h"

enum { IDLE, READING, WRITING };

static unsigned char stdin_buf[1024], stdout_buf[BUFSIZ];

static FILE std_streams[3] = {
	{ .fd = 0, .mode = _IOLBF, .flags = __SRD,
	  .buf = stdin_buf, .size = sizeof stdin_buf },
	{ .fd = 1, .mode = _IOLBF, .flags = __SWR,
	  .buf = stdout_buf, .size = sizeof stdout_buf },
	{ .fd = 2, .mode = _IONBF, .flags = __SWR },
};
FILE *stdin = &std_streams[0];
FILE *stdout = &std_streams[1];
FILE *stderr = &std_streams[2];

static FILE *open_streams;	/* those from fopen() and fdopen() */
static __lock_t streams_lock = __LOCK_INITIALIZER;	/* over open_streams */

/* --- locking ---------------------------------------------------------------- */

void
flockfile(FILE *fp)
{
	void *self = TIB_GET();

	if (fp->lock_owner != self) {
		__lock(&fp->lock);
		fp->lock_owner = self;
	}
	fp->lock_count++;
}

int
ftrylockfile(FILE *fp)
{
	void *self = TIB_GET();

	if (fp->lock_owner != self) {
		if (!__trylock(&fp->lock))
			return -1;
		fp->lock_owner = self;
	}
	fp->lock_count++;
	return 0;
}

void
funlockfile(FILE *fp)
{
	if (--fp->lock_count == 0) {
		fp->lock_owner = NULL;
		__unlock(&fp->lock);
	}
}

/* What every call on a stream does: lock it if there are threads. */
#define FLOCKFILE(fp)	do { if (__isthreaded) flockfile(fp); } while (0)
#define FUNLOCKFILE(fp)	do { if (__isthreaded) funlockfile(fp); } while (0)

bool
__write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t done = write(fd, buf, n);
		if (done < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		buf += done;
		n -= done;
	}
	return true;
}

/* An unbuffered stream still needs one byte for getc() and ungetc(). */
static void
ensure_buffer(FILE *fp)
{
	if (fp->buf != NULL)
		return;
	if (fp->mode != _IONBF && (fp->buf = malloc(BUFSIZ)) != NULL) {
		fp->size = BUFSIZ;
		fp->ownbuf = 1;
	} else {
		fp->buf = &fp->onebyte;
		fp->size = 1;
	}
}

/* Write out the pending output; 0, or EOF after an error. */
static int
flush_output(FILE *fp)
{
	int ok = 1;

	if (fp->state == WRITING && fp->wlen > 0)
		ok = __write_all(fp->fd, (char *)fp->buf, fp->wlen);
	fp->wlen = 0;
	if (!ok) {
		fp->flags |= __SERR;
		return EOF;
	}
	return 0;
}

/*
 * Leave the current direction.  Read-ahead bytes are given back to the
 * descriptor (so its offset is where the program thinks it is); a
 * stream that cannot seek (a console, a pipe) just forgets them.
 */
static int
go_idle(FILE *fp)
{
	int result = 0;

	if (fp->state == WRITING)
		result = flush_output(fp);
	else if (fp->state == READING && fp->rend > fp->rpos && fp->fd >= 0)
		(void)lseek(fp->fd, -(off_t)(fp->rend - fp->rpos), SEEK_CUR);
	fp->rpos = fp->rend = 0;
	fp->state = IDLE;
	return result;
}

/*
 * At its first output, stdout stays line buffered if a terminal shows it,
 * where someone reads each line as it comes; into a file or a pipe it is
 * fully buffered, one write(2) a buffer instead of one a line.  Unless
 * the program chose with setvbuf().
 */
static void
settle_mode(FILE *fp)
{
	fp->flags |= __SMODE;
	if (fp == stdout && fp->mode == _IOLBF && !isatty(fp->fd))
		fp->mode = _IOFBF;
}

static bool
start_writing(FILE *fp)
{
	if (!(fp->flags & __SWR)) {
		fp->flags |= __SERR;
		errno = EBADF;
		return false;
	}
	if (!(fp->flags & __SMODE))
		settle_mode(fp);
	if (fp->state != WRITING) {
		go_idle(fp);
		ensure_buffer(fp);
		fp->state = WRITING;
	}
	return true;
}

/* Reading from stdin first shows what stdout has to say (a prompt). */
static bool
start_reading(FILE *fp)
{
	if (!(fp->flags & __SRD)) {
		fp->flags |= __SERR;
		errno = EBADF;
		return false;
	}
	if (fp->state != READING) {
		go_idle(fp);
		ensure_buffer(fp);
		fp->state = READING;
	}
	if (fp == stdin && stdout->state == WRITING) {
		FLOCKFILE(stdout);
		flush_output(stdout);
		FUNLOCKFILE(stdout);
	}
	return true;
}

/*
 * Read more into an empty buffer: the number of bytes, 0 at EOF or after
 * an error.  Once the end-of-file indicator is set, reading stops there
 * until clearerr(), fseek() or ungetc() (C11 7.21.7.1: on a terminal,
 * input typed after ^D waits for that).
 */
static size_t
refill(FILE *fp)
{
	ssize_t n;

	fp->rpos = fp->rend = 0;
	if (fp->flags & __SEOF)
		return 0;
	if (fp->fd < 0) {		/* sscanf's stream over a string */
		fp->flags |= __SEOF;
		return 0;
	}
	do
		n = read(fp->fd, fp->buf, fp->size);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		fp->flags |= n == 0 ? __SEOF : __SERR;
		return 0;
	}
	fp->rend = n;
	return n;
}

/* Add bytes to the output buffer, writing it out as it fills. */
static bool
put_bytes(FILE *fp, const char *s, size_t n)
{
	while (n > 0) {
		if (fp->wlen == 0 && n >= fp->size) {	/* too big to buffer */
			if (!__write_all(fp->fd, s, n)) {
				fp->flags |= __SERR;
				return false;
			}
			return true;
		}
		size_t step = fp->size - fp->wlen < n ? fp->size - fp->wlen : n;
		memcpy(fp->buf + fp->wlen, s, step);
		fp->wlen += step;
		s += step;
		n -= step;
		if (fp->wlen == fp->size && flush_output(fp) != 0)
			return false;
	}
	return true;
}

/*
 * The end of one output call: a line-buffered stream goes out if the
 * call wrote a newline, an unbuffered one always.  False if that write
 * failed.
 */
static bool
end_of_call(FILE *fp, bool newline)
{
	if (fp->mode == _IONBF || (fp->mode == _IOLBF && newline))
		return flush_output(fp) == 0;
	return true;
}

/*
 * Whether this call's output went well.  The error indicator (ferror)
 * stays set after a failure until clearerr(), but it says nothing about
 * later calls: each one reports only its own writes.
 */
static bool
write_call(FILE *fp, const char *s, size_t n)
{
	if (!start_writing(fp) || !put_bytes(fp, s, n))
		return false;
	return end_of_call(fp, memchr(s, '\n', n) != NULL);
}

/* --- opening and closing ------------------------------------------------ */

/* fopen()'s mode string as open() flags; -1 if it is not a mode. */
static int
mode_flags(const char *mode, int *stream_flags)
{
	int flags;
	bool plus = strchr(mode, '+') != NULL;

	switch (mode[0]) {
	case 'r':
		flags = plus ? O_RDWR : O_RDONLY;
		break;
	case 'w':
		flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
		break;
	case 'a':
		flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
		break;
	default:
		return -1;
	}
	if (strchr(mode, 'x') != NULL)
		flags |= O_EXCL;
	*stream_flags = plus ? __SRD | __SWR : mode[0] == 'r' ? __SRD : __SWR;
	return flags;
}

static FILE *
new_stream(int fd, int flags)
{
	FILE *fp = calloc(1, sizeof *fp);

	if (fp == NULL)
		return NULL;
	fp->fd = fd;
	fp->flags = flags;
	fp->mode = _IOFBF;
	_THREAD_LOCK(&streams_lock);
	fp->next = open_streams;
	open_streams = fp;
	_THREAD_UNLOCK(&streams_lock);
	return fp;
}

FILE *
fopen(const char *restrict path, const char *restrict mode)
{
	int stream_flags;
	int flags = mode_flags(mode, &stream_flags);

	if (flags < 0) {
		errno = EINVAL;
		return NULL;
	}
	int fd = open(path, flags, 0666);
	if (fd < 0)
		return NULL;
	FILE *fp = new_stream(fd, stream_flags);
	if (fp == NULL)
		close(fd);
	return fp;
}

FILE *
fdopen(int fd, const char *mode)
{
	int stream_flags;

	if (mode_flags(mode, &stream_flags) < 0) {
		errno = EINVAL;
		return NULL;
	}
	return new_stream(fd, stream_flags);
}

/* The buffering a stream starts with (settle_mode() may change stdout's). */
static int
initial_mode(FILE *fp)
{
	return fp == stdout || fp == stdin ? _IOLBF : fp == stderr ? _IONBF : _IOFBF;
}

/*
 * The stream's descriptor for another open file (path), or the same file
 * with another mode (path NULL: the access the descriptor already has
 * must allow it).  The old descriptor is closed, its errors ignored.
 * stdin, stdout and stderr keep their descriptor numbers 0, 1 and 2, so
 * that programs exec'd later find the file there (as OpenBSD's does).
 */
static FILE *
freopen_unlocked(const char *restrict path, const char *restrict mode, FILE *restrict fp)
{
	int stream_flags, fd, oflags = mode_flags(mode, &stream_flags);

	go_idle(fp);
	if (oflags < 0) {
		errno = EINVAL;
		goto fail;
	}
	if (path == NULL) {
		int had = fcntl(fp->fd, F_GETFL);
		int need = oflags & O_ACCMODE;
		if (had < 0)
			goto fail;
		if ((had & O_ACCMODE) != O_RDWR && (had & O_ACCMODE) != need) {
			errno = EBADF;
			goto fail;
		}
		if (fcntl(fp->fd, F_SETFL, (had & ~O_APPEND) | (oflags & O_APPEND)) < 0)
			goto fail;
		fd = fp->fd;
	} else {
		int old = fp->fd;
		if (old >= 0)
			close(old);
		fd = open(path, oflags, 0666);
		if (fd < 0)
			goto fail;
		if (old >= 0 && old <= STDERR_FILENO && fd != old) {
			if (dup2(fd, old) < 0) {
				close(fd);
				goto fail;
			}
			close(fd);
			fd = old;
		}
	}
	fp->fd = fd;
	fp->flags = stream_flags;	/* error and end-of-file cleared */
	fp->mode = initial_mode(fp);
	if (fp->buf == &fp->onebyte) {	/* it was unbuffered */
		fp->buf = NULL;
		fp->size = 0;
	}
	fp->rpos = fp->rend = fp->wlen = 0;
	fp->state = IDLE;
	return fp;
fail:
	return NULL;
}

FILE *
freopen(const char *restrict path, const char *restrict mode, FILE *restrict fp)
{
	FLOCKFILE(fp);
	FILE *result = freopen_unlocked(path, mode, fp);
	FUNLOCKFILE(fp);
	if (result == NULL)
		fclose(fp);
	return result;
}

int
fclose(FILE *fp)
{
	FLOCKFILE(fp);
	int result = go_idle(fp);

	if (fp->fd >= 0 && close(fp->fd) < 0)
		result = EOF;
	if (fp == stdin || fp == stdout || fp == stderr) {
		fp->flags = 0;		/* static: just unusable from now on */
		FUNLOCKFILE(fp);
		return result;
	}
	FUNLOCKFILE(fp);
	_THREAD_LOCK(&streams_lock);
	for (FILE **link = &open_streams; *link != NULL; link = &(*link)->next) {
		if (*link == fp) {
			*link = fp->next;
			break;
		}
	}
	_THREAD_UNLOCK(&streams_lock);
	if (fp->ownbuf)
		free(fp->buf);
	free(fp->lnbuf);
	free(fp);
	return result;
}

int
fflush(FILE *fp)
{
	if (fp != NULL) {
		FLOCKFILE(fp);
		int result = fp->state == WRITING ? flush_output(fp) : 0;
		FUNLOCKFILE(fp);
		return result;
	}
	int result = fflush(stdout) | fflush(stderr);
	_THREAD_LOCK(&streams_lock);
	for (fp = open_streams; fp != NULL; fp = fp->next)
		result |= fflush(fp);
	_THREAD_UNLOCK(&streams_lock);
	return result;
}

/*
 * fork() holds every stream's lock across the call (the list's first),
 * so that the child's copies are whole and none is held by a thread the
 * child does not have.
 */
void
__stdio_fork_prepare(void)
{
	_THREAD_LOCK(&streams_lock);
	for (int i = 0; i < 3; i++)
		FLOCKFILE(&std_streams[i]);
	for (FILE *fp = open_streams; fp != NULL; fp = fp->next)
		FLOCKFILE(fp);
}

void
__stdio_fork_parent(void)
{
	for (FILE *fp = open_streams; fp != NULL; fp = fp->next)
		FUNLOCKFILE(fp);
	for (int i = 0; i < 3; i++)
		FUNLOCKFILE(&std_streams[i]);
	_THREAD_UNLOCK(&streams_lock);
}

/* In the child the same thread (same TIB) holds them: let them go. */
void
__stdio_fork_child(void)
{
	__stdio_fork_parent();
}

/* exit() calls this: everything buffered goes out. */
void
__stdio_flush_all(void)
{
	fflush(NULL);
}

/*
 * C11 7.21.5.6: called before any other operation on the stream.  A
 * buffer the caller gives is used as it is; without one, size (if not
 * 0) is the size of the buffer setvbuf allocates.  Nonzero for a mode
 * that is not one of the three, or a buffer that cannot be had; the
 * stream is then left as it was.
 */
int
setvbuf(FILE *restrict fp, char *restrict buf, int mode, size_t size)
{
	unsigned char *newbuf = (unsigned char *)buf;
	int ownbuf = 0;

	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF)
		return EOF;
	if (mode == _IONBF) {
		newbuf = NULL;
	} else if (buf == NULL || size == 0) {
		if (size == 0)
			size = BUFSIZ;
		if ((newbuf = malloc(size)) == NULL)
			return EOF;
		ownbuf = 1;
	}
	FLOCKFILE(fp);
	go_idle(fp);
	if (fp->ownbuf)
		free(fp->buf);
	fp->ownbuf = ownbuf;
	fp->mode = mode;
	fp->flags |= __SMODE;
	fp->buf = newbuf;
	fp->size = newbuf != NULL ? size : 0;
	FUNLOCKFILE(fp);
	return 0;
}

void
setbuf(FILE *restrict fp, char *restrict buf)
{
	setvbuf(fp, buf, buf != NULL ? _IOFBF : _IONBF, BUFSIZ);
}

int fileno(FILE *fp) { return fp->fd; }
int feof(FILE *fp) { return (fp->flags & __SEOF) != 0; }
int ferror(FILE *fp) { return (fp->flags & __SERR) != 0; }

void
clearerr(FILE *fp)
{
	FLOCKFILE(fp);
	fp->flags &= ~(__SEOF | __SERR);
	FUNLOCKFILE(fp);
}

/* --- positioning ---------------------------------------------------------- */

static off_t
ftello_unlocked(FILE *fp)
{
	off_t pos = lseek(fp->fd, 0, SEEK_CUR);

	if (pos < 0)
		return -1;
	if (fp->state == READING)
		return pos - (off_t)(fp->rend - fp->rpos);
	if (fp->state == WRITING)
		return pos + (off_t)fp->wlen;
	return pos;
}

off_t
ftello(FILE *fp)
{
	FLOCKFILE(fp);
	off_t pos = ftello_unlocked(fp);
	FUNLOCKFILE(fp);
	return pos;
}

static int
fseeko_unlocked(FILE *fp, off_t offset, int whence)
{
	if (whence == SEEK_CUR) {	/* relative to the program's position */
		off_t here = ftello_unlocked(fp);
		if (here < 0)
			return -1;
		offset += here;
		whence = SEEK_SET;
	}
	if (go_idle(fp) != 0 || lseek(fp->fd, offset, whence) < 0)
		return -1;
	fp->flags &= ~__SEOF;
	return 0;
}

int
fseeko(FILE *fp, off_t offset, int whence)
{
	FLOCKFILE(fp);
	int result = fseeko_unlocked(fp, offset, whence);
	FUNLOCKFILE(fp);
	return result;
}

long ftell(FILE *fp) { return ftello(fp); }
int fseek(FILE *fp, long offset, int whence) { return fseeko(fp, offset, whence); }

void
rewind(FILE *fp)
{
	FLOCKFILE(fp);
	fseeko_unlocked(fp, 0, SEEK_SET);
	fp->flags &= ~(__SEOF | __SERR);
	FUNLOCKFILE(fp);
}

/* --- reading -------------------------------------------------------------- */

int
getc_unlocked(FILE *fp)
{
	if (!start_reading(fp))
		return EOF;
	if (fp->rpos == fp->rend && refill(fp) == 0)
		return EOF;
	return fp->buf[fp->rpos++];
}

int
fgetc(FILE *fp)
{
	FLOCKFILE(fp);
	int c = getc_unlocked(fp);
	FUNLOCKFILE(fp);
	return c;
}

int getc(FILE *fp) { return fgetc(fp); }

/* The next character without taking it (scanf's look-ahead; scanf
 * holds the lock). */
int
__stdio_peek(FILE *fp)
{
	if (!start_reading(fp))
		return EOF;
	if (fp->rpos == fp->rend && refill(fp) == 0)
		return EOF;
	return fp->buf[fp->rpos];
}
int getchar(void) { return fgetc(stdin); }

/* One character of push-back is always possible (more if there is room
 * before the unread bytes). */
static int
ungetc_unlocked(int c, FILE *fp)
{
	if (c == EOF || !start_reading(fp))
		return EOF;
	if (fp->rpos == 0) {
		if (fp->rend == fp->size)
			return EOF;
		memmove(fp->buf + 1, fp->buf, fp->rend);
		fp->rend++;
		fp->rpos = 1;
	}
	fp->buf[--fp->rpos] = (unsigned char)c;
	fp->flags &= ~__SEOF;
	return (unsigned char)c;
}

int
ungetc(int c, FILE *fp)
{
	FLOCKFILE(fp);
	c = ungetc_unlocked(c, fp);
	FUNLOCKFILE(fp);
	return c;
}

static size_t
fread_unlocked(void *restrict ptr, size_t size, size_t nmemb, FILE *restrict fp)
{
	if (size == 0 || nmemb == 0 || !start_reading(fp))
		return 0;
	size_t want = size * nmemb, got = 0;
	unsigned char *dst = ptr;

	while (got < want) {
		if (fp->rpos == fp->rend && refill(fp) == 0)
			break;
		size_t step = fp->rend - fp->rpos;
		if (step > want - got)
			step = want - got;
		memcpy(dst + got, fp->buf + fp->rpos, step);
		fp->rpos += step;
		got += step;
	}
	return got / size;
}

size_t
fread(void *restrict ptr, size_t size, size_t nmemb, FILE *restrict fp)
{
	FLOCKFILE(fp);
	size_t n = fread_unlocked(ptr, size, nmemb, fp);
	FUNLOCKFILE(fp);
	return n;
}

static ssize_t
getdelim_unlocked(char **restrict line, size_t *restrict cap, int delim,
    FILE *restrict fp)
{
	size_t len = 0;
	int c;

	if (*line == NULL)
		*cap = 0;
	while ((c = getc_unlocked(fp)) != EOF) {
		if (len + 2 > *cap) {
			size_t bigger = *cap < 64 ? 128 : *cap * 2;
			char *p = realloc(*line, bigger);
			if (p == NULL) {
				fp->flags |= __SERR;
				return -1;
			}
			*line = p;
			*cap = bigger;
		}
		(*line)[len++] = (char)c;
		if (c == delim)
			break;
	}
	if (len == 0)
		return -1;
	(*line)[len] = '\0';
	return len;
}

ssize_t
getdelim(char **restrict line, size_t *restrict cap, int delim,
    FILE *restrict fp)
{
	FLOCKFILE(fp);
	ssize_t n = getdelim_unlocked(line, cap, delim, fp);
	FUNLOCKFILE(fp);
	return n;
}

ssize_t
getline(char **restrict line, size_t *restrict cap, FILE *restrict fp)
{
	return getdelim(line, cap, '\n', fp);
}

/*
 * The next line with its newline (the last one may have none), not
 * NUL-terminated: *len says how long.  It stays valid until the next
 * call on the stream or fclose().
 */
char *
fgetln(FILE *restrict fp, size_t *restrict len)
{
	FLOCKFILE(fp);
	ssize_t n = getdelim_unlocked(&fp->lnbuf, &fp->lncap, '\n', fp);
	FUNLOCKFILE(fp);

	if (n < 0)
		return NULL;
	*len = (size_t)n;
	return fp->lnbuf;
}

static char *
fgets_unlocked(char *restrict s, int size, FILE *restrict fp)
{
	int n = 0, c = 0;

	if (size <= 0)
		return NULL;
	while (n < size - 1 && (c = getc_unlocked(fp)) != EOF) {
		s[n++] = (char)c;
		if (c == '\n')
			break;
	}
	if (c == EOF && !(fp->flags & __SEOF))
		return NULL;		/* a read error: s is undefined */
	if (n == 0 && size > 1)
		return NULL;		/* at the end: s is left as it was */
	s[n] = '\0';
	return s;
}

char *
fgets(char *restrict s, int size, FILE *restrict fp)
{
	FLOCKFILE(fp);
	s = fgets_unlocked(s, size, fp);
	FUNLOCKFILE(fp);
	return s;
}

/* The _unlocked variants: for a thread that holds the lock (flockfile). */
int getchar_unlocked(void) { return getc_unlocked(stdin); }
int putchar_unlocked(int c) { return putc_unlocked(c, stdout); }

/* --- writing -------------------------------------------------------------- */

size_t
fwrite(const void *restrict ptr, size_t size, size_t nmemb, FILE *restrict fp)
{
	if (size == 0 || nmemb == 0)
		return 0;
	FLOCKFILE(fp);
	bool ok = write_call(fp, ptr, size * nmemb);
	FUNLOCKFILE(fp);
	return ok ? nmemb : 0;
}

int
putc_unlocked(int c, FILE *fp)
{
	char ch = (char)c;

	return write_call(fp, &ch, 1) ? (unsigned char)ch : EOF;
}

int
fputc(int c, FILE *fp)
{
	FLOCKFILE(fp);
	c = putc_unlocked(c, fp);
	FUNLOCKFILE(fp);
	return c;
}

int putc(int c, FILE *fp) { return fputc(c, fp); }
int putchar(int c) { return fputc(c, stdout); }

int
fputs(const char *restrict s, FILE *restrict fp)
{
	FLOCKFILE(fp);
	bool ok = write_call(fp, s, strlen(s));
	FUNLOCKFILE(fp);
	return ok ? 0 : EOF;
}

int
puts(const char *s)
{
	FLOCKFILE(stdout);
	bool ok = start_writing(stdout) && put_bytes(stdout, s, strlen(s)) &&
	    put_bytes(stdout, "\n", 1) && end_of_call(stdout, true);
	FUNLOCKFILE(stdout);
	return ok ? 0 : EOF;
}

int
remove(const char *path)
{
	if (unlink(path) == 0)
		return 0;
	return errno == EISDIR || errno == EPERM ? rmdir(path) : -1;
}

void
perror(const char *s)
{
	if (s != NULL && *s != '\0')
		fprintf(stderr, "%s: %s\n", s, strerror(errno));
	else
		fprintf(stderr, "%s\n", strerror(errno));
}

/* --- the printf family ---------------------------------------------------- */

struct stream_state {
	FILE *fp;
	bool newline;
	bool failed;		/* a write of this call failed */
};

static void
stream_out(struct fmt_out *out, const char *s, size_t n)
{
	struct stream_state *st = out->state;

	if (memchr(s, '\n', n) != NULL)
		st->newline = true;
	if (!put_bytes(st->fp, s, n))
		st->failed = true;
}

/*
 * An unbuffered stream still gets a whole call's text in one write(),
 * through a buffer on the stack.  A function of its own, so that other
 * streams' calls do not have its big frame.
 */
static __attribute__((noinline)) int
unbuffered_vfprintf(FILE *fp, struct fmt_out *out, const char *fmt, va_list ap)
{
	unsigned char local[BUFSIZ];
	struct stream_state *st = out->state;

	fp->buf = local;
	fp->size = sizeof local;
	int n = __format(out, fmt, ap);
	if (flush_output(fp) != 0)
		st->failed = true;
	fp->buf = &fp->onebyte;
	fp->size = 1;
	return n;
}

static int
vfprintf_unlocked(FILE *restrict fp, const char *restrict fmt, va_list ap)
{
	struct stream_state st = { .fp = fp };
	struct fmt_out out = { .write = stream_out, .state = &st };
	int n;

	if (!start_writing(fp))
		return -1;
	if (fp->mode == _IONBF) {
		n = unbuffered_vfprintf(fp, &out, fmt, ap);
	} else {
		n = __format(&out, fmt, ap);
		if (!end_of_call(fp, st.newline))
			st.failed = true;
	}
	return st.failed ? -1 : n;
}

int
vfprintf(FILE *restrict fp, const char *restrict fmt, va_list ap)
{
	FLOCKFILE(fp);
	int n = vfprintf_unlocked(fp, fmt, ap);
	FUNLOCKFILE(fp);
	return n;
}

int
fprintf(FILE *restrict fp, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vfprintf(fp, fmt, ap);
	va_end(ap);
	return n;
}

int
vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int
printf(const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

/* dprintf: through a small buffer of its own, straight to the fd. */
struct fd_state {
	int fd;
	char buf[256];
	size_t len;
};

static void
fd_write(struct fmt_out *out, const char *s, size_t n)
{
	struct fd_state *st = out->state;

	if (st->len + n > sizeof st->buf) {
		__write_all(st->fd, st->buf, st->len);
		st->len = 0;
	}
	if (n > sizeof st->buf) {
		__write_all(st->fd, s, n);
		return;
	}
	memcpy(st->buf + st->len, s, n);
	st->len += n;
}

int
vdprintf(int fd, const char *restrict fmt, va_list ap)
{
	struct fd_state st = { .fd = fd, .len = 0 };
	struct fmt_out out = { .write = fd_write, .state = &st };

	int n = __format(&out, fmt, ap);
	__write_all(fd, st.buf, st.len);
	return n;
}

int
dprintf(int fd, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

/* snprintf: keep what fits, count it all. */
struct buf_state {
	char *buf;
	size_t room;		/* bytes left, not counting the final NUL */
};

static void
buf_write(struct fmt_out *out, const char *s, size_t n)
{
	struct buf_state *st = out->state;
	size_t step = n < st->room ? n : st->room;

	memcpy(st->buf, s, step);
	st->buf += step;
	st->room -= step;
}

int
vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
    va_list ap)
{
	char dummy;
	struct buf_state st = { .buf = size > 0 ? buf : &dummy,
	    .room = size > 0 ? size - 1 : 0 };
	struct fmt_out out = { .write = buf_write, .state = &st };

	int n = __format(&out, fmt, ap);
	*st.buf = '\0';
	return n;
}

int
snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int
sprintf(char *restrict buf, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* No size: the caller promised the buffer is big enough. */
	int n = vsnprintf(buf, INT_MAX + (size_t)1, fmt, ap);
	va_end(ap);
	return n;
}

/* asprintf: measure, allocate, format again. */
int
vasprintf(char **restrict ret, const char *restrict fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	*ret = n < 0 ? NULL : malloc(n + 1);
	if (*ret == NULL) {
		va_end(again);
		return -1;
	}
	vsnprintf(*ret, n + 1, fmt, again);
	va_end(again);
	return n;
}

int
asprintf(char **restrict ret, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vasprintf(ret, fmt, ap);
	va_end(ap);
	return n;
}
