"""CPU commands: regs, disas, step, break, unbreak."""

from unicorn import x86_const as X

from isa.asm import disassemble
from isa.x86 import REG_NAMES
from minikern.kern.proc import SZOMB

from .cmd_memory import read_user
from .debug import saved_rip
from .table import CommandError, command, need, parse_int, proc_arg

UC_REGS = [getattr(X, "UC_X86_REG_" + name.upper()) for name in REG_NAMES]
FLAG_NAMES = [(0x1, "CF"), (0x4, "PF"), (0x10, "AF"), (0x40, "ZF"),
              (0x80, "SF"), (0x100, "TF"), (0x200, "IF"), (0x400, "DF"),
              (0x800, "OF")]


def saved_registers(p):
    """{name: value} of p's user registers as it will resume (or, for
    a process the machine stopped on a core, a panic, as they are there)."""
    source = p.core.core.uc if p.core is not None else p.context
    if source is not None:
        values = {name: source.reg_read(reg) for name, reg in zip(REG_NAMES, UC_REGS)}
        values["rflags"] = source.reg_read(X.UC_X86_REG_RFLAGS)
        return values
    rip, rsp, initial = p.entry         # never run: what it will start with
    values = {name: 0 for name in REG_NAMES}
    for index, value in initial:
        values[REG_NAMES[index]] = value
    values.update(rip=rip, rsp=rsp, rflags=0x202)
    return values


def stopped_proc(repl, text):
    p = proc_arg(repl, text)
    if p.state == SZOMB:
        raise CommandError(f"process {p.pid} has exited")
    return p


@command("cpu", "regs PID", "the registers PID will resume with",
         complete=("pid",))
def cmd_regs(repl, args):
    need(args, 1, 1, "regs PID")
    values = saved_registers(stopped_proc(repl, args[0]))
    names = REG_NAMES[:16]
    for i in range(0, 16, 4):
        repl.print("  ".join(f"{n:>3} {values[n]:016x}" for n in names[i:i + 4]))
    flags = values["rflags"]
    set_flags = " ".join(name for bit, name in FLAG_NAMES if flags & bit)
    repl.print(f"rip {values['rip']:016x}  rflags {flags:#x} [{set_flags}]")


def disassembly(p, va, count):
    """(address, bytes, text) of up to count instructions at va."""
    code = b""
    for _, data in read_user(p, va, count * 15, resident=True):
        if data is None:
            break
        code += data
    return [(addr, code[addr - va:addr - va + size], f"{mnem} {ops}".strip())
            for addr, size, mnem, ops in disassemble(code, va, count)]


def print_disassembly(repl, p, va, count):
    rip = saved_rip(p)
    lines = disassembly(p, va, count)
    if not lines:
        raise CommandError(f"{va:#x}: not mapped (or not code)")
    for addr, raw, text in lines:
        mark = "=>" if addr == rip else "  "
        repl.print(f"{mark} {addr:016x}  {raw.hex(' '):<30} {text}")


@command("cpu", "disas PID [VADDR] [N]", "disassemble N instructions (default 10)",
         "VADDR defaults to where PID resumes; '=>' marks that instruction.",
         complete=("pid",))
def cmd_disas(repl, args):
    need(args, 1, 3, "disas PID [VADDR] [N]")
    p = stopped_proc(repl, args[0])
    va = parse_int(args[1], "address") if len(args) > 1 else saved_rip(p)
    count = parse_int(args[2], "count") if len(args) > 2 else 10
    print_disassembly(repl, p, va, max(1, min(count, 1000)))


@command("cpu", "step PID [N]", "run PID alone for N instructions (default 1)",
         """
Only PID runs (on the core whose clock is furthest behind); the other
processes wait.  Shows the next instruction afterwards.""",
         complete=("pid",))
def cmd_step(repl, args):
    need(args, 1, 2, "step PID [N]")
    p = stopped_proc(repl, args[0])
    n = parse_int(args[1], "count") if len(args) > 1 else 1
    if n < 1:
        raise CommandError("N must be at least 1")
    try:
        ran = repl.debugger.step(p, n)
    except ValueError as e:
        raise CommandError(str(e)) from None
    if p.state == SZOMB:
        repl.print(f"process {p.pid} exited after {ran} instructions")
        return
    if ran < n:
        repl.print(f"stopped after {ran} instructions ({p.state})")
    print_disassembly(repl, p, saved_rip(p), 1)


@command("cpu", "break [PID VADDR]", "stop the machine when PID reaches VADDR",
         """
With no arguments, list the breakpoints.  When PID is about to run the
instruction at VADDR, the machine stops ('run', 'wait' and 'continue'
return); 'regs', 'disas' and 'step' look around, 'continue' goes on.""",
         complete=("pid",))
def cmd_break(repl, args):
    if not args:
        for pid, va in sorted(repl.debugger.breakpoints):
            repl.print(f"pid {pid} at {va:#x}")
        return
    need(args, 2, 2, "break [PID VADDR]")
    p = stopped_proc(repl, args[0])
    va = parse_int(args[1], "address")
    repl.debugger.add(p.pid, va)
    repl.print(f"breakpoint: pid {p.pid} at {va:#x}")


@command("cpu", "unbreak PID VADDR", "remove a breakpoint", complete=("pid",))
def cmd_unbreak(repl, args):
    need(args, 2, 2, "unbreak PID VADDR")
    pid = parse_int(args[0], "pid")
    if not repl.debugger.remove(pid, parse_int(args[1], "address")):
        raise CommandError("no such breakpoint")
