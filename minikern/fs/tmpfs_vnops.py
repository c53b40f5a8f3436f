"""tmpfs: a file system that lives in memory (OpenBSD's sys/tmpfs).

Directories are Python dicts of names; a regular file's bytes are pages
of guest physical memory in its uvm_object.  Every node is always in
memory, so here a tmpfs node and its vnode are one object.

Limits, as Linux's tmpfs defaults: the files may hold at most half of the
guest's memory (a write past it, or when no page is free, fails with
ENOSPC), so one process cannot pin all memory in files; and there may be
at most one node per page of that size (ENOSPC again).  A node costs about
NODE_HOST_BYTES (500) of host memory, so all of them together cost the host
at most about 6% of the guest's memory size on top of it.  Holes (a sparse
file, a file grown by truncate) hold no page: they read as zeros.
"""

from isa.x86 import PAGE_SIZE

from ..sys.errno import (Errno, EEXIST, ENOENT, ENOTDIR, EISDIR, ENOTEMPTY,
                          EINVAL, EPERM, ENOMEM, ENOSPC, EFBIG)
from ..kern.vfs_vnode import Vnode, VREG, VDIR, VCHR, VLNK
from ..uvm.uvm_object import UvmObject, PageQuota

OFF_MAX = (1 << 63) - 1     # the largest off_t: files end before it
NODE_HOST_BYTES = 500       # measured: an empty file with its name and entry


class Tmpfs:
    """struct tmpfs_mount: one mounted file system."""

    def __init__(self, pages, clock, dev=0x0401, size_pages=None):
        self.pages = pages          # the PageAllocator file pages come from
        self.clock = clock          # () -> nanoseconds of real (virtual) time
        self.dev = dev              # st_dev of its files
        if size_pages is None:
            size_pages = pages.uvmexp.npages // 2
        self.quota = PageQuota(size_pages)  # pages the files may hold
        self.nodes_max = size_pages
        self.nodes = 0
        self._next_ino = 2          # the root is inode 2, as on ffs
        self.root = TmpfsDir(self, 0o755, None)
        self.root.nlink = 2         # its "." and its own ".."

    def alloc_node(self):
        """A new node's inode number, within the limit on nodes."""
        if self.nodes >= self.nodes_max:
            raise Errno(ENOSPC)
        self.nodes += 1
        ino = self._next_ino
        self._next_ino += 1
        return ino

    def walk(self):
        """Every vnode reachable from the root, each once."""
        seen, todo = set(), [self.root]
        while todo:
            vp = todo.pop()
            if id(vp) in seen:
                continue
            seen.add(id(vp))
            yield vp
            if vp.type == VDIR:
                todo.extend(d.vnode for d in vp.entries.values())

    def resident_pages(self):
        """Pages of guest memory the named files hold."""
        return sum(vp.resident_pages() for vp in self.walk())


class TmpfsDirent:
    """One name in a directory; the cookie is its place for getdents, so a
    reader goes on at the right entry even when others are removed."""

    __slots__ = ("cookie", "vnode")

    def __init__(self, cookie, vnode):
        self.cookie = cookie
        self.vnode = vnode


class TmpfsNode(Vnode):
    __slots__ = ()

    def reclaim(self):
        """The node is gone: it no longer counts against the limit."""
        self.mount.nodes -= 1


class TmpfsDir(TmpfsNode):
    __slots__ = ("entries", "parent", "_next_cookie")
    FIRST_COOKIE = 2        # 0 is ".", 1 is ".."

    def __init__(self, mount, mode, parent):
        super().__init__(mount, VDIR, mode, mount.alloc_node(), mount.clock())
        self.entries = {}           # name (bytes) -> TmpfsDirent, in cookie order
        self.parent = parent        # None for the root: its ".." is itself
        self._next_cookie = self.FIRST_COOKIE

    @property
    def size(self):
        return PAGE_SIZE * (1 + len(self.entries) // 64)

    @size.setter
    def size(self, value):
        pass                        # a directory's size follows its entries

    def is_empty(self):
        return not self.entries

    # -- names ----------------------------------------------------------

    def lookup(self, name):
        if name == b".":
            return self
        if name == b"..":
            return self.parent or self
        entry = self.entries.get(name)
        if entry is None:
            raise Errno(ENOENT)
        return entry.vnode

    def _enter(self, name, vp):
        self.entries[name] = TmpfsDirent(self._next_cookie, vp)
        self._next_cookie += 1
        vp.nlink += 1
        self._modified()

    def _forget(self, name):
        vp = self.entries.pop(name).vnode
        vp.nlink -= 1
        vp.ctime = self.mount.clock()
        self._modified()
        return vp

    def _modified(self):
        self.mtime = self.ctime = self.mount.clock()

    def _check_new(self, name):
        if name in (b".", b"..") or name in self.entries:
            raise Errno(EEXIST)
        if self.nlink == 0:
            raise Errno(ENOENT)     # the directory itself was removed

    # -- creating -------------------------------------------------------

    def create(self, name, mode, pager=None):
        self._check_new(name)
        vp = TmpfsFile(self.mount, mode, pager)
        self._enter(name, vp)
        return vp

    def mkdir(self, name, mode):
        self._check_new(name)
        vp = TmpfsDir(self.mount, mode, self)
        self._enter(name, vp)
        vp.nlink += 1               # its own "."
        self.nlink += 1             # its ".." names us
        return vp

    def mknod(self, name, mode, rdev):
        self._check_new(name)
        vp = TmpfsDevice(self.mount, mode, rdev)
        self._enter(name, vp)
        return vp

    def symlink(self, name, mode, target):
        self._check_new(name)
        vp = TmpfsSymlink(self.mount, mode, target)
        self._enter(name, vp)
        return vp

    def link(self, name, vp):
        if vp.type == VDIR:
            raise Errno(EPERM)
        self._check_new(name)
        self._enter(name, vp)
        vp.ctime = self.mount.clock()

    # -- removing -------------------------------------------------------

    def remove(self, name):
        """unlink: directories are rmdir's business (EPERM, as OpenBSD)."""
        vp = self._named(name)
        if vp.type == VDIR:
            raise Errno(EPERM)
        self._forget(name)
        vp.reclaim_if_unused()

    def rmdir(self, name):
        if name == b".":
            raise Errno(EINVAL)
        if name == b"..":
            raise Errno(ENOTEMPTY)
        vp = self._named(name)
        if vp.type != VDIR:
            raise Errno(ENOTDIR)
        if not vp.is_empty():
            raise Errno(ENOTEMPTY)
        if vp is self.mount.root:
            raise Errno(EPERM)
        self._forget(name)
        vp.nlink = 0                # its "." goes with it
        self.nlink -= 1             # and its ".." no longer names us
        vp.reclaim_if_unused()

    def _named(self, name):
        entry = self.entries.get(name)
        if entry is None:
            raise Errno(ENOENT)
        return entry.vnode

    # -- rename ---------------------------------------------------------

    def rename(self, fromname, todir, toname):
        """Move entry fromname of this directory to toname in todir,
        replacing what toname named (if the types allow it)."""
        if fromname in (b".", b"..") or toname in (b".", b".."):
            raise Errno(EINVAL)
        vp = self._named(fromname)
        target = todir.entries.get(toname)
        target = target.vnode if target else None
        if target is vp:
            return                  # two names of one file: nothing to do
        if vp.type == VDIR:
            self._check_not_into_itself(vp, todir)
        if target is not None:
            _check_replaceable(vp, target)
            if target.type == VDIR:
                todir.rmdir(toname)
            else:
                todir.remove(toname)
        self.entries.pop(fromname)
        vp.nlink -= 1
        self._modified()
        todir._enter(toname, vp)
        vp.ctime = self.mount.clock()
        if vp.type == VDIR and todir is not self:
            vp.parent = todir
            self.nlink -= 1
            todir.nlink += 1

    @staticmethod
    def _check_not_into_itself(vp, todir):
        d = todir
        while d is not None:
            if d is vp:
                raise Errno(EINVAL)
            d = d.parent

    # -- listing --------------------------------------------------------

    def readdir(self, cookie):
        """(cookie, name, vnode) of the entries from cookie on."""
        if cookie <= 0:
            yield 0, b".", self
        if cookie <= 1:
            yield 1, b"..", self.parent or self
        for name, entry in list(self.entries.items()):
            if entry.cookie >= cookie:
                yield entry.cookie, name, entry.vnode


def _check_replaceable(vp, target):
    if vp.type == VDIR and target.type != VDIR:
        raise Errno(ENOTDIR)
    if vp.type != VDIR and target.type == VDIR:
        raise Errno(EISDIR)
    if target.type == VDIR and not target.is_empty():
        raise Errno(ENOTEMPTY)


class TmpfsFile(TmpfsNode):
    """A regular file: its bytes are the pages of its uvm_object."""

    __slots__ = ()

    def __init__(self, mount, mode, pager=None, size=0):
        super().__init__(mount, VREG, mode, mount.alloc_node(), mount.clock())
        self.uobj = UvmObject(mount.pages, pager, mount.quota)
        self.size = size

    def read(self, offset, n):
        n = max(0, min(n, self.size - offset))
        return self.uobj.read(offset, n) if n else b""

    def write(self, offset, data):
        """Write data at offset; return how much was written.  Out of
        pages, a write stops short, or fails with ENOSPC if it wrote
        nothing."""
        if offset + len(data) > OFF_MAX:
            raise Errno(EFBIG)
        done = 0
        while done < len(data):
            pos = offset + done
            chunk = data[done:done + PAGE_SIZE - pos % PAGE_SIZE]
            try:
                self.uobj.write(pos, chunk)
            except Errno as e:
                if e.errno not in (ENOMEM, ENOSPC):
                    raise
                break
            done += len(chunk)
        if done == 0 and data:
            raise Errno(ENOSPC)
        self.size = max(self.size, offset + done)
        self.mtime = self.ctime = self.mount.clock()
        return done

    def setsize(self, size):
        """truncate: shorter frees the pages past the end; longer leaves
        a hole that reads as zeros and holds no page."""
        if size > OFF_MAX:
            raise Errno(EFBIG)
        if size < self.size:
            self.uobj.truncate(size)
        self.size = size
        self.mtime = self.ctime = self.mount.clock()

    def reclaim(self):
        super().reclaim()
        self.uobj.detach()


class TmpfsDevice(TmpfsNode):
    """A character device node: the device number says which driver."""

    __slots__ = ()

    def __init__(self, mount, mode, rdev):
        super().__init__(mount, VCHR, mode, mount.alloc_node(), mount.clock())
        self.rdev = rdev


class TmpfsSymlink(TmpfsNode):
    """A symbolic link: its contents, a path, are kept in the node (as
    tmpfs keeps short links), never in pages."""

    __slots__ = ("target",)

    def __init__(self, mount, mode, target):
        super().__init__(mount, VLNK, mode, mount.alloc_node(), mount.clock())
        self.target = target
        self.size = len(target)
