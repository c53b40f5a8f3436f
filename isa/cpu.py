"""A core: one Unicorn x86-64 CPU in long mode over the shared physical
memory, with the trap plumbing that hands system calls, page faults and
other exceptions to the kernel.

Unicorn delivers no exception through an IDT and has no real ring switch
on `syscall`; instead it calls hooks.  A core therefore traps like this:

    syscall     -> kernel.syscall(core)              (still "in" the insn)
    #PF, #GP... -> kernel.trap(core, vector, addr, error_code)
    invalid op  -> kernel.trap(core, T_PRIVINFLT, rip, 0)

The handlers read and write the user registers through `core.regs`, a view
of the emulated CPU's own register storage: an access costs tens of
nanoseconds where a Unicorn reg_read costs ~1.8 us.  Where that storage
is, and a few other private fields, is measured at start-up by
isa.calibrate, never assumed.
"""

import ctypes

from unicorn import (Uc, UcError, UC_ARCH_X86, UC_MODE_64, UC_PROT_ALL,
                     UC_HOOK_BLOCK, UC_HOOK_CODE, UC_HOOK_INSN, UC_HOOK_INTR, UC_HOOK_INSN_INVALID,
                     UC_CTL_IO_WRITE, UC_ERR_INSN_INVALID, UC_ERR_FETCH_UNMAPPED,
                     UC_ERR_READ_UNMAPPED, UC_ERR_WRITE_UNMAPPED,
                     UC_HOOK_MEM_READ, UC_HOOK_MEM_WRITE, UC_MEM_WRITE)
from unicorn.unicorn_const import UC_CTL_TLB_FLUSH
from unicorn import x86_const as X
from unicorn.unicorn_py3.unicorn import uclib

from . import blockclock, envaccess, fpu
from .asm import disassemble
from .locore import (GCODE_SEL, GDATA_SEL, GUCODE_SEL, GUDATA_SEL, GDT_VA,
                     GDT_LIMIT, TRAMPOLINE_VA, USER_GATES)
from .x86 import (CR0_PE, CR0_PG, CR0_WP, CR4_PAE, CR4_OSFXSR, CR4_OSXMMEXCPT,
                  EFER_LMA, EFER_LME, EFER_NXE, EFER_SCE, PAGE_MASK, PSL_C, PSL_USER, RSP, RIP,
                  T_PAGEFLT, T_PRIVINFLT, T_PROTFLT, REG_NAMES)

MSR_EFER = 0xC0000080
CPUID1_ECX_RDRAND = 1 << 30         # cpuid leaf 1, ecx
CPUID7_EBX_RDSEED = 1 << 18         # cpuid leaf 7 (ecx 0), ebx

# C signatures of the hooks (unicorn.h: uc_cb_insn_syscall_t,
# uc_cb_hookintr_t, uc_cb_hookinsn_invalid_t).
_SYSCALL_HOOK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)
_INTR_HOOK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p)
_INVALID_HOOK = ctypes.CFUNCTYPE(ctypes.c_bool, ctypes.c_void_p, ctypes.c_void_p)
# uc_cb_insn_in_t, uc_cb_insn_out_t, and uc_cb_insn_cpuid_t (rdtsc, rdtscp:
# return 1 to skip the instruction's own work).
_IN_HOOK = ctypes.CFUNCTYPE(ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint32,
                            ctypes.c_int, ctypes.c_void_p)
_OUT_HOOK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int,
                             ctypes.c_uint32, ctypes.c_void_p)
_TSC_HOOK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_CC_SRC = envaccess.CC_SRC_INDEX
_RFLAGS = envaccess.RFLAGS_INDEX
_CC_OP = envaccess.CC_OP_I32_INDEX
_CC_OP_EFLAGS = envaccess.CC_OP_EFLAGS

SYSCALL_INSN_LEN = 2        # 0f 05
SYSENTER_INSN_LEN = 2       # 0f 34
INT_N_INSN_LEN = 2          # cd ib

# emu_start's `until`: a non-canonical address no instruction can be at.
NEVER = 1 << 63


class Core:
    def __init__(self, phys, locore, index, calibration):
        self.index = index
        self.phys = phys
        self.locore = locore
        self.calibration = calibration
        uc = self.uc = Uc(UC_ARCH_X86, UC_MODE_64)
        uc.mem_map_ptr(0, phys.size, UC_PROT_ALL, phys.host_address)
        self._enable_long_mode()
        env = envaccess.locate_cpu_state(uc)
        self.env_address = env
        self.regs = envaccess.u64_view(env, envaccess.REGS_WORDS)
        self._env_i32 = envaccess.i32_view(env, envaccess.context_size(uc) // 4)
        self.kernel_context = uc.context_save()     # CPL 0, kernel pmap
        self.loaded_pmap = None     # the pmap in this core's CR3
        self.tlb_stale = False      # set by a shootdown: flush before running
        self.code_generation = phys.code_generation
        phys.cores.append(self)     # its translated code is flushed with the rest
        self._counter = None
        self._count = 0
        if calibration is not None:
            self._set_calibration(calibration)
        self.ci = None              # the kernel's per-core data (cpu_info)
        # Handlers the kernel installs (isa never imports the kernel).
        self.syscall_handler = None
        self.trap_handler = None
        self.rdtsc_handler = None   # core -> the time stamp counter's value
        self._last_tsc = 0
        self._failure = None        # an exception raised inside a hook
        self._install_hooks()
        self.clock = None           # the block clock (isa/blockclock.py), if built
        self._attach_block_clock()

    def _set_calibration(self, cal):
        self.calibration = cal
        self._counter = ctypes.c_size_t.from_address(self.uc._uch.value + cal.counter_offset)
        self._cr2 = envaccess.u64_view(self.env_address + cal.cr2_offset, 1)
        self._error_code_index = cal.error_code_offset >> 2
        # QEMU's exception_is_int, the int after error_code: set while the
        # exception being delivered comes from an `int N` instruction.
        self._is_int_index = self._error_code_index + 1
        self._hide_random_number_instructions(cal.features_offset)
        self._old_exception_index = cal.old_exception_offset >> 2

    def _hide_random_number_instructions(self, features_offset):
        """Take RDRAND and RDSEED out of the CPU model (QEMU's feature
        words): cpuid stops reporting them, so programs that check do not
        use them, and executing one is #UD (SIGILL), as on a CPU without
        them.  Unicorn offers no hook for them, and their host randomness
        would make runs differ; programs get entropy from getentropy(2),
        the machine's seeded stream."""
        words = envaccess.u64_view(self.env_address + features_offset, 3)
        words[1] &= ~CPUID1_ECX_RDRAND
        words[2] &= ~CPUID7_EBX_RDSEED

    def _enable_long_mode(self):
        """Paging with the kernel pmap, GDT, NX, SSE; CPL 0 until iretq."""
        uc = self.uc
        uc.reg_write(X.UC_X86_REG_CR3, self.locore.kernel_pmap.pml4)
        uc.reg_write(X.UC_X86_REG_CR4, uc.reg_read(X.UC_X86_REG_CR4)
                     | CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT)
        efer = uc.reg_read(X.UC_X86_REG_MSR, MSR_EFER)
        uc.reg_write(X.UC_X86_REG_MSR, (MSR_EFER,
                     efer | EFER_LME | EFER_LMA | EFER_NXE | EFER_SCE))
        uc.reg_write(X.UC_X86_REG_CR0, uc.reg_read(X.UC_X86_REG_CR0)
                     | CR0_PE | CR0_PG | CR0_WP)
        uc.reg_write(X.UC_X86_REG_GDTR, (0, GDT_VA, GDT_LIMIT, 0))
        uc.reg_write(X.UC_X86_REG_CS, GCODE_SEL)
        uc.reg_write(X.UC_X86_REG_SS, GDATA_SEL)
        uc.reg_write(X.UC_X86_REG_DS, 0)
        uc.reg_write(X.UC_X86_REG_ES, 0)
        # The FPU as FNINIT leaves it, and SSE exceptions masked: what a new
        # process starts with (a fresh Unicorn CPU has FCW = MXCSR = 0).
        uc.reg_write(X.UC_X86_REG_FPCW, fpu.FCW_INIT)
        uc.reg_write(X.UC_X86_REG_FPSW, 0)
        uc.reg_write(X.UC_X86_REG_FPTAG, 0xFFFF)
        uc.reg_write(X.UC_X86_REG_MXCSR, fpu.MXCSR_INIT)

    # -- running guest code --------------------------------------------

    def prepare_user_entry(self, pmap, rip, rsp, regs=()):
        """Set the core up to drop to CPL 3 at rip with stack rsp, the way
        a fresh process first leaves the kernel: from the kernel context,
        through `iretq` on the trampoline page.  Returns the address to
        start at (the trampoline).  `regs` are (index, value) pairs of
        initial register values."""
        self.uc.context_restore(self.kernel_context)
        self.activate(pmap)
        frame_va, frame_pa = self.locore.kstack_top(self.index)
        frame_va -= 5 * 8
        frame_pa -= 5 * 8
        # The frame iretq pops: RIP, CS, RFLAGS, RSP, SS.
        q = self.phys.q
        for i, value in enumerate((rip, GUCODE_SEL, PSL_USER, rsp, GUDATA_SEL)):
            q[(frame_pa >> 3) + i] = value
        r = self.regs
        for i in range(16):
            r[i] = 0
        for index, value in regs:
            r[index] = value
        r[RSP] = frame_va
        return TRAMPOLINE_VA

    def restore(self, context, pmap):
        """Load a saved user context (a process switched in)."""
        self.uc.context_restore(context)
        self.activate(pmap)
        return self.regs[RIP]

    def save(self, context=None):
        """Save the user context of the process leaving this core, into
        context if given (no allocation) or a new one; return it."""
        if context is None:
            return self.uc.context_save()
        self.uc.context_update(context)
        return context

    def retired_counter(self):
        """The live instruction counter itself (a ctypes integer whose
        .value is instructions()), for callers on hot paths."""
        if self.clock is not None:
            return self._retired
        return self._counter

    def instructions(self):
        """Instructions retired so far in the current (or last) run(),
        exact at every kernel entry.  (After a count-limited run that used
        up its count, Unicorn's counter reads one more than it ran: hence
        the min.)"""
        if self.clock is not None:
            return self._retired.value
        return min(self._counter.value, self._count)

    def clear_instructions(self):
        """Count from zero before a new slice: the kernel's work on the way
        to it (signals, exit) must not read the last slice's count again."""
        if self.clock is not None:
            self.clock.retired = 0
        elif self.calibration is not None:
            self._counter.value = 0
        self._count = 0

    def activate(self, pmap):
        """Load pmap into CR3 (pmap_activate); writing CR3 flushes the TLB."""
        if self.loaded_pmap is not None:
            self.loaded_pmap.active_cores.discard(self)
        pmap.active_cores.add(self)
        self.loaded_pmap = pmap
        if self.code_generation != self.phys.code_generation:
            self.flush_translations()
        self.uc.reg_write(X.UC_X86_REG_CR3, pmap.pml4)
        self.tlb_stale = False
        if self.clock is not None:
            self.clock.tag = pmap.code_tag

    def deactivate(self):
        if self.loaded_pmap is not None:
            self.loaded_pmap.active_cores.discard(self)
            self.loaded_pmap = None

    def flush_tlb(self):
        """Flush the TLB, and the translated code too if physmem asked
        every core to (flush_translations marks them all stale)."""
        if self.code_generation != self.phys.code_generation:
            self.flush_translations()
        self.uc.ctl(UC_CTL_TLB_FLUSH, UC_CTL_IO_WRITE)
        self.tlb_stale = False
        if self.clock is not None and self.loaded_pmap is not None:
            # The mappings changed: block counts cached by address are stale.
            self.clock.tag = self.loaded_pmap.code_tag

    def flush_translations(self):
        """Drop the translated code (after code was rewritten behind the
        CPU's back), and the block clock's counts with it."""
        self.uc.ctl_flush_tb()
        self.code_generation = self.phys.code_generation
        if self.clock is not None:
            ctypes.memset(ctypes.addressof(self.clock.cache), 0,
                          ctypes.sizeof(self.clock.cache))
            self.clock.last_end = 0     # nor is the last block's count known

    def run(self, start, count):
        """Run guest code from start for about count instructions: exactly
        count on the count path, up to the end of the block that reaches
        count with the block clock.  The slice may end early: a handler
        stopped it; instructions() then tells how many ran."""
        if self.code_generation != self.phys.code_generation:
            # Code changed behind the cores' backs (isa.pmap): drop translations.
            self.flush_translations()
            self.code_generation = self.phys.code_generation
        if self.tlb_stale:
            self.flush_tlb()
        # When a count-limited run ends, Unicorn leaves the exception-in-
        # flight field at 13 (or 8 after two slices), so the next #PF would
        # escalate to a double or triple fault that never reaches our hook.
        # Every run starts with no exception in flight.
        if self.calibration is not None:
            self._env_i32[self._old_exception_index] = -1
        clock = self.clock
        if clock is not None:
            clock.retired = 0
            clock.budget = count
            clock.last_end = 0
            count = 0           # no per-instruction counting
        self._count = count
        try:
            self.uc.emu_start(start, NEVER, 0, count)
        except UcError as e:
            self._on_emulator_error(e)
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure

    # -- the block clock (isa/blockclock.py) ----------------------------------

    def _attach_block_clock(self):
        """Add the block clock's C hook, if the library could be built.
        Before any code is translated: a hook only applies to code
        translated after it was added."""
        lib = blockclock.library()
        if lib is None:
            return
        clock = blockclock.BlockClock()
        clock.budget = NEVER
        clock.emu_stop = ctypes.cast(uclib.uc_emu_stop, ctypes.c_void_p).value
        clock.ctl = ctypes.cast(uclib.uc_ctl, ctypes.c_void_p).value
        handle = ctypes.c_size_t()
        status = uclib.uc_hook_add(self.uc._uch, ctypes.byref(handle), UC_HOOK_BLOCK,
                                   ctypes.cast(lib.blockclock_hook, ctypes.c_void_p),
                                   ctypes.c_void_p(ctypes.addressof(clock)),
                                   ctypes.c_uint64(1), ctypes.c_uint64(0))
        if status:
            raise UcError(status)
        self.clock = clock
        self._retired = ctypes.c_uint64.from_buffer(clock)     # clock.retired
        self._unrun = lib.blockclock_unrun
        self._take_back = lib.blockclock_take_back

    def give_back_unrun(self, rip):
        """Execution stopped before the instruction at rip ran, maybe in
        the middle of a block the block clock charged whole (a fault, an
        invalid opcode, a breakpoint): uncharge the part that did not run
        (on the count path, the one instruction counted before it ran).
        Call it once, first thing, on such a stop."""
        clock = self.clock
        if clock is None:
            # Unicorn's count hook counted the instruction before it ran.
            if self.calibration is not None:
                self._counter.value -= 1
            return
        if self._unrun(self.uc._uch, ctypes.addressof(clock), rip) == blockclock.UNKNOWN:
            # The block from rip ends elsewhere than the charged one (a
            # block cut at Unicorn's length limit): count by decoding.
            ran = self._count_instructions(clock.last_pc, rip)
            self._take_back(ctypes.addressof(clock), clock.last_icount - ran)

    def _count_instructions(self, start, end):
        """How many instructions lie in [start, end) of the loaded address
        space (decoded with capstone; only on the rare path above)."""
        pmap = self.loaded_pmap
        code = bytearray()
        va = start
        while va < end:
            chunk = min(end, (va | PAGE_MASK) + 1) - va
            pa = pmap.extract(va)
            code += self.phys.mem[pa:pa + chunk]
            va += chunk
        return len(disassemble(code, start))

    def stop(self):
        """End the current slice as soon as the running hook returns."""
        self.uc.emu_stop()

    def stop_before(self, rip):
        """End the slice before the instruction at rip runs (from a code
        hook: a breakpoint, single-stepping)."""
        self.give_back_unrun(rip)
        self.uc.emu_stop()

    # -- trap entry --------------------------------------------------------
    #
    # The hooks are registered with Unicorn's C API directly rather than
    # through the binding's hook_add, which wraps each callback in three
    # Python frames: on a path taken a million times a second that is a
    # third of the cost.  What the binding's wrapper did, we do here: an
    # exception raised in a handler is kept, the run stopped, and the
    # exception re-raised by run() (a Python exception escaping into C
    # would otherwise be printed and lost).

    def _install_hooks(self):
        core = self

        def syscall_entry(handle, user_data):
            try:
                core.syscall_handler(core)
                if core.tlb_stale:
                    core.flush_tlb()
            except BaseException as e:
                core._hook_failed(e)

        def interrupt_entry(handle, vector, user_data):
            try:
                core._on_interrupt(vector)
            except BaseException as e:
                core._hook_failed(e)

        def invalid_entry(handle, user_data):
            try:
                core.give_back_unrun(core.regs[RIP])
                core.trap_handler(core, T_PRIVINFLT, core.regs[RIP], 0)
            except BaseException as e:
                core._hook_failed(e)
            return True     # handled: the kernel has stopped the core

        def guarded(work, *args):
            """Run a hook's work; an exception is kept for run() to raise."""
            try:
                work(*args)
            except BaseException as e:
                core._hook_failed(e)

        def sysenter_entry(handle, user_data):
            # Unicorn adds the instruction's length after the hook: #UD
            # must leave RIP on the instruction.
            guarded(core._privileged, T_PRIVINFLT, SYSENTER_INSN_LEN)

        def in_entry(handle, port, size, user_data):
            guarded(core._privileged, T_PROTFLT)
            return core.regs[0] & ((1 << (8 * size)) - 1)   # AL/AX/EAX unchanged

        def out_entry(handle, port, size, value, user_data):
            guarded(core._privileged, T_PROTFLT)

        def rdtsc_entry(handle, user_data):
            guarded(core._read_tsc, False)
            return 1        # the registers hold the virtual clock: skip the host's

        def rdtscp_entry(handle, user_data):
            guarded(core._read_tsc, True)
            return 1

        hooks = [(UC_HOOK_INSN, _SYSCALL_HOOK(syscall_entry), X.UC_X86_INS_SYSCALL),
                 (UC_HOOK_INTR, _INTR_HOOK(interrupt_entry), None),
                 (UC_HOOK_INSN_INVALID, _INVALID_HOOK(invalid_entry), None),
                 (UC_HOOK_INSN, _SYSCALL_HOOK(sysenter_entry), X.UC_X86_INS_SYSENTER),
                 (UC_HOOK_INSN, _IN_HOOK(in_entry), X.UC_X86_INS_IN),
                 (UC_HOOK_INSN, _OUT_HOOK(out_entry), X.UC_X86_INS_OUT),
                 (UC_HOOK_INSN, _TSC_HOOK(rdtsc_entry), X.UC_X86_INS_RDTSC),
                 (UC_HOOK_INSN, _TSC_HOOK(rdtscp_entry), X.UC_X86_INS_RDTSCP)]
        self._callbacks = [callback for _, callback, _ in hooks]
        for htype, callback, insn in hooks:
            if insn is None:
                self._hook_add(htype, callback)
            else:
                self._hook_add(htype, callback, ctypes.c_int(insn))

    def _hook_add(self, htype, callback, *extra):
        handle = ctypes.c_size_t()
        status = uclib.uc_hook_add(self.uc._uch, ctypes.byref(handle), htype,
                                   callback, None, ctypes.c_uint64(1),
                                   ctypes.c_uint64(0), *extra)
        if status:
            raise UcError(status)

    def _hook_failed(self, exc):
        if self._failure is None:
            self._failure = exc
        self.uc.emu_stop()

    def _on_interrupt(self, vector):
        if self.calibration is None:    # isa.calibrate is measuring this core
            self.give_back_unrun(self.regs[RIP])
            self.trap_handler(self, vector, 0, 0)
            return
        env = self._env_i32
        error = 0
        if env[self._is_int_index] and vector not in USER_GATES:
            # `int N` at CPL 3 through a gate of DPL 0: the CPU raises
            # #GP(N * 8 + 2) on the int instruction, which does not run.
            # (Unicorn skips the check and reports vector N, RIP past it.)
            self.regs[RIP] -= INT_N_INSN_LEN
            vector, error = T_PROTFLT, (vector << 3) | 2
        self.give_back_unrun(self.regs[RIP])
        if vector == T_PAGEFLT:
            addr = self._cr2[0]
            error = env[self._error_code_index]
        else:
            addr = self.regs[RIP]
        # Work around unicorn #1883: clear the "exception in flight" field,
        # or the next fault would be promoted to a double fault.
        env[self._old_exception_index] = -1
        self.trap_handler(self, vector, addr, error)
        if self.tlb_stale:
            self.flush_tlb()

    def _privileged(self, vector, added_after=0):
        """An instruction user code may not execute (I/O with IOPL 0,
        sysenter on an AMD64 CPU in long mode), which Unicorn runs anyway:
        it faults with vector instead.  Called from the instruction's hook,
        where RIP is the instruction's address.  The core stops, but
        Unicorn may finish the rest of the translation block first (up to
        its next memory access): registers a handler sees may be a few
        instructions ahead.  added_after is what Unicorn will add to RIP
        when the hook returns."""
        rip = self.regs[RIP]
        self.give_back_unrun(rip)
        self.trap_handler(self, vector, rip, 0)
        self.uc.emu_stop()
        if added_after:
            self.regs[RIP] = rip - added_after

    def _read_tsc(self, with_aux):
        """rdtsc/rdtscp: EDX:EAX from the kernel's virtual clock, never the
        host's (the same run gives the same values); rdtscp also sets ECX
        to IA32_TSC_AUX, the cpu number."""
        handler = self.rdtsc_handler
        tsc = handler(self) if handler is not None else self.instructions()
        # The clock moves a whole translation block at a time (the block
        # clock charges blocks); two reads in one block still differ.
        tsc = self._last_tsc = max(tsc, self._last_tsc + 1)
        r = self.regs
        r[0] = tsc & 0xFFFF_FFFF
        r[2] = (tsc >> 32) & 0xFFFF_FFFF
        if with_aux:
            r[1] = self.index

    def set_syscall_return(self, value, carry):
        """Return from a system call, OpenBSD style: the result (or the
        errno) in RAX, the carry flag set on error.  The other arithmetic
        flags are clobbered, as the ABI allows."""
        r = self.regs
        r[0] = value
        r[_CC_SRC] = carry
        self._env_i32[_CC_OP] = _CC_OP_EFLAGS

    # Between runs (a process parked on this core, not executing), QEMU
    # keeps all of RFLAGS in one word; while code runs (inside a hook) the
    # arithmetic flags live apart, in CC_SRC/CC_OP.  Hence two setters.

    def set_carry(self, carry):
        """Set or clear CF of a parked process (not inside a hook)."""
        r = self.regs
        r[_RFLAGS] = (r[_RFLAGS] & ~PSL_C) | carry

    def rflags(self):
        """RFLAGS of a parked process (not inside a hook)."""
        return self.regs[_RFLAGS]

    def set_rflags(self, rflags):
        """Set RFLAGS of a parked process (not inside a hook)."""
        self.regs[_RFLAGS] = rflags

    def fxsave(self):
        """The FPU/SSE state of a parked process as an fxsave area."""
        return fpu.fxsave(self._env_i32.cast("B"), fpu.layout())

    def fxrstor(self, area):
        """Load the FPU/SSE state of a parked process from an fxsave area."""
        fpu.fxrstor(self.uc, self._env_i32.cast("B"), fpu.layout(), area)

    def fork_context(self, retval, rsp=None, fs_base=None):
        """cpu_fork: a copy of the current context (inside a syscall hook)
        that resumes after the syscall instruction with retval in RAX and
        the carry flag clear; a new thread's also has its own stack
        pointer and FS base (its TCB)."""
        ctx = self.uc.context_save()
        ctx.reg_write(X.UC_X86_REG_RIP, self.regs[RIP] + SYSCALL_INSN_LEN)
        ctx.reg_write(X.UC_X86_REG_RAX, retval)
        ctx.reg_write(X.UC_X86_REG_EFLAGS, ctx.reg_read(X.UC_X86_REG_EFLAGS) & ~PSL_C)
        if rsp is not None:
            ctx.reg_write(X.UC_X86_REG_RSP, rsp)
        if fs_base is not None:
            ctx.reg_write(X.UC_X86_REG_FS_BASE, fs_base)
        return ctx

    def _on_emulator_error(self, err):
        """Errors the emulator raises instead of a hook: fetching from or
        touching memory outside RAM reads like a #GP to the kernel."""
        self.give_back_unrun(self.regs[RIP])
        if err.errno == UC_ERR_INSN_INVALID:
            self.trap_handler(self, T_PRIVINFLT, self.regs[RIP], 0)
        elif err.errno in (UC_ERR_FETCH_UNMAPPED, UC_ERR_READ_UNMAPPED,
                           UC_ERR_WRITE_UNMAPPED):
            self.trap_handler(self, T_PROTFLT, self.regs[RIP], 0)
        else:
            self.trap_handler(self, T_PROTFLT, self.regs[RIP], -err.errno)

    # -- memory watch hooks (debuggers; never on a hot path) ---------------

    def watch_physical(self, start, end, accesses, callback):
        """Call callback(core, access, physical address, size) before guest
        code on this core reads or writes physical [start, end).  Unicorn's
        memory hooks see physical addresses once paging is on, so the
        caller translates.  accesses: "read", "write" or both (a
        collection); access, the one seen: "read" or "write".  Returns a
        handle for unwatch()."""
        core = self
        hooks = ((UC_HOOK_MEM_READ if "read" in accesses else 0)
                 | (UC_HOOK_MEM_WRITE if "write" in accesses else 0))

        def on_access(uc, access, address, size, value, data):
            callback(core, "write" if access == UC_MEM_WRITE else "read", address, size)
        return self.uc.hook_add(hooks, on_access, None, start, end - 1)

    def unwatch(self, handle):
        self.uc.hook_del(handle)

    # -- code watches (debuggers: breakpoints, stepping; never on a hot path) --

    def watch_code(self, callback, start=None, end=None):
        """Call callback(core, address) before guest code on this core runs
        an instruction at a virtual address in [start, end) (every
        instruction if start is None); callback may stop_before(address).
        Returns a handle for unwatch_code()."""
        core = self

        def on_code(uc, address, size, data):
            callback(core, address)
        if start is None:
            handle = self.uc.hook_add(UC_HOOK_CODE, on_code)
        else:
            handle = self.uc.hook_add(UC_HOOK_CODE, on_code, None, start, end - 1)
        self.flush_translations()   # code translated already gets the watch too
        return handle

    def unwatch_code(self, handle):
        self.uc.hook_del(handle)
        self.flush_translations()   # and full speed again without it

    def close(self):
        self.deactivate()
        if self in self.phys.cores:
            self.phys.cores.remove(self)
        self.uc = None


# The user registers by name, as debuggers read and write them (never on a
# hot path: each access is a Unicorn reg_read or reg_write).
USER_REGISTERS = {name: getattr(X, "UC_X86_REG_" + name.upper())
                  for name in REG_NAMES + ["rflags"]}


def read_registers(source, names=USER_REGISTERS):
    """{name: value} of the named user registers (all of them by default)
    in source: a Core (its CPU now) or a context saved from one."""
    uc = source.uc if isinstance(source, Core) else source
    return {name: uc.reg_read(USER_REGISTERS[name]) for name in names}


def write_register(source, name, value):
    """Set one user register in a Core or a saved context."""
    uc = source.uc if isinstance(source, Core) else source
    uc.reg_write(USER_REGISTERS[name], value)


def read_fs_base(source):
    """The FS segment's base (where a thread's TCB is) in a Core or a
    saved context."""
    uc = source.uc if isinstance(source, Core) else source
    return uc.reg_read(X.UC_X86_REG_FS_BASE)


def write_fs_base(source, base):
    uc = source.uc if isinstance(source, Core) else source
    uc.reg_write(X.UC_X86_REG_FS_BASE, base)
