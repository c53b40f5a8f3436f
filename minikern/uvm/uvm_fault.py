"""uvm_fault: resolve a page fault in a process's address space.

Called from trap() when the CPU raised #PF at CPL 3, and from copyin/
copyout when the kernel touches a user page that is not mapped yet.
The result is a real x86-64 PTE that the emulated MMU walks when the
faulting instruction is retried.

Two layers, as in OpenBSD's uvm_fault.c (uvm_fault_upper and
uvm_fault_lower there and here):
  upper  the entry's amap: anonymous pages (anons).  An anon shared with
         another process after fork is mapped read-only and copied on the
         first write (copy-on-write).
  lower  the entry's uvm_object (a file): its page-cache pages.  A shared
         mapping maps them as they are; a private mapping maps them
         read-only and, on a write, "promotes" a copy into a new anon.
         A read of a hole in the file maps the shared zero page.
         With no object and no anon, the page is a zero-fill (OpenBSD's
         uvm_fault_lower with uobj NULL); that case, the commonest fault,
         is uvm_fault_zerofill here.
"""

from isa.pmap import PROT_WRITE, PmapOutOfMemory, pmap_is_mapped
from isa.x86 import PAGE_MASK, PAGE_SHIFT

from ..sys.errno import Errno, EFAULT, EACCES, ENOMEM
from ..sys.clock import COST_PTE, COST_PAGE_COPY, COST_UVM_FAULT, charge
from ..sys.lock import KERNEL_LOCK, KERNEL_UNLOCK, RW_READ, RW_WRITE, Lock, rw_enter, rw_exit
from ..sys.tracepoint import TP_UVM_FAULT, TP_UVM_FAULT_ENTRY, TP_UVM_FAULT_AHEAD
from .uvm_amap import Amap
from .uvm_anon import Anon
from ..sys.mman import MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL

# How each fault was resolved (the result of the uvm:fault tracepoint).
ZERO_FILL, COW, OBJ_PAGE, PROMOTE, REMAP = "zero-fill", "cow", "object", "promote", "remap"
HOLE = "hole"       # a file's hole read: the shared zero page, read-only


def uvm_fault(vm, va, access):
    """Make va accessible for access (a PROT_* bit) or raise Errno:
    EFAULT (no entry), EACCES (entry forbids the access), ENOMEM (no page
    for the data or for a page table: the caller calls uvm_oom).

    Locking, as in OpenBSD after s2k15: anonymous memory needs only the
    map lock (shared).  An object's pages (files) also need the kernel
    lock, which comes before the map lock in the lock order; a fault that
    finds it needs the kernel lock lets go of the map, takes the kernel
    lock, and starts over."""
    if TP_UVM_FAULT_ENTRY.listeners:
        TP_UVM_FAULT_ENTRY.fire(vm.map.pages.kernel, vm, va, access)
    lock = vm.map.lock
    if lock is None:
        return _fault_or_enomem(vm, va, access)
    kernel = vm.map.pages.kernel
    # LAB s2k15 BEGIN: first try under the map lock alone (shared); return if _fault needed no kernel lock
    rw_enter(lock, RW_READ)
    try:
        done = _fault(vm, va, access, kernel.kernel_lock.holder is kernel.curcpu)
    except PmapOutOfMemory:
        raise Errno(ENOMEM) from None
    finally:
        rw_exit(lock)
    if done:
        return
    # LAB s2k15 STARTER
    #| # Before s2k15 every fault, anonymous or not, took the kernel lock.
    # LAB s2k15 END
    KERNEL_LOCK(kernel)
    try:
        rw_enter(lock, RW_READ)
        try:
            _fault_or_enomem(vm, va, access)
        finally:
            rw_exit(lock)
    finally:
        KERNEL_UNLOCK(kernel)


def _fault_or_enomem(vm, va, access):
    """A fault that may take the kernel lock.  No page for a page table is
    ENOMEM like no page for the data: what the fault already did (a new
    anon, a page read in) stays consistent, and the retry finds it."""
    try:
        _fault(vm, va, access, True)
    except PmapOutOfMemory:
        raise Errno(ENOMEM) from None


def _fault(vm, va, access, kernel_locked):
    """One attempt.  False if it must be retried under the kernel lock."""
    vmap = vm.map
    entry = vmap.lookup(va)
    if entry is None:
        raise Errno(EFAULT)
    # LAB lazy BEGIN: refuse an access the entry does not allow (EACCES)
    if access & ~entry.prot:
        raise Errno(EACCES)
    # LAB lazy STARTER
    # LAB lazy END
    pages = vmap.pages
    va &= ~PAGE_MASK
    amap = entry.amap
    if amap is None:
        amap = entry.amap = Amap()
    lock = vmap.lock
    # The amap's lock only if another core may be in it (_amap_lock); the
    # test is inline: this is the path of every fault.
    alock = None if amap.refs == 1 and (lock is None or lock.private) \
        else _amap_lock(vmap, amap)
    if alock is not None:
        rw_enter(alock, RW_WRITE)
    try:
        slot = entry.amap_slot + ((va - entry.start) >> PAGE_SHIFT)
        anon = amap.slots.get(slot)
        if anon is None and entry.obj is not None:
            if not kernel_locked:
                return False
            pages.uvmexp.faults += 1
            how = uvm_fault_lower(vm, entry, va, access, amap, slot)
        elif anon is None:
            pages.uvmexp.faults += 1
            how = uvm_fault_zerofill(vm, entry, va, access, amap, slot)
        else:
            pages.uvmexp.faults += 1
            how = uvm_fault_upper(vm, entry, va, access, amap, slot, anon)
    finally:
        if alock is not None:
            rw_exit(alock)
    kernel = pages.kernel
    if how is not ZERO_FILL and how is not HOLE and entry.advice != MADV_RANDOM:
        if TP_UVM_FAULT_AHEAD.listeners:
            TP_UVM_FAULT_AHEAD.fire(kernel, vm, va)
        _fault_ahead(vm, entry, va)
    ci = kernel.curcpu if kernel is not None else None
    if ci is not None:
        ci.kernel_cycles += COST_UVM_FAULT + COST_PTE
    if TP_UVM_FAULT.listeners:
        TP_UVM_FAULT.fire(kernel, vm, va, access, how)
    return True


def _amap_lock(vmap, amap):
    """The lock of amap (OpenBSD's amap_lock, "amaplk") if another core
    may be in it at the same time: its process has several threads (its
    map lock, taken shared by faults, is then contended) or the amap is
    shared with another process (MAP_SHARED over fork).  A one-thread
    process's own amap is covered by its map lock: no lock, and no cost,
    on the commonest fault."""
    if vmap.lock is None:
        return None                 # no kernel: a map built by a test
    if amap.lock is None:
        amap.lock = Lock(vmap.pages.kernel, "amaplk", "rwlock")
    return amap.lock


def uvm_fault_zerofill(vm, entry, va, access, amap, slot):
    """Zero-fill on demand, the commonest fault: the first touch of a page
    of anonymous memory (mmap'd, the stack, bss).  uvm_mmapanon only
    recorded the range; the page is made now, for this address alone."""
    # LAB lazy BEGIN: give va a fresh page of zeros: an anon in the amap, a PTE
    pages = vm.map.pages
    pa = pages.alloc(zero=True)
    if pa is None:
        raise Errno(ENOMEM)
    pages.uvmexp.zero_fills += 1
    amap.slots[slot] = Anon(pa)
    vm.map.pmap.enter(va, pa, entry.prot, access=access)
    # LAB lazy STARTER
    #| # What a kernel without demand paging does: fill the whole entry at
    #| # once, every page of it, touched or not, and let it do anything.
    #| pages = vm.map.pages
    #| for page_va in range(entry.start, entry.end, 1 << PAGE_SHIFT):
    #|     page_slot = entry.amap_slot + ((page_va - entry.start) >> PAGE_SHIFT)
    #|     if page_slot in amap.slots:
    #|         continue
    #|     pa = pages.alloc(zero=True)
    #|     if pa is None:
    #|         raise Errno(ENOMEM)
    #|     amap.slots[page_slot] = Anon(pa)
    #|     vm.map.pmap.enter(page_va, pa, entry.maxprot)
    # LAB lazy END
    return ZERO_FILL


def uvm_fault_upper(vm, entry, va, access, amap, slot, anon):
    """The page is an anon's: map it, or copy it first if it is shared and
    this is a write (OpenBSD's case 1A and 1B)."""
    # LAB cow BEGIN: a shared anon: copy it on a write, map it read-only on a read
    pages = vm.map.pages
    if anon.refs > 1:
        if access & PROT_WRITE:
            anon = _copy_anon(pages, amap, slot, anon.page)
            vm.map.pmap.enter(va, anon.page, entry.prot, access=access)
            return COW
        # Shared with another process: map it read-only until a write.
        vm.map.pmap.enter(va, anon.page, entry.prot & ~PROT_WRITE, access=access)
        return REMAP
    # LAB cow STARTER
    # LAB cow END
    vm.map.pmap.enter(va, anon.page, entry.prot, access=access)
    return REMAP


def _copy_anon(pages, amap, slot, src):
    """Give amap a private copy of page src in slot (copy-on-write); with
    src None (a file's hole), a page of zeros."""
    if src is None:
        pa = pages.alloc(zero=True)
    else:
        pa = pages.alloc(zero=False)
        if pa is not None:
            pages.phys.copy_frame(pa, src)
            charge(pages.kernel, COST_PAGE_COPY)
            pages.uvmexp.cow_copies += 1
    if pa is None:
        raise Errno(ENOMEM)
    old = amap.slots.get(slot)
    if old is not None:
        old.release(pages)
    anon = amap.slots[slot] = Anon(pa)
    return anon


def uvm_fault_lower(vm, entry, va, access, amap, slot):
    """The page is the object's: map the cache page, or promote a copy into
    a new anon for a write to a private mapping (OpenBSD's case 2A, 2B)."""
    pages = vm.map.pages
    pmap = vm.map.pmap
    obj = entry.obj
    pgno = (entry.offset + (va - entry.start)) >> PAGE_SHIFT
    # LAB mmap BEGIN: map the file's page: shared as it is, private read-only or promoted, holes as zeros
    if access & PROT_WRITE:
        if entry.copy_on_write:
            # Private mapping: the store goes to a copy of the file's
            # page (zeros for a hole, which stays a hole in the file).
            anon = _copy_anon(pages, amap, slot, obj.lookup(pgno))
            pmap.enter(va, anon.page, entry.prot, access=access)
            return PROMOTE
        pa = obj.getpage(pgno)
        how = OBJ_PAGE
    else:
        pa = obj.lookup(pgno)
        how = OBJ_PAGE
        if pa is None:
            pa = pages.zero_page        # a hole: read-only zeros, no page used
            how = HOLE
    # A private mapping shares the cache page read-only until a write.
    prot = entry.prot & ~PROT_WRITE if entry.copy_on_write or how is HOLE else entry.prot
    pmap.enter(va, pa, prot, access=access)
    return how
    # LAB mmap STARTER
    #| # Every mapping shows the page cache itself, to read and to write
    #| # (so a MAP_PRIVATE store reaches the file, and a read of a hole
    #| # fills it with a page).
    #| pa = obj.getpage(pgno)
    #| pmap.enter(va, pa, entry.prot, access=access)
    #| return OBJ_PAGE
    # LAB mmap END


# Fault-ahead: on a fault, also map the neighbours that are already
# resident, so touching them costs no fault.  A fresh zero-fill or a hole
# has no resident neighbours worth looking for.  Only neighbours under the
# page table the fault just used are mapped: fault-ahead is a hint and
# never allocates a page table (nor fails for want of one).
#
# How far, by the entry's madvise(2) advice: OpenBSD's uvmadvice[] as its
# uvmfault_init() sets it, (nback, nforw) in pages: normal advice looks at
# 16 KiB around the fault, sequential at 32 KiB, random at nothing.  With
# sequential advice OpenBSD deactivates the nback pages behind the fault
# instead of mapping them; minikern has no page queues to move them to,
# so it just leaves them alone.
_NORMAL_PAGES = 16384 >> PAGE_SHIFT         # atop(16384): 4
_SEQUENTIAL_PAGES = 32768 >> PAGE_SHIFT     # atop(32768): 8
UVMADVICE = {
    MADV_NORMAL: (_NORMAL_PAGES - 1, _NORMAL_PAGES),
    MADV_RANDOM: (0, 0),
    MADV_SEQUENTIAL: (_SEQUENTIAL_PAGES, _SEQUENTIAL_PAGES - 1),
}
PT_SPAN_MASK = (1 << 21) - 1        # one page table maps 2 MiB


def _fault_ahead(vm, entry, va):
    nback, nforw = UVMADVICE.get(entry.advice, UVMADVICE[MADV_NORMAL])
    if entry.advice == MADV_SEQUENTIAL:
        nback = 0                   # behind a sequential reader: left alone
    pmap = vm.map.pmap
    low = max(entry.start, va & ~PT_SPAN_MASK)
    high = min(entry.end, (va | PT_SPAN_MASK) + 1)
    for step in range(-nback, nforw + 1):
        nva = va + (step << PAGE_SHIFT)
        if step == 0 or not low <= nva < high or pmap_is_mapped(pmap, nva):
            continue
        slot = entry.amap_slot + ((nva - entry.start) >> PAGE_SHIFT)
        anon = entry.amap.slots.get(slot) if entry.amap is not None else None
        if anon is not None:
            shared = anon.refs > 1
            pmap.enter(nva, anon.page, entry.prot & ~PROT_WRITE if shared else entry.prot)
        elif entry.obj is not None:
            pgno = (entry.offset + (nva - entry.start)) >> PAGE_SHIFT
            pa = entry.obj.pages.get(pgno)          # resident pages only
            if pa is not None:
                prot = entry.prot & ~PROT_WRITE if entry.copy_on_write else entry.prot
                pmap.enter(nva, pa, prot)
