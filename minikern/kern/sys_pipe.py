"""Pipes (OpenBSD's sys_pipe.c): a bounded byte buffer between a write end
and a read end.

A reader of an empty pipe sleeps until data comes or the last writer
closes (then it reads end-of-file).  A writer of a full pipe sleeps until
a reader makes room; with no reader left the write fails with EPIPE and
the writer gets SIGPIPE.  Writes of at most PIPE_BUF bytes are atomic:
they never interleave with another writer's bytes.
"""

import struct

from .copy import copyout
from ..sys.errno import Errno, EAGAIN, EINVAL, EPIPE
from .kern_descrip import File, FREAD, FWRITE, FNONBLOCK, O_NONBLOCK, O_CLOEXEC
from ..sys.lock import Lock, mtx_enter, mtx_leave
from ..sys.poll import POLL_READ, POLL_WRITE, POLLHUP
from .kern_synch import tsleep, wakeup
from .kern_sig import ptsignal, SIGPIPE
from .vfs_vnops import STAT_FORMAT
from .vfs_vnode import S_IFIFO

PIPE_SIZE = 16384           # the buffer (OpenBSD's PIPE_SIZE)
BIG_PIPE_SIZE = 65536       # what it grows to for big writes (OpenBSD's)
PIPE_BUF = 512              # writes up to this size are atomic


class Pipe:
    def __init__(self, kernel):
        self.kernel = kernel
        self.buffer = bytearray()
        self.size = PIPE_SIZE       # how much buffer may hold
        self.readers = 0
        self.writers = 0
        kernel.npipes += 1
        self.ino = kernel.npipes    # what fstat shows as its inode number
        self.lock = Lock(kernel, "pipe_lock")   # pipes need no kernel lock


class PipeEnd(File):
    def __init__(self, pipe, flags):
        super().__init__(flags)
        self.pipe = pipe
        if flags & FREAD:
            pipe.readers += 1
        else:
            pipe.writers += 1

    def read(self, p, nbyte):
        mtx_enter(self.pipe.lock)
        try:
            return self._read(p, nbyte)
        finally:
            mtx_leave(self.pipe.lock)

    def write(self, p, data):
        mtx_enter(self.pipe.lock)
        try:
            return self._write(p, data)
        finally:
            mtx_leave(self.pipe.lock)

    def _read(self, p, nbyte):
        pipe = self.pipe
        # LAB pipe BEGIN: take what is buffered and wake the writers; empty: EOF, EAGAIN or sleep
        if pipe.buffer:
            data = bytes(pipe.buffer[:nbyte])
            del pipe.buffer[:nbyte]
            wakeup(pipe.kernel, (pipe, "write"))
            return data
        if pipe.writers == 0:
            return b""                  # end of file
        if self.flags & FNONBLOCK:
            raise Errno(EAGAIN)
        tsleep(p, (pipe, "read"), "piperd")
        return None
        # LAB pipe STARTER
        #| if pipe.buffer:
        #|     data = bytes(pipe.buffer[:nbyte])
        #|     del pipe.buffer[:nbyte]
        #|     return data
        #| if pipe.writers == 0:
        #|     return b""                  # end of file
        #| # Polls: returning None without tsleep runs the call again at once,
        #| # and again, for as long as the pipe stays empty.
        #| return None
        # LAB pipe END

    def _write(self, p, data):
        pipe = self.pipe
        # LAB pipe BEGIN: no reader: EPIPE, SIGPIPE; small writes whole; full: sleep or EAGAIN
        if pipe.readers == 0:
            ptsignal(p, SIGPIPE)
            raise Errno(EPIPE)
        if len(data) > pipe.size and not pipe.buffer:
            # As OpenBSD's pipe_write: a big write into an empty pipe grows
            # the buffer, so a bulk transfer moves 64 KiB a step, not 16.
            pipe.size = BIG_PIPE_SIZE
        room = pipe.size - len(pipe.buffer)
        if room < len(data) and (len(data) <= PIPE_BUF or room == 0):
            if self.flags & FNONBLOCK:
                raise Errno(EAGAIN)
            tsleep(p, (pipe, "write"), "pipewr")
            return None
        n = min(room, len(data))
        pipe.buffer += data[:n]
        wakeup(pipe.kernel, (pipe, "read"))
        return n
        # LAB pipe STARTER
        #| # Never waits and never refuses: all of it goes into the buffer,
        #| # however full the pipe is and whoever reads it.
        #| pipe.buffer += data
        #| return len(data)
        # LAB pipe END

    def poll(self, p, events):
        """The read end is ready with data or at end of file (POLLHUP too:
        no writer is left); the write end with room for PIPE_BUF bytes, or
        POLLHUP once no reader is left (OpenBSD's pipe_poll)."""
        pipe = self.pipe
        if self.flags & FREAD:
            if pipe.writers == 0:
                return POLLHUP | events & POLL_READ, None
            return (events & POLL_READ if pipe.buffer else 0), (pipe, "read")
        if pipe.readers == 0:
            return POLLHUP, None
        room = pipe.size - len(pipe.buffer) >= PIPE_BUF
        return (events & POLL_WRITE if room else 0), (pipe, "write")

    def stat(self, p):
        """fstat(2) of a pipe: a FIFO holding what is buffered."""
        return struct.pack(STAT_FORMAT, S_IFIFO | 0o600, 0, self.pipe.ino,
                           1, 0, 0, 0, *([0] * 6), len(self.pipe.buffer), 0,
                           self.pipe.size, 0, 0, 0, 0)

    def close(self):
        pipe = self.pipe
        # LAB pipe BEGIN: one end fewer; wake those who sleep on the other side
        if self.flags & FREAD:
            pipe.readers -= 1
            wakeup(pipe.kernel, (pipe, "write"))    # writers now get EPIPE
        else:
            pipe.writers -= 1
            wakeup(pipe.kernel, (pipe, "read"))     # readers now get EOF
        # LAB pipe STARTER
        #| if self.flags & FREAD:
        #|     pipe.readers -= 1
        #| else:
        #|     pipe.writers -= 1
        # LAB pipe END


def sys_pipe(p, fdp):
    return sys_pipe2(p, fdp, 0)


def sys_pipe2(p, fdp, flags):
    if flags & ~(O_NONBLOCK | O_CLOEXEC):
        raise Errno(EINVAL)
    pipe = Pipe(p.kernel)
    ends = (PipeEnd(pipe, FREAD | (flags & O_NONBLOCK)),
            PipeEnd(pipe, FWRITE | (flags & O_NONBLOCK)))
    fds = []
    try:
        for end in ends:
            fds.append(p.p_p.ps_fd.install(end, cloexec=bool(flags & O_CLOEXEC)))
        copyout(p, struct.pack("<ii", *fds), fdp)
    except Errno:
        for fd in fds:
            p.p_p.ps_fd.release(fd)
        raise
    return 0
