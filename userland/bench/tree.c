/*
 * tree DEPTH: a malloc-heavy workload (the shape of the binary-trees
 * benchmark): many short-lived complete binary trees of 2^d - 1 nodes for
 * d = 4, 6, ... DEPTH, each built with malloc, walked and freed, beside
 * one long-lived tree of depth DEPTH.  Every node is a malloc and a free;
 * the two sides use their own C library's allocator.
 */
#include <stdio.h>

#include "bench.h"

struct node {
	struct node *left, *right;
	long value;
};

static struct node *build(int depth, long value)
{
	struct node *n = malloc(sizeof *n);
	if (n == NULL) {
		printf("tree: out of memory\n");
		exit(1);
	}
	n->value = value;
	if (depth > 1) {
		n->left = build(depth - 1, 2 * value);
		n->right = build(depth - 1, 2 * value + 1);
	} else {
		n->left = n->right = NULL;
	}
	return n;
}

/* The sum of the values, and free the tree. */
static long walk_and_free(struct node *n)
{
	if (n == NULL)
		return 0;
	long sum = n->value + walk_and_free(n->left) + walk_and_free(n->right);
	free(n);
	return sum;
}

int main(int argc, char **argv)
{
	int depth = (int)bench_arg(argc, argv, 1, 16);
	long total = 0, kept = 0;
	unsigned long nodes = 0;

	BENCH_TIMED({
		struct node *keep = build(depth, 1);
		for (int d = 4; d <= depth; d += 2) {
			int rounds = 1 << (depth - d);
			for (int r = 0; r < rounds; r++) {
				total += walk_and_free(build(d, r));
				nodes += (1UL << d) - 1;
			}
		}
		kept = walk_and_free(keep);
	});
	printf("tree: depth %d, %lu short-lived nodes, sum %ld, kept %ld\n",
	    depth, nodes, total, kept);
	return 0;
}
