"""More of the "vm" suite (its zero-fill figure is in core.py): copy-on-write
faults and mmap+munmap pairs.  Like the proc suite, each has the virtual
time of the same runs as its second row (see proc.py), not a bare-Unicorn
floor."""

from isa.x86 import PAGE_SIZE

from .suite import Result, benchmark, scaled
from .proc import VIRTUAL, per_operation

COW_PAGES = 16384               # 64 MiB
MMAP_PAIRS = 10000
MMAP_MEMORY = 16 << 20


def _rates(name, unit, host, virtual, params):
    """A Result in thousands a second, from seconds an operation."""
    return Result(name, unit, True, [1e-3 / s for s in host],
                  {VIRTUAL: [1e-3 / s for s in virtual]}, params=params)


@benchmark("vm")
def cow_fault_rate(repeat, scale=1.0):
    """Copy-on-write faults per second (thousands).  /usr/bench/cow N: the
    parent writes a byte to each of N pages of a fresh anonymous mapping
    and forks (untimed); the child writes a byte to each page again
    between its markers, so each write is a write fault on a page shared
    with the parent: a new page, a 4 KiB copy, the PTE (N faults, a
    C loop of a few instructions a page besides).  Host wall time and
    virtual time of the same runs."""
    pages = scaled(COW_PAGES, scale)
    memory = ((2 * pages * PAGE_SIZE + (32 << 20)) >> 21) << 21
    host, virtual = per_operation("cow", [pages], memory, repeat, pages)
    return _rates("copy-on-write faults", "k faults/s", host, virtual,
                  {"pages": pages, "memory": memory})


@benchmark("vm")
def mmap_munmap_rate(repeat, scale=1.0):
    """mmap+munmap pairs per second (thousands).  /usr/bench/mmapunmap N:
    N times mmap one anonymous read-write page, write a byte to it (one
    zero-fill fault) and munmap it.  Host wall time and virtual time of
    the same runs."""
    n = scaled(MMAP_PAIRS, scale)
    host, virtual = per_operation("mmapunmap", [n], MMAP_MEMORY, repeat, n)
    return _rates("mmap+munmap pairs", "k pairs/s", host, virtual, {"pairs": n})
