"""A process's user registers as a debugger sees them (OpenBSD's
db_machdep's register access, and ptrace's PT_GETREGS/PT_SETREGS): where
the process will resume, read from the core it is stopped on, from its
saved context, or, before it first ran, from what exec set up."""

from isa.cpu import read_registers, write_register
from isa.x86 import REG_NAMES


def user_registers(p):
    """{name: value} of p's user registers (rax ... r15, rip, rflags) as it
    will resume (or, for a process the machine stopped on a core, a
    panic, as they are there)."""
    source = _register_source(p)
    if source is not None:
        return read_registers(source)
    rip, rsp, initial = p.p_md.entry         # never run: what it will start with
    values = {name: 0 for name in REG_NAMES}
    for index, value in initial:
        values[REG_NAMES[index]] = value
    values.update(rip=rip, rsp=rsp, rflags=0x202)
    return values


def set_user_register(p, name, value):
    """Change one register p will resume with; False if p has no saved
    registers yet (it never ran) or name is no user register."""
    source = _register_source(p)
    if source is None or name not in REG_NAMES + ["rflags"]:
        return False
    write_register(source, name, value)
    return True


def saved_rip(p):
    """Where p will resume (its saved context, or its entry point)."""
    source = _register_source(p)
    if source is None:
        return p.p_md.entry[0]
    return read_registers(source, ("rip",))["rip"]


def _register_source(p):
    """The core p is on, its saved context, or None (never ran)."""
    if p.p_cpu is not None:
        return p.p_cpu.core
    return p.p_md.context
