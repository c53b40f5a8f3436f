"""Open files on vnodes (OpenBSD's vfs_vnops.c): vn_open, the file
operations of a vnode (read, write at the file's offset), stat, and what
execve needs from the file system.

A VnodeFile holds a reference to its vnode for as long as it is open.
Reads and writes of a regular file go through the file's page cache (its
uvm_object); those of a character device go to the driver.
"""

import struct

from isa.x86 import PAGE_SIZE

from ..dev.conf import cdev_lookup
from ..sys.errno import Errno, EACCES, EEXIST, EINVAL, EISDIR, ELOOP, ENOENT, ENOTDIR
from ..sys.fcntl import O_NOFOLLOW
from ..sys.stat import STAT_FORMAT
from .kern_descrip import (File, FWRITE, FAPPEND, O_ACCMODE, O_CREAT,
                           O_EXCL, O_TRUNC, O_DIRECTORY, FFLAGS, FMASK, flock_release)
from .vfs_lookup import MAXSYMLINKS, namei, namei_parent, namei_link_target
from ..sys.lock import KERNEL_LOCK, KERNEL_UNLOCK
from ..sys.types import minor
from ..sys.vnode import VREG, VDIR, VCHR, VLNK
from .vfs_vnode import ALLPERMS

# access(2) modes.
F_OK, X_OK, W_OK, R_OK = 0, 1, 2, 4
S_IXUGO = 0o111


class VnodeFile(File):
    """An open vnode (struct file of type DTYPE_VNODE)."""

    def __init__(self, vp, flags):
        super().__init__(flags)
        self.vnode = vp
        self.offset = 0
        vp.vref()

    def read(self, p, nbyte):
        data = self.pread(p, nbyte, self.offset)
        if data is not None:        # None: a device put p to sleep
            self.offset += len(data)
        return data

    def write(self, p, data):
        if self.flags & FAPPEND:
            self.offset = self.vnode.size
        n = self.pwrite(p, data, self.offset)
        if n is not None:           # None: a device stopped p (SIGTTOU)
            self.offset += n
        return n

    # read(2) and write(2) are NOLOCK at the system call layer; the file
    # system and the devices below still run under the kernel lock.

    def pread(self, p, nbyte, offset):
        vp = self.vnode
        KERNEL_LOCK(p.kernel)
        try:
            if vp.type == VCHR:
                return cdev_lookup(vp.rdev).read(p, minor(vp.rdev), nbyte)
            return vp.read(offset, nbyte)
        finally:
            KERNEL_UNLOCK(p.kernel)

    def pwrite(self, p, data, offset):
        vp = self.vnode
        KERNEL_LOCK(p.kernel)
        try:
            if vp.type == VCHR:
                return cdev_lookup(vp.rdev).write(p, minor(vp.rdev), data)
            return vp.write(offset, data)
        finally:
            KERNEL_UNLOCK(p.kernel)

    def is_tty(self):
        """Is this a terminal (OpenBSD's VISTTY)?  A terminal is a stream
        with no file offset."""
        vp = self.vnode
        return vp.type == VCHR and cdev_lookup(vp.rdev).is_tty

    def stat(self, p):
        return vn_stat(self.vnode)

    def ioctl(self, p, com, data):
        vp = self.vnode
        if vp.type == VCHR:
            return cdev_lookup(vp.rdev).ioctl(p, minor(vp.rdev), com, data)
        return super().ioctl(p, com, data)

    def poll(self, p, events):
        """A device answers for itself; files and directories are always
        ready."""
        vp = self.vnode
        if vp.type == VCHR:
            return cdev_lookup(vp.rdev).poll(p, minor(vp.rdev), events)
        return super().poll(p, events)

    def close(self):
        if self.vnode.lockf is not None:
            flock_release(self.vnode, self)     # its flock goes with its last close
        self.vnode.vrele()


def vn_open(p, path, oflags, cmode, at=None):
    """open(2) on a path (relative to directory at, for openat): the
    VnodeFile, not yet in any descriptor."""
    if oflags & O_ACCMODE == O_ACCMODE:
        raise Errno(EINVAL)
    flags = FFLAGS(oflags) & FMASK
    vp = _lookup_or_create(p, path, oflags, cmode, at)
    if vp.type == VLNK:
        raise Errno(ELOOP)          # O_NOFOLLOW and the last name is a link
    if oflags & O_DIRECTORY and vp.type != VDIR:
        raise Errno(ENOTDIR)
    if vp.type == VDIR and flags & FWRITE:
        raise Errno(EISDIR)
    if oflags & O_TRUNC and flags & FWRITE and vp.type == VREG:
        vp.setsize(0)
    return VnodeFile(vp, flags)


def _lookup_or_create(p, path, oflags, cmode, at):
    follow = not oflags & O_NOFOLLOW
    if not oflags & O_CREAT:
        return namei(p, path, follow=follow, at=at)
    dvp, name = namei_parent(p, path, at)
    for _ in range(MAXSYMLINKS):
        try:
            vp = dvp.lookup(name)
        except Errno as e:
            if e.errno != ENOENT:
                raise
            return dvp.create(name, cmode & ALLPERMS & ~p.p_p.ps_umask)
        if oflags & O_EXCL:
            raise Errno(EEXIST)
        if vp.type != VLNK or not follow:
            break
        dvp, name = namei_link_target(p, dvp, vp)   # create what the link names
    else:
        raise Errno(ELOOP)
    if vp.type == VDIR:
        raise Errno(EISDIR)
    return vp
def vn_access(vp, amode):
    """access(2) for the one user, root: reading and writing are always
    allowed; executing needs an x bit (searching a directory does not)."""
    if amode & X_OK and vp.type != VDIR and not vp.mode & S_IXUGO:
        raise Errno(EACCES)


def vn_exec_check(vp):
    """May vp be executed?  Only a regular file with an x bit (EACCES)."""
    if vp.type != VREG or not vp.mode & S_IXUGO:
        raise Errno(EACCES)


def vn_read_all(vp):
    """The whole contents of a regular file (what execve loads)."""
    if vp.type == VDIR:
        raise Errno(EISDIR)
    if vp.type != VREG:
        raise Errno(EACCES)
    return vp.read(0, vp.size)


def vn_stat(vp):
    """The struct stat of vp, as OpenBSD amd64 lays it out (128 bytes)."""
    blocks = (vp.resident_pages() if vp.type == VREG else 1) * (PAGE_SIZE // 512)
    times = []
    for ns in (vp.atime, vp.mtime, vp.ctime, vp.ctime):    # birth: ctime
        times += divmod(ns, 1_000_000_000)
    return struct.pack(
        STAT_FORMAT, vp.st_mode, vp.mount.dev, vp.ino, vp.nlink, vp.uid, vp.gid, vp.rdev,
        *times[:6], vp.size, blocks, PAGE_SIZE, 0, 0, *times[6:])
