"""The file system calls (OpenBSD's vfs_syscalls.c and vfs_getcwd.c):
open, the calls on names (unlink, mkdir, rename, ...), the calls on open
files (lseek, pread, getdents, ...), and the working directory.

Each call copies its path in (copyinpath), finds the vnode or the parent
directory with namei, and leaves the work to the vnode's operations.
"""

import struct

from .copy import copyin, copyout
from ..sys.errno import (Errno, EINVAL, EISDIR, ENOENT, ENOTDIR, ERANGE,
                    ESPIPE, EXDEV, EMFILE)
from .kern_descrip import FREAD, FWRITE, O_CLOEXEC
from .sys_generic import IO_CHUNK
from .vfs_lookup import copyinpath, namei, namei_parent, PATH_MAX
from .vfs_vnode import VDIR, VREG, VTYPE_TO_DT, ALLPERMS
from .vfs_vnops import VnodeFile, vn_open, vn_access, vn_stat

SEEK_SET, SEEK_CUR, SEEK_END = 0, 1, 2
OFF_MAX = (1 << 63) - 1

DIRENT_HEADER = struct.Struct("<QqHBB4x")   # d_fileno d_off d_reclen d_type d_namlen


def _vnode_file(p, fd, need=0):
    """The VnodeFile at fd; ESPIPE for a file that is no vnode (a pipe)."""
    fp = p.fd.lookup(fd, need)
    if not isinstance(fp, VnodeFile):
        raise Errno(ESPIPE)
    return fp


def _seekable_file(p, fd, need):
    """The file of pread/pwrite: a vnode with an offset, not a stream
    (a pipe or a terminal: ESPIPE, as OpenBSD's sys_pread)."""
    fp = _vnode_file(p, fd, need)
    if fp.is_tty():
        raise Errno(ESPIPE)
    return fp


# -- opening -------------------------------------------------------------

def sys_open(p, path, flags, mode):
    path = copyinpath(p, path)
    if p.fd.full():
        raise Errno(EMFILE)         # before creating anything
    fp = vn_open(p, path, flags, mode)
    return p.fd.install(fp, cloexec=bool(flags & O_CLOEXEC))


# -- names ---------------------------------------------------------------

def sys_unlink(p, path):
    dvp, name = namei_parent(p, copyinpath(p, path))
    dvp.remove(name)
    return 0


def sys_link(p, path, link):
    vp = namei(p, copyinpath(p, path))
    dvp, name = namei_parent(p, copyinpath(p, link))
    if dvp.mount is not vp.mount:
        raise Errno(EXDEV)
    dvp.link(name, vp)
    return 0


def sys_mkdir(p, path, mode):
    dvp, name = namei_parent(p, copyinpath(p, path))
    dvp.mkdir(name, mode & ALLPERMS & ~p.umask)
    return 0


def sys_rmdir(p, path):
    dvp, name = namei_parent(p, copyinpath(p, path))
    dvp.rmdir(name)
    return 0


def sys_rename(p, from_, to):
    fdvp, fname = namei_parent(p, copyinpath(p, from_))
    tdvp, tname = namei_parent(p, copyinpath(p, to))
    fdvp.lookup(fname)              # ENOENT before anything else
    if fdvp.mount is not tdvp.mount:
        raise Errno(EXDEV)
    fdvp.rename(fname, tdvp, tname)
    return 0


def sys_access(p, path, amode):
    vn_access(namei(p, copyinpath(p, path)), amode)
    return 0


def sys_stat(p, path, ub):
    copyout(p, vn_stat(namei(p, copyinpath(p, path))), ub)
    return 0


def sys_lstat(p, path, ub):
    """stat without following a final symbolic link: there are none yet."""
    return sys_stat(p, path, ub)


def sys_truncate(p, path, length):
    _truncate(namei(p, copyinpath(p, path)), length)
    return 0


def _truncate(vp, length):
    if vp.type == VDIR:
        raise Errno(EISDIR)
    if vp.type != VREG or length < 0:
        raise Errno(EINVAL)
    vp.setsize(length)


# -- open files ----------------------------------------------------------

def sys_fstat(p, fd, sb):
    copyout(p, p.fd.lookup(fd).stat(p), sb)
    return 0


def sys_ftruncate(p, fd, length):
    fp = _vnode_file(p, fd)
    if not fp.flags & FWRITE:
        raise Errno(EINVAL)
    _truncate(fp.vnode, length)
    return 0


def sys_fsync(p, fd):
    """Nothing to do: file data is in memory and never written back."""
    p.fd.lookup(fd)
    return 0


def sys_lseek(p, fd, offset, whence):
    fp = _vnode_file(p, fd)
    base = {SEEK_SET: 0, SEEK_CUR: fp.offset, SEEK_END: fp.vnode.size}.get(
        whence)
    if base is None:
        raise Errno(EINVAL)
    new = base + offset
    if not 0 <= new <= OFF_MAX:
        raise Errno(EINVAL)
    fp.offset = new
    return new


def sys_pread(p, fd, buf, nbyte, offset):
    fp = _seekable_file(p, fd, FREAD)
    if offset < 0:
        raise Errno(EINVAL)
    data = fp.pread(p, min(nbyte, IO_CHUNK), offset)
    copyout(p, data, buf)
    return len(data)


def sys_pwrite(p, fd, buf, nbyte, offset):
    fp = _seekable_file(p, fd, FWRITE)
    if offset < 0:
        raise Errno(EINVAL)
    done = 0
    while done < nbyte:
        chunk = copyin(p, buf + done, min(nbyte - done, IO_CHUNK))
        written = fp.pwrite(p, chunk, offset + done)
        done += written
        if written < len(chunk):
            break
    return done


def sys_getdents(p, fd, buf, buflen):
    """Directory entries from the file's offset (a cookie) on, as many
    whole struct dirent records as fit in buflen."""
    fp = p.fd.lookup(fd, FREAD)
    if not isinstance(fp, VnodeFile) or fp.vnode.type != VDIR:
        raise Errno(ENOTDIR)
    buflen = min(buflen, IO_CHUNK)
    out = bytearray()
    for cookie, name, vp in fp.vnode.readdir(fp.offset):
        record = dirent_record(vp.ino, cookie + 1, VTYPE_TO_DT.get(vp.type, 0), name)
        if len(out) + len(record) > buflen:
            if not out:
                raise Errno(EINVAL)     # not even one entry fits
            break
        out += record
        fp.offset = cookie + 1
    copyout(p, bytes(out), buf)
    return len(out)


def dirent_record(ino, next_cookie, dtype, name):
    """One struct dirent: the header, the name and its NUL, padded to 8."""
    reclen = (DIRENT_HEADER.size + len(name) + 1 + 7) & ~7
    head = DIRENT_HEADER.pack(ino, next_cookie, reclen, dtype, len(name))
    return (head + name).ljust(reclen, b"\0")


# -- the working directory -----------------------------------------------

def sys_chdir(p, path):
    _set_cwd(p, namei(p, copyinpath(p, path)))
    return 0


def sys_fchdir(p, fd):
    _set_cwd(p, _vnode_file(p, fd).vnode)
    return 0


def _set_cwd(p, vp):
    if vp.type != VDIR:
        raise Errno(ENOTDIR)
    vp.vref()
    old, p.cwd = p.cwd, vp
    old.vrele()


def sys___getcwd(p, buf, size):
    """The working directory's path, with its NUL; returns its length."""
    if size == 0:
        raise Errno(EINVAL)
    path = vn_getcwd(p.cwd) + b"\0"
    if len(path) > min(size, PATH_MAX):
        raise Errno(ERANGE)
    copyout(p, path, buf)
    return len(path)


def vn_getcwd(dvp):
    """The path of directory dvp, found by walking up the ".." links."""
    if dvp.nlink == 0:
        raise Errno(ENOENT)         # removed while it was our cwd
    names = []
    while dvp.parent is not None:
        parent = dvp.parent
        name = next((name for name, e in parent.entries.items()
                     if e.vnode is dvp), None)
        if name is None:
            raise Errno(ENOENT)     # no longer reachable from the root
        names.append(name)
        dvp = parent
    return b"/" + b"/".join(reversed(names))


def sys_umask(p, newmask):
    old, p.umask = p.umask, newmask & 0o777
    return old
