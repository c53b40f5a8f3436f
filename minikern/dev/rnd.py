"""getentropy(2).

The bytes come from a generator seeded with the machine's seed, so runs
are reproducible (the brief's first rule); they are NOT secret.  A guest
that needs real secrecy has no business on an emulator whose memory the
host can read anyway.
"""

from ..kern.copy import copyout
from ..sys.errno import Errno, EINVAL

GETENTROPY_MAX = 256


def sys_getentropy(p, buf, nbyte):
    if nbyte > GETENTROPY_MAX:
        raise Errno(EINVAL)
    copyout(p, p.kernel.entropy.randbytes(nbyte), buf)
    return 0
