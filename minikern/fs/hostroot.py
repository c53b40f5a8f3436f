"""The root file system's contents come from the built userland tree on
the host: the host tree is the machine's "disk".

Loading makes a tmpfs directory for each host directory and a tmpfs file
for each host file, without reading any file yet: each file gets a pager
that reads the host file's bytes when one of its pages is first touched.
Nothing is ever written back; changes live in guest memory only, and a
fresh machine sees the tree as built.
"""

import os
import stat

from isa.x86 import PAGE_SIZE


class HostFilePager:
    """Pages of a host file, read on first use (the backing store)."""

    def __init__(self, path, length):
        self.path = path
        self.length = length        # bytes of the host file still valid

    def read_page(self, pgno):
        start = pgno * PAGE_SIZE
        n = min(PAGE_SIZE, self.length - start)
        if n <= 0:
            return b""
        with open(self.path, "rb") as f:
            f.seek(start)
            return f.read(n)

    def truncate(self, size):
        """Bytes past a truncation are gone for good, even if the file
        grows again."""
        self.length = min(self.length, size)


def load_host_tree(dvp, hostdir):
    """Fill tmpfs directory dvp with a copy of host directory hostdir's
    tree (directories, regular files and their permission bits).  Other
    kinds of host file (links, sockets) are skipped."""
    with os.scandir(hostdir) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        st = entry.stat(follow_symlinks=False)
        name = os.fsencode(entry.name)
        mode = stat.S_IMODE(st.st_mode)
        if stat.S_ISDIR(st.st_mode):
            load_host_tree(dvp.mkdir(name, mode), entry.path)
        elif stat.S_ISREG(st.st_mode):
            vp = dvp.create(name, mode, HostFilePager(entry.path, st.st_size))
            vp.size = st.st_size
