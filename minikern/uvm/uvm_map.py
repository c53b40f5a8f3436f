"""uvm_map: a process's address space as a sorted list of map entries.

Each vm_map_entry covers [start, end) with one protection and says where
its pages come from: the anons of an amap (anonymous memory, the upper
layer) and/or a uvm_object such as a file (the lower layer).  OpenBSD
keeps the entries in a red-black tree, each node also recording the
largest free range below it, so that both finding the entry of an
address and finding room for a new mapping take logarithmic time.  Here
a sorted list with binary search finds entries, and a second sorted list,
of the free ranges by size, finds room: the same costs (an insertion
moves list items, which is a fast memmove) and simpler code.

Map entries are kernel memory: the machine allows one per two pages of
guest memory (uvmexp.map_entries_max).  An entry costs the host at most
about 320 bytes (with its free range in the index), so all of them
together stay under 4% of the guest's size.
Adjacent anonymous mappings made one after the other are joined into one
entry while untouched, as OpenBSD does, so a program that mmaps page
after page (and uses them later) keeps a single entry.
"""

import bisect

from isa.pmap import Pmap, PmapOutOfMemory, PROT_READ, PROT_WRITE, PROT_EXEC
from isa.x86 import PAGE_SHIFT, PAGE_SIZE

from ..sys.errno import Errno, ENOMEM
from ..sys.lock import Lock
from .uvm_amap import Amap
# LAB cow BEGIN: (nothing here: the starter's copying fork needs Anon)
# LAB cow STARTER
#| from .uvm_anon import Anon
# LAB cow END

PROT_ALL = PROT_READ | PROT_WRITE | PROT_EXEC

# Inheritance at fork (minherit(2)).
MAP_INHERIT_SHARE = 0
MAP_INHERIT_COPY = 1
MAP_INHERIT_NONE = 2

# The user address space (OpenBSD amd64's VM_MAXUSER_ADDRESS); page 0 is
# never mapped, so that a null pointer dereference faults.
VM_MIN_ADDRESS = PAGE_SIZE
VM_MAXUSER_ADDRESS = 0x7F7F_FFFF_C000
VM_MMAP_BASE = 0x1_0000_0000       # where the free-space search starts


class VmMapEntry:
    __slots__ = ("start", "end", "prot", "maxprot", "inheritance", "advice",
                 "amap", "amap_slot", "obj", "offset", "copy_on_write", "name")

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
        boundary = self.amap_slot + ((va - self.start) >> PAGE_SHIFT)
        if self.amap is not None and self.amap.refs == 1:
            # Ours alone: the tail takes its anons into an amap of its own.
            tail.amap = self.amap.split(boundary, tail.npages)
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
        # exclusive.  One per process, contended by its threads (private,
        # counted only, while it has one thread: see sys/lock.py); its own
        # statistics are lockstat's per-process lines.  The anons of an
        # amap are guarded by the amap's lock (uvm_fault.py).
        kernel = pages.kernel
        self.lock = Lock(kernel, "vmmaplk", "rwlock", private=True, own_stats=True) \
            if kernel is not None else None
        self.entries = []           # sorted by start, never overlapping
        self._starts = []
        self.dused = 0              # bytes of data mapped (OpenBSD's vm_dused)
        # The free ranges of the mmap area, [VM_MMAP_BASE, VM_MAXUSER_ADDRESS),
        # as (size, start) sorted, so that finding room for a mapping is
        # one binary search.  There is one free range before each entry
        # and one after the last (those of no size are left out); they
        # change only where an entry comes or goes.
        self._free = [(VM_MAXUSER_ADDRESS - VM_MMAP_BASE, VM_MMAP_BASE)]

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

    def overlapping(self, start, end):
        """The entries that overlap [start, end), in address order."""
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        j = bisect.bisect_left(self._starts, end)
        return [e for e in self.entries[i:j] if e.end > start]

    def find_space(self, length, hint=0):
        """A free range of length bytes: at hint if it is free there,
        otherwise the start of the smallest free range of the mmap area
        that is long enough (the lowest of equals): best fit, found by
        one binary search, however many entries the map has."""
        if hint and VM_MIN_ADDRESS <= hint and hint + length <= VM_MAXUSER_ADDRESS \
                and self.is_free(hint, hint + length):
            return hint
        k = bisect.bisect_left(self._free, (length, 0))
        return self._free[k][1] if k < len(self._free) else None

    # -- the free-range index --------------------------------------------------

    def _gap(self, i):
        """The space (start, end) between entry i - 1 and entry i (the
        map's ends for i == 0 and i == len(entries))."""
        entries = self.entries
        return (entries[i - 1].end if i else 0,
                entries[i].start if i < len(entries) else VM_MAXUSER_ADDRESS)

    def _free_add(self, start, end):
        """[start, end) became free space: index its part in the mmap area."""
        start = max(start, VM_MMAP_BASE)
        if end > start:
            bisect.insort(self._free, (end - start, start))

    def _free_drop(self, start, end):
        """[start, end), indexed by _free_add, is free space no more."""
        start = max(start, VM_MMAP_BASE)
        if end > start:
            del self._free[bisect.bisect_left(self._free, (end - start, start))]

    # -- changing the map --------------------------------------------------------

    def insert(self, entry, join=False):
        """Add an entry for a range the caller knows is free.  join: if a
        neighbour can simply grow over the range (uvm_mapent_tryjoin), it
        does, and entry itself is not used: a program that mmaps page
        after page keeps one entry."""
        if is_data(entry):
            self.dused += entry.end - entry.start
        i = bisect.bisect_left(self._starts, entry.start)
        if join and self._join(i, entry):
            return
        low, high = self._gap(i)
        self._free_drop(low, high)
        self._insert_at(i, entry)
        self._free_add(low, entry.start)
        self._free_add(entry.end, high)

    def check_room(self):
        """Map entries are kernel memory, and the machine has a limit on
        them (uvmexp.map_entries_max): what would add one more past it
        (mmap, a split by munmap or mprotect, fork) fails with ENOMEM,
        checked before anything changes.  exec's handful per process is
        counted but not refused (the process limit bounds it)."""
        uvmexp = self.pages.uvmexp
        if uvmexp.map_entries >= uvmexp.map_entries_max:
            raise Errno(ENOMEM)

    def _insert_at(self, i, entry):
        self.pages.uvmexp.map_entries += 1
        self.entries.insert(i, entry)
        self._starts.insert(i, entry.start)
        if entry.obj is not None:
            entry.obj.add_mapping(entry, self.pmap)

    def _join(self, i, entry):
        """Grow the entry before (or after) the new one over its range;
        False if neither neighbour can."""
        entries = self.entries
        left = entries[i - 1] if i > 0 else None
        right = entries[i] if i < len(entries) else None
        if left is not None and not (left.end == entry.start and _joinable(left, entry)):
            left = None
        if right is not None and not (entry.end == right.start and _joinable(entry, right)):
            right = None
        low, high = self._gap(i)
        if left is not None and right is not None:
            self._free_drop(low, high)      # entry fills it exactly
            del entries[i]
            del self._starts[i]
            self.pages.uvmexp.map_entries -= 1
            left.end = right.end
        elif left is not None:
            self._free_drop(low, high)
            left.end = entry.end
            self._free_add(entry.end, high)
        elif right is not None:
            self._free_drop(low, high)
            right.start = self._starts[i] = entry.start
            self._free_add(low, entry.start)
        else:
            return False
        return True

    def _clip(self, va):
        """Make va an entry boundary if it falls inside an entry (the two
        halves leave no free range between them)."""
        i = bisect.bisect_right(self._starts, va) - 1
        if i >= 0:
            entry = self.entries[i]
            if entry.start < va < entry.end:
                self.check_room()
                self._insert_at(i + 1, entry.split_at(va))

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
        if i == j:
            return
        doomed = self.entries[i:j]
        for k in range(i, j + 1):           # the spaces around them
            self._free_drop(*self._gap(k))
        del self.entries[i:j]
        del self._starts[i:j]
        self.pages.uvmexp.map_entries -= len(doomed)
        self._free_add(*self._gap(i))
        for entry in doomed:
            if is_data(entry):
                self.dused -= entry.end - entry.start
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
            entry.obj.remove_mapping(entry)
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
        """Remove and release every entry (uvm_map_teardown).  Each pmap
        removal costs the page tables that exist, so the whole costs the
        entries and their resident pages, whatever the size of the ranges."""
        for entry in self.entries:
            self.pmap.remove(entry.start, entry.end)
            self._release(entry)
        self.pages.uvmexp.map_entries -= len(self.entries)
        self.entries = []
        self._starts = []
        self.dused = 0
        self._free = []


def _joinable(a, b):
    """Can a and b (a just before b) be one entry?  As OpenBSD's
    uvm_mapent_isjoinable: anonymous, private, untouched (no amap yet, so
    no page has to be moved) and alike in every other way."""
    return (a.amap is None and b.amap is None and a.obj is None and b.obj is None
            and a.inheritance == b.inheritance == MAP_INHERIT_COPY
            and a.prot == b.prot and a.maxprot == b.maxprot
            and a.advice == b.advice and a.copy_on_write == b.copy_on_write
            and a.name == b.name)


def _pte_mask(entry):
    """What mprotect may leave in the PTEs of entry (OpenBSD's MASK()).
    The PTEs only ever lose rights here: a right the entry gains is granted
    by the next fault, which knows whether the page is the entry's own.
    A copy-on-write entry's PTEs lose write access, whatever the new
    protection: a page still shared with another process (an anon with
    refs > 1) or a file's page-cache page under a private mapping must
    never become writable; the write fault copies or promotes it first."""
    return PROT_ALL & ~PROT_WRITE if entry.copy_on_write else PROT_ALL


def is_data(entry):
    """Anonymous memory other than the stack: what RLIMIT_DATA limits
    (bss, anonymous mmap; OpenBSD counts it in vm_dused)."""
    return entry.obj is None and entry.name != "stack"


def uvmspace_fork(parent, kernel_pmap):
    """The child's address space: each entry copied by its inheritance.
    MAP_INHERIT_SHARE entries share the parent's amap (both see every
    store); MAP_INHERIT_COPY entries get a copy of the amap whose anons are
    shared copy-on-write, so the parent's writable PTEs become read-only
    and the first write on either side copies that one page."""
    pages = parent.map.pages
    try:
        child = Vmspace(pages, kernel_pmap)
    except PmapOutOfMemory:
        raise Errno(ENOMEM) from None
    try:
        for entry in parent.map.entries:
            if entry.inheritance == MAP_INHERIT_NONE:
                continue
            child.map.check_room()
            copy = entry.copy_for_fork()
            if entry.inheritance == MAP_INHERIT_SHARE:
                if entry.amap is None:
                    entry.amap = Amap()
                entry.amap.refs += 1
                copy.amap, copy.amap_slot = entry.amap, entry.amap_slot
            elif entry.amap is not None:
                # LAB cow BEGIN: share the entry's anons with the child, copy-on-write
                copy.amap = entry.amap.copy(entry.amap_slot, entry.npages)
                if entry.prot & PROT_WRITE:
                    parent.pmap.protect(entry.start, entry.end, entry.prot & ~PROT_WRITE)
                # LAB cow STARTER
                #| # Until copy-on-write works: copy every page now, as xv6's
                #| # uvmcopy does.  Correct, and as costly as the memory used.
                #| copy.amap = Amap()
                #| for slot, anon in entry.amap.slots.items():
                #|     if entry.amap_slot <= slot < entry.amap_slot + entry.npages:
                #|         pa = pages.alloc(zero=False)
                #|         if pa is None:
                #|             raise Errno(ENOMEM)
                #|         pages.phys.copy_frame(pa, anon.page)
                #|         copy.amap.slots[slot - entry.amap_slot] = Anon(pa)
                # LAB cow END
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

    def destroy(self):
        self.map.destroy()
        self.pmap.destroy()
