"""Virtual time.

Every core has a clock in cycles.  Guest code costs one cycle per
instruction retired (IPC 1; Unicorn tells us how many ran).  Kernel work
is Python here, so its cost is charged from published figures for real
x86-64 hardware at 3 GHz instead of being measured on the host:

  COST_SYSCALL   syscall + sysret round trip with a trivial handler:
                 ~70 ns on recent Intel/AMD cores without speculative-
                 execution mitigations (lmbench "null syscall" 0.05-0.1 us).
  COST_TRAP      exception entry and iretq for a page fault, before any
                 VM work: ~0.25 us.
  COST_UVM_FAULT the fault handler's own work (map lookup, amap and anon
                 bookkeeping): a minor fault costs ~0.5 us in total on
                 current kernels (Linux and BSD measurements agree).
  COST_PAGE_ZERO clearing 4 KiB that is not in the cache, at the ~10 GB/s
                 one core can write to DRAM: ~0.4 us.
  COST_PAGE_COPY copying 4 KiB (read and write): ~0.8 us.
  COST_PTE       writing one PTE, with its cache miss: ~30 cycles.
  COST_SWITCH    a context switch (save + restore + CR3 load): ~2 us
                 measured by lmbench lat_ctx for small processes.
  COST_LOCK      an uncontended lock: one atomic instruction, ~20 cycles.
  COST_MAP_ENTRY allocating and inserting a map entry: ~0.1 us (pool
                 allocation plus a red-black tree insert).
  COST_PAGE_ALLOC taking a page off the free list under its mutex: ~20 ns.
  COPY_BYTES_PER_CYCLE  copyin/copyout move ~8 bytes a cycle (memcpy of
                 cached data).

The CPU frequency that turns cycles into nanoseconds is CPU_HZ.

Virtual time has an end, MAXTIME: 2**62 cycles, about 48.7 years after
boot.  Only sleeping can carry the clocks that far (the guest would need
decades of computing), so a sleep that would end later is clamped to end
there.  Below it every time the kernel packs fits in 64 bits with room to
spare: cycle counts (signed), nanoseconds of uptime, and CLOCK_REALTIME in
nanoseconds for any boot time before the year 2200.
"""

CPU_HZ = 3_000_000_000
MAXTIME = 1 << 62

COST_SYSCALL = 210
COST_TRAP = 750
COST_UVM_FAULT = 1500
COST_PAGE_ZERO = 1200
COST_PAGE_COPY = 2400
COST_PTE = 30
COST_SWITCH = 6000
COST_LOCK = 20          # an uncontended atomic read-modify-write
COST_MAP_ENTRY = 300    # allocating and linking a vm_map_entry
COST_PAGE_ALLOC = 60    # taking a page off the free list
COPY_BYTES_PER_CYCLE = 8


def charge(kernel, cycles):
    """Add the cost of some kernel work to the core doing it (none when
    the work happens outside any core, at boot)."""
    ci = kernel.curcpu
    if ci is not None:
        ci.kernel_cycles += cycles


def cycles_to_ns(cycles):
    return cycles * 1_000_000_000 // CPU_HZ
