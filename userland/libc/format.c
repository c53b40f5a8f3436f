/*
 * The printf engine: reads the format, fetches each argument with the
 * type its length modifier names, and lays the result out in its field.
 * Floating point conversions are in format_float.c.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "local.h"


static void
out_write(struct fmt_out *out, const char *s, size_t n)
{
	if (n > 0)
		out->write(out, s, n);
	out->count += n;
}

static void
out_repeat(struct fmt_out *out, char c, int n)
{
	char chunk[32];

	memset(chunk, c, sizeof chunk);
	while (n > 0) {
		int step = n < (int)sizeof chunk ? n : (int)sizeof chunk;
		out_write(out, chunk, step);
		n -= step;
	}
}

void
__emit_field(struct fmt_out *out, const struct fmt_spec *spec,
    const struct fmt_field *field)
{
	size_t prefix_len = strlen(field->prefix);
	size_t suffix_len = strlen(field->suffix);
	size_t len = prefix_len + field->lead_zeros + field->body_len +
	    field->trail_zeros + suffix_len;
	int pad = spec->width > (int)len ? spec->width - (int)len : 0;
	int zero_pad = 0;

	/* The '0' flag turns the padding into zeros between sign and digits. */
	if (spec->zero && !spec->left && field->zero_pad_ok) {
		zero_pad = pad;
		pad = 0;
	}
	if (!spec->left)
		out_repeat(out, ' ', pad);
	out_write(out, field->prefix, prefix_len);
	out_repeat(out, '0', zero_pad + field->lead_zeros);
	out_write(out, field->body, field->body_len);
	out_repeat(out, '0', field->trail_zeros);
	out_write(out, field->suffix, suffix_len);
	if (spec->left)
		out_repeat(out, ' ', pad);
}

static unsigned long long
fetch_unsigned(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_NONE:
		return va_arg(*ap, unsigned int);
	default:	/* l, ll, z, j, t: all 64 bits on x86-64 */
		return va_arg(*ap, unsigned long long);
	}
}

static long long
fetch_signed(va_list *ap, enum length length)
{
	switch (length) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_NONE:
		return va_arg(*ap, int);
	default:
		return va_arg(*ap, long long);
	}
}

/* Write the digits of `value` backwards from `end`; return the start. */
static char *
digits_of(unsigned long long value, unsigned base, bool upper, char *end)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do {
		*--end = digits[value % base];
		value /= base;
	} while (value != 0);
	return end;
}

static void
format_integer(struct fmt_out *out, const struct fmt_spec *spec,
    unsigned long long magnitude, const char *sign)
{
	char buf[24];
	char *end = buf + sizeof buf;
	unsigned base = spec->conv == 'o' ? 8 :
	    (spec->conv == 'x' || spec->conv == 'X' || spec->conv == 'p') ? 16 : 10;
	struct fmt_field field = { .prefix = sign, .suffix = "" };

	field.body = digits_of(magnitude, base, spec->conv == 'X', end);
	field.body_len = end - field.body;
	/* "%.0d" of 0 is empty: the precision is the least number of digits. */
	if (spec->precision == 0 && magnitude == 0)
		field.body_len = 0;
	if (spec->precision > (int)field.body_len)
		field.lead_zeros = spec->precision - field.body_len;
	if (spec->alt && spec->conv == 'o' && field.lead_zeros == 0 &&
	    (field.body_len == 0 || field.body[0] != '0'))
		field.lead_zeros = 1;	/* %#o: the first digit is a 0 */
	if ((spec->alt && magnitude != 0 && base == 16) || spec->conv == 'p')
		field.prefix = spec->conv == 'X' ? "0X" : "0x";
	/* With a precision the zeros come from it, not from the '0' flag. */
	field.zero_pad_ok = spec->precision < 0;
	__emit_field(out, spec, &field);
}

static const char *
sign_of(bool negative, const struct fmt_spec *spec)
{
	if (negative)
		return "-";
	return spec->plus ? "+" : spec->space ? " " : "";
}

static void
format_string(struct fmt_out *out, const struct fmt_spec *spec,
    const char *s, size_t len)
{
	struct fmt_field field = { .prefix = "", .body = s, .body_len = len,
	    .suffix = "" };

	__emit_field(out, spec, &field);
}

/* Read a number of the format (a width or precision). */
static int
parse_number(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (n < INT_MAX / 10)
			n = n * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return n;
}

/* Parse "-+ #0", width, precision: the part between '%' and the length. */
static const char *
parse_spec(const char *fmt, struct fmt_spec *spec, va_list *ap)
{
	*spec = (struct fmt_spec){ .precision = -1 };
	for (;; fmt++) {
		if (*fmt == '-')
			spec->left = true;
		else if (*fmt == '+')
			spec->plus = true;
		else if (*fmt == ' ')
			spec->space = true;
		else if (*fmt == '#')
			spec->alt = true;
		else if (*fmt == '0')
			spec->zero = true;
		else
			break;
	}
	if (*fmt == '*') {
		fmt++;
		spec->width = va_arg(*ap, int);
		if (spec->width < 0) {		/* a negative width means '-' */
			spec->left = true;
			spec->width = spec->width == INT_MIN ? INT_MAX : -spec->width;
		}
	} else {
		spec->width = parse_number(&fmt);
	}
	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*') {
			fmt++;
			spec->precision = va_arg(*ap, int);
			if (spec->precision < 0)	/* as if there were none */
				spec->precision = -1;
		} else {
			spec->precision = parse_number(&fmt);
		}
	}
	return fmt;
}

/* The length modifier (hh h l ll z j t), shared with scanf. */
const char *
__parse_length(const char *fmt, enum length *length)
{
	*length = LEN_NONE;
	switch (*fmt) {
	case 'h':
		if (fmt[1] == 'h') {
			*length = LEN_HH;
			return fmt + 2;
		}
		*length = LEN_H;
		return fmt + 1;
	case 'l':
		if (fmt[1] == 'l') {
			*length = LEN_LL;
			return fmt + 2;
		}
		*length = LEN_L;
		return fmt + 1;
	case 'z':
		*length = LEN_Z;
		return fmt + 1;
	case 'j':
		*length = LEN_J;
		return fmt + 1;
	case 't':
		*length = LEN_T;
		return fmt + 1;
	}
	return fmt;
}

/* Format one conversion, taking its argument from `ap`. */
static void
convert(struct fmt_out *out, struct fmt_spec *spec, enum length length,
    va_list *ap)
{
	switch (spec->conv) {
	case 'd':
	case 'i': {
		long long value = fetch_signed(ap, length);
		/* 0 - (unsigned) value: also right for LLONG_MIN. */
		unsigned long long magnitude = value < 0 ?
		    0 - (unsigned long long)value : (unsigned long long)value;
		format_integer(out, spec, magnitude, sign_of(value < 0, spec));
		break;
	}
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		format_integer(out, spec, fetch_unsigned(ap, length), "");
		break;
	case 'p':
		format_integer(out, spec, (uintptr_t)va_arg(*ap, void *), "");
		break;
	case 'c': {
		char c = (char)va_arg(*ap, int);
		format_string(out, spec, &c, 1);
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		if (s == NULL)
			s = "(null)";
		format_string(out, spec, s, spec->precision < 0 ? strlen(s) :
		    strnlen(s, spec->precision));
		break;
	}
	case 'f':
	case 'F':
	case 'e':
	case 'E':
	case 'g':
	case 'G':
	case 'a':
	case 'A':
		__format_double(out, spec, va_arg(*ap, double));
		break;
	default:	/* not a conversion we know: show it as it was */
		out_write(out, &spec->conv, 1);
		break;
	}
}

int
__format(struct fmt_out *out, const char *fmt, va_list ap_in)
{
	va_list ap;	/* a copy, so helpers can take its address */

	va_copy(ap, ap_in);
	while (*fmt != '\0') {
		const char *percent = strchr(fmt, '%');
		if (percent == NULL)
			percent = fmt + strlen(fmt);
		out_write(out, fmt, percent - fmt);
		if (*percent == '\0')
			break;

		struct fmt_spec spec;
		enum length length;
		fmt = parse_spec(percent + 1, &spec, &ap);
		fmt = __parse_length(fmt, &length);
		if (*fmt == '\0')	/* a lone '%' at the end */
			break;
		spec.conv = *fmt++;
		if (spec.conv == '%')
			out_write(out, "%", 1);
		else
			convert(out, &spec, length, &ap);
	}
	va_end(ap);
	return out->count > INT_MAX ? INT_MAX : (int)out->count;
}
