"""read(2), write(2), ioctl(2), poll(2) and select(2) (OpenBSD's
sys_generic.c).

A File's read returns bytes, or None when it had to put the process to
sleep (an empty pipe, a console with nothing typed): the call then
returns ERESTART and runs again when the process is woken.

poll and select ask each file which events would not block now
(File.poll).  If none would, the process sleeps on its own channel,
recorded on every file's channel (kern_synch.selrecord), until one of
them is woken, a signal comes or the timeout passes; then the call runs
again and looks anew.  The deadline, in virtual time, is kept in the
process across the restarts (p.p_poll_until).  A signal handler always
ends the call with EINTR, even with SA_RESTART, as on OpenBSD.
"""

import struct

from .copy import copyin, copyout
from .kern_descrip import FREAD, FWRITE
from .kern_synch import poll_chan, selrecord, tsleep
from .signalvar import sigpending
from ..sys.clock import CPU_HZ, MAXTIME
from ..sys.errno import Errno, EBADF, EINTR, EINVAL, ERESTART
from .kern_sig import UNCATCHABLE_BITS
from ..sys.poll import (POLLHUP, POLLNVAL, POLLIN, POLLOUT, POLLPRI, POLL_READ,
                        POLL_WRITE, FD_SETSIZE, NFDBITS)

SSIZE_MAX = (1 << 63) - 1
IO_CHUNK = 64 * 1024    # bytes moved per step, so a huge request costs no more host memory


def sys_read(p, fd, buf, nbyte):
    fp = p.p_p.ps_fd.lookup(fd, FREAD)
    if nbyte > SSIZE_MAX:
        raise Errno(EINVAL)
    data = fp.read(p, min(nbyte, IO_CHUNK))
    if data is None:
        return ERESTART         # the file put p to sleep: try again later
    if data:
        copyout(p, data, buf)
    return len(data)


def sys_write(p, fd, buf, nbyte):
    fp = p.p_p.ps_fd.lookup(fd, FWRITE)
    if nbyte > SSIZE_MAX:
        raise Errno(EINVAL)
    return _dowrite(p, fp, nbyte, lambda done, n: copyin(p, buf + done, n))


def _dowrite(p, fp, nbyte, fetch):
    """Write nbyte bytes, fetch(offset, n) giving them a chunk at a time."""
    done = 0
    while done < nbyte:
        n = min(nbyte - done, IO_CHUNK)
        try:
            written = fp.write(p, fetch(done, n))
        except Errno:
            if done:
                return done     # report what was written before the error
            raise
        if written is None:     # the file put p to sleep
            return done if done else ERESTART
        done += written
        if written < n:
            break
    return done


# -- readv and writev: the same, over a list of buffers (struct iovec) -------------

IOVEC = struct.Struct("<QQ")        # struct iovec: iov_base, iov_len
IOV_MAX = 1024                      # OpenBSD's


def _iovecs(p, iovp, iovcnt):
    """[(base, len)] of the user's iovec array, and their total length
    (EINVAL for a count outside [0, IOV_MAX] or a total past SSIZE_MAX)."""
    if not 0 <= iovcnt <= IOV_MAX:
        raise Errno(EINVAL)
    raw = copyin(p, iovp, iovcnt * IOVEC.size)
    iovs = [IOVEC.unpack_from(raw, i * IOVEC.size) for i in range(iovcnt)]
    if sum(length for _, length in iovs) > SSIZE_MAX:
        raise Errno(EINVAL)
    return iovs, sum(length for _, length in iovs)


def _spans(iovs, offset, n):
    """The (address, length) pieces of bytes [offset, offset + n) of the
    buffers iovs laid end to end."""
    for base, length in iovs:
        if offset >= length:
            offset -= length
            continue
        take = min(length - offset, n)
        yield base + offset, take
        n -= take
        offset = 0
        if not n:
            return


def sys_readv(p, fd, iovp, iovcnt):
    """One read, scattered over the buffers in order."""
    fp = p.p_p.ps_fd.lookup(fd, FREAD)
    iovs, total = _iovecs(p, iovp, iovcnt)
    data = fp.read(p, min(total, IO_CHUNK))
    if data is None:
        return ERESTART
    done = 0
    for addr, length in _spans(iovs, 0, len(data)):
        copyout(p, data[done:done + length], addr)
        done += length
    return len(data)


def sys_writev(p, fd, iovp, iovcnt):
    """One write of the buffers gathered in order: a writev of at most
    PIPE_BUF bytes to a pipe is atomic, as a write is."""
    fp = p.p_p.ps_fd.lookup(fd, FWRITE)
    iovs, total = _iovecs(p, iovp, iovcnt)
    return _dowrite(p, fp, total, lambda done, n: b"".join(
        copyin(p, addr, length) for addr, length in _spans(iovs, done, n)))


def sys_ioctl(p, fd, com, data):
    return p.p_p.ps_fd.lookup(fd).ioctl(p, com, data)


# -- poll and select -----------------------------------------------------------

POLLFD = struct.Struct("<ihh")      # struct pollfd: fd, events, revents
TIMEVAL = struct.Struct("<qq")      # struct timeval: tv_sec, tv_usec
FOREVER = MAXTIME + 1               # a poll_until that no clock reaches


def sys_poll(p, fds, nfds, timeout):
    """Wait until one of nfds struct pollfd is ready; how many are.  A
    negative fd is skipped, one that is not open is POLLNVAL.  timeout in
    milliseconds, negative (INFTIM) for ever."""
    if nfds > p.p_p.ps_fd.nofile:
        raise Errno(EINVAL)
    return _one_pass(p, _poll, fds, nfds, None if timeout < 0 else
                     timeout * (CPU_HZ // 1000))


def _poll(p, fds, nfds, timeout):
    raw = copyin(p, fds, nfds * POLLFD.size)
    out, chans, ready = bytearray(), [], 0
    for i in range(nfds):
        fd, events, _ = POLLFD.unpack_from(raw, i * POLLFD.size)
        revents = _poll_one(p, fd, events & 0xFFFF, chans) if fd >= 0 else 0
        out += POLLFD.pack(fd, events, revents)
        ready += revents != 0
    if not ready and _poll_sleep(p, timeout, chans):
        return ERESTART
    copyout(p, bytes(out), fds)
    return ready


def _one_pass(p, call, *args):
    """Run one look of poll or select.  Unless it sleeps (ERESTART: it
    runs again when woken), the deadline it keeps in p goes with it."""
    try:
        rv = call(p, *args)
    except Errno:
        p.p_poll_until = None
        raise
    if rv != ERESTART:
        p.p_poll_until = None
    return rv


def sys_ppoll(p, fds, nfds, ts, mask):
    """poll with a timespec, and *mask as the signal mask while it waits."""
    if nfds > p.p_p.ps_fd.nofile:
        raise Errno(EINVAL)
    return _with_sigmask(p, mask, _poll, fds, nfds, _timespec_cycles(p, ts) if ts else None)


def sys_pselect(p, nd, in_, ou, ex, ts, mask):
    """select with a timespec, and *mask as the signal mask while it waits."""
    if not 0 <= nd <= FD_SETSIZE:
        raise Errno(EINVAL)
    return _with_sigmask(p, mask, _select, nd, (in_, ou, ex),
                         _timespec_cycles(p, ts) if ts else None)


def _with_sigmask(p, mask, call, *args):
    """ppoll and pselect: the mask is swapped in for the call as
    sigsuspend does (p.p_oldmask keeps the old one, which a handler
    that ends the wait puts back), so a signal it lets through cannot be
    lost between the swap and the wait.  One already pending ends the
    call at once: EINTR, its handler run on the way out."""
    if mask and p.p_oldmask is None:
        new = struct.unpack("<I", copyin(p, mask, 4))[0]
        p.p_oldmask, p.p_sigmask = p.p_sigmask, new & ~UNCATCHABLE_BITS
        if sigpending(p) & ~p.p_sigmask:
            p.p_cpu.core.stop()
            raise Errno(EINTR)
    try:
        rv = _one_pass(p, call, *args)
    except Errno:
        _restore_sigmask(p)
        raise
    if rv != ERESTART:
        _restore_sigmask(p)
    return rv


def _restore_sigmask(p):
    if p.p_oldmask is not None:
        p.p_sigmask, p.p_oldmask = p.p_oldmask, None


def _poll_one(p, fd, events, chans):
    """fd's revents; the channel to wait on is added to chans."""
    fp = p.p_p.ps_fd.get(fd)
    if fp is None:
        return POLLNVAL
    revents, chan = fp.poll(p, events)
    if chan is not None:
        chans.append(chan)
    return revents


def sys_select(p, nd, in_, ou, ex, tv):
    """poll over three descriptor sets of nd bits: readable (or at end of
    file), writable, exceptional (never, here).  The sets come back with
    the ready descriptors only; the count of bits set is returned."""
    if not 0 <= nd <= FD_SETSIZE:
        raise Errno(EINVAL)
    return _one_pass(p, _select, nd, (in_, ou, ex), _timeval_cycles(p, tv) if tv else None)


def _select(p, nd, addrs, timeout):
    nbytes = (nd + NFDBITS - 1) // NFDBITS * (NFDBITS // 8)
    rd, wr, ex = (_fd_set_in(p, addr, nbytes, nd) for addr in addrs)
    ready, chans = (set(), set(), set()), []
    for fd in sorted(rd | wr | ex):
        events = ((POLLIN if fd in rd else 0) | (POLLOUT if fd in wr else 0) |
                  (POLLPRI if fd in ex else 0))
        revents = _select_one(p, fd, events, chans)
        if fd in rd and revents & (POLL_READ | POLLHUP):
            ready[0].add(fd)
        if fd in wr and revents & (POLL_WRITE | POLLHUP):
            ready[1].add(fd)
    count = sum(map(len, ready))
    if not count and _poll_sleep(p, timeout, chans):
        return ERESTART
    for addr, fdset in zip(addrs, ready):
        if addr:
            copyout(p, _fd_set_bytes(fdset, nbytes), addr)
    return count


def _select_one(p, fd, events, chans):
    fp = p.p_p.ps_fd.get(fd)
    if fp is None:
        raise Errno(EBADF)
    revents, chan = fp.poll(p, events)
    if chan is not None:
        chans.append(chan)
    return revents


def _fd_set_in(p, addr, nbytes, nd):
    """The descriptors (below nd) in the user's fd_set at addr (none if
    addr is NULL)."""
    if not addr or not nbytes:
        return set()
    bits = int.from_bytes(copyin(p, addr, nbytes), "little")
    return {fd for fd in range(nd) if bits >> fd & 1}


def _fd_set_bytes(fds, nbytes):
    return sum(1 << fd for fd in fds).to_bytes(nbytes, "little")


def _timeval_cycles(p, tv):
    sec, usec = TIMEVAL.unpack(copyin(p, tv, TIMEVAL.size))
    if sec < 0 or not 0 <= usec < 1_000_000:
        raise Errno(EINVAL)
    return (sec * 1_000_000 + usec) * (CPU_HZ // 1_000_000)


def _timespec_cycles(p, ts):
    sec, nsec = TIMEVAL.unpack(copyin(p, ts, TIMEVAL.size))   # the same two longs
    if sec < 0 or not 0 <= nsec < 1_000_000_000:
        raise Errno(EINVAL)
    return (sec * 1_000_000_000 + nsec) * CPU_HZ // 1_000_000_000


def _poll_sleep(p, timeout, chans):
    """Nothing is ready: sleep until a channel in chans is woken or the
    deadline passes (True), or the deadline has passed (False: the call
    returns 0 now).  The deadline is set at the first look: timeout
    cycles (None: for ever) from then."""
    if p.p_poll_until is None:
        p.p_poll_until = FOREVER if timeout is None else min(p.kernel.now() + timeout, MAXTIME)
    until = p.p_poll_until
    if until != FOREVER and p.kernel.now() >= until:
        return False
    for chan in chans:
        selrecord(p, chan)
    tsleep(p, poll_chan(p), "poll", deadline=None if until == FOREVER else until)
    return True
