/*
 * Thread information blocks and static thread-local storage (OpenBSD's
 * libc/thread/rthread_tib.c and the static half of ld.so's TLS code).
 *
 * A program's _Thread_local variables are the linker's PT_TLS segment:
 * an initialisation image (.tdata, p_filesz bytes) followed by zeros
 * (.tbss, up to p_memsz).  Each thread gets its own copy, placed just
 * below its TIB:
 *
 *	 TIB - tls_size                 TIB (thread pointer, %fs:0)
 *	 | .tdata image | zeros ...     | struct tib |
 *
 * where tls_size is p_memsz rounded up to the segment's alignment and
 * the TIB is aligned as the segment asks.  That is what the compiler's
 * local-exec code expects (`mov %fs:0, %rax; mov -OFFSET(%rax), ...`,
 * OFFSET fixed by the linker), so no code runs on a TLS access.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "thread_private.h"

#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHNUM	5
#define PT_TLS		7

struct elf64_phdr {		/* Elf64_Phdr */
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

static const void *tls_image;	/* .tdata in the executable's memory */
static size_t tls_filesz;	/* bytes of tls_image */
static size_t tls_size;		/* the block below each TIB */
static size_t tls_align = _Alignof(struct tib);

void __set_tcb(void *tcb);

static size_t
round_up(size_t n, size_t align)
{
	return (n + align - 1) & ~(align - 1);
}

/* Where the TIB goes in `len` bytes at `base`, its TLS block below it,
 * made ready: the .tdata image copied, the rest zero. */
static struct tib *
init_tib(char *base, size_t len)
{
	char *tls = (char *)round_up((uintptr_t)base, tls_align);
	struct tib *tib = (struct tib *)(tls + tls_size);

	if ((char *)(tib + 1) > base + len)
		return NULL;
	memset(tls, 0, tls_size + sizeof *tib);
	memcpy(tls, tls_image, tls_filesz);
	tib->tib_self = tib;
	tib->tib_alloc = base;
	return tib;
}

/* Bytes to allocate for a TIB and its TLS block, alignment included. */
static size_t
tib_space(void)
{
	return tls_align - 1 + tls_size + sizeof(struct tib);
}

/*
 * At process start, __start's first call: find PT_TLS among the program
 * headers that the auxiliary vector points to.  The bytes the main
 * thread's TIB needs.
 */
size_t
__static_tls_size(const long *auxv)
{
	const struct elf64_phdr *phdr = NULL;
	long phnum = 0;

	for (; auxv[0] != AT_NULL; auxv += 2) {
		if (auxv[0] == AT_PHDR)
			phdr = (const struct elf64_phdr *)auxv[1];
		else if (auxv[0] == AT_PHNUM)
			phnum = auxv[1];
	}
	for (long i = 0; phdr != NULL && i < phnum; i++) {
		if (phdr[i].p_type != PT_TLS || phdr[i].p_memsz == 0)
			continue;
		tls_image = (const void *)phdr[i].p_vaddr;
		tls_filesz = phdr[i].p_filesz;
		if (phdr[i].p_align > tls_align)
			tls_align = phdr[i].p_align;
		tls_size = round_up(phdr[i].p_memsz, tls_align);
	}
	return tib_space();
}

/*
 * Give the main thread its TIB, in `space` (len bytes from
 * __static_tls_size(): __start's own frame, which lives as long as the
 * process), or in pages of its own if space is NULL (a TLS segment too
 * big for the stack).  Nothing may touch errno or a _Thread_local before.
 */
void
__static_tls_init(char *space, size_t len)
{
	if (space == NULL) {
		/* a TIB without TLS meanwhile: mmap's failure sets errno */
		static struct tib bootstrap = { .tib_self = &bootstrap };
		__set_tcb(&bootstrap);
		space = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON,
		    -1, 0);
		if (space == MAP_FAILED)
			_exit(127);	/* no memory for even one thread */
	}
	__set_tcb(init_tib(space, len));
}

/* A new thread's TIB and TLS block (from malloc), or NULL. */
struct tib *
__allocate_tib(void)
{
	size_t len = tib_space();
	char *space = malloc(len);

	return space != NULL ? init_tib(space, len) : NULL;
}

void
__free_tib(struct tib *tib)
{
	free(tib->tib_alloc);
}

int *
__errno(void)
{
	return &TIB_GET()->tib_errno;
}
