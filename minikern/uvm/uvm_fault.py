"""uvm_fault: resolve a page fault in a process's address space.

Called from trap() when the CPU raised #PF at CPL 3, and from copyin/
copyout when the kernel touches a user page that is not mapped yet.
The result is a real x86-64 PTE that the emulated MMU walks when the
faulting instruction is retried.
"""

from isa.pmap import PROT_WRITE

from ..kern.errno import Errno, EFAULT, EACCES, ENOMEM
from .uvm_amap import Amap
from .uvm_anon import Anon


def uvm_fault(vm, va, access):
    """Make va accessible for access (a PROT_* bit) or raise Errno:
    EFAULT (no entry), EACCES (entry forbids the access), ENOMEM."""
    vmap = vm.map
    entry = vmap.lookup(va)
    if entry is None:
        raise Errno(EFAULT)
    if access & ~entry.prot:
        raise Errno(EACCES)
    pages = vmap.pages
    pages.uvmexp.faults += 1
    va &= ~0xFFF
    amap = entry.amap
    if amap is None:
        amap = entry.amap = Amap()
    slot = entry.amap_slot + ((va - entry.start) >> 12)
    anon = amap.slots.get(slot)
    if anon is None:
        # Zero-fill on demand: the common fault, kept free of extra calls.
        pa = pages.alloc(zero=True)
        if pa is None:
            raise Errno(ENOMEM)
        pages.uvmexp.zero_fills += 1
        anon = amap.slots[slot] = Anon(pa)
    elif anon.refs > 1 and access & PROT_WRITE:
        anon = _cow_copy(pages, amap, slot, anon)
    vmap.pmap.enter(va, anon.page, entry.prot)


def _cow_copy(pages, amap, slot, shared):
    """Copy-on-write: give this amap its own copy of a shared anon."""
    pa = pages.alloc(zero=False)
    if pa is None:
        raise Errno(ENOMEM)
    pages.phys.copy_frame(pa, shared.page)
    pages.uvmexp.cow_copies += 1
    shared.release(pages)
    anon = Anon(pa)
    amap.slots[slot] = anon
    return anon
