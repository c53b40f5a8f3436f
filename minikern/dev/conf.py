"""The character device switch (OpenBSD's cdevsw in arch/amd64/amd64/
conf.c): a device number's major picks the driver, its minor the unit.
A VCHR vnode only holds the number; opening it finds the driver here."""

from ..sys.errno import Errno, ENXIO
from .cons import cnread, cnwrite, cnioctl
from .mem import MemDevice, MINOR_NULL, MINOR_ZERO

MAJOR_CONSOLE = 0       # cn
MAJOR_MEM = 2           # mem, with null and zero as minors


def makedev(major, minor):
    """OpenBSD's makedev(): the dev_t of a device."""
    return ((major & 0xFF) << 8) | (minor & 0xFF) | ((minor & 0xFFFF00) << 8)


def major(dev):
    return (dev >> 8) & 0xFF


def minor(dev):
    return (dev & 0xFF) | ((dev & 0xFFFF0000) >> 8)


class ConsoleDevice:
    """cn: the machine's console, whatever it is connected to."""

    is_tty = True       # a stream: no offsets (pread/pwrite are ESPIPE)

    def read(self, p, minor, nbyte):
        return cnread(p, nbyte)

    def write(self, p, minor, data):
        return cnwrite(p, data)

    def ioctl(self, p, minor, com, data):
        return cnioctl(p, com, data)


cdevsw = {MAJOR_CONSOLE: ConsoleDevice(), MAJOR_MEM: MemDevice()}

# The nodes the kernel puts in /dev at boot (OpenBSD's MAKEDEV does it
# on disk): name -> (device number, permission bits).
DEV_NODES = {
    b"console": (makedev(MAJOR_CONSOLE, 0), 0o600),
    b"null": (makedev(MAJOR_MEM, MINOR_NULL), 0o666),
    b"zero": (makedev(MAJOR_MEM, MINOR_ZERO), 0o666),
}


def cdev_lookup(dev):
    """The driver of device number dev (ENXIO if there is none)."""
    driver = cdevsw.get(major(dev))
    if driver is None:
        raise Errno(ENXIO)
    return driver
