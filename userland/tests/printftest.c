/*
 * printftest: run a table of printf conversions and print one line per
 * case, for tests/test_printf.py to check against Python's % operator:
 *
 *	index TAB format TAB kind TAB arguments TAB result
 *
 * kind is i (integer), f (double), s (string), c (character), p
 * (pointer).  The arguments are the '*' values, then the value itself,
 * separated by commas: integers as 16 hex digits of their 64-bit two's
 * complement, doubles as the hex of their bits, strings as they are.
 * The arguments are written by hand, not with printf, so that a printf
 * bug cannot hide itself by describing its own wrong value.
 *
 * The cases are the combinations of flags, widths, precisions, length
 * modifiers and conversions in the tables below, with values taken in
 * turn from the value lists.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *const widths[] = { "", "6", "*" };
static const int star_values[] = { 5, -5, 0, 12, 1, -1, 3, 25 };

static const char *const int_flags[] = {
	"", "-", "+", " ", "#", "0", "-#", "+0", " 0", "#0",
};
static const char *const int_precisions[] = { "", ".0", ".3", ".*" };
static const char *const lengths[] = { "hh", "h", "", "l", "ll", "z", "j", "t" };
static const long long int_values[] = {
	0, 1, -1, 7, -42, 255, 256, 4096, -32768, 65535, 123456789,
	INT_MIN, INT_MAX, UINT_MAX, 1LL << 40, -(1LL << 40), LLONG_MAX,
	LLONG_MIN, 0x7f, -129, 8, 0x1234abcd,
};

static const char *const float_flags[] = {
	"", "-", "+", " ", "#", "0", "+0", "-#", " #0",
};
static const char *const float_precisions[] = { "", ".0", ".2", ".10", ".*" };
static const double float_values[] = {
	0.0, -0.0, 1.0, -1.5, 0.5, 2.5, 3.14159265358979, 1e-5, 123456.789,
	1e100, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 0.1,
	0.125, 999.9996, 9.5, 1e15, 1e16, 1e21, 0.000123456, -273.15, 99.95,
	__builtin_inf(), -__builtin_inf(), __builtin_nan(""), 6.02214076e23,
	-1e-300, 0.0001, 100000.0, 1234567.0,
};

/* Values whose decimal digits sit near a rounding boundary. */
static const double rounding_values[] = {
	0.5, 1.5, 2.5, 3.5, 0.125, 0.375, 2.675, 1.005, 1.115, 0.045, 1e-7,
	0.3, 0.7, 5e-5, 0.05, 0.15, 0.25, 0.35, 9.995, 99.995, 0.9999999,
	123.456, 1e22, 1e23, 8.5e-5, 4.35, 1.0 / 3, 2.0 / 3, 0.1 + 0.2,
};
static const char *const rounding_formats[] = {
	"%.0f", "%.1f", "%.2f", "%.3f", "%.0e", "%.2e", "%.6e", "%.1g", "%.3g",
	"%.15g", "%.17g", "%.30f", "%.25e", "%g", "%#.0f", "%#.0e", "%#g", "%lf",
};

static const char *const string_formats[] = {
	"%s", "%10s", "%-10s", "%.3s", "%.0s", "%10.2s", "%-*s", "%.*s",
	"%*.*s", "%-3s|",
};
static const char *const string_values[] = {
	"", "a", "hello", "minikern", "hello, world",
};
static const char *const char_formats[] = { "%c", "%3c", "%-3c|", "%*c" };
static const char *const pointer_formats[] = {
	"%p", "%20p", "%-20p|", "%*p", "%.0p",
};
static const uintptr_t pointer_values[] = {
	0x400000, 0xdeadbeef, 0x7fffffffe000, 1,
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int ncases;
static char line[4096];
static size_t line_len;

static void
add_text(const char *s)
{
	line_len += strlcpy(line + line_len, s, sizeof line - line_len);
	if (line_len >= sizeof line)
		line_len = sizeof line - 1;
}

static void
add_hex(unsigned long long value)
{
	char digits[17];

	for (int i = 15; i >= 0; i--, value >>= 4)
		digits[i] = "0123456789abcdef"[value & 15];
	digits[16] = '\0';
	add_text(digits);
}

static void
add_decimal(int value)
{
	char digits[12];
	int i = sizeof digits - 1;

	digits[i] = '\0';
	do {
		digits[--i] = '0' + value % 10;
		value /= 10;
	} while (value != 0);
	add_text(digits + i);
}

static int
count_stars(const char *fmt)
{
	int n = 0;

	for (; *fmt != '\0'; fmt++)
		n += *fmt == '*';
	return n;
}

/* Start the line: index, format, kind and the '*' arguments. */
static void
begin_line(const char *fmt, char kind, const int *stars, int nstars)
{
	char kind_text[2] = { kind, '\0' };

	line_len = 0;
	line[0] = '\0';
	add_decimal(ncases++);
	add_text("\t");
	add_text(fmt);
	add_text("\t");
	add_text(kind_text);
	add_text("\t");
	for (int i = 0; i < nstars; i++) {
		add_hex((unsigned long long)(long long)stars[i]);
		add_text(",");
	}
}

static void
end_line(const char *result)
{
	add_text("\t");
	add_text(result);
	puts(line);
}

/* snprintf(fmt) with the '*' arguments in front of `value`. */
#define FORMAT_CASE(result, fmt, stars, value)				\
	do {								\
		switch (count_stars(fmt)) {				\
		case 0:							\
			snprintf(result, sizeof result, fmt, value);	\
			break;						\
		case 1:							\
			snprintf(result, sizeof result, fmt, stars[0], value); \
			break;						\
		default:						\
			snprintf(result, sizeof result, fmt, stars[0],	\
			    stars[1], value);				\
			break;						\
		}							\
	} while (0)

static char result[2048];

static void
pick_stars(int *stars, int seed)
{
	stars[0] = star_values[seed % NELEM(star_values)];
	stars[1] = star_values[(seed + 3) % NELEM(star_values)];
}

/* True if the format passes a 64-bit integer (l, ll, z, j, t). */
static int
wants_long(const char *fmt)
{
	return strpbrk(fmt, "lzjt") != NULL;
}

static void
integer_case(const char *fmt, long long value, int seed)
{
	int stars[2];

	pick_stars(stars, seed);
	if (wants_long(fmt))
		FORMAT_CASE(result, fmt, stars, value);
	else
		FORMAT_CASE(result, fmt, stars, (int)value);
	begin_line(fmt, 'i', stars, count_stars(fmt));
	/* What was passed: an int is sign-extended to 64 bits. */
	add_hex(wants_long(fmt) ? (unsigned long long)value :
	    (unsigned long long)(long long)(int)value);
	end_line(result);
}

static void
double_case(const char *fmt, double value, int seed)
{
	int stars[2];
	unsigned long long bits;

	pick_stars(stars, seed);
	FORMAT_CASE(result, fmt, stars, value);
	begin_line(fmt, 'f', stars, count_stars(fmt));
	memcpy(&bits, &value, sizeof bits);
	add_hex(bits);
	end_line(result);
}

static void
string_case(const char *fmt, const char *value, int seed)
{
	int stars[2];

	pick_stars(stars, seed);
	FORMAT_CASE(result, fmt, stars, value);
	begin_line(fmt, 's', stars, count_stars(fmt));
	add_text(value);
	end_line(result);
}

static void
char_case(const char *fmt, int value, int seed)
{
	int stars[2];

	pick_stars(stars, seed);
	FORMAT_CASE(result, fmt, stars, value);
	begin_line(fmt, 'c', stars, count_stars(fmt));
	add_hex(value);
	end_line(result);
}

static void
pointer_case(const char *fmt, uintptr_t value, int seed)
{
	int stars[2];

	pick_stars(stars, seed);
	FORMAT_CASE(result, fmt, stars, (void *)value);
	begin_line(fmt, 'p', stars, count_stars(fmt));
	add_hex(value);
	end_line(result);
}

/* fmt = "%" flags width precision length conv */
static void
make_format(char *fmt, size_t size, const char *flags, const char *width,
    const char *precision, const char *length, char conv)
{
	char conv_text[2] = { conv, '\0' };

	strlcpy(fmt, "%", size);
	strlcat(fmt, flags, size);
	strlcat(fmt, width, size);
	strlcat(fmt, precision, size);
	strlcat(fmt, length, size);
	strlcat(fmt, conv_text, size);
}

static void
integer_cases(void)
{
	const char *convs = "diuoxX";
	char fmt[32];
	int k = 0;

	for (const char *c = convs; *c != '\0'; c++)
		for (size_t f = 0; f < NELEM(int_flags); f++)
			for (size_t w = 0; w < NELEM(widths); w++)
				for (size_t p = 0; p < NELEM(int_precisions); p++, k++) {
					make_format(fmt, sizeof fmt, int_flags[f],
					    widths[w], int_precisions[p],
					    lengths[k / 3 % NELEM(lengths)], *c);
					integer_case(fmt, int_values[k % NELEM(int_values)], k);
				}
}

static void
float_cases(void)
{
	const char *convs = "fFeEgG";
	char fmt[32];
	int k = 0;

	for (const char *c = convs; *c != '\0'; c++)
		for (size_t f = 0; f < NELEM(float_flags); f++)
			for (size_t w = 0; w < NELEM(widths); w++)
				for (size_t p = 0; p < NELEM(float_precisions); p++, k++) {
					make_format(fmt, sizeof fmt, float_flags[f],
					    widths[w], float_precisions[p], "", *c);
					double_case(fmt, float_values[k % NELEM(float_values)], k);
				}
	for (size_t v = 0; v < NELEM(rounding_values); v++)
		for (size_t f = 0; f < NELEM(rounding_formats); f++)
			double_case(rounding_formats[f], rounding_values[v], 0);
}

static void
other_cases(void)
{
	int k = 0;

	for (size_t f = 0; f < NELEM(string_formats); f++)
		for (size_t v = 0; v < NELEM(string_values); v++, k++)
			string_case(string_formats[f], string_values[v], k);
	for (size_t f = 0; f < NELEM(char_formats); f++)
		for (int c = ' '; c < 127; c += 19, k++)
			char_case(char_formats[f], c, k);
	for (size_t f = 0; f < NELEM(pointer_formats); f++)
		for (size_t v = 0; v < NELEM(pointer_values); v++, k++)
			pointer_case(pointer_formats[f], pointer_values[v], k);
}

int
main(void)
{
	integer_cases();
	float_cases();
	other_cases();
	printf("%d cases\n", ncases);
	return 0;
}
