"""struct vnode: the kernel's handle on a file, whatever file system it
lives on (OpenBSD's sys/vnode.h).

A vnode has a type (regular file, directory, character device), the
attributes stat(2) shows, and a use count: open files, working
directories and (later) mappings each hold a reference.  A regular
file's bytes live in its uvm_object, `uobj`, whose pages are the page
cache; `size` is the file's length in bytes.

The operations (lookup, create, read, ...) are methods that a file
system overrides (OpenBSD's VOP_* calls through v_op).  The defaults
here fail the way a vnode of the wrong type must, so a file system only
writes what its types support.
"""

from ..sys.errno import Errno, ENOTDIR, EISDIR, EOPNOTSUPP
from ..sys.stat import S_IFIFO, S_IFCHR, S_IFDIR, S_IFREG, S_IFLNK  # st_mode's type
from ..sys.vnode import VREG, VDIR, VCHR, VLNK, VFIFO


ALLPERMS = 0o7777

VTYPE_TO_IFMT = {VREG: S_IFREG, VDIR: S_IFDIR, VCHR: S_IFCHR,
                 VLNK: S_IFLNK, VFIFO: S_IFIFO}

# Directory entry types (d_type of struct dirent).
DT_UNKNOWN, DT_FIFO, DT_CHR, DT_DIR, DT_REG, DT_LNK = 0, 1, 2, 4, 8, 10
VTYPE_TO_DT = {VREG: DT_REG, VDIR: DT_DIR, VCHR: DT_CHR, VLNK: DT_LNK,
               VFIFO: DT_FIFO}


class Vnode:
    # Slots, not a dict per vnode: a file system may hold many thousands.
    __slots__ = ("mount", "type", "mode", "ino", "nlink", "usecount", "size",
                 "uobj", "rdev", "atime", "mtime", "ctime", "reclaimed",
                 "uid", "gid", "lockf")

    def __init__(self, mount, vtype, mode, ino, now_ns):
        self.mount = mount          # the file system it belongs to
        self.type = vtype
        self.mode = mode & ALLPERMS  # permission bits only; the type is .type
        self.ino = ino
        self.nlink = 0              # directory entries naming it
        self.usecount = 0           # open files, cwds, mappings
        self.size = 0
        self.uobj = None            # VREG: the page cache
        self.rdev = 0               # VCHR: the device number
        self.atime = self.mtime = self.ctime = now_ns
        self.reclaimed = False
        self.uid = self.gid = 0     # the owner: root, the one user
        self.lockf = None           # flock(2)'s lock (kern_descrip.Flock), if any

    def __repr__(self):
        return f"<vnode {self.ino} type {self.type}>"

    # -- references -----------------------------------------------------

    def vref(self):
        self.usecount += 1

    def vrele(self):
        """Drop a reference; a file that is both unused and unnamed goes."""
        assert self.usecount > 0, f"{self!r} released more often than taken"
        self.usecount -= 1
        self.reclaim_if_unused()

    def reclaim_if_unused(self):
        if self.usecount == 0 and self.nlink == 0 and not self.reclaimed:
            self.reclaimed = True
            self.reclaim()

    def reclaim(self):
        """Free what the vnode holds (VOP_RECLAIM)."""

    # -- attributes -----------------------------------------------------

    @property
    def st_mode(self):
        return VTYPE_TO_IFMT.get(self.type, 0) | self.mode

    def resident_pages(self):
        return self.uobj.resident if self.uobj is not None else 0

    # -- operations: the defaults fail as the wrong type must -----------

    def _not_dir(self, *args):
        raise Errno(ENOTDIR)

    lookup = create = mkdir = mknod = symlink = remove = rmdir = rename = readdir = _not_dir

    def read(self, offset, n):
        raise Errno(EISDIR if self.type == VDIR else EOPNOTSUPP)

    def write(self, offset, data):
        raise Errno(EISDIR if self.type == VDIR else EOPNOTSUPP)

    def setsize(self, size):
        raise Errno(EISDIR if self.type == VDIR else EOPNOTSUPP)
