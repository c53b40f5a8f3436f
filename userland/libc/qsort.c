/*
 * qsort() as a heapsort: O(n log n) even for the inputs that make a
 * plain quicksort quadratic, no recursion, no memory of its own.
 */
#include <stdlib.h>

static void
swap_bytes(char *a, char *b, size_t size)
{
	while (size-- > 0) {
		char t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

/* Let element `root` sink until the heap of `n` elements is in order
 * again: every parent no smaller than its children. */
static void
sift_down(char *base, size_t root, size_t n, size_t size,
    int (*compar)(const void *, const void *))
{
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n &&
		    compar(base + child * size, base + (child + 1) * size) < 0)
			child++;		/* the bigger child */
		if (compar(base + root * size, base + child * size) >= 0)
			return;
		swap_bytes(base + root * size, base + child * size, size);
		root = child;
	}
}

void
qsort(void *base, size_t nmemb, size_t size,
    int (*compar)(const void *, const void *))
{
	char *b = base;

	if (nmemb < 2)
		return;
	for (size_t i = nmemb / 2; i-- > 0;)		/* build the heap */
		sift_down(b, i, nmemb, size, compar);
	for (size_t end = nmemb - 1; end > 0; end--) {
		swap_bytes(b, b + end * size, size);	/* largest to the end */
		sift_down(b, 0, end, size, compar);
	}
}
