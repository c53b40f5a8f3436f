"""mmap(2), mprotect(2), madvise(2) and msync(2) arguments (OpenBSD's
sys/mman.h).  Declared here once; build.py writes them into the C
library's <sys/mman_values.h>, which <sys/mman.h> includes.

The PROT_* bits are the machine's own (isa/pmap.py turns them into page
table bits), so they are declared there and only named here.
"""

from isa.pmap import PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC  # noqa: F401 (named here)

PROT_MASK = PROT_READ | PROT_WRITE | PROT_EXEC

MAP_SHARED = 0x0001
MAP_PRIVATE = 0x0002
MAP_FIXED = 0x0010
MAP_ANON = 0x1000
MAP_STACK = 0x4000
MAP_CONCEAL = 0x8000
MAP_FLAGMASK = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANON | MAP_STACK | MAP_CONCEAL

MADV_NORMAL = 0
MADV_RANDOM = 1
MADV_SEQUENTIAL = 2
MADV_WILLNEED = 3
MADV_DONTNEED = 4
MADV_SPACEAVAIL = 5
MADV_FREE = 6

MS_ASYNC = 0x01
MS_SYNC = 0x02
MS_INVALIDATE = 0x04

C_DEFINES = [
    ("hex", "PROT_NONE PROT_READ PROT_WRITE PROT_EXEC"),
    ("hex", "MAP_SHARED MAP_PRIVATE MAP_FIXED MAP_ANON MAP_STACK MAP_CONCEAL"),
    ("dec", "MADV_NORMAL MADV_RANDOM MADV_SEQUENTIAL MADV_WILLNEED MADV_DONTNEED "
            "MADV_SPACEAVAIL MADV_FREE"),
    ("hex", "MS_ASYNC MS_SYNC MS_INVALIDATE"),
]
