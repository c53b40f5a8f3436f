"""The machine-dependent start of day: the kernel's half of the address
space, the GDT and the trampoline page through which a core first drops
to user mode (named after OpenBSD's amd64 locore.S).

Kernel virtual layout (all pages supervisor-only, shared by every pmap
through PML4 entry 256):

    KERNBASE + 0x0000   GDT
    KERNBASE + 0x1000   trampoline: a single `iretq`
    KERNBASE + 0x2000   kernel stack of core 0 (one page each)
    KERNBASE + 0x3000   kernel stack of core 1, ...
"""

import struct

from .pmap import Pmap, PROT_READ, PROT_WRITE, PROT_EXEC
from .x86 import KERNEL_BASE, PAGE_SIZE, T_BPTFLT, T_OFLOW

KERNBASE = KERNEL_BASE
GDT_VA = KERNBASE
TRAMPOLINE_VA = KERNBASE + PAGE_SIZE
KSTACK_VA = KERNBASE + 2 * PAGE_SIZE
MAX_CORES = 8

# Segment selectors; user selectors carry RPL 3.
GCODE_SEL = 0x08
GDATA_SEL = 0x10
GUDATA_SEL = 0x18 | 3
GUCODE_SEL = 0x20 | 3

# Descriptors: base 0, limit 4 GiB, present, S=1; code has L=1 (64-bit).
_GDT = [
    0x0000000000000000,     # null
    0x00AF9A000000FFFF,     # kernel code, DPL 0, 64-bit
    0x00CF92000000FFFF,     # kernel data, DPL 0
    0x00CFF2000000FFFF,     # user data, DPL 3
    0x00AFFA000000FFFF,     # user code, DPL 3, 64-bit
]
GDT_LIMIT = len(_GDT) * 8 - 1

IRETQ = b"\x48\xcf"

# The interrupt gates user code may enter with `int N` (DPL 3), as OpenBSD's
# init_x86_64 sets them: the breakpoint and the overflow trap.  `int N` for
# any other vector at CPL 3 is a #GP (isa/cpu.py checks, Unicorn does not).
USER_GATES = frozenset({T_BPTFLT, T_OFLOW})


class Locore:
    """The kernel pmap with the GDT, trampoline and kernel stacks mapped."""

    def __init__(self, phys):
        self.phys = phys
        self.kernel_pmap = Pmap(phys)
        gdt = self._kernel_page(GDT_VA, PROT_READ | PROT_WRITE)
        phys.write(gdt, struct.pack(f"<{len(_GDT)}Q", *_GDT))
        tramp = self._kernel_page(TRAMPOLINE_VA, PROT_READ | PROT_EXEC)
        phys.write(tramp, IRETQ)
        self.kstack_pa = [self._kernel_page(KSTACK_VA + i * PAGE_SIZE,
                                            PROT_READ | PROT_WRITE)
                          for i in range(MAX_CORES)]

    def _kernel_page(self, va, prot):
        pa = self.phys.alloc_zeroed_frame()
        self.kernel_pmap.enter(va, pa, prot, user=False)
        return pa

    def kstack_top(self, core_index):
        """Virtual and physical address of the top of a core's stack."""
        va = KSTACK_VA + (core_index + 1) * PAGE_SIZE
        return va, self.kstack_pa[core_index] + PAGE_SIZE
