"""The device numbers the kernel knows (OpenBSD's sys/conf.h with the
majors of arch/amd64/amd64/conf.c).  The drivers themselves are dev/;
the numbers are here because more than the drivers need them: mmap(2)
of /dev/zero is anonymous memory (iszerodev)."""

from .types import major, minor

MAJOR_CONSOLE = 0       # cn
MAJOR_MEM = 2           # mem, with null and zero as minors
MINOR_NULL = 2          # /dev/null
MINOR_ZERO = 12         # /dev/zero


def iszerodev(dev):
    """Is dev /dev/zero (OpenBSD's iszerodev macro)?"""
    return major(dev) == MAJOR_MEM and minor(dev) == MINOR_ZERO
