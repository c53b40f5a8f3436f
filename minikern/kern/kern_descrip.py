"""File descriptors: each process has a table of open files (struct
filedesc); each file knows how to read and write itself.  Also the
system calls that work on descriptors alone: close, dup, dup2, fcntl,
and flock."""

from ..sys.errno import Errno, EBADF, EMFILE, EINVAL, ENOTTY, EOPNOTSUPP, EWOULDBLOCK
from ..sys.fcntl import LOCK_SH, LOCK_EX, LOCK_NB, LOCK_UN
from .kern_synch import tsleep, wakeup
from ..sys.file import FREAD, FWRITE
from ..sys.poll import POLL_READ, POLL_WRITE
from .syscalls import sint32

NOFILE = 64     # per-process descriptor limit (OpenBSD's default soft limit)

# open(2) flags (sys/fcntl.h).  The kernel keeps a file's flags as
# FFLAGS(oflags): the access mode plus one, so that FREAD and FWRITE are
# single bits; fcntl(F_GETFL) gives back OFLAGS(flags).
from ..sys.fcntl import (O_RDONLY, O_WRONLY, O_RDWR, O_ACCMODE,  # noqa: F401
                         O_NONBLOCK, O_APPEND, O_CREAT, O_TRUNC, O_EXCL,
                         O_CLOEXEC, O_DIRECTORY, F_DUPFD, F_GETFD, F_SETFD,
                         F_GETFL, F_SETFL, F_DUPFD_CLOEXEC, FD_CLOEXEC)

FNONBLOCK = O_NONBLOCK
FAPPEND = O_APPEND
FMASK = FREAD | FWRITE | FAPPEND | FNONBLOCK    # kept in f_flag
FCNTLFLAGS = FAPPEND | FNONBLOCK                # F_SETFL may change these


def FFLAGS(oflags):
    return (oflags & ~O_ACCMODE) | ((oflags + 1) & O_ACCMODE)


def OFLAGS(fflags):
    return (fflags & ~O_ACCMODE) | ((fflags - 1) & O_ACCMODE)


UF_EXCLOSE = 0x01   # per-descriptor: close on exec


class File:
    """struct file: an open file, shared by every descriptor that refers
    to it.  Subclasses implement read and write."""

    def __init__(self, flags):
        self.flags = flags
        self.refs = 0

    def read(self, p, nbyte):
        raise Errno(EBADF)

    def write(self, p, data):
        raise Errno(EBADF)

    def stat(self, p):
        """The struct stat bytes fstat(2) returns."""
        raise Errno(EOPNOTSUPP)

    def ioctl(self, p, com, data):
        """Device control; only terminals have any here."""
        raise Errno(ENOTTY)

    def poll(self, p, events):
        """(revents, chan) for poll(2): which of events would not block
        now, and the wait channel whose wakeup may change that (None: no
        change to wait for).  A file that never blocks is always ready,
        as OpenBSD's regular files are."""
        return events & (POLL_READ | POLL_WRITE), None

    def close(self):
        pass


class Filedesc:
    def __init__(self):
        self.files = [None] * NOFILE
        self.fdflags = [0] * NOFILE     # UF_EXCLOSE per descriptor
        # New descriptors are numbered below the process's RLIMIT_NOFILE
        # (those already open above a lowered limit stay usable).
        self.nofile = NOFILE

    def full(self):
        """No descriptor below the limit is free (open(2) then is EMFILE)."""
        return None not in self.files[:self.nofile]

    def get(self, fd):
        if 0 <= fd < NOFILE:
            return self.files[fd]
        return None

    def lookup(self, fd, need=0):
        """The file open at fd, with the access need (FREAD/FWRITE)."""
        fp = self.get(fd)
        if fp is None or (need and not fp.flags & need):
            raise Errno(EBADF)
        return fp

    def install(self, fp, fd=None, cloexec=False, lowest=0):
        """Put fp at fd, or at the lowest free descriptor >= lowest."""
        if fd is None:
            fd = next((i for i in range(lowest, self.nofile) if self.files[i] is None),
                      None)
            if fd is None:
                raise Errno(EMFILE)
        fp.refs += 1
        self.files[fd] = fp
        self.fdflags[fd] = UF_EXCLOSE if cloexec else 0
        return fd

    def release(self, fd):
        fp = self.lookup(fd)
        self.files[fd] = None
        self.fdflags[fd] = 0
        fp.refs -= 1
        if fp.refs == 0:
            fp.close()

    def close_all(self):
        for fd, fp in enumerate(self.files):
            if fp is not None:
                self.release(fd)

    def copy(self):
        """The child's table at fork: the same open files (one more
        reference each), the same descriptor flags."""
        new = Filedesc()
        new.nofile = self.nofile
        for fd, fp in enumerate(self.files):
            if fp is not None:
                new.install(fp, fd, self.fdflags[fd] & UF_EXCLOSE)
        return new

    def close_on_exec(self):
        """Close the descriptors marked close-on-exec (execve calls it)."""
        for fd, flags in enumerate(self.fdflags):
            if flags & UF_EXCLOSE and self.files[fd] is not None:
                self.release(fd)


def sys_close(p, fd):
    p.p_p.ps_fd.release(fd)
    return 0


def sys_dup(p, fd):
    fp = p.p_p.ps_fd.lookup(fd)
    return p.p_p.ps_fd.install(fp)


def sys_dup2(p, from_, to):
    fp = p.p_p.ps_fd.lookup(from_)
    if not 0 <= to < p.p_p.ps_fd.nofile:
        raise Errno(EBADF)
    if from_ == to:
        return to
    if p.p_p.ps_fd.get(to) is not None:
        p.p_p.ps_fd.release(to)
    return p.p_p.ps_fd.install(fp, to)


def sys_fcntl(p, fd, cmd, arg):
    fp = p.p_p.ps_fd.lookup(fd)
    # arg is declared void *: each command reads it as its own type, an
    # int for F_DUPFD and F_SETFL.
    if cmd in (F_DUPFD, F_DUPFD_CLOEXEC):
        lowest = sint32(arg)
        if not 0 <= lowest < p.p_p.ps_fd.nofile:
            raise Errno(EINVAL)
        return p.p_p.ps_fd.install(fp, cloexec=cmd == F_DUPFD_CLOEXEC, lowest=lowest)
    if cmd == F_GETFD:
        return FD_CLOEXEC if p.p_p.ps_fd.fdflags[fd] & UF_EXCLOSE else 0
    if cmd == F_SETFD:
        p.p_p.ps_fd.fdflags[fd] = UF_EXCLOSE if arg & FD_CLOEXEC else 0
        return 0
    if cmd == F_GETFL:
        return OFLAGS(fp.flags)
    if cmd == F_SETFL:
        fp.flags = (fp.flags & ~FCNTLFLAGS) | (FFLAGS(sint32(arg)) & FCNTLFLAGS)
        return 0
    raise Errno(EINVAL)


# -- flock(2) ---------------------------------------------------------------------
#
# A whole-file advisory lock on a vnode (OpenBSD's flock, over lf_advlock
# with F_FLOCK).  It belongs to the open file, not the process: descriptors
# made by dup or fork share it, and it goes when the file's last
# descriptor is closed.  Changing a lock's kind is not atomic, as on BSD:
# the old one is released first.

class Flock:
    """The flock state of one vnode: the open files holding it shared, or
    the one holding it exclusive."""
    __slots__ = ("kernel", "shared", "exclusive")

    def __init__(self, kernel):
        self.kernel = kernel
        self.shared = set()
        self.exclusive = None

    def held_by(self, fp):
        return LOCK_EX if self.exclusive is fp else LOCK_SH if fp in self.shared else 0

    def blocks(self, fp, kind):
        """Does another file's lock keep fp from taking one of this kind?"""
        if self.exclusive is not None and self.exclusive is not fp:
            return True
        return kind == LOCK_EX and bool(self.shared - {fp})


def sys_flock(p, fd, how):
    fp = p.p_p.ps_fd.lookup(fd)
    vp = getattr(fp, "vnode", None)
    if vp is None:
        raise Errno(EOPNOTSUPP)         # a pipe: no vnode to lock
    kind = how & ~LOCK_NB
    if kind == LOCK_UN:
        flock_release(vp, fp)
        return 0
    if kind not in (LOCK_SH, LOCK_EX):
        raise Errno(EINVAL)
    lock = vp.lockf or Flock(p.kernel)
    vp.lockf = lock
    held = lock.held_by(fp)
    if held == kind:
        return 0
    if held:
        flock_release(vp, fp)           # a change of kind: not atomic, as BSD's
        vp.lockf = lock
    if lock.blocks(fp, kind):
        if how & LOCK_NB:
            raise Errno(EWOULDBLOCK)
        return tsleep(p, (vp, "flock"), "lockf")
    if kind == LOCK_EX:
        lock.exclusive = fp
    else:
        lock.shared.add(fp)
    return 0


def flock_release(vp, fp):
    """fp's flock on vp (if any) goes; the files waiting may try again."""
    lock = vp.lockf
    if lock is None or not lock.held_by(fp):
        return
    if lock.exclusive is fp:
        lock.exclusive = None
    lock.shared.discard(fp)
    if lock.exclusive is None and not lock.shared:
        vp.lockf = None
    wakeup(lock.kernel, (vp, "flock"))
