"""mmap(2), munmap(2), mprotect(2): the system-call side of uvm.

As in OpenBSD since s2k15, sys_mmap checks its arguments and splits:
anonymous memory goes to uvm_mmapanon(), which needs no kernel lock;
file mappings go to uvm_mmapfile().
"""

import contextlib

from isa.x86 import PAGE_MASK

from ..sys.errno import Errno, EINVAL, ENOMEM, EBADF, ENODEV, EACCES
from ..sys.clock import COST_MAP_ENTRY, charge
from ..sys.conf import iszerodev
from ..sys.file import FREAD, FWRITE
from ..sys.lock import KERNEL_LOCK, KERNEL_UNLOCK, RW_WRITE, rw_enter, rw_exit
from ..sys.mman import (PROT_MASK, MAP_SHARED, MAP_PRIVATE, MAP_FIXED, MAP_ANON,
                        MAP_FLAGMASK, MADV_NORMAL, MADV_FREE, MS_ASYNC, MS_SYNC,
                        MS_INVALIDATE)
from ..sys.resource import lim_cur, RLIMIT_DATA
from ..sys.vnode import VREG, VCHR
from .uvm_map import (VmMapEntry, VM_MIN_ADDRESS, VM_MAXUSER_ADDRESS,
                      MAP_INHERIT_COPY, MAP_INHERIT_SHARE, PROT_ALL,
                      PROT_READ, PROT_WRITE, PROT_EXEC)

MAP_FAILED = (1 << 64) - 1


def _round_page(x):
    return (x + PAGE_MASK) & ~PAGE_MASK


def sys_mmap(p, addr, length, prot, flags, fd, pos):
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
        # LAB s2k15 BEGIN: anonymous memory: uvm_mmapanon under the map lock alone, no KERNEL_LOCK
        return uvm_mmapanon(p, addr & ~PAGE_MASK, size, prot, flags)
        # LAB s2k15 STARTER
        #| # Before s2k15 all of mmap ran under the kernel lock.
        #| KERNEL_LOCK(p.kernel)
        #| try:
        #|     return uvm_mmapanon(p, addr & ~PAGE_MASK, size, prot, flags)
        #| finally:
        #|     KERNEL_UNLOCK(p.kernel)
        # LAB s2k15 END
    if pos < 0:
        raise Errno(EINVAL)         # off_t is signed: no page before the file
    return uvm_mmapfile(p, addr & ~PAGE_MASK, size, prot, flags, fd, pos - pageoff) + pageoff


def _user_range(addr, size):
    return VM_MIN_ADDRESS <= addr and addr + size <= VM_MAXUSER_ADDRESS


def uvm_mmapanon(p, addr, size, prot, flags):
    """Anonymous memory: an entry with no object; pages appear on first
    touch.  Runs without the kernel lock."""
    _check_data_limit(p, size)
    inheritance = MAP_INHERIT_SHARE if flags & MAP_SHARED else MAP_INHERIT_COPY
    return _map_range(p, addr, size, prot, flags,
                      VmMapEntry(0, 0, prot, PROT_ALL, inheritance,
                                 name="anon shared" if flags & MAP_SHARED else "anon"))


def _check_data_limit(p, size):
    """RLIMIT_DATA bounds a process's anonymous memory, mapped or not yet
    touched (OpenBSD's uvm_mmapanon checks it against vm_dused): ENOMEM
    past it."""
    if p.p_p.ps_vmspace.map.dused + size > lim_cur(p, RLIMIT_DATA):
        raise Errno(ENOMEM)


def uvm_mmapfile(p, addr, size, prot, flags, fd, offset):
    """A file mapping: the file's pages through its uvm_object, the same
    pages read(2) and write(2) use.  MAP_SHARED stores go to the file;
    MAP_PRIVATE ones are copied on write into anons of this process.
    The most a mapping may ever allow (maxprot) follows the file's open
    mode: a shared writable mapping needs a descriptor open for writing.
    File mappings are made under the kernel lock."""
    fp = p.p_p.ps_fd.get(fd)
    if fp is None:
        raise Errno(EBADF)
    kernel = p.kernel
    KERNEL_LOCK(kernel)
    try:
        return _mmapfile(p, addr, size, prot, flags, fp, offset)
    finally:
        KERNEL_UNLOCK(kernel)


def _mmapfile(p, addr, size, prot, flags, fp, offset):
    # LAB mmap BEGIN: what may be mapped, and the most the mapping may ever allow
    vp = getattr(fp, "vnode", None)
    if vp is not None and vp.type == VCHR and iszerodev(vp.rdev):
        return uvm_mmapanon(p, addr, size, prot, flags)    # /dev/zero
    if vp is None or vp.type != VREG:
        raise Errno(ENODEV)
    if not fp.flags & FREAD:
        raise Errno(EACCES)
    maxprot = PROT_READ | PROT_EXEC
    if flags & MAP_PRIVATE or fp.flags & FWRITE:
        maxprot |= PROT_WRITE
    if prot & ~maxprot:
        raise Errno(EACCES)
    # LAB mmap STARTER
    #| vp = fp.vnode       # (a pipe has none; a device is no file: see the handout)
    #| maxprot = PROT_ALL
    # LAB mmap END
    shared = bool(flags & MAP_SHARED)
    vp.uobj.reference()
    entry = VmMapEntry(0, 0, prot, maxprot,
                       MAP_INHERIT_SHARE if shared else MAP_INHERIT_COPY,
                       obj=vp.uobj, offset=offset, copy_on_write=not shared,
                       name="file shared" if shared else "file")
    try:
        return _map_range(p, addr, size, prot, flags, entry)
    except Errno:
        vp.uobj.detach()
        raise


def _map_range(p, addr, size, prot, flags, entry):
    vmap = p.p_p.ps_vmspace.map
    with _map_locked(vmap):
        return _insert(vmap, addr, size, flags, entry)


def _insert(vmap, addr, size, flags, entry):
    charge(vmap.pages.kernel, COST_MAP_ENTRY)
    vmap.check_room()
    if flags & MAP_FIXED:
        vmap.remove(addr, addr + size)
        start = addr
    else:
        start = vmap.find_space(size, addr)
        if start is None:
            raise Errno(ENOMEM)
    entry.start, entry.end = start, start + size
    vmap.insert(entry, join=True)
    return start


def sys_munmap(p, addr, length):
    if addr & PAGE_MASK or length == 0:
        raise Errno(EINVAL)
    size = _round_page(length)
    if size < length or not _user_range(addr, size):
        raise Errno(EINVAL)
    vmap = p.p_p.ps_vmspace.map
    with _map_locked(vmap):
        charge(vmap.pages.kernel, COST_MAP_ENTRY)
        vmap.remove(addr, addr + size)
    return 0


@contextlib.contextmanager
def _map_locked(vmap):
    """The map's lock, exclusive, for a change to the map."""
    if vmap.lock is None:
        yield
        return
    rw_enter(vmap.lock, RW_WRITE)
    try:
        yield
    finally:
        rw_exit(vmap.lock)


def _user_page_range(addr, length):
    """[start, end) of whole pages for calls taking (addr, len)."""
    if addr & PAGE_MASK:
        raise Errno(EINVAL)
    size = _round_page(length)
    if size < length or not _user_range(addr, size):
        raise Errno(EINVAL)
    return addr, addr + size


def sys_mprotect(p, addr, length, prot):
    if prot & ~PROT_MASK:
        raise Errno(EINVAL)
    start, end = _user_page_range(addr, length)
    vmap = p.p_p.ps_vmspace.map
    with _map_locked(vmap):
        if not vmap.covers(start, end):
            raise Errno(ENOMEM)
        if not vmap.protect(start, end, prot):
            raise Errno(EACCES)     # beyond what the mapping may ever allow
    return 0


def sys_madvise(p, addr, length, behav):
    """Advice only: recorded on the entries (the REPL's `vm` shows it),
    never needed for correctness."""
    if not MADV_NORMAL <= behav <= MADV_FREE:
        raise Errno(EINVAL)
    start, end = _user_page_range(addr, length)
    vmap = p.p_p.ps_vmspace.map
    if not vmap.covers(start, end):
        raise Errno(ENOMEM)
    for entry in vmap.overlapping(start, end):
        entry.advice = behav
    return 0


def sys_msync(p, addr, length, flags):
    """Shared file pages *are* the page cache, which is the file in this
    in-memory file system: every store through a MAP_SHARED mapping is
    already what read(2) returns.  msync checks its arguments and has
    nothing left to write."""
    if flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE) or \
            (flags & MS_ASYNC and flags & MS_SYNC):
        raise Errno(EINVAL)
    start, end = _user_page_range(addr, length)
    if not p.p_p.ps_vmspace.map.covers(start, end):
        raise Errno(ENOMEM)
    return 0
