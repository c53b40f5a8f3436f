"""The character device switch (OpenBSD's cdevsw in arch/amd64/amd64/
conf.c): a device number's major picks the driver, its minor the unit.
A VCHR vnode only holds the number; opening it finds the driver here."""

from ..sys.conf import MAJOR_CONSOLE, MAJOR_MEM, MINOR_NULL, MINOR_ZERO
from ..sys.errno import Errno, ENXIO
from ..sys.types import makedev, major
from .cons import cnread, cnwrite, cnioctl, cnpoll
from .mem import MemDevice


class ConsoleDevice:
    """cn: the machine's console, whatever it is connected to."""

    is_tty = True       # a stream: no offsets (pread/pwrite are ESPIPE)

    def read(self, p, minor, nbyte):
        return cnread(p, nbyte)

    def write(self, p, minor, data):
        return cnwrite(p, data)

    def ioctl(self, p, minor, com, data):
        return cnioctl(p, com, data)

    def poll(self, p, minor, events):
        return cnpoll(p, events)


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
