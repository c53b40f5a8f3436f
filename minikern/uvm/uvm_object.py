"""uvm_object: a memory object whose pages can be mapped, such as a
file.  Its pages, indexed by page number, are the page cache: read(2),
write(2) and every MAP_SHARED mapping of the file use the same physical
pages, so a store through a mapping is what the next read() sees.

Pages come in on first use from the object's pager (for a vnode: the
backing file's bytes).  A page the pager has nothing for is a hole: it
reads as zeros and holds no memory until something is written there.
read(2) copies zeros out of a hole, and a fault that only reads it maps
the kernel's one shared zero page read-only; only a write allocates the
page (and then every mapping of the zero page there is removed, so the
next access finds the new page).
"""

from isa.pmap import pmap_page_modify
from isa.x86 import PAGE_SIZE

from ..sys.errno import Errno, ENOMEM, ENOSPC

ZEROS = bytes(PAGE_SIZE)


class Pager:
    """Where an object's pages come from.  The default has no backing
    store: every page is a hole until written (anonymous objects, new
    files)."""

    def read_page(self, pgno):
        """The initial bytes of page pgno (up to PAGE_SIZE), or b"" for a
        hole."""
        return b""

    def truncate(self, size):
        """Forget the backing bytes past size (the file was cut short), so
        that a page read in later past size starts as zeros."""


NO_PAGER = Pager()      # stateless: every object without backing shares it


class PageQuota:
    """A limit on the pages a group of objects may hold (a tmpfs mount's
    size): past it, a write that needs a new page fails with ENOSPC.
    Pages read in from backing store are counted but never refused (the
    backing store is fixed, so they are bounded anyway)."""

    __slots__ = ("used", "limit")

    def __init__(self, limit):
        self.used = 0
        self.limit = limit


class UvmObject:
    __slots__ = ("pagealloc", "pages", "pager", "refs", "mappings", "quota")

    def __init__(self, pages, pager=None, quota=None):
        self.pagealloc = pages          # the PageAllocator
        self.pages = {}                 # page number -> physical address
        self.pager = pager or NO_PAGER
        self.refs = 1                   # the owner (vnode) + each mapping
        self.mappings = None            # map entry -> its pmap, once mapped
        self.quota = quota              # a PageQuota, or None

    def lookup(self, pgno):
        """The physical page holding page pgno, read in from the pager if
        it has bytes for it, or None for a hole."""
        pa = self.pages.get(pgno)
        if pa is None:
            data = self.pager.read_page(pgno)
            if data:
                pa = self._new_page(pgno, paging_in=True)
                self.pagealloc.phys.write(pa, data)
        return pa

    def getpage(self, pgno):
        """The page holding page pgno, to be written: a hole gets a page
        of zeros, and loses the mappings of the zero page it had."""
        pa = self.lookup(pgno)
        if pa is None:
            self._unmap_page(pgno)
            pa = self._new_page(pgno, paging_in=False)
        return pa

    def _new_page(self, pgno, paging_in):
        quota = self.quota
        if quota is not None and not paging_in and quota.used >= quota.limit:
            raise Errno(ENOSPC)
        pa = self.pagealloc.alloc(zero=True)
        if pa is None:
            raise Errno(ENOMEM)
        if quota is not None:
            quota.used += 1
        self.pages[pgno] = pa
        return pa

    def _free_page(self, pgno):
        """Give page pgno back (nothing maps it any more)."""
        self.pagealloc.unref(self.pages.pop(pgno))
        if self.quota is not None:
            self.quota.used -= 1

    def read(self, offset, n):
        """n bytes at offset (the caller bounds n by the file size); a
        hole reads as zeros and stays a hole."""
        mem = self.pagealloc.phys.mem
        out = bytearray()
        while n > 0:
            pgno, off = divmod(offset, PAGE_SIZE)
            chunk = min(n, PAGE_SIZE - off)
            pa = self.lookup(pgno)
            out += ZEROS[:chunk] if pa is None else mem[pa + off:pa + off + chunk]
            offset += chunk
            n -= chunk
        return bytes(out)

    def write(self, offset, data):
        mem = self.pagealloc.phys.mem
        done = 0
        while done < len(data):
            pgno, off = divmod(offset + done, PAGE_SIZE)
            chunk = min(len(data) - done, PAGE_SIZE - off)
            pa = self.getpage(pgno)
            pmap_page_modify(self.pagealloc.phys, pa)     # its old code must not run
            mem[pa + off:pa + off + chunk] = data[done:done + chunk]
            done += chunk

    def truncate(self, size):
        """Drop the pages wholly past size and zero the tail of the last
        one, removing every mapping of the range first (the zero page of
        a hole too)."""
        self.pager.truncate(size)
        first_gone = -(-size // PAGE_SIZE)
        for entry, pmap in (self.mappings or {}).items():
            start, end = _range_in(entry, first_gone, None)
            if start < end:
                pmap.remove(start, end)
        for pgno in [n for n in self.pages if n >= first_gone]:
            self._free_page(pgno)
        if size % PAGE_SIZE and (size // PAGE_SIZE) in self.pages:
            pa = self.pages[size // PAGE_SIZE]
            off = size % PAGE_SIZE
            pmap_page_modify(self.pagealloc.phys, pa)
            self.pagealloc.phys.mem[pa + off:pa + PAGE_SIZE] = bytes(PAGE_SIZE - off)

    # -- the map entries that map us (so pages can be unmapped when they go) --
    # One record per entry, not per page mapped: the cost follows the
    # mappings made, never the pages touched through them.

    def add_mapping(self, entry, pmap):
        if self.mappings is None:
            self.mappings = {}          # most files are never mapped
        self.mappings[entry] = pmap

    def remove_mapping(self, entry):
        del self.mappings[entry]

    def _unmap_page(self, pgno):
        """Remove every PTE that may map page pgno.  In a private mapping
        it may be the entry's own copy instead: that one faults back in."""
        for entry, pmap in (self.mappings or {}).items():
            start, end = _range_in(entry, pgno, pgno + 1)
            if start < end:
                pmap.remove(start, end)

    def reference(self):
        self.refs += 1

    def detach(self):
        """Drop one reference; the last frees the pages."""
        self.refs -= 1
        if self.refs == 0:
            for pgno in list(self.pages):       # no entry maps us now
                self._free_page(pgno)

    @property
    def resident(self):
        return len(self.pages)


def _range_in(entry, first, end):
    """The virtual range [start, end) where entry shows the object's pages
    first..end-1 (end None: to the end); empty if it shows none of them."""
    base = entry.start - entry.offset
    start = max(entry.start, base + first * PAGE_SIZE)
    return start, entry.end if end is None else min(entry.end, base + end * PAGE_SIZE)
