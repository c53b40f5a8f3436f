"""File descriptors: each process has a table of open files (struct
filedesc); each file knows how to read and write itself."""

from .errno import Errno, EBADF, EMFILE

NOFILE = 64     # per-process descriptor limit (OpenBSD's default soft limit)

FREAD = 0x1
FWRITE = 0x2


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

    def close(self):
        pass


class Filedesc:
    def __init__(self):
        self.files = [None] * NOFILE

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

    def install(self, fp, fd=None):
        if fd is None:
            fd = next((i for i, f in enumerate(self.files) if f is None), None)
            if fd is None:
                raise Errno(EMFILE)
        fp.refs += 1
        self.files[fd] = fp
        return fd

    def release(self, fd):
        fp = self.lookup(fd)
        self.files[fd] = None
        fp.refs -= 1
        if fp.refs == 0:
            fp.close()

    def close_all(self):
        for fd, fp in enumerate(self.files):
            if fp is not None:
                self.release(fd)
