"""struct mdproc (p.p_md): how a process returns to user mode (OpenBSD's
machine/proc.h, with the register work of cpu_fork, setregs and
cpu_switchto from vm_machdep.c and machdep.c).

A process off its core is one of: a fresh image that has never run (its
entry point and stack, started through the iretq trampoline), or a saved
CPU context.  On top of the context there may be a system call to run
again (it slept), a sigcontext that sigreturn checked and that replaces
the registers, or a fault whose signal awaits its handler.  The
machine-independent kernel asks for these through the operations below
and never touches a register of a process itself.
"""

from isa.cpu import SYSCALL_INSN_LEN, read_fs_base, write_fs_base
from isa.x86 import RAX, RDI, RIP


class MdProc:
    __slots__ = ("context", "entry", "fresh_image", "restart_rip", "parked_in_syscall",
                 "resume_regs", "trap_pending", "trap_addr")

    def __init__(self):
        self.context = None         # the saved CPU context, once p has run
        self.entry = None           # (rip, rsp, [(reg, value)]) of a fresh image
        self.fresh_image = False    # exec'd: start from entry at the next slice
        self.restart_rip = None     # a syscall slept (ERESTART): run it again from here
        self.parked_in_syscall = False  # switched out with RIP at that syscall
        self.resume_regs = None     # registers sigreturn checked, loaded at switch-in
        self.trap_pending = False   # a fault's signal awaits its handler
        self.trap_addr = 0          # that fault's address, for the handler's siginfo

    # -- a new process, a new image --------------------------------------

    def cpu_fork(self, parent_core):
        """The child's user state (self is the child's): the parent's
        registers in its fork syscall, returning 0 from it."""
        self.context = parent_core.fork_context(0)

    def cpu_tfork(self, parent_core, stack, tcb):
        """A new thread's user state (self is the new thread's): the
        creating thread's registers in its __tfork call, returning 0 there,
        on its own stack and with its own TCB (FS base)."""
        self.context = parent_core.fork_context(0, rsp=stack, fs_base=tcb)

    def setregs(self, rip, sp):
        """A new program image (exec): it starts at rip with stack sp, the
        address of argc also in RDI (crt0's argument).  Nothing of the old
        image is resumed: not its context, not a pending sigreturn."""
        self.context = None
        self.resume_regs = None
        self.entry = (rip, sp, [(RDI, sp)])
        self.fresh_image = True

    # -- the context switch -----------------------------------------------

    def switch_in(self, core, pmap):
        """Put p's user state on core with address space pmap.  A fresh
        image: the address to start it at (the entry trampoline).  Else
        None: the saved registers are loaded (a sigreturn's on top) and
        p is parked there until it resumes."""
        if self.context is None:
            self.fresh_image = False
            rip, rsp, regs = self.entry
            return core.prepare_user_entry(pmap, rip, rsp, regs)
        core.restore(self.context, pmap)
        if self.resume_regs is not None:
            self._load_resume_regs(core)
        return None

    def _load_resume_regs(self, core):
        regs, rflags, fxsave = self.resume_regs
        self.resume_regs = None
        r = core.regs
        for reg, value in regs:
            r[reg] = value
        core.set_rflags(rflags)
        core.fxrstor(fxsave)

    def resume(self, core):
        """p leaves the kernel, signals dealt with: where it resumes."""
        self.parked_in_syscall = False
        return core.regs[RIP]

    def switch_out(self, core):
        """Save p's user state as it leaves core.  A system call that
        slept is backed up to its syscall instruction, to run again when p
        resumes; a fresh image keeps its entry (there is nothing to save)."""
        if self.restart_rip is not None:
            core.regs[RIP] = self.restart_rip
            self.restart_rip = None
            self.parked_in_syscall = True
        if not self.fresh_image:
            self.context = core.save(self.context)

    # -- the TCB: the thread control block, at the FS segment's base -------

    def tcb(self, core):
        """The TCB pointer: core's FS base if p is on core, else the one
        saved in its context (0 for an image that never ran: exec clears it)."""
        if core is not None:
            return read_fs_base(core)
        return read_fs_base(self.context) if self.context is not None else 0

    def set_tcb(self, core, tcb):
        """__set_tcb: the running thread's FS base (core is its core)."""
        write_fs_base(core, tcb)

    # -- system calls and faults ------------------------------------------

    def restart_syscall(self, core):
        """The call in progress sleeps (ERESTART): run it again, from its
        syscall instruction, when p resumes."""
        self.restart_rip = core.regs[RIP]

    def syscall_restarts(self):
        """Will the call that has just returned run again (it slept)?"""
        return self.restart_rip is not None

    def interrupt_syscall(self, core, error):
        """A handler is about to run while p is parked on a system call.
        error None: the call runs again after the handler (SA_RESTART);
        otherwise it returns error (0: success) past its syscall
        instruction, with the carry flag saying which."""
        self.parked_in_syscall = False
        if error is None:
            return
        r = core.regs
        r[RIP] += SYSCALL_INSN_LEN
        r[RAX] = error
        core.set_carry(1 if error else 0)

    def post_fault(self, addr):
        """A fault's signal is posted for a handler: no further trap is
        taken until it runs, and its siginfo says addr."""
        self.trap_addr = addr
        self.trap_pending = True

    def set_resume_regs(self, regs, rflags, fxsave):
        """sigreturn: load these user registers ((reg, value) pairs),
        RFLAGS and fxsave area at the next switch-in."""
        self.resume_regs = (regs, rflags, fxsave)
