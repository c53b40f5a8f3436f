"""mmap(2), munmap(2), mprotect(2): the system-call side of uvm.

As in OpenBSD since s2k15, sys_mmap checks its arguments and splits:
anonymous memory goes to uvm_mmapanon(), which needs no kernel lock;
file mappings go to uvm_mmapfile().
"""

from isa.x86 import PAGE_SIZE, PAGE_MASK

from ..kern.errno import Errno, EINVAL, ENOMEM, EBADF, ENODEV
from .uvm_map import (VmMapEntry, VM_MIN_ADDRESS, VM_MAXUSER_ADDRESS,
                      MAP_INHERIT_COPY, MAP_INHERIT_SHARE, PROT_ALL)

PROT_MASK = 0x7

MAP_SHARED = 0x0001
MAP_PRIVATE = 0x0002
MAP_FIXED = 0x0010
MAP_ANON = 0x1000
MAP_STACK = 0x4000
MAP_CONCEAL = 0x8000
MAP_FLAGMASK = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANON | MAP_STACK | MAP_CONCEAL

MAP_FAILED = (1 << 64) - 1


def _round_page(x):
    return (x + PAGE_MASK) & ~PAGE_MASK


def sys_mmap(p, addr, length, prot, flags, fd, pos):
    fd = _as_int(fd)
    if prot & ~PROT_MASK or flags & ~MAP_FLAGMASK:
        raise Errno(EINVAL)
    if (flags & MAP_SHARED) and (flags & MAP_PRIVATE):
        raise Errno(EINVAL)
    if not flags & (MAP_SHARED | MAP_PRIVATE):
        raise Errno(EINVAL)
    if length == 0:
        raise Errno(EINVAL)
    pageoff = pos & PAGE_MASK
    if flags & MAP_FIXED and (addr & PAGE_MASK) != pageoff:
        raise Errno(EINVAL)
    size = _round_page(length + pageoff)
    if size < length or size > VM_MAXUSER_ADDRESS:
        raise Errno(ENOMEM)
    addr -= pageoff if flags & MAP_FIXED else 0
    if flags & MAP_FIXED and not _user_range(addr, size):
        raise Errno(EINVAL)
    if flags & MAP_ANON:
        if fd != -1 or pos != 0:
            raise Errno(EINVAL)
        return uvm_mmapanon(p, addr & ~PAGE_MASK, size, prot, flags)
    return uvm_mmapfile(p, addr & ~PAGE_MASK, size, prot, flags, fd, pos - pageoff) + pageoff


def _as_int(value):
    """A register holds 64 bits; an `int` argument is the low 32, signed."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


def _user_range(addr, size):
    return VM_MIN_ADDRESS <= addr and addr + size <= VM_MAXUSER_ADDRESS


def uvm_mmapanon(p, addr, size, prot, flags):
    """Anonymous memory: an entry with no object; pages appear on first
    touch.  Runs without the kernel lock."""
    inheritance = MAP_INHERIT_SHARE if flags & MAP_SHARED else MAP_INHERIT_COPY
    return _map_range(p, addr, size, prot, flags,
                      VmMapEntry(0, 0, prot, PROT_ALL, inheritance,
                                 name="anon shared" if flags & MAP_SHARED else "anon"))


def uvm_mmapfile(p, addr, size, prot, flags, fd, offset):
    """A file mapping: the file's pages through its uvm_object."""
    fp = p.fd.get(fd)
    if fp is None:
        raise Errno(EBADF)
    raise Errno(ENODEV)     # no mappable file type yet: only the console


def _map_range(p, addr, size, prot, flags, entry):
    vmap = p.vmspace.map
    if flags & MAP_FIXED:
        vmap.remove(addr, addr + size)
        start = addr
    else:
        start = vmap.find_space(size, addr)
        if start is None:
            raise Errno(ENOMEM)
    entry.start, entry.end = start, start + size
    vmap.insert(entry)
    return start


def sys_munmap(p, addr, length):
    if addr & PAGE_MASK or length == 0:
        raise Errno(EINVAL)
    size = _round_page(length)
    if size < length or not _user_range(addr, size):
        raise Errno(EINVAL)
    p.vmspace.map.remove(addr, addr + size)
    return 0
