"""The terminal ioctls (OpenBSD's sys/ttycom.h and sys/filio.h).
Declared here once; build.py writes them into the C library's
<sys/ttycom_values.h>, which <sys/ioctl.h> includes.
"""

import struct

from .termios import TERMIOS

# struct winsize: ws_row ws_col ws_xpixel ws_ypixel
WINSIZE = struct.Struct("<4H")

# An ioctl command carries the direction and size of its argument
# (OpenBSD's sys/ioccom.h): _IOR/_IOW(group, number, type).
IOC_VOID = 0x20000000   # no argument
IOC_OUT = 0x40000000    # the kernel copies the argument out
IOC_IN = 0x80000000     # the kernel copies the argument in


def _IOC(inout, group, num, size):
    return inout | (size & 0x1FFF) << 16 | ord(group) << 8 | num


TIOCGETA = _IOC(IOC_OUT, "t", 19, TERMIOS.size)     # get termios
TIOCSETA = _IOC(IOC_IN, "t", 20, TERMIOS.size)      # set termios
TIOCSETAW = _IOC(IOC_IN, "t", 21, TERMIOS.size)     # ... after output drains
TIOCSETAF = _IOC(IOC_IN, "t", 22, TERMIOS.size)     # ... and flush input
TIOCGWINSZ = _IOC(IOC_OUT, "t", 104, WINSIZE.size)  # get the window size
TIOCGPGRP = _IOC(IOC_OUT, "t", 119, 4)              # get the foreground group
TIOCSPGRP = _IOC(IOC_IN, "t", 118, 4)               # set the foreground group
TIOCSCTTY = _IOC(IOC_VOID, "t", 97, 0)              # become the controlling terminal
TIOCMGET = _IOC(IOC_OUT, "t", 106, 4)               # get the modem lines' state
TIOCM_CAR = 0o100                                   # ... carrier detect: the line is up
FIONREAD = _IOC(IOC_OUT, "f", 127, 4)               # bytes ready to read

C_DEFINES = [
    ("hex", "TIOCGETA TIOCSETA TIOCSETAW TIOCSETAF TIOCGWINSZ TIOCGPGRP "
            "TIOCSPGRP TIOCSCTTY TIOCMGET FIONREAD"),
    ("oct", "TIOCM_CAR"),
]
