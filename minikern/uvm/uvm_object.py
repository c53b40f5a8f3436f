"""uvm_object: a memory object whose pages can be mapped, such as a
file.  Its pages, indexed by page number, are the page cache: read(2),
write(2) and every MAP_SHARED mapping of the file use the same physical
pages, so a store through a mapping is what the next read() sees.

Pages come in on first use from the object's pager (for a vnode: the
backing file's bytes; pages past the backing data are zero).
"""

from isa.pmap import pmap_page_modify
from isa.x86 import PAGE_SIZE

from ..kern.errno import Errno, ENOMEM


class Pager:
    """Where an object's pages come from.  The default has no backing
    store: every new page is zero (anonymous objects, new files)."""

    def read_page(self, pgno):
        """The initial bytes of page pgno (up to PAGE_SIZE), or b""."""
        return b""

    def truncate(self, size):
        """Forget the backing bytes past size (the file was cut short), so
        that a page read in later past size starts as zeros."""


class UvmObject:
    def __init__(self, pages, pager=None):
        self.pagealloc = pages          # the PageAllocator
        self.pages = {}                 # page number -> physical address
        self.pager = pager or Pager()
        self.refs = 1                   # the owner (vnode) + each mapping
        self.mappings = set()           # (pmap, va, pgno) mapped to our pages

    def getpage(self, pgno):
        """The physical page holding page pgno, paged in if needed."""
        pa = self.pages.get(pgno)
        if pa is None:
            pa = self.pagealloc.alloc(zero=True)
            if pa is None:
                raise Errno(ENOMEM)
            data = self.pager.read_page(pgno)
            if data:
                self.pagealloc.phys.write(pa, data)
            self.pages[pgno] = pa
        return pa

    def read(self, offset, n):
        """n bytes at offset (the caller bounds n by the file size)."""
        mem = self.pagealloc.phys.mem
        out = bytearray()
        while n > 0:
            pgno, off = divmod(offset, PAGE_SIZE)
            chunk = min(n, PAGE_SIZE - off)
            pa = self.getpage(pgno)
            out += mem[pa + off:pa + off + chunk]
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
        one, removing every mapping of a dropped page first."""
        self.pager.truncate(size)
        first_gone = -(-size // PAGE_SIZE)
        for pgno in [n for n in self.pages if n >= first_gone]:
            self._unmap_page(pgno)
            self.pagealloc.unref(self.pages.pop(pgno))
        if size % PAGE_SIZE and (size // PAGE_SIZE) in self.pages:
            pa = self.pages[size // PAGE_SIZE]
            off = size % PAGE_SIZE
            pmap_page_modify(self.pagealloc.phys, pa)
            self.pagealloc.phys.mem[pa + off:pa + PAGE_SIZE] = bytes(PAGE_SIZE - off)

    def _unmap_page(self, pgno):
        for pmap, va, n in [m for m in self.mappings if m[2] == pgno]:
            pmap.remove(va, va + PAGE_SIZE)
            self.mappings.discard((pmap, va, n))

    def note_mapping(self, pmap, va, pgno):
        self.mappings.add((pmap, va, pgno))

    def forget_mappings(self, pmap, start, end):
        for m in [m for m in self.mappings if m[0] is pmap and start <= m[1] < end]:
            self.mappings.discard(m)

    def reference(self):
        self.refs += 1

    def detach(self):
        """Drop one reference; the last frees the pages."""
        self.refs -= 1
        if self.refs == 0:
            for pgno in list(self.pages):
                self._unmap_page(pgno)
                self.pagealloc.unref(self.pages.pop(pgno))

    @property
    def resident(self):
        return len(self.pages)
