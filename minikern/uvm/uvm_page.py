"""uvm_page: the machine-independent view of physical pages.

isa.physmem hands out frames; this layer keeps uvm's accounting
(uvmexp: free, active, wired) and a reference count per page, so a page
shared by several owners (the shared zero page, a page-cache page mapped
by many processes) is freed only when the last owner lets go.
"""

from array import array

from isa.x86 import PAGE_SHIFT

from ..sys.clock import COST_PAGE_ALLOC, COST_PAGE_ZERO
from ..sys.lock import Lock, mtx_enter, mtx_leave


class UvmExp:
    """Counters shown by `stats` and checked by the invariant checker
    (OpenBSD's struct uvmexp)."""

    def __init__(self, npages):
        self.npages = npages
        self.active = 0         # pages owned by anons and objects
        self.wired = 0          # kernel pages: page tables, GDT, stacks
        self.faults = 0
        self.zero_fills = 0
        self.cow_copies = 0
        self.oom_kills = 0
        self.map_entries = 0            # vm_map entries of every map
        self.map_entries_max = npages // 2  # their limit: one per two pages


class PageAllocator:
    def __init__(self, phys, kernel=None):
        self.phys = phys
        self.kernel = kernel
        self.uvmexp = UvmExp(phys.nframes)
        self.refs = array("I", bytes(4 * phys.nframes))
        # The zero page: what a read fault in a file's hole maps, read-only
        # and never written.  Wired, like the kernel's own pages.
        self.zero_page = phys.alloc_zeroed_frame()
        # The free list's mutex (OpenBSD's uvm.fpageqlock): the one lock
        # every core's anonymous page faults share.
        self.fpageq = Lock(kernel, "uvm_fpageq") if kernel is not None else None

    @property
    def free(self):
        return self.phys.free_count

    def alloc(self, zero=True):
        """uvm_pagealloc: a page with one reference, or None if memory is
        exhausted.  The free list is locked only to take the page; it is
        zeroed after (charged to the core, outside the lock)."""
        fpageq = self.fpageq
        if fpageq is None:
            pa = self.phys.alloc_zeroed_frame() if zero else self.phys.alloc_frame()
        else:
            mtx_enter(fpageq)
            ci = self.kernel.curcpu
            if ci is not None:
                ci.kernel_cycles += COST_PAGE_ALLOC
            pa = self.phys.alloc_frame(zero)
            mtx_leave(fpageq)
            if zero and ci is not None:
                ci.kernel_cycles += COST_PAGE_ZERO    # done outside the lock
        if pa is None:
            return None
        self.refs[pa >> PAGE_SHIFT] = 1
        self.uvmexp.active += 1
        return pa

    def unref(self, pa):
        """Drop one reference; the page is freed with the last one."""
        frame = pa >> PAGE_SHIFT
        left = self.refs[frame] - 1
        self.refs[frame] = left
        if left == 0:
            self.phys.free_frame(pa)
            self.uvmexp.active -= 1
        elif left < 0:
            raise RuntimeError(f"page {pa:#x} released more often than taken")
