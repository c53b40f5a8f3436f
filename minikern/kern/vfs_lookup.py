"""namei: turn a path name into a vnode (OpenBSD's vfs_lookup.c).

A path is walked one component at a time from the root ("/...") or the
process's working directory.  There are no symbolic links or mount
points yet, so each step is one directory lookup; every directory passed
through must be a directory (ENOTDIR).

Two forms:
  namei(p, path)          the vnode the path names (LOOKUP)
  namei_parent(p, path)   (directory vnode, last name), for the calls that
                          create, remove or rename a name (CREATE/DELETE)
"""

from .copy import copyinstr
from ..sys.errno import Errno, ENOENT, ENOTDIR, ENAMETOOLONG
from .vfs_vnode import VDIR

PATH_MAX = 1024     # bytes of a path, with its NUL
NAME_MAX = 255      # bytes of one component


def copyinpath(p, va):
    """A user path argument (EFAULT, ENAMETOOLONG as copyinstr says)."""
    return copyinstr(p, va, PATH_MAX)


def _split(path):
    """The components of path, checked; ENOENT for the empty path."""
    if not path:
        raise Errno(ENOENT)
    if len(path) >= PATH_MAX:
        raise Errno(ENAMETOOLONG)
    names = [c for c in path.split(b"/") if c]
    if any(len(c) > NAME_MAX for c in names):
        raise Errno(ENAMETOOLONG)
    return names


def _start(p, path):
    return p.kernel.rootvnode if path.startswith(b"/") else p.cwd


def _walk(dvp, names):
    vp = dvp
    for name in names:
        if vp.type != VDIR:
            raise Errno(ENOTDIR)
        vp = vp.lookup(name)
    return vp


def namei(p, path):
    """The vnode path names.  A trailing slash asks for a directory."""
    vp = _walk(_start(p, path), _split(path))
    if path.endswith(b"/") and vp.type != VDIR:
        raise Errno(ENOTDIR)
    return vp


def namei_parent(p, path):
    """(the directory holding path's last component, that component).
    The path "/" (no last component) gives (root, b".").  A directory that
    was removed (a working directory rmdir'ed under its process) holds no
    names and takes none: ENOENT, so nothing is created, linked or renamed
    into a directory that no path reaches any more."""
    names = _split(path)
    if not names:
        return _start(p, path), b"."
    dvp = _walk(_start(p, path), names[:-1])
    if dvp.type != VDIR:
        raise Errno(ENOTDIR)
    if dvp.nlink == 0:
        raise Errno(ENOENT)
    return dvp, names[-1]
