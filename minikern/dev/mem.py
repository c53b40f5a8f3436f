"""/dev/null and /dev/zero: the memory pseudo-device's minors (OpenBSD's
arch/amd64/amd64/mem.c, mmrw).  Writes to either vanish; reads give end
of file (null) or as many zero bytes as asked (zero)."""

from ..sys.conf import MINOR_ZERO
from ..sys.errno import Errno, ENOTTY
from ..sys.poll import POLL_READ, POLL_WRITE


class MemDevice:
    is_tty = False

    def read(self, p, minor, nbyte):
        return bytes(nbyte) if minor == MINOR_ZERO else b""

    def write(self, p, minor, data):
        return len(data)

    def ioctl(self, p, minor, com, data):
        raise Errno(ENOTTY)

    def poll(self, p, minor, events):
        """Never blocks: always ready (OpenBSD's seltrue)."""
        return events & (POLL_READ | POLL_WRITE), None
