/*
 * malloc() on top of mmap().
 *
 * Every block starts with a 16-byte header that says what it is:
 *
 *   small blocks (block sizes 32, 64, ... 4096 bytes, header included)
 *	are cut from 64 KiB runs of pages, one size class per run, and
 *	kept on a free list per class when freed (never given back);
 *   large blocks (anything bigger) get an mmap() of their own, rounded
 *	up to whole pages, and are munmap()ed by free().
 *
 * The header also holds a magic number, so free() of a pointer malloc()
 * never returned, or of one freed already, stops the program with a
 * message instead of corrupting memory silently.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "local.h"

#define PAGE_SIZE	4096
#define RUN_SIZE	(16 * PAGE_SIZE)	/* one mmap for many small blocks */
#define MIN_BLOCK	32
#define NUM_CLASSES	8			/* 32, 64, ..., 4096 */
#define MAX_SMALL	(MIN_BLOCK << (NUM_CLASSES - 1))
#define LARGE		NUM_CLASSES		/* header.class of a large block */

#define MAGIC_USED	0x6d616c6cu		/* "mall" */
#define MAGIC_FREE	0x66726565u		/* "free" */

struct header {
	uint32_t magic;
	uint32_t class;		/* size class, or LARGE */
	size_t size;		/* bytes in the block, header included */
};				/* 16 bytes: keeps the data 16-aligned */

/* A free small block: the header, then the link to the next free one. */
struct free_block {
	struct header header;
	struct free_block *next;
};

static struct free_block *free_lists[NUM_CLASSES];

/* The smallest class whose blocks hold `total` bytes. */
static unsigned
class_for(size_t total)
{
	unsigned class = 0;

	while ((size_t)(MIN_BLOCK << class) < total)
		class++;
	return class;
}

static void *
map_pages(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Cut a fresh run of pages into blocks of one class. */
static bool
refill(unsigned class)
{
	size_t block = MIN_BLOCK << class;
	char *run = map_pages(RUN_SIZE);

	if (run == NULL)
		return false;
	for (size_t off = 0; off + block <= RUN_SIZE; off += block) {
		struct free_block *b = (struct free_block *)(run + off);
		b->header = (struct header){ MAGIC_FREE, class, block };
		b->next = free_lists[class];
		free_lists[class] = b;
	}
	return true;
}

static struct header *
alloc_small(unsigned class)
{
	if (free_lists[class] == NULL && !refill(class))
		return NULL;
	struct free_block *b = free_lists[class];
	free_lists[class] = b->next;
	return &b->header;
}

static struct header *
alloc_large(size_t total)
{
	size_t len = (total + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
	struct header *h = map_pages(len);

	if (h != NULL)
		*h = (struct header){ 0, LARGE, len };
	return h;
}

void *
malloc(size_t size)
{
	if (size > SIZE_MAX / 2) {	/* no address space is that big */
		errno = ENOMEM;
		return NULL;
	}
	size_t total = size + sizeof(struct header);
	struct header *h = total <= MAX_SMALL ?
	    alloc_small(class_for(total)) : alloc_large(total);

	if (h == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	h->magic = MAGIC_USED;
	return h + 1;
}

/* The header of a block malloc() gave out, checked. */
static struct header *
header_of(void *ptr)
{
	struct header *h = (struct header *)ptr - 1;

	if (h->magic == MAGIC_FREE)
		__libc_fatal("free(): block freed twice");
	if (h->magic != MAGIC_USED || h->class > LARGE)
		__libc_fatal("free(): not a block from malloc()");
	return h;
}

void
free(void *ptr)
{
	if (ptr == NULL)
		return;
	struct header *h = header_of(ptr);

	if (h->class == LARGE) {
		munmap(h, h->size);
		return;
	}
	struct free_block *b = (struct free_block *)h;
	h->magic = MAGIC_FREE;
	b->next = free_lists[h->class];
	free_lists[h->class] = b;
}

void *
calloc(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = malloc(nmemb * size);

	if (p != NULL)
		memset(p, 0, nmemb * size);	/* reused blocks are dirty */
	return p;
}

void *
realloc(void *ptr, size_t size)
{
	if (ptr == NULL)
		return malloc(size);
	size_t room = header_of(ptr)->size - sizeof(struct header);

	if (size <= room)	/* it fits already: keep the block */
		return ptr;
	void *bigger = malloc(size);
	if (bigger != NULL) {
		memcpy(bigger, ptr, room);
		free(ptr);
	}
	return bigger;
}
