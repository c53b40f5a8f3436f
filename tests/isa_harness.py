"""A bare machine for isa tests: one or two cores, a user pmap, code
assembled with keystone, and handlers that record what trapped."""

from isa.asm import assemble
from isa.calibrate import calibration
from isa.cpu import Core
from isa.locore import Locore
from isa.physmem import PhysicalMemory
from isa.pmap import Pmap, PROT_READ, PROT_WRITE, PROT_EXEC
from isa.x86 import PAGE_SIZE

CODE = 0x400000
STACK = 0x7FFF0000


class Bare:
    def __init__(self, cores=1, memory=64 << 20):
        self.phys = PhysicalMemory(memory, prefault=False)
        self.locore = Locore(self.phys)
        cal = calibration()
        self.cores = [Core(self.phys, self.locore, i, cal) for i in range(cores)]
        self.pmap = Pmap(self.phys, self.locore.kernel_pmap)
        self.traps = []
        self.syscalls = []
        for core in self.cores:
            core.trap_handler = self._on_trap
            core.syscall_handler = self._on_syscall
        self.fault_fixer = None
        self.syscall_reply = None
        self.map(STACK, PROT_READ | PROT_WRITE)

    def map(self, va, prot, user=True):
        pa = self.phys.alloc_zeroed_frame()
        self.pmap.enter(va, pa, prot, user)
        return pa

    def load(self, source, va=CODE):
        code = assemble(source, va)
        for off in range(0, len(code) + 1, PAGE_SIZE):
            if self.pmap.extract(va + off) is None:
                self.map(va + off, PROT_READ | PROT_EXEC)
        for i, byte in enumerate(code):
            self.phys.mem[self.pmap.extract(va + i)] = byte
        return code

    def _on_trap(self, core, vector, addr, error):
        self.traps.append((vector, addr, error))
        if self.fault_fixer is not None and self.fault_fixer(core, vector, addr, error):
            return
        core.stop()

    def _on_syscall(self, core):
        regs = list(core.regs[:17])
        self.syscalls.append(regs)
        if self.syscall_reply is None:
            core.stop()
        else:
            self.syscall_reply(core, regs)

    def run(self, source, count=1_000_000, core=0, regs=()):
        self.load(source)
        c = self.cores[core]
        start = c.prepare_user_entry(self.pmap, CODE, STACK + PAGE_SIZE, regs)
        c.run(start, count)
        return c

    def close(self):
        for core in self.cores:
            core.close()
        self.phys.close()
