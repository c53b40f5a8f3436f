/*
 * malloc() on top of mmap(), in the spirit of OpenBSD's.
 *
 * Every block starts with a 16-byte header that says what it is:
 *
 *   small blocks (block sizes 32, 64, ... 4096 bytes, header included)
 *	are cut from 64 KiB runs of pages, one size class per run, and
 *	kept on a free list per class when freed (never given back);
 *   large blocks (anything bigger) get an mmap() of their own, rounded
 *	up to whole pages, and are munmap()ed by free().
 *
 * A table of pages (a hash table, itself in mmap'ed memory) records
 * every page malloc got from the kernel and what it holds.  free() and
 * realloc() look the pointer up there before they trust its header: a
 * pointer malloc never returned, or one into the middle of a block,
 * stops the program with a message instead of corrupting memory; so
 * does freeing a block twice (its header says it is free already).
 * Freed small blocks are filled with 0xdf ("junk"), so that a program
 * that uses memory after freeing it sees nonsense soon.
 *
 * Threads: one lock guards the table and the free lists, taken only once
 * the process has a second thread.  mmap() and munmap() are called
 * without it, so threads that allocate large blocks at once meet in the
 * kernel (on their address space's map lock), not on malloc's lock.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "local.h"
#include "thread_private.h"

#define PAGE_SIZE	4096
#define RUN_SIZE	(16 * PAGE_SIZE)	/* one mmap for many small blocks */
#define MIN_BLOCK	32
#define NUM_CLASSES	8			/* 32, 64, ..., 4096 */
#define MAX_SMALL	(MIN_BLOCK << (NUM_CLASSES - 1))
#define LARGE		NUM_CLASSES		/* header.class of a large block */

#define MAGIC_USED	0x6d616c6cu		/* "mall" */
#define MAGIC_FREE	0x66726565u		/* "free" */
#define JUNK		0xdf

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
static __lock_t malloc_lock = __LOCK_INITIALIZER;

/* fork() holds the lock across the call, so the child's copy of the table
 * and lists is whole (no other thread was half way through a change). */
void
__malloc_lock(void)
{
	_THREAD_LOCK(&malloc_lock);
}

void
__malloc_unlock(void)
{
	_THREAD_UNLOCK(&malloc_lock);
}

/* --- the table of our pages ------------------------------------------------- */

/*
 * Open addressing: slot i holds a page address (0: empty, 1: deleted)
 * and its class (a small class for a page of a run; LARGE for the first
 * page of a large block).  The table is kept at most half full.
 */
struct page_entry {
	uintptr_t page;
	uint32_t class;
};

#define EMPTY	0
#define DELETED	1

static struct page_entry *table;
static size_t table_size, table_used;	/* slots; slots not EMPTY */

static void *map_pages(size_t len);

static size_t
slot_of(uintptr_t page, size_t size)
{
	/* pages are multiples of 4096: mix the bits above that */
	uint64_t h = (page >> 12) * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 32) & (size - 1);
}

static struct page_entry *
lookup(uintptr_t page)
{
	if (table == NULL)
		return NULL;
	for (size_t i = slot_of(page, table_size);; i = (i + 1) & (table_size - 1)) {
		if (table[i].page == page)
			return &table[i];
		if (table[i].page == EMPTY)
			return NULL;
	}
}

static void insert(uintptr_t page, uint32_t class);

/* A table twice as big, with the deleted slots left behind. */
static bool
grow_table(void)
{
	struct page_entry *old = table;
	size_t old_size = table_size;
	size_t size = old_size == 0 ? 512 : old_size * 2;
	struct page_entry *bigger = map_pages(size * sizeof *bigger);

	if (bigger == NULL)
		return false;
	table = bigger;		/* fresh anonymous memory is zero: all EMPTY */
	table_size = size;
	table_used = 0;
	for (size_t i = 0; i < old_size; i++)
		if (old[i].page > DELETED)
			insert(old[i].page, old[i].class);
	if (old != NULL)
		munmap(old, old_size * sizeof *old);
	return true;
}

static void
insert(uintptr_t page, uint32_t class)
{
	size_t i = slot_of(page, table_size);

	while (table[i].page > DELETED)
		i = (i + 1) & (table_size - 1);
	if (table[i].page == EMPTY)
		table_used++;
	table[i] = (struct page_entry){ page, class };
}

/* Record npages pages from `base`; false if the table cannot grow. */
static bool
record_pages(uintptr_t base, size_t npages, uint32_t class)
{
	while ((table_used + npages) * 2 > table_size)
		if (!grow_table())
			return false;
	for (size_t i = 0; i < npages; i++)
		insert(base + i * PAGE_SIZE, class);
	return true;
}

/* --- getting memory ----------------------------------------------------------- */

static void *
map_pages(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
	    -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* The smallest class whose blocks hold `total` bytes. */
static unsigned
class_for(size_t total)
{
	unsigned class = 0;

	while ((size_t)(MIN_BLOCK << class) < total)
		class++;
	return class;
}

/* Cut a fresh run of pages (mapped by the caller) into blocks of one
 * class; false if the table cannot record it.  Called locked. */
static bool
refill(unsigned class, char *run)
{
	size_t block = MIN_BLOCK << class;

	if (!record_pages((uintptr_t)run, RUN_SIZE / PAGE_SIZE, class))
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
	_THREAD_LOCK(&malloc_lock);
	while (free_lists[class] == NULL) {
		/* map a run unlocked; another thread may refill meanwhile */
		_THREAD_UNLOCK(&malloc_lock);
		char *run = map_pages(RUN_SIZE);
		if (run == NULL)
			return NULL;
		_THREAD_LOCK(&malloc_lock);
		if (!refill(class, run)) {
			_THREAD_UNLOCK(&malloc_lock);
			munmap(run, RUN_SIZE);
			return NULL;
		}
	}
	struct free_block *b = free_lists[class];
	free_lists[class] = b->next;
	b->header.magic = MAGIC_USED;
	_THREAD_UNLOCK(&malloc_lock);
	return &b->header;
}

static struct header *
alloc_large(size_t total)
{
	size_t len = (total + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
	struct header *h = map_pages(len);

	if (h == NULL)
		return NULL;
	*h = (struct header){ MAGIC_USED, LARGE, len };
	_THREAD_LOCK(&malloc_lock);
	bool recorded = record_pages((uintptr_t)h, 1, LARGE);
	_THREAD_UNLOCK(&malloc_lock);
	if (!recorded) {
		munmap(h, len);
		return NULL;
	}
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
	return h + 1;
}

/*
 * The header of a block malloc() gave out, checked: its page must be
 * one of ours, it must start a block of that page's class, and the
 * block must be in use.  Called locked.
 */
static struct header *
header_of(void *ptr, const char *who)
{
	uintptr_t h_addr = (uintptr_t)ptr - sizeof(struct header);
	struct page_entry *e = lookup(h_addr & ~(uintptr_t)(PAGE_SIZE - 1));

	if (e == NULL ||
	    (e->class == LARGE ? h_addr % PAGE_SIZE != 0 :
	    h_addr % (MIN_BLOCK << e->class) != 0)) {
		__libc_fatal(who[0] == 'f' ? "free(): not a block from malloc()" :
		    "realloc(): not a block from malloc()");
	}
	struct header *h = (struct header *)h_addr;
	if (h->magic == MAGIC_FREE)
		__libc_fatal(who[0] == 'f' ? "free(): block freed twice" :
		    "realloc(): block already freed");
	if (h->magic != MAGIC_USED || h->class != e->class)
		__libc_fatal("malloc: a block's header was overwritten");
	return h;
}

void
free(void *ptr)
{
	if (ptr == NULL)
		return;
	_THREAD_LOCK(&malloc_lock);
	struct header *h = header_of(ptr, "free");

	if (h->class == LARGE) {
		struct page_entry *e = lookup((uintptr_t)h);
		e->page = DELETED;
		h->magic = MAGIC_FREE;
		_THREAD_UNLOCK(&malloc_lock);
		munmap(h, h->size);	/* ours alone now: no lock needed */
		return;
	}
	struct free_block *b = (struct free_block *)h;
	memset(b + 1, JUNK, h->size - sizeof *b);
	h->magic = MAGIC_FREE;
	b->next = free_lists[h->class];
	free_lists[h->class] = b;
	_THREAD_UNLOCK(&malloc_lock);
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
		memset(p, 0, nmemb * size);	/* reused blocks are junk */
	return p;
}

void *
realloc(void *ptr, size_t size)
{
	if (ptr == NULL)
		return malloc(size);
	_THREAD_LOCK(&malloc_lock);
	size_t room = header_of(ptr, "realloc")->size - sizeof(struct header);
	_THREAD_UNLOCK(&malloc_lock);

	if (size <= room)	/* it fits already: keep the block */
		return ptr;
	void *bigger = malloc(size);
	if (bigger != NULL) {
		memcpy(bigger, ptr, room);
		free(ptr);
	}
	return bigger;
}
