"""A debugger's access to a process's memory (OpenBSD's db_access.c and
ptrace's PT_READ_D/PT_WRITE_D).

Reading must not change what it looks at: a page the process has not
touched yet is read where it waits (its anon, its file's page cache) or
as the zeros it would be filled with, and no PTE is entered.  Writing
is a write by the process itself, as far as memory is concerned: it
goes through uvm_fault, so a copy-on-write page is copied first and no
other process sharing it sees the change.
"""

from isa.pmap import PROT_WRITE
from isa.x86 import PAGE_SIZE, PG_V, PG_U, PG_RW, PG_FRAME

from ..sys.errno import Errno
from ..kern.kern_ktrace import resident_physical
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


def read_memory(p, va, n):
    """n bytes of p's memory at va, or None if any of it is not mapped."""
    vm = p.vmspace
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
    vm = p.vmspace
    if vm is None or not _in_user_space(va, len(data)):
        return False
    pieces = []
    for start, chunk in _pages(va, len(data)):
        need = PG_V | PG_U | PG_RW
        if vm.pmap.pte(start & ~(PAGE_SIZE - 1)) & need != need:
            try:
                uvm_fault(vm, start, PROT_WRITE)
            except Errno:
                return False
        pte = vm.pmap.pte(start & ~(PAGE_SIZE - 1))
        pieces.append(((pte & PG_FRAME) | (start & (PAGE_SIZE - 1)), chunk))
    mem = vm.pmap.phys.mem
    pos = 0
    for pa, chunk in pieces:
        mem[pa:pa + chunk] = data[pos:pos + chunk]
        pos += chunk
    return True


def read_u64(p, va):
    data = read_memory(p, va, 8)
    return None if data is None else int.from_bytes(data, "little")
