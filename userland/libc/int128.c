/*
 * 128-bit division, which x86-64 has no instruction for: the compiler
 * turns `a / b` and `a % b` on __int128 into calls to these functions
 * (normally from its runtime library, compiler-rt or libgcc, which a
 * -nostdlib program does not link).  Only shifts, compares and
 * subtractions are used here, so nothing calls back into itself.
 */

typedef unsigned __int128 u128;
typedef __int128 s128;

/* Schoolbook binary long division; *rem gets a % b. */
static u128
udivmod(u128 a, u128 b, u128 *rem)
{
	if (b == 0)
		__builtin_trap();	/* dividing by zero is undefined in C */
	if ((a >> 64) == 0 && (b >> 64) == 0) {		/* the common case */
		unsigned long long x = a, y = b;
		*rem = x % y;
		return x / y;
	}
	u128 quotient = 0, remainder = 0;
	for (int bit = 127; bit >= 0; bit--) {
		remainder = remainder << 1 | ((a >> bit) & 1);
		if (remainder >= b) {
			remainder -= b;
			quotient |= (u128)1 << bit;
		}
	}
	*rem = remainder;
	return quotient;
}

u128 __udivti3(u128 a, u128 b);
u128 __umodti3(u128 a, u128 b);
s128 __divti3(s128 a, s128 b);
s128 __modti3(s128 a, s128 b);

u128
__udivti3(u128 a, u128 b)
{
	u128 rem;

	return udivmod(a, b, &rem);
}

u128
__umodti3(u128 a, u128 b)
{
	u128 rem;

	udivmod(a, b, &rem);
	return rem;
}

/* Magnitudes as unsigned (so the most negative value works too). */
static u128
magnitude(s128 x)
{
	return x < 0 ? -(u128)x : (u128)x;
}

/* C rounds the quotient toward zero; the remainder has a's sign. */
s128
__divti3(s128 a, s128 b)
{
	u128 rem;
	u128 q = udivmod(magnitude(a), magnitude(b), &rem);

	return (a < 0) != (b < 0) ? -(s128)q : (s128)q;
}

s128
__modti3(s128 a, s128 b)
{
	u128 rem;

	udivmod(magnitude(a), magnitude(b), &rem);
	return a < 0 ? -(s128)rem : (s128)rem;
}
