"""A debugger's access to a process's memory (OpenBSD's db_access.c and
ptrace's PT_READ_D/PT_WRITE_D).

Reading must not change what it looks at (ktrace reads its string
arguments the same way): a page the process has not
touched yet is read where it waits (its anon, its file's page cache) or
as the zeros it would be filled with, and no PTE is entered.  Writing
is a write by the process itself, as far as memory is concerned: it
goes through uvm_fault, so a copy-on-write page is copied first and no
other process sharing it sees the change.
"""

from isa.pmap import PROT_NONE, PROT_WRITE, pmap_extract, pmap_is_writable, pmap_prot
from isa.x86 import PAGE_SIZE, PAGE_MASK, PAGE_SHIFT

from ..sys.errno import Errno
from ..uvm.uvm_fault import uvm_fault
from ..uvm.uvm_map import VM_MAXUSER_ADDRESS


def _pages(va, n):
    """(va, length) pieces of [va, va+n) that do not cross a page."""
    end = va + n
    while va < end:
        chunk = min(end - va, PAGE_SIZE - (va & (PAGE_SIZE - 1)))
        yield va, chunk
        va += chunk


def _in_user_space(va, n):
    return 0 <= va and n >= 0 and va + n <= VM_MAXUSER_ADDRESS


def user_physical(vm, va):
    """The physical address behind user address va, or None if its page is
    not mapped for the user (no fault is taken)."""
    if vm is None or not 0 <= va < VM_MAXUSER_ADDRESS:
        return None
    if pmap_prot(vm.pmap, va) == PROT_NONE:
        return None
    return pmap_extract(vm.pmap, va)


def resident_physical(vm, va):
    """Like user_physical, but a page not in the page tables yet is also
    found where it waits: its anon, or its object's page cache (a page
    exec loaded but the process has not touched).  Still no fault."""
    pa = user_physical(vm, va)
    if pa is not None or vm is None:
        return pa
    entry = vm.map.lookup(va)
    if entry is None:
        return None
    if entry.amap is not None:
        anon = entry.amap.slots.get(entry.amap_slot + ((va - entry.start) >> PAGE_SHIFT))
        if anon is not None:
            return anon.page | (va & PAGE_MASK)
    if entry.obj is not None:
        page = entry.obj.pages.get((entry.offset + va - entry.start) >> PAGE_SHIFT)
        if page is not None:
            return page | (va & PAGE_MASK)
    return None


def read_memory(p, va, n):
    """n bytes of p's memory at va, or None if any of it is not mapped."""
    vm = p.ps_vmspace
    if vm is None or not _in_user_space(va, n):
        return None
    mem = vm.pmap.phys.mem
    out = bytearray()
    for start, chunk in _pages(va, n):
        pa = resident_physical(vm, start)
        if pa is not None:
            out += mem[pa:pa + chunk]
            continue
        entry = vm.map.lookup(start)
        if entry is None:
            return None
        if entry.obj is not None:           # a file page not read in yet
            offset = entry.offset + (start & ~(PAGE_SIZE - 1)) - entry.start
            try:
                page = entry.obj.getpage(offset // PAGE_SIZE)
            except Errno:
                return None
            pa = page | (start & (PAGE_SIZE - 1))
            out += mem[pa:pa + chunk]
        else:
            out += bytes(chunk)             # zero-fill on demand
    return bytes(out)


def write_memory(p, va, data):
    """Write data into p's memory at va as p would; False if some page
    is not mapped or not writable (text, rodata)."""
    vm = p.ps_vmspace
    if vm is None or not _in_user_space(va, len(data)):
        return False
    pieces = []
    for start, chunk in _pages(va, len(data)):
        if not pmap_is_writable(vm.pmap, start):
            try:
                uvm_fault(vm, start, PROT_WRITE)
            except Errno:
                return False
        pieces.append((pmap_extract(vm.pmap, start), chunk))
    mem = vm.pmap.phys.mem
    pos = 0
    for pa, chunk in pieces:
        mem[pa:pa + chunk] = data[pos:pos + chunk]
        pos += chunk
    return True


def read_u64(p, va):
    data = read_memory(p, va, 8)
    return None if data is None else int.from_bytes(data, "little")
