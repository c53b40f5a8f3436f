"""namei: turn a path name into a vnode (OpenBSD's vfs_lookup.c).

A path is walked one component at a time from the root ("/..."), the
process's working directory, or, for the *at calls, a directory the
caller has open.  Every directory passed through must be a directory
(ENOTDIR).  A symbolic link met on the way is replaced by its contents:
an absolute one starts again from the root, a relative one from the
directory holding the link.  The last component's link is followed too
unless the call asks for the link itself (lstat, readlink, lchown: NOFOLLOW).
More than MAXSYMLINKS links in one lookup is ELOOP, as on OpenBSD (a
loop would never end).

Two forms:
  namei(p, path)          the vnode the path names (LOOKUP)
  namei_parent(p, path)   (directory vnode, last name), for the calls that
                          create, remove or rename a name (CREATE/DELETE);
                          the last name itself is never followed
"""

from .copy import copyinstr
from ..sys.errno import Errno, ELOOP, ENOENT, ENOTDIR, ENAMETOOLONG
from .vfs_vnode import VDIR, VLNK

PATH_MAX = 1024     # bytes of a path, with its NUL
NAME_MAX = 255      # bytes of one component
MAXSYMLINKS = 32    # links followed in one lookup (OpenBSD's sys/param.h)


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


def _start(p, path, at):
    """Where a walk of path begins: the root, or at (the *at calls' open
    directory), or the working directory."""
    if path.startswith(b"/"):
        return p.kernel.rootvnode
    return at if at is not None else p.p_p.ps_cwd


class _Walk:
    """One lookup's state: how many links it has followed so far."""

    def __init__(self, p):
        self.p = p
        self.links = 0

    def walk(self, vp, names, follow_last):
        """The vnode names lead to from directory vp."""
        names = list(names)
        while names:
            name = names.pop(0)
            if vp.type != VDIR:
                raise Errno(ENOTDIR)
            dvp, vp = vp, vp.lookup(name)
            if vp.type == VLNK and (names or follow_last):
                vp = self._follow(dvp, vp, names)
        return vp

    def _follow(self, dvp, link, rest):
        """Put the link's contents in front of the names still to walk;
        return where the walk goes on from."""
        self.links += 1
        if self.links > MAXSYMLINKS:
            raise Errno(ELOOP)
        target = link.target
        rest[:0] = _split(target)
        return self.p.kernel.rootvnode if target.startswith(b"/") else dvp


def namei(p, path, follow=True, at=None):
    """The vnode path names.  A trailing slash asks for a directory (and
    follows a last link, whatever follow says)."""
    trailing = path.endswith(b"/")
    vp = _Walk(p).walk(_start(p, path, at), _split(path), follow or trailing)
    if trailing and vp.type != VDIR:
        raise Errno(ENOTDIR)
    return vp


def namei_parent(p, path, at=None):
    """(the directory holding path's last component, that component).
    The path "/" (no last component) gives (root, b".").  A directory that
    was removed (a working directory rmdir'ed under its process) holds no
    names and takes none: ENOENT, so nothing is created, linked or renamed
    into a directory that no path reaches any more."""
    names = _split(path)
    if not names:
        return _start(p, path, at), b"."
    dvp = _Walk(p).walk(_start(p, path, at), names[:-1], True)
    if dvp.type != VDIR:
        raise Errno(ENOTDIR)
    if dvp.nlink == 0:
        raise Errno(ENOENT)
    return dvp, names[-1]


def namei_link_target(p, dvp, link):
    """Where an open(O_CREAT) through a dangling link creates its file:
    (directory, name) of the link's contents, read from dvp, the link's
    own directory."""
    target = link.target
    return namei_parent(p, target, at=None if target.startswith(b"/") else dvp)
