"""The file system calls (OpenBSD's vfs_syscalls.c and vfs_getcwd.c):
open, the calls on names (unlink, mkdir, rename, symlink, ...), the calls
that change a file's attributes (chmod, chown, utimes), the calls on open
files (lseek, pread, getdents, ...), and the working directory.

Each call copies its path in (copyinpath), finds the vnode or the parent
directory with namei, and leaves the work to the vnode's operations.  The
*at calls (openat, fstatat, ...) are the real ones: a relative path starts
from the directory open at fd, or from the working directory for
AT_FDCWD; the classic calls are the *at calls with AT_FDCWD.

minikern has one user, root: the permission bits, owner and group are
stored and reported, and the superuser's rules decide (chown is root's).
"""

import struct

from .copy import copyin, copyout
from ..sys.errno import (Errno, EINVAL, EISDIR, ENOENT, ENOTDIR, ERANGE,
                    ESPIPE, EXDEV, EMFILE, EPERM)
from ..sys.fcntl import (AT_FDCWD, AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_SYMLINK_FOLLOW,
                         AT_REMOVEDIR)
from ..sys.stat import S_IFMT, UTIME_NOW, UTIME_OMIT
from .kern_descrip import FREAD, FWRITE, O_CLOEXEC
from .kern_prot import sys_geteuid, sys_getegid
from .sys_generic import IO_CHUNK
from .vfs_init import realtime_ns
from .vfs_lookup import copyinpath, namei, namei_parent, PATH_MAX
from .vfs_vnode import VDIR, VREG, VLNK, VTYPE_TO_DT, ALLPERMS
from .vfs_vnops import VnodeFile, vn_open, vn_access, vn_stat, F_OK, X_OK, W_OK, R_OK

SEEK_SET, SEEK_CUR, SEEK_END = 0, 1, 2
OFF_MAX = (1 << 63) - 1
NOVAL = 0xFFFF_FFFF         # chown's "leave it as it is": (uid_t)-1

DIRENT_HEADER = struct.Struct("<QqHBB4x")   # d_fileno d_off d_reclen d_type d_namlen
TIMESPECS = struct.Struct("<qqqq")          # utimensat's times[2]: atime, mtime
TIMEVALS = struct.Struct("<qqqq")           # utimes's times[2]


def _vnode_file(p, fd, need=0):
    """The VnodeFile at fd; ESPIPE for a file that is no vnode (a pipe)."""
    fp = p.p_p.ps_fd.lookup(fd, need)
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


def _at(p, fd, path):
    """The path argument of an *at call, and the directory a relative one
    starts from (None: the working directory).  fd must be AT_FDCWD or an
    open directory (EBADF, EINVAL for a pipe, ENOTDIR), as OpenBSD's
    namei checks."""
    path = copyinpath(p, path)
    if fd == AT_FDCWD or path.startswith(b"/"):
        return path, None
    vp = _file_vnode(p, fd)
    if vp.type != VDIR:
        raise Errno(ENOTDIR)
    return path, vp


def _check_flags(flag, allowed):
    if flag & ~allowed:
        raise Errno(EINVAL)


def _namei_at(p, fd, path, flag=0):
    """The vnode an *at call names; AT_SYMLINK_NOFOLLOW keeps a last link."""
    path, at = _at(p, fd, path)
    return namei(p, path, follow=not flag & AT_SYMLINK_NOFOLLOW, at=at)


def _parent_at(p, fd, path):
    path, at = _at(p, fd, path)
    return namei_parent(p, path, at)


# -- opening -------------------------------------------------------------

def sys_open(p, path, flags, mode):
    return sys_openat(p, AT_FDCWD, path, flags, mode)


def sys_openat(p, fd, path, flags, mode):
    path, at = _at(p, fd, path)
    if p.p_p.ps_fd.full():
        raise Errno(EMFILE)         # before creating anything
    fp = vn_open(p, path, flags, mode, at)
    return p.p_p.ps_fd.install(fp, cloexec=bool(flags & O_CLOEXEC))


# -- names ---------------------------------------------------------------

def sys_unlink(p, path):
    return sys_unlinkat(p, AT_FDCWD, path, 0)


def sys_unlinkat(p, fd, path, flag):
    _check_flags(flag, AT_REMOVEDIR)
    dvp, name = _parent_at(p, fd, path)
    if flag & AT_REMOVEDIR:
        dvp.rmdir(name)
    else:
        dvp.remove(name)
    return 0


def sys_link(p, path, link):
    return sys_linkat(p, AT_FDCWD, path, AT_FDCWD, link, AT_SYMLINK_FOLLOW)


def sys_linkat(p, fd1, path1, fd2, path2, flag):
    """A new name path2 for path1's file; a last link of path1 is linked
    itself unless AT_SYMLINK_FOLLOW (link(2) follows it, as OpenBSD's)."""
    _check_flags(flag, AT_SYMLINK_FOLLOW)
    vp = _namei_at(p, fd1, path1, 0 if flag & AT_SYMLINK_FOLLOW else AT_SYMLINK_NOFOLLOW)
    dvp, name = _parent_at(p, fd2, path2)
    if dvp.mount is not vp.mount:
        raise Errno(EXDEV)
    dvp.link(name, vp)
    return 0


def sys_symlink(p, path, link):
    return sys_symlinkat(p, path, AT_FDCWD, link)


def sys_symlinkat(p, path, fd, link):
    """A symbolic link named link whose contents are path (not looked at:
    it may name nothing yet).  Its mode is 0777 less the umask."""
    target = copyinpath(p, path)
    if not target:
        raise Errno(ENOENT)
    dvp, name = _parent_at(p, fd, link)
    dvp.symlink(name, 0o777 & ~p.p_p.ps_umask, target)
    return 0


def sys_readlink(p, path, buf, count):
    return sys_readlinkat(p, AT_FDCWD, path, buf, count)


def sys_readlinkat(p, fd, path, buf, count):
    """A link's contents, without a NUL, cut to count bytes; EINVAL if the
    path names no link."""
    vp = _namei_at(p, fd, path, AT_SYMLINK_NOFOLLOW)
    if vp.type != VLNK:
        raise Errno(EINVAL)
    data = vp.target[:count]
    copyout(p, data, buf)
    return len(data)


def sys_mkdir(p, path, mode):
    return sys_mkdirat(p, AT_FDCWD, path, mode)


def sys_mkdirat(p, fd, path, mode):
    dvp, name = _parent_at(p, fd, path)
    dvp.mkdir(name, mode & ALLPERMS & ~p.p_p.ps_umask)
    return 0


def sys_rmdir(p, path):
    return sys_unlinkat(p, AT_FDCWD, path, AT_REMOVEDIR)


def sys_rename(p, from_, to):
    return sys_renameat(p, AT_FDCWD, from_, AT_FDCWD, to)


def sys_renameat(p, fromfd, from_, tofd, to):
    fdvp, fname = _parent_at(p, fromfd, from_)
    tdvp, tname = _parent_at(p, tofd, to)
    fdvp.lookup(fname)              # ENOENT before anything else
    if fdvp.mount is not tdvp.mount:
        raise Errno(EXDEV)
    fdvp.rename(fname, tdvp, tname)
    return 0


def sys_access(p, path, amode):
    return sys_faccessat(p, AT_FDCWD, path, amode, 0)


def sys_faccessat(p, fd, path, amode, flag):
    _check_flags(flag, AT_EACCESS | AT_SYMLINK_NOFOLLOW)
    if amode & ~(F_OK | X_OK | W_OK | R_OK):
        raise Errno(EINVAL)
    vn_access(_namei_at(p, fd, path, flag), amode)
    return 0


def sys_stat(p, path, ub):
    return sys_fstatat(p, AT_FDCWD, path, ub, 0)


def sys_lstat(p, path, ub):
    """stat of a symbolic link itself, not of what it names."""
    return sys_fstatat(p, AT_FDCWD, path, ub, AT_SYMLINK_NOFOLLOW)


def sys_fstatat(p, fd, path, buf, flag):
    _check_flags(flag, AT_SYMLINK_NOFOLLOW)
    copyout(p, vn_stat(_namei_at(p, fd, path, flag)), buf)
    return 0


def sys_truncate(p, path, length):
    _truncate(namei(p, copyinpath(p, path)), length)
    return 0


def _truncate(vp, length):
    if vp.type == VDIR:
        raise Errno(EISDIR)
    if vp.type != VREG or length < 0:
        raise Errno(EINVAL)
    vp.setsize(length)


# -- attributes: mode, owner, times ----------------------------------------

def sys_chmod(p, path, mode):
    return sys_fchmodat(p, AT_FDCWD, path, mode, 0)


def sys_fchmod(p, fd, mode):
    _setmode(p, _file_vnode(p, fd), mode)
    return 0


def sys_fchmodat(p, fd, path, mode, flag):
    _check_flags(flag, AT_SYMLINK_NOFOLLOW)
    _setmode(p, _namei_at(p, fd, path, flag), mode)
    return 0


def _setmode(p, vp, mode):
    """The permission bits (S_ISUID ... S_IXOTH); other bits than those
    and the file type's are EINVAL, as OpenBSD's."""
    if mode & ~(S_IFMT | ALLPERMS):
        raise Errno(EINVAL)
    vp.mode = mode & ALLPERMS
    vp.ctime = realtime_ns(p.kernel)


def _file_vnode(p, fd):
    """The vnode open at fd (EINVAL for a pipe, as OpenBSD's getvnode)."""
    vp = getattr(p.p_p.ps_fd.lookup(fd), "vnode", None)
    if vp is None:
        raise Errno(EINVAL)
    return vp


def sys_chown(p, path, uid, gid):
    return sys_fchownat(p, AT_FDCWD, path, uid, gid, 0)


def sys_lchown(p, path, uid, gid):
    return sys_fchownat(p, AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW)


def sys_fchown(p, fd, uid, gid):
    _setowner(p, _file_vnode(p, fd), uid, gid)
    return 0


def sys_fchownat(p, fd, path, uid, gid, flag):
    _check_flags(flag, AT_SYMLINK_NOFOLLOW)
    _setowner(p, _namei_at(p, fd, path, flag), uid, gid)
    return 0


def _setowner(p, vp, uid, gid):
    """OpenBSD's ufs_chown rule: only the superuser may give a file away
    or change its group to one it is not in; the owner may set the group
    to its own.  A change by anyone else clears set-user/group-id."""
    uid = vp.uid if uid == NOVAL else uid
    gid = vp.gid if gid == NOVAL else gid
    euid, egid = sys_geteuid(p), sys_getegid(p)
    if euid != 0 and (euid != vp.uid or uid != vp.uid or gid not in (vp.gid, egid)):
        raise Errno(EPERM)
    if euid != 0 and (uid, gid) != (vp.uid, vp.gid):
        vp.mode &= ~0o6000          # S_ISUID | S_ISGID
    vp.uid, vp.gid = uid, gid
    vp.ctime = realtime_ns(p.kernel)


def sys_utimes(p, path, tptr):
    _settimes(p, namei(p, copyinpath(p, path)), _timevals_in(p, tptr))
    return 0


def sys_futimes(p, fd, tptr):
    _settimes(p, _file_vnode(p, fd), _timevals_in(p, tptr))
    return 0


def sys_utimensat(p, fd, path, times, flag):
    _check_flags(flag, AT_SYMLINK_NOFOLLOW)
    ts = _timespecs_in(p, times)
    _settimes(p, _namei_at(p, fd, path, flag), ts)
    return 0


def sys_futimens(p, fd, times):
    ts = _timespecs_in(p, times)
    _settimes(p, _file_vnode(p, fd), ts)
    return 0


def _timevals_in(p, tptr):
    """utimes's two times in nanoseconds (None: now); EINVAL for a
    tv_usec outside [0, 10**6)."""
    if not tptr:
        return (None, None)
    asec, ausec, msec, musec = TIMEVALS.unpack(copyin(p, tptr, TIMEVALS.size))
    if not (0 <= ausec < 1_000_000 and 0 <= musec < 1_000_000):
        raise Errno(EINVAL)
    return (asec * 10**9 + ausec * 1000, msec * 10**9 + musec * 1000)


def _timespecs_in(p, times):
    """utimensat's two times in nanoseconds: None for UTIME_NOW (or a
    NULL times: both now), UTIME_OMIT kept as it is; EINVAL for any other
    tv_nsec outside [0, 10**9)."""
    if not times:
        return (None, None)
    fields = TIMESPECS.unpack(copyin(p, times, TIMESPECS.size))
    out = []
    for sec, nsec in (fields[0:2], fields[2:4]):
        if nsec in (UTIME_NOW, UTIME_OMIT):
            out.append(None if nsec == UTIME_NOW else UTIME_OMIT)
        elif 0 <= nsec < 10**9:
            out.append(sec * 10**9 + nsec)
        else:
            raise Errno(EINVAL)
    return tuple(out)


def _settimes(p, vp, times):
    """Set atime and mtime (None: now; UTIME_OMIT: unchanged); the change
    time is now."""
    now = realtime_ns(p.kernel)
    atime, mtime = (now if t is None else t for t in times)
    if atime != UTIME_OMIT:
        vp.atime = atime
    if mtime != UTIME_OMIT:
        vp.mtime = mtime
    vp.ctime = now


# -- open files ----------------------------------------------------------

def sys_fstat(p, fd, sb):
    copyout(p, p.p_p.ps_fd.lookup(fd).stat(p), sb)
    return 0


def sys_ftruncate(p, fd, length):
    fp = _vnode_file(p, fd)
    if not fp.flags & FWRITE:
        raise Errno(EINVAL)
    _truncate(fp.vnode, length)
    return 0


def sys_fsync(p, fd):
    """Nothing to do: file data is in memory and never written back."""
    p.p_p.ps_fd.lookup(fd)
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
    fp = p.p_p.ps_fd.lookup(fd, FREAD)
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
    old, p.p_p.ps_cwd = p.p_p.ps_cwd, vp
    old.vrele()


def sys___getcwd(p, buf, size):
    """The working directory's path, with its NUL; returns its length."""
    if size == 0:
        raise Errno(EINVAL)
    path = vn_getcwd(p.p_p.ps_cwd) + b"\0"
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
    old, p.p_p.ps_umask = p.p_p.ps_umask, newmask & 0o777
    return old
