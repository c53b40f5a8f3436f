/*
 * strtol() and friends.  One scanner reads the text; each function only
 * decides what fits in its type.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

struct scanned {
	unsigned long long magnitude;
	bool negative;
	bool overflow;		/* the magnitude did not fit in 64 bits */
};

static int
digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + 10;
	return 99;		/* more than any base */
}

/* The base a prefix announces: "0x" 16 and "0" 8 when base is 0. */
static const char *
skip_prefix(const char *s, int *base)
{
	bool hex_prefix = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    digit_value((unsigned char)s[2]) < 16;

	if ((*base == 0 || *base == 16) && hex_prefix) {
		*base = 16;
		return s + 2;
	}
	if (*base == 0)
		*base = s[0] == '0' ? 8 : 10;
	return s;
}

/* Read [space][sign][prefix]digits; *endptr = after the last digit, or s
 * itself when there are no digits. */
static struct scanned
scan(const char *s, char **endptr, int base)
{
	struct scanned r = { 0, false, false };
	const char *p = s;
	const char *digits;

	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		if (endptr != NULL)
			*endptr = (char *)s;
		return r;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		r.negative = *p++ == '-';
	p = skip_prefix(p, &base);
	for (digits = p; digit_value((unsigned char)*p) < base; p++) {
		unsigned d = digit_value((unsigned char)*p);
		if (r.magnitude > (ULLONG_MAX - d) / base)
			r.overflow = true;	/* keep reading to find the end */
		else
			r.magnitude = r.magnitude * base + d;
	}
	if (endptr != NULL)
		*endptr = (char *)(p == digits ? s : p);
	return r;
}

unsigned long long
strtoull(const char *restrict s, char **restrict endptr, int base)
{
	struct scanned r = scan(s, endptr, base);

	if (r.overflow) {
		errno = ERANGE;
		return ULLONG_MAX;
	}
	/* C says "-1" is ULLONG_MAX: the negation happens in the type. */
	return r.negative ? 0 - r.magnitude : r.magnitude;
}

long long
strtoll(const char *restrict s, char **restrict endptr, int base)
{
	struct scanned r = scan(s, endptr, base);
	unsigned long long limit = r.negative ?
	    (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;

	if (r.overflow || r.magnitude > limit) {
		errno = ERANGE;
		return r.negative ? LLONG_MIN : LLONG_MAX;
	}
	return r.negative ? (long long)(0 - r.magnitude) : (long long)r.magnitude;
}

/* long is long long's size on x86-64 (LP64). */
long
strtol(const char *restrict s, char **restrict endptr, int base)
{
	return strtoll(s, endptr, base);
}

unsigned long
strtoul(const char *restrict s, char **restrict endptr, int base)
{
	return strtoull(s, endptr, base);
}

int
atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long
atol(const char *s)
{
	return strtol(s, NULL, 10);
}
