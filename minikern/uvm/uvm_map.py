"""uvm_map: a process's address space as a sorted list of map entries.

Each vm_map_entry covers [start, end) with one protection and says where
its pages come from: the anons of an amap (anonymous memory, the upper
layer) and/or a uvm_object such as a file (the lower layer).  OpenBSD
keeps the entries in a red-black tree; a sorted list with binary search
does the same job at this scale and is easier to read.
"""

import bisect

from isa.pmap import Pmap, PROT_READ, PROT_WRITE, PROT_EXEC
from isa.x86 import PAGE_SHIFT

from ..kern.kern_lock import Lock
from .uvm_amap import Amap

PROT_ALL = PROT_READ | PROT_WRITE | PROT_EXEC

# Inheritance at fork (minherit(2)).
MAP_INHERIT_SHARE = 0
MAP_INHERIT_COPY = 1
MAP_INHERIT_NONE = 2

# The user address space (OpenBSD amd64's VM_MIN/MAXUSER_ADDRESS).
VM_MIN_ADDRESS = 0x1000
VM_MAXUSER_ADDRESS = 0x7F7F_FFFF_C000
VM_MMAP_BASE = 0x1_0000_0000       # where the free-space search starts


class VmMapEntry:
    __slots__ = ("start", "end", "prot", "maxprot", "inheritance", "advice",
                 "amap", "amap_slot", "obj", "offset", "copy_on_write",
                 "needs_copy", "name")

    def __init__(self, start, end, prot, maxprot=PROT_ALL,
                 inheritance=MAP_INHERIT_COPY, obj=None, offset=0,
                 copy_on_write=True, name=""):
        self.start = start
        self.end = end
        self.prot = prot
        self.maxprot = maxprot
        self.inheritance = inheritance
        self.advice = 0
        self.amap = None            # created at the first anonymous fault
        self.amap_slot = 0          # this entry's first slot in the amap
        self.obj = obj              # uvm_object (file) or None: anonymous
        self.offset = offset        # byte offset of start in obj
        self.copy_on_write = copy_on_write
        self.needs_copy = False
        self.name = name            # what the REPL's `vm` shows: "text", "stack"...

    @property
    def npages(self):
        return (self.end - self.start) >> PAGE_SHIFT

    def split_at(self, va):
        """Clip: shrink this entry to [start, va) and return [va, end)."""
        tail = VmMapEntry(va, self.end, self.prot, self.maxprot,
                          self.inheritance, self.obj,
                          self.offset + (va - self.start), self.copy_on_write,
                          self.name)
        tail.advice = self.advice
        tail.needs_copy = self.needs_copy
        boundary = self.amap_slot + ((va - self.start) >> PAGE_SHIFT)
        if self.amap is not None and self.amap.refs == 1:
            # Ours alone: the tail takes its anons into an amap of its own.
            tail.amap = self.amap.split(boundary)
        elif self.amap is not None:
            # Shared with another process (MAP_SHARED over fork): share on.
            tail.amap = self.amap
            tail.amap_slot = boundary
            self.amap.refs += 1
        if self.obj is not None:
            self.obj.reference()
        self.end = va
        return tail

    def copy_for_fork(self):
        """The child's copy of this entry (uvmspace_fork)."""
        child = VmMapEntry(self.start, self.end, self.prot, self.maxprot,
                           self.inheritance, self.obj, self.offset,
                           self.copy_on_write, self.name)
        child.advice = self.advice
        if self.obj is not None:
            self.obj.reference()
        return child

    def __repr__(self):
        return f"<entry {self.start:#x}-{self.end:#x} prot {self.prot} {self.name}>"


class VmMap:
    def __init__(self, pages, pmap):
        self.pages = pages          # the PageAllocator
        self.pmap = pmap
        # vm_map's lock: faults take it shared, changes to the map
        # exclusive.  (One lock per process; minikern's amaps are covered
        # by it, where OpenBSD gives each amap a lock of its own.)
        kernel = pages.kernel
        self.lock = Lock(kernel, "vmmaplk", "rwlock", private=True) \
            if kernel is not None else None
        self.entries = []           # sorted by start, never overlapping
        self._starts = []

    # -- lookup --------------------------------------------------------------

    def lookup(self, va):
        """The entry containing va, or None (uvm_map_lookup_entry)."""
        i = bisect.bisect_right(self._starts, va) - 1
        if i >= 0:
            entry = self.entries[i]
            if va < entry.end:
                return entry
        return None

    def is_free(self, start, end):
        i = bisect.bisect_left(self._starts, end)
        return i == 0 or self.entries[i - 1].end <= start

    def find_space(self, length, hint=0):
        """A free range of length bytes: at hint if it is free there,
        otherwise the first gap at or above VM_MMAP_BASE (first fit)."""
        if hint and VM_MIN_ADDRESS <= hint and hint + length <= VM_MAXUSER_ADDRESS \
                and self.is_free(hint, hint + length):
            return hint
        candidate = VM_MMAP_BASE
        i = bisect.bisect_right(self._starts, candidate) - 1
        i = max(i, 0)
        for entry in self.entries[i:]:
            if entry.end <= candidate:
                continue
            if entry.start >= candidate + length:
                break
            candidate = entry.end
        if candidate + length > VM_MAXUSER_ADDRESS:
            return None
        return candidate

    # -- changing the map --------------------------------------------------------

    def insert(self, entry):
        """Add an entry for a range the caller knows is free."""
        i = bisect.bisect_left(self._starts, entry.start)
        self.entries.insert(i, entry)
        self._starts.insert(i, entry.start)

    def _clip(self, va):
        """Make va an entry boundary if it falls inside an entry."""
        entry = self.lookup(va)
        if entry is not None and entry.start < va:
            self.insert(entry.split_at(va))

    def _entries_in(self, start, end):
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end)
        return i, j

    def remove(self, start, end):
        """Unmap [start, end) (uvm_unmap): clip, drop the entries, remove
        their PTEs and release their anons."""
        self._clip(start)
        self._clip(end)
        i, j = self._entries_in(start, end)
        doomed = self.entries[i:j]
        del self.entries[i:j]
        del self._starts[i:j]
        for entry in doomed:
            self.pmap.remove(entry.start, entry.end)
            self._release(entry)

    def _release(self, entry):
        if entry.amap is not None:
            # An amap shared with another process keeps its anons until
            # the last reference goes (OpenBSD would track per-slot
            # references; sharing is rare enough not to need that here).
            entry.amap.release(self.pages)
            entry.amap = None
        if entry.obj is not None:
            entry.obj.forget_mappings(self.pmap, entry.start, entry.end)
            entry.obj.detach()
            entry.obj = None

    def protect(self, start, end, prot):
        """Change the protection of [start, end) (uvm_map_protect).
        Fails with False if the range has a hole or prot exceeds maxprot."""
        if not self.covers(start, end):
            return False
        self._clip(start)
        self._clip(end)
        i, j = self._entries_in(start, end)
        entries = self.entries[i:j]
        if any(prot & ~e.maxprot for e in entries):
            return False
        for entry in entries:
            old = entry.prot
            entry.prot = prot
            if old & ~prot:
                self.pmap.protect(entry.start, entry.end, prot & old & _pte_mask(entry))
        return True

    def covers(self, start, end):
        """True if [start, end) is mapped without holes."""
        va = start
        while va < end:
            entry = self.lookup(va)
            if entry is None:
                return False
            va = entry.end
        return True

    def destroy(self):
        for entry in self.entries:
            self.pmap.remove(entry.start, entry.end)
            self._release(entry)
        self.entries = []
        self._starts = []


def _pte_mask(entry):
    """What mprotect may leave in the PTEs of entry (OpenBSD's MASK()).
    The PTEs only ever lose rights here: a right the entry gains is granted
    by the next fault, which knows whether the page is the entry's own.
    A copy-on-write entry's PTEs lose write access, whatever the new
    protection: a page still shared with another process (an anon with
    refs > 1) or a file's page-cache page under a private mapping must
    never become writable; the write fault copies or promotes it first."""
    return PROT_ALL & ~PROT_WRITE if entry.copy_on_write else PROT_ALL


def uvmspace_fork(parent, kernel_pmap):
    """The child's address space: each entry copied by its inheritance.
    MAP_INHERIT_SHARE entries share the parent's amap (both see every
    store); MAP_INHERIT_COPY entries get a copy of the amap whose anons are
    shared copy-on-write, so the parent's writable PTEs become read-only
    and the first write on either side copies that one page."""
    pages = parent.map.pages
    child = Vmspace(pages, kernel_pmap)
    try:
        for entry in parent.map.entries:
            if entry.inheritance == MAP_INHERIT_NONE:
                continue
            copy = entry.copy_for_fork()
            if entry.inheritance == MAP_INHERIT_SHARE:
                if entry.amap is None:
                    entry.amap = Amap()
                entry.amap.refs += 1
                copy.amap, copy.amap_slot = entry.amap, entry.amap_slot
            elif entry.amap is not None:
                copy.amap = entry.amap.copy(entry.amap_slot, entry.npages)
                if entry.prot & PROT_WRITE:
                    parent.pmap.protect(entry.start, entry.end, entry.prot & ~PROT_WRITE)
            child.map.insert(copy)
    except BaseException:
        child.destroy()
        raise
    return child


class Vmspace:
    """A process's address space: the map and the pmap under it."""

    def __init__(self, pages, kernel_pmap):
        self.pmap = Pmap(pages.phys, kernel_pmap)
        self.map = VmMap(pages, self.pmap)
        self.fault_log = None       # a deque of recent faults when watched

    def destroy(self):
        self.map.destroy()
        self.pmap.destroy()
