/*
 * blockclock: deterministic time slices without counting every instruction.
 *
 * Unicorn's `count` argument to emu_start makes the emulator call a helper
 * before every guest instruction; that costs most of its speed.  Instead,
 * a UC_HOOK_BLOCK callback (this file, called by translated code at the
 * start of every translation block) charges the block's instructions to the
 * running slice, and stops the core at the start of the first block after
 * the slice's budget is spent.  So a slice may run a few instructions past
 * its budget (never past the end of the block it was in), always the same
 * ones for the same program: virtual time stays deterministic.
 *
 * The hook is given the block's address and size in bytes, not how many
 * instructions it holds.  That number (the translation block's icount)
 * comes from Unicorn's uc_ctl(UC_CTL_TB_REQUEST_CACHE) and is cached here
 * per block, tagged with what the Python side says identifies the code
 * (the address space and the translation-flush epoch, see isa/cpu.py).
 *
 * A block that does not run to its end (a page fault in its middle) was
 * charged whole; blockclock_unrun() gives back what did not run.
 *
 * This library calls nothing by name: the two Unicorn functions it needs
 * arrive as pointers in the struct, so it links without Unicorn's headers
 * or library.  Built with zig cc by isa/blockclock.py.
 */
#include <stdint.h>

#define CACHE_SLOTS 8192                /* a power of two */
#define UC_CTL_TB_REQUEST_CACHE 8
#define UC_CTL_IO_READ_WRITE 3
#define TB_REQUEST (UC_CTL_TB_REQUEST_CACHE | (2u << 26) | (UC_CTL_IO_READ_WRITE << 30))
#define NO_BLOCK 0                      /* last_end when no block is open */
#define UNKNOWN UINT64_MAX

struct uc_tb {                          /* unicorn.h's uc_tb */
	uint64_t pc;
	uint16_t icount;
	uint16_t size;
};

typedef int (*uc_ctl_fn)(void *uc, uint32_t control, ...);
typedef int (*uc_emu_stop_fn)(void *uc);

struct cached_block {
	uint64_t pc;
	uint64_t tag;
	uint32_t size;
	uint32_t icount;
};

struct blockclock {
	uint64_t retired;       /* instructions charged in this run */
	uint64_t budget;        /* stop at the first block start past it */
	uint64_t tag;           /* the code's identity: cache entries match it */
	uint64_t last_pc;       /* the block charged last, [last_pc, last_end) */
	uint64_t last_end;
	uint64_t last_icount;
	uint64_t last_tag;      /* the tag when it was charged */
	uint64_t misses;        /* icount requests to Unicorn (cache misses) */
	uc_emu_stop_fn emu_stop;
	uc_ctl_fn ctl;
	struct cached_block cache[CACHE_SLOTS];
};

static uint32_t icount_of(void *uc, struct blockclock *c, uint64_t pc)
{
	struct uc_tb tb;
	c->misses++;
	if (c->ctl(uc, TB_REQUEST, pc, &tb) != 0 || tb.icount == 0)
		return 1;       /* cannot happen for a block that runs */
	return tb.icount;
}

/* The UC_HOOK_BLOCK callback (unicorn.h's uc_cb_hookcode_t). */
void blockclock_hook(void *uc, uint64_t pc, uint32_t size, void *user_data)
{
	struct blockclock *c = user_data;
	struct cached_block *e;

	if (c->retired >= c->budget) {
		/* The slice is over.  Stopping here, before the block's first
		 * instruction, means none of it runs; the block before it ran
		 * to its end (it ended in a jump to here). */
		c->last_end = NO_BLOCK;
		c->emu_stop(uc);
		return;
	}
	if (pc == c->last_pc && pc + size == c->last_end && c->tag == c->last_tag) {
		/* The block that just ran, again (a loop's body): the count
		 * is at hand, no cache lookup needed. */
		c->retired += c->last_icount;
		return;
	}
	e = &c->cache[((pc * 0x9E3779B97F4A7C15ull) >> 51) & (CACHE_SLOTS - 1)];
	if (e->pc != pc || e->size != size || e->tag != c->tag) {
		e->icount = icount_of(uc, c, pc);
		e->pc = pc;
		e->size = size;
		e->tag = c->tag;
	}
	c->retired += e->icount;
	c->last_pc = pc;
	c->last_end = pc + size;
	c->last_icount = e->icount;
	c->last_tag = c->tag;
}

/*
 * Execution stopped before the instruction at rip ran (a fault, an invalid
 * opcode, a breakpoint): take back the instructions of the last block from
 * rip to its end, which were charged but did not run, and return how many.
 * 0 when rip is not inside the last block (the block ran to its end).
 * UNKNOWN when the block from rip ends elsewhere than the charged one (a
 * block cut at Unicorn's size limit): the caller counts them itself and
 * calls blockclock_take_back().
 */
uint64_t blockclock_unrun(void *uc, struct blockclock *c, uint64_t rip)
{
	struct uc_tb tb;
	uint64_t n;

	if (c->last_end == NO_BLOCK || rip < c->last_pc || rip >= c->last_end)
		return 0;
	if (rip == c->last_pc) {
		n = c->last_icount;
	} else {
		c->misses++;
		if (c->ctl(uc, TB_REQUEST, rip, &tb) != 0 || rip + tb.size != c->last_end)
			return UNKNOWN;
		n = tb.icount;
	}
	c->retired -= n;
	c->last_end = NO_BLOCK;
	return n;
}

void blockclock_take_back(struct blockclock *c, uint64_t n)
{
	c->retired -= n;
	c->last_end = NO_BLOCK;
}
