"""The terminal's modes (OpenBSD's sys/termios.h): struct termios's flag
bits and c_cc indices.  Declared here once; build.py writes them into the
C library's <sys/termios_values.h>, which <termios.h> includes.
"""

import struct

# c_iflag
ICRNL = 0x00000100
# c_oflag
OPOST = 0x00000001
ONLCR = 0x00000002
# c_lflag
ECHOKE = 0x00000001
ECHOE = 0x00000002
ECHOK = 0x00000004
ECHO = 0x00000008
ECHONL = 0x00000010
ISIG = 0x00000080
ICANON = 0x00000100
IEXTEN = 0x00000400
TOSTOP = 0x00400000     # a background group's write gets SIGTTOU

# c_cc indices
VEOF = 0
VEOL = 1
VERASE = 3
VKILL = 5
VINTR = 8
VQUIT = 9
VSUSP = 10              # ^Z: SIGTSTP to the foreground group
VMIN = 16
VTIME = 17
NCCS = 20

# tcsetattr(3)'s actions.
TCSANOW = 0
TCSADRAIN = 1
TCSAFLUSH = 2

# struct termios: c_iflag c_oflag c_cflag c_lflag, c_cc[NCCS], c_ispeed c_ospeed
TERMIOS = struct.Struct(f"<4I{NCCS}Bii")     # 44 bytes

C_DEFINES = [
    ("hex", "ICRNL OPOST ONLCR ECHOKE ECHOE ECHOK ECHO ECHONL ISIG ICANON IEXTEN TOSTOP"),
    ("dec", "VEOF VEOL VERASE VKILL VINTR VQUIT VSUSP VMIN VTIME NCCS"),
    ("dec", "TCSANOW TCSADRAIN TCSAFLUSH"),
]
