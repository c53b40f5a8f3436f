"""struct stat and the mode bits (OpenBSD amd64's sys/stat.h).

The layout is declared here once, as a list of fields: the kernel packs
stat(2)'s answer with STAT_FORMAT, made from it, and build.py writes the
C declaration of struct stat into <sys/stat_values.h> (which <sys/stat.h>
includes), so the two cannot drift apart.
"""

import struct

# File types (st_mode & S_IFMT).
S_IFMT = 0o170000
S_IFIFO = 0o010000
S_IFCHR = 0o020000
S_IFDIR = 0o040000
S_IFREG = 0o100000
S_IFLNK = 0o120000

# Permission bits.
S_IRWXU = 0o000700
S_IRUSR = 0o000400
S_IWUSR = 0o000200
S_IXUSR = 0o000100
S_IRWXG = 0o000070
S_IRGRP = 0o000040
S_IWGRP = 0o000020
S_IXGRP = 0o000010
S_IRWXO = 0o000007
S_IROTH = 0o000004
S_IWOTH = 0o000002
S_IXOTH = 0o000001

# (C type, field, struct codes, comment), in memory order.  A timespec is
# two 64-bit words (tv_sec, tv_nsec).
STAT_FIELDS = [
    ("mode_t", "st_mode", "I", "file type and permission bits"),
    ("dev_t", "st_dev", "i", "the file system it is on"),
    ("ino_t", "st_ino", "Q", ""),
    ("nlink_t", "st_nlink", "I", "names (directory entries) it has"),
    ("uid_t", "st_uid", "I", ""),
    ("gid_t", "st_gid", "I", ""),
    ("dev_t", "st_rdev", "i", "a device node's device number"),
    ("struct timespec", "st_atim", "qq", "last access"),
    ("struct timespec", "st_mtim", "qq", "last change of the data"),
    ("struct timespec", "st_ctim", "qq", "last change of the inode"),
    ("off_t", "st_size", "q", "bytes"),
    ("blkcnt_t", "st_blocks", "q", "512-byte blocks held in memory"),
    ("blksize_t", "st_blksize", "i", "the best size for I/O"),
    ("unsigned int", "st_flags", "I", ""),
    ("unsigned int", "st_gen", "I", ""),
    ("struct timespec", "__st_birthtim", "qq", ""),
]


def _layout(fields):
    """The struct format with C's padding (each field aligned to the size
    of its words), and each field's offset."""
    fmt, offsets, offset = "<", {}, 0
    for _, name, codes, _ in fields:
        align = struct.calcsize("<" + codes[0])
        pad = -offset % align
        if pad:
            fmt += f"{pad}x"
        offsets[name] = offset + pad
        fmt += codes
        offset = struct.calcsize(fmt)
    return fmt, offsets


STAT_FORMAT, STAT_OFFSETS = _layout(STAT_FIELDS)
STAT_SIZE = struct.calcsize(STAT_FORMAT)
assert STAT_SIZE == 128, STAT_SIZE      # OpenBSD amd64's sizeof(struct stat)

# utimensat(2)'s special tv_nsec values (OpenBSD's sys/stat.h).
UTIME_NOW = (1 << 30) - 1       # set this time to now
UTIME_OMIT = (1 << 30) - 2      # leave this time as it is

C_DEFINES = [
    ("oct", "S_IFMT S_IFIFO S_IFCHR S_IFDIR S_IFREG S_IFLNK"),
    ("oct", "S_IRWXU S_IRUSR S_IWUSR S_IXUSR S_IRWXG S_IRGRP S_IWGRP S_IXGRP "
            "S_IRWXO S_IROTH S_IWOTH S_IXOTH"),
    ("dec", "UTIME_NOW UTIME_OMIT"),
]
C_STRUCTS = [("stat", STAT_FIELDS)]
