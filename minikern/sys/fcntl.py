"""open(2) flags and fcntl(2) commands (OpenBSD's sys/fcntl.h).

These numbers are part of the ABI: a program passes them, the kernel reads
them.  They are declared here once; build.py writes them into the C
library's <sys/fcntl_values.h>, which <fcntl.h> includes.
"""

O_RDONLY = 0x0000
O_WRONLY = 0x0001
O_RDWR = 0x0002
O_ACCMODE = 0x0003      # the access mode's two bits
O_NONBLOCK = 0x0004
O_APPEND = 0x0008
O_CREAT = 0x0200
O_TRUNC = 0x0400
O_EXCL = 0x0800
O_NOFOLLOW = 0x0100     # a last component that is a symbolic link: ELOOP
O_CLOEXEC = 0x10000
O_DIRECTORY = 0x20000

# fcntl(2) commands and the descriptor flag.
F_DUPFD = 0
F_GETFD = 1
F_SETFD = 2
F_GETFL = 3
F_SETFL = 4
F_DUPFD_CLOEXEC = 10
FD_CLOEXEC = 1

# The *at calls: the directory a relative path starts from, and their flags.
AT_FDCWD = -100         # the working directory
AT_EACCESS = 0x01       # faccessat: the effective ids
AT_SYMLINK_NOFOLLOW = 0x02
AT_SYMLINK_FOLLOW = 0x04
AT_REMOVEDIR = 0x08     # unlinkat: rmdir

# flock(2)'s operations.
LOCK_SH = 0x01          # shared
LOCK_EX = 0x02          # exclusive
LOCK_NB = 0x04          # fail (EWOULDBLOCK) rather than wait
LOCK_UN = 0x08          # release

# What build.py writes into the C header, in this order, and in what base.
C_DEFINES = [
    ("hex", "O_RDONLY O_WRONLY O_RDWR O_ACCMODE O_NONBLOCK O_APPEND O_CREAT "
            "O_TRUNC O_EXCL O_NOFOLLOW O_CLOEXEC O_DIRECTORY"),
    ("dec", "F_DUPFD F_GETFD F_SETFD F_GETFL F_SETFL F_DUPFD_CLOEXEC FD_CLOEXEC"),
    ("dec", "AT_FDCWD"),
    ("hex", "AT_EACCESS AT_SYMLINK_NOFOLLOW AT_SYMLINK_FOLLOW AT_REMOVEDIR"),
    ("hex", "LOCK_SH LOCK_EX LOCK_NB LOCK_UN"),
]
