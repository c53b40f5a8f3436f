"""Device numbers (dev_t, with OpenBSD's makedev/major/minor macros of
sys/types.h): a major number picks the driver, a minor the unit.  The
minor's low byte sits in bits 0-7 and the rest above the major, so small
numbers read as major << 8 | minor."""


def makedev(major, minor):
    """OpenBSD's makedev(): the dev_t of a device."""
    return ((major & 0xFF) << 8) | (minor & 0xFF) | ((minor & 0xFFFF00) << 8)


def major(dev):
    return (dev >> 8) & 0xFF


def minor(dev):
    return (dev & 0xFF) | ((dev & 0xFFFF0000) >> 8)
