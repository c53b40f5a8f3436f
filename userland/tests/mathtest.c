/*
 * mathtest: evaluates <math.h> functions for tests/test_userland.py.
 * Each input line is a function name and one or two arguments given as
 * the 16 hex digits of a double's bits; each output line is the
 * result's bits the same way, so nothing is lost in decimal conversion.
 *
 *	sin 3ff0000000000000	->	3feaed548f090cee
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static double
from_bits(uint64_t u)
{
	double d;

	memcpy(&d, &u, sizeof d);
	return d;
}

static uint64_t
to_bits(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof u);
	return u;
}

static const struct {
	const char *name;
	double (*f1)(double);
	double (*f2)(double, double);
} functions[] = {
	{ "sqrt", sqrt, NULL }, { "exp", exp, NULL }, { "log", log, NULL },
	{ "log10", log10, NULL }, { "log2", log2, NULL },
	{ "sin", sin, NULL }, { "cos", cos, NULL }, { "tan", tan, NULL },
	{ "asin", asin, NULL }, { "acos", acos, NULL }, { "atan", atan, NULL },
	{ "sinh", sinh, NULL }, { "cosh", cosh, NULL }, { "tanh", tanh, NULL },
	{ "floor", floor, NULL }, { "ceil", ceil, NULL },
	{ "round", round, NULL }, { "fabs", fabs, NULL },
	{ "expm1", expm1, NULL }, { "log1p", log1p, NULL },
	{ "pow", NULL, pow }, { "atan2", NULL, atan2 }, { "fmod", NULL, fmod },
	{ "hypot", NULL, hypot },
};

int
main(void)
{
	char line[128], name[16];
	unsigned long a, b;

	while (fgets(line, sizeof line, stdin) != NULL) {
		int n = sscanf(line, "%15s %lx %lx", name, &a, &b);
		double result = NAN;
		size_t i;
		for (i = 0; i < sizeof functions / sizeof functions[0]; i++)
			if (strcmp(functions[i].name, name) == 0)
				break;
		if (i == sizeof functions / sizeof functions[0] || n < 2) {
			printf("? %s", line);
			continue;
		}
		if (functions[i].f1 != NULL)
			result = functions[i].f1(from_bits(a));
		else if (n == 3)
			result = functions[i].f2(from_bits(a), from_bits(b));
		printf("%016lx\n", (unsigned long)to_bits(result));
	}
	return 0;
}
