/*
 * The scanf family.  One engine reads from a stream; sscanf() makes a
 * stream whose buffer is the string itself and that has no descriptor
 * behind it (refilling it gives end of file).
 *
 * Numbers are scanned in two steps: first the longest prefix of the
 * input that can start a number of the wanted kind is copied into a
 * small buffer, then strtoll()/strtod() convert that text.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "local.h"
#include "thread_private.h"

#define NUMBER_MAX 512		/* longest number text we look at */

struct input {
	FILE *fp;
	int width;		/* characters this conversion may still take */
	size_t count;		/* characters taken so far (for %n) */
};

static int
peek(struct input *in)
{
	return in->width == 0 ? EOF : __stdio_peek(in->fp);
}

static int
take(struct input *in)
{
	int c = fgetc(in->fp);

	if (c != EOF) {
		in->count++;
		if (in->width > 0)
			in->width--;
	}
	return c;
}

static void
skip_space(struct input *in)
{
	while (isspace(__stdio_peek(in->fp)))
		take(in);
}

/* Append the next character to buf if it is in `set`. */
static bool
accept(struct input *in, char *buf, int *n, const char *set)
{
	int c = peek(in);

	if (c == EOF || c == '\0' || strchr(set, c) == NULL || *n >= NUMBER_MAX - 1)
		return false;
	buf[(*n)++] = (char)take(in);
	return true;
}

static const char *
digits_of_base(int base)
{
	switch (base) {
	case 8:
		return "01234567";
	case 10:
		return "0123456789";
	default:
		return "0123456789abcdefABCDEF";
	}
}

/* An integer's text: sign, "0x" or "0" prefix as the base allows, digits. */
static int
scan_integer_text(struct input *in, char *buf, int base)
{
	int n = 0;

	accept(in, buf, &n, "+-");
	if ((base == 0 || base == 16) && accept(in, buf, &n, "0")) {
		if (accept(in, buf, &n, "xX"))
			base = 16;
		else if (base == 0)
			base = 8;
	}
	if (base == 0)
		base = 10;
	while (accept(in, buf, &n, digits_of_base(base)))
		;
	buf[n] = '\0';
	return n;
}

/* A floating point number's text, as strtod() reads it. */
static int
scan_float_text(struct input *in, char *buf)
{
	int n = 0;
	const char *digits = "0123456789";
	const char *exponent = "eE";

	accept(in, buf, &n, "+-");
	int c = peek(in);
	if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {
		while (isalpha(peek(in)) && n < 8)
			accept(in, buf, &n, "infinityINFINITYnaNA");
		buf[n] = '\0';
		return n;
	}
	if (accept(in, buf, &n, "0") && accept(in, buf, &n, "xX")) {
		digits = "0123456789abcdefABCDEF";
		exponent = "pP";
	}
	while (accept(in, buf, &n, digits))
		;
	if (accept(in, buf, &n, "."))
		while (accept(in, buf, &n, digits))
			;
	if (accept(in, buf, &n, exponent)) {
		accept(in, buf, &n, "+-");
		while (accept(in, buf, &n, "0123456789"))
			;
	}
	buf[n] = '\0';
	return n;
}

static void
store_integer(va_list *ap, enum length length, unsigned long long v)
{
	switch (length) {
	case LEN_HH:
		*va_arg(*ap, char *) = (char)v;
		break;
	case LEN_H:
		*va_arg(*ap, short *) = (short)v;
		break;
	case LEN_NONE:
		*va_arg(*ap, int *) = (int)v;
		break;
	default:	/* l, ll, z, j, t: 64 bits */
		*va_arg(*ap, long long *) = (long long)v;
		break;
	}
}

/* A %[...] set: which characters it matches; returns the text after ']'. */
static const char *
parse_set(const char *fmt, bool match[256])
{
	bool invert = false;

	if (*fmt == '^') {
		invert = true;
		fmt++;
	}
	memset(match, 0, 256);
	if (*fmt == ']')		/* a ']' first is a member */
		match[(unsigned char)*fmt++] = true;
	for (; *fmt != '\0' && *fmt != ']'; fmt++) {
		if (fmt[1] == '-' && fmt[2] != ']' && fmt[2] != '\0') {
			for (int c = (unsigned char)fmt[0]; c <= (unsigned char)fmt[2]; c++)
				match[c] = true;
			fmt += 2;
		} else {
			match[(unsigned char)*fmt] = true;
		}
	}
	if (invert)
		for (int c = 0; c < 256; c++)
			match[c] = !match[c];
	return *fmt == ']' ? fmt + 1 : fmt;
}

static int
scan(FILE *restrict fp, const char *restrict fmt, va_list ap_in)
{
	struct input in = { .fp = fp, .width = -1 };
	int assigned = 0;
	bool any_input = false;	/* did a conversion see input? */
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt != '\0') {
		if (isspace((unsigned char)*fmt)) {	/* any amount of space */
			skip_space(&in);
			fmt++;
			continue;
		}
		if (*fmt != '%' || fmt[1] == '%') {	/* must match itself */
			if (*fmt == '%') {
				fmt++;
				skip_space(&in);
			}
			in.width = -1;
			if (peek(&in) != (unsigned char)*fmt)
				goto done;
			take(&in);
			fmt++;
			continue;
		}
		fmt++;
		bool suppress = *fmt == '*';
		if (suppress)
			fmt++;
		int width = 0;
		while (isdigit((unsigned char)*fmt))
			width = width * 10 + (*fmt++ - '0');
		enum length length;
		bool long_double = *fmt == 'L';
		fmt = __parse_length(fmt + long_double, &length);
		char conv = *fmt++;
		if (conv == '\0')
			break;
		if (conv != 'c' && conv != '[' && conv != 'n')
			skip_space(&in);
		if (conv == 'n') {
			if (!suppress)
				store_integer(&ap, length, in.count);
			continue;
		}
		in.width = width > 0 ? width : -1;
		if (__stdio_peek(fp) == EOF)
			goto done;
		any_input = true;

		char buf[NUMBER_MAX];
		int base = 10;
		switch (conv) {
		case 'c': {
			char *dst = suppress ? NULL : va_arg(ap, char *);
			int want = width > 0 ? width : 1;
			for (int i = 0; i < want; i++) {
				int c = take(&in);
				if (c == EOF)
					goto done;
				if (dst != NULL)
					dst[i] = (char)c;
			}
			break;
		}
		case 's':
		case '[': {
			bool match[256];
			if (conv == '[') {
				fmt = parse_set(fmt, match);
			} else {
				for (int c = 0; c < 256; c++)
					match[c] = !isspace(c);
				match[0] = true;
			}
			char *dst = suppress ? NULL : va_arg(ap, char *);
			int n = 0, c;
			while ((c = peek(&in)) != EOF && match[c]) {
				take(&in);
				if (dst != NULL)
					dst[n] = (char)c;
				n++;
			}
			if (n == 0)
				goto done;
			if (dst != NULL)
				dst[n] = '\0';
			break;
		}
		case 'i':
			base = 0;
			goto integer;
		case 'o':
			base = 8;
			goto integer;
		case 'x':
		case 'X':
		case 'p':
			base = 16;
			goto integer;
		case 'd':
		case 'u':
		integer:
			if (scan_integer_text(&in, buf, base) == 0)
				goto done;
			char *end;
			unsigned long long v = conv == 'd' || conv == 'i' ?
			    (unsigned long long)strtoll(buf, &end, base) :
			    strtoull(buf, &end, base);
			if (*end != '\0')	/* "0x" or "-" alone */
				goto done;
			if (!suppress) {
				if (conv == 'p')
					*va_arg(ap, void **) = (void *)(uintptr_t)v;
				else
					store_integer(&ap, length, v);
			}
			break;
		case 'e':
		case 'E':
		case 'f':
		case 'F':
		case 'g':
		case 'G':
		case 'a':
		case 'A': {
			if (scan_float_text(&in, buf) == 0)
				goto done;
			char *fend;
			double d = strtod(buf, &fend);
			if (*fend != '\0')
				goto done;
			if (suppress)
				break;
			if (long_double)
				*va_arg(ap, long double *) = d;
			else if (length == LEN_L)
				*va_arg(ap, double *) = d;
			else
				*va_arg(ap, float *) = (float)d;
			break;
		}
		default:
			goto done;
		}
		if (!suppress && conv != 'n')
			assigned++;
	}
done:
	va_end(ap);
	return assigned == 0 && !any_input && __stdio_peek(fp) == EOF ? EOF : assigned;
}

/* The whole call under the stream's lock: its look-ahead is the stream's. */
int
vfscanf(FILE *restrict fp, const char *restrict fmt, va_list ap)
{
	if (__isthreaded)
		flockfile(fp);
	int n = scan(fp, fmt, ap);
	if (__isthreaded)
		funlockfile(fp);
	return n;
}

int
vsscanf(const char *restrict s, const char *restrict fmt, va_list ap)
{
	/* A read-only stream over the string; it is never written to. */
	FILE str = { .fd = -1, .mode = _IOFBF, .state = 1, .flags = __SRD,
	    .buf = (unsigned char *)s, .size = strlen(s), .rend = strlen(s) };

	return scan(&str, fmt, ap);
}

int
sscanf(const char *restrict s, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsscanf(s, fmt, ap);
	va_end(ap);
	return n;
}

int
fscanf(FILE *restrict fp, const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vfscanf(fp, fmt, ap);
	va_end(ap);
	return n;
}

int
scanf(const char *restrict fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vfscanf(stdin, fmt, ap);
	va_end(ap);
	return n;
}
