/*
 * Declarations shared by libc's own files, not part of any public header.
 */
#ifndef _LIBC_LOCAL_H_
#define _LIBC_LOCAL_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Where the printf engine sends its characters: snprintf() into a
 * buffer, printf() into stdout's buffer, dprintf() to a descriptor.
 */
struct fmt_out {
	void (*write)(struct fmt_out *out, const char *s, size_t n);
	void *state;		/* for write(): the buffer, the fd, ... */
	size_t count;		/* characters produced so far */
};

/* What a length modifier says about the argument's type. */
enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T };

/* Read a length modifier at fmt; returns the text after it. */
const char *__parse_length(const char *fmt, enum length *length);

/* The printf engine: format into `out`, return the characters produced. */
int __format(struct fmt_out *out, const char *fmt, va_list ap);

/* One conversion as written in the format: %-+ #0 width .precision */
struct fmt_spec {
	bool left;		/* '-': pad on the right */
	bool plus;		/* '+': always a sign */
	bool space;		/* ' ': a space where '+' would be */
	bool alt;		/* '#': alternate form */
	bool zero;		/* '0': pad with zeros after the sign */
	int width;		/* 0: none */
	int precision;		/* -1: none */
	char conv;		/* 'd', 'f', ... */
};

/*
 * A converted value, laid out as
 *	prefix  lead_zeros*'0'  body  trail_zeros*'0'  suffix
 * __emit_field() adds the padding that the width asks for.
 */
struct fmt_field {
	const char *prefix;	/* sign, "0x" */
	int lead_zeros;		/* integers: from the precision */
	const char *body;
	size_t body_len;
	int trail_zeros;	/* floats: from a large precision */
	const char *suffix;	/* floats: the exponent of %e */
	bool zero_pad_ok;	/* may the '0' flag pad this field? */
};

void __emit_field(struct fmt_out *out, const struct fmt_spec *spec,
    const struct fmt_field *field);

/* %f %F %e %E %g %G: format one double (format_float.c). */
void __format_double(struct fmt_out *out, const struct fmt_spec *spec,
    double value);

/* stdio.c: write out every stream's buffer (exit() calls it). */
void __stdio_flush_all(void);

/* stdio.c: the next character of a stream, left in place; EOF at the end. */
struct __sFILE;
int __stdio_peek(struct __sFILE *fp);

/* getpwent.c, for the password and group files: split a line at its
 * colons into exactly n fields; a decimal id; the next line without its
 * newline (0, -1 at the end, ERANGE if longer than buf). */
bool __split_fields(char *line, char **fields, int n);
bool __parse_id(const char *s, unsigned int *id);
int __read_line(struct __sFILE *fp, char *buf, size_t len);

/* ctype.c: the test of the class [:name:] (name has len bytes), or NULL. */
int (*__ctype_class(const char *name, size_t len))(int);

/* Write all of buf, retrying after short writes; false on error. */
bool __write_all(int fd, const char *buf, size_t n);

/* exit() and abort() with a message, for libc's own fatal errors. */
__attribute__((noreturn)) void __libc_fatal(const char *message);

#endif
