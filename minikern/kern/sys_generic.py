"""read(2) and write(2) (OpenBSD's sys_generic.c).

A File's read returns bytes, or None when it had to put the process to
sleep (an empty pipe, a console with nothing typed): the call then
returns ERESTART and runs again when the process is woken."""

from .copy import copyin, copyout
from .kern_descrip import FREAD, FWRITE
from ..sys.errno import Errno, EINVAL, ERESTART

SSIZE_MAX = (1 << 63) - 1
IO_CHUNK = 64 * 1024    # bytes moved per step, so a huge request costs no more host memory


def sys_read(p, fd, buf, nbyte):
    fp = p.fd.lookup(fd, FREAD)
    if nbyte > SSIZE_MAX:
        raise Errno(EINVAL)
    data = fp.read(p, min(nbyte, IO_CHUNK))
    if data is None:
        return ERESTART         # the file put p to sleep: try again later
    if data:
        copyout(p, data, buf)
    return len(data)


def sys_write(p, fd, buf, nbyte):
    fp = p.fd.lookup(fd, FWRITE)
    if nbyte > SSIZE_MAX:
        raise Errno(EINVAL)
    done = 0
    while done < nbyte:
        n = min(nbyte - done, IO_CHUNK)
        try:
            written = fp.write(p, copyin(p, buf + done, n))
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


def sys_ioctl(p, fd, com, data):
    return p.fd.lookup(fd).ioctl(p, com, data)
