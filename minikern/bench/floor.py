"""The floors: the same loop on bare Unicorn, with no kernel.

A floor machine is built from isa's pieces, exactly as minikern's own:
physical memory (populated by the host before timing, like minikern's),
the kernel half of the page tables with the GDT and the iretq trampoline,
a user pmap holding the loop's code at the address the guest has it, and
a core that drops to CPL 3 the way a minikern process first does.  The
core is an isa Core without minikern's trap hooks: the only hooks are the
ones a floor adds through the binding's own `hook_add`.

It runs the loop the way minikern's scheduler did before the block clock
(isa/blockclock.py): emu_start with count = kern_sched.QUANTUM, resumed
from RIP after each slice, until RIP reaches the end of the loop; or, for
the ceiling, in one emu_start with no count at all.
"""

import ctypes
import struct
import time
from array import array

from unicorn import UC_HOOK_INSN, UC_HOOK_INTR
from unicorn import x86_const as X

from isa import envaccess
from isa.calibrate import calibration
from isa.cpu import Core
from isa.locore import Locore
from isa.physmem import PhysicalMemory
from isa.pmap import Pmap, PROT_READ, PROT_WRITE, PROT_EXEC
from isa.x86 import PAGE_MASK, PAGE_SIZE, T_PAGEFLT

from ..kern.kern_sched import QUANTUM
from .guest import BenchError, wait_for_host_memory


class _HooklessCore(Core):
    """An isa core (long mode, paging, GDT) with none of minikern's hooks,
    not even the block clock's."""

    def _install_hooks(self):
        pass

    def _attach_block_clock(self):
        pass


class BareUnicorn:
    def __init__(self, memory, loop):
        self.phys = PhysicalMemory(memory)
        wait_for_host_memory(self.phys)
        self.locore = Locore(self.phys)
        self.core = _HooklessCore(self.phys, self.locore, 0, calibration())
        self.uc = self.core.uc
        self.pmap = Pmap(self.phys, self.locore.kernel_pmap)
        self.loop = loop
        self._load(loop)
        self._context = self.uc.context_save()
        self._exception_in_flight = self._old_exception_field(self._context)
        if self._exception_in_flight.value != -1:
            raise BenchError("the exception-in-flight field is not where "
                             "isa.calibrate found it")
        self.instructions = 0       # retired by the last run()
        self.failures = []          # unexpected exception vectors

    def _load(self, loop):
        first = loop.start & ~PAGE_MASK
        for va in range(first, loop.end, PAGE_SIZE):
            self.pmap.enter(va, self.phys.alloc_zeroed_frame(), PROT_READ | PROT_EXEC)
        for offset, byte in enumerate(loop.code):
            pa = self.pmap.extract(loop.start + offset)
            self.phys.mem[pa] = byte

    def _old_exception_field(self, ctx):
        """QEMU's exception-in-flight field inside a saved context's bytes:
        the offset isa.calibrate measured in the live CPU state, from where
        the CPU state starts in the context (found by giving the general
        registers distinctive values and looking for them)."""
        regs = self.core.regs
        saved = [regs[i] for i in range(16)]
        marks = [0x6D6B_4245_4E43_0000 + i for i in range(16)]
        regs[0:16] = array("Q", marks)
        self.uc.context_update(ctx)
        start = envaccess.context_bytes(ctx).find(struct.pack("<16Q", *marks))
        regs[0:16] = array("Q", saved)
        self.uc.context_update(ctx)
        if start < 0:
            raise BenchError("the registers were not found in a saved context")
        address = ctypes.cast(ctx.context, ctypes.c_void_p).value
        return ctypes.c_int32.from_address(
            address + start + calibration().old_exception_offset)

    def clear_exception_in_flight(self):
        """The work-around for unicorn issue #1883 that isa/calibrate.py
        describes: save the context, write -1 over the field, restore the
        context."""
        self.uc.context_update(self._context)
        self._exception_in_flight.value = -1
        self.uc.context_restore(self._context)

    def run(self, regs=(), sliced=True):
        """Run the loop once from a fresh CPL 3 entry, with the (index,
        value) register pairs `regs`; return the host seconds it took.
        sliced: in count-limited slices of QUANTUM, as minikern did before
        the block clock (self.instructions tells how many ran); otherwise
        in one emu_start without a count, the emulator's ceiling (nothing
        is counted)."""
        uc, end = self.uc, self.loop.end
        pc = self.core.prepare_user_entry(self.pmap, self.loop.start, 0, regs)
        if not sliced:
            self.instructions = None
            started = time.perf_counter()
            uc.emu_start(pc, end)
            seconds = time.perf_counter() - started
            if self.failures or uc.reg_read(X.UC_X86_REG_RIP) != end:
                raise BenchError("the floor's loop did not run to its end")
            return seconds
        self.instructions = -1      # the trampoline's iretq
        started = time.perf_counter()
        while pc != end:
            self.clear_exception_in_flight()    # minikern does it per slice too
            uc.emu_start(pc, end, 0, QUANTUM)
            self.instructions += self.core.retired_counter().value   # raw: corrected below
            pc = uc.reg_read(X.UC_X86_REG_RIP)
            if pc != end:
                # A slice cut short by its count reads one more in Unicorn's
                # counter than it ran (measured: count 2 ran 2, read 3).
                self.instructions -= 1
            if self.failures:
                raise BenchError(f"the floor's loop took exception {self.failures[0]}")
        return time.perf_counter() - started

    def on_syscall(self, callback):
        """Add a `syscall` hook through the binding (callback(uc, data))."""
        self.uc.hook_add(UC_HOOK_INSN, callback, None, 1, 0, X.UC_X86_INS_SYSCALL)

    def zero_fill_on_fault(self):
        """A minimal Python #PF handler through the binding: read CR2, take
        a zero-filled frame, write the PTE, clear the exception in flight."""
        phys, pmap, failures = self.phys, self.pmap, self.failures
        rw = PROT_READ | PROT_WRITE

        def on_fault(uc, vector, data):
            if vector != T_PAGEFLT:
                failures.append(vector)
                uc.emu_stop()
                return
            va = uc.reg_read(X.UC_X86_REG_CR2)
            pmap.enter(va & ~PAGE_MASK, phys.alloc_zeroed_frame(), rw)
            self.clear_exception_in_flight()

        self.uc.hook_add(UC_HOOK_INTR, on_fault)

    def close(self):
        self.core.close()
        self.uc = None
        self.phys.close()
