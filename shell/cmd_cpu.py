"""CPU commands: regs, disas, step, break, unbreak, bt, list.

Addresses may be given by symbol (`main`, `main+0x10`, `file.c:12`) and
are shown with the symbol and source line that hold them."""

import os

from isa.asm import disassemble
from minikern.ddb.db_interface import (PS_ZOMBIE, REG_NAMES, backtrace, find_proc, find_thread,
                                       proc_symtab, saved_rip, user_registers)

from .cmd_memory import read_user
from .symbols import location, place, source_file, source_line, source_text, symbolic
from .table import CommandError, command, need, parse_count, parse_int, proc_arg

FLAG_NAMES = [(0x1, "CF"), (0x4, "PF"), (0x10, "AF"), (0x40, "ZF"),
              (0x80, "SF"), (0x100, "TF"), (0x200, "IF"), (0x400, "DF"),
              (0x800, "OF")]


def stopped_proc(repl, text):
    """The process text names (a pid or a thread id) and the thread the
    register commands look at: that thread, or the process's first."""
    pr = proc_arg(repl, text)
    if pr.ps_flags & PS_ZOMBIE:
        raise CommandError(f"process {pr.ps_pid} has exited")
    return pr, find_thread(repl.kernel, parse_int(text, "pid"))


@command("cpu", "regs PID", "the registers PID will resume with",
         complete=("pid",))
def cmd_regs(repl, args):
    need(args, 1, 1, "regs PID")
    pr, p = stopped_proc(repl, args[0])
    values = user_registers(p)
    names = REG_NAMES[:16]
    for i in range(0, 16, 4):
        repl.print("  ".join(f"{n:>3} {values[n]:016x}" for n in names[i:i + 4]))
    flags = values["rflags"]
    set_flags = " ".join(name for bit, name in FLAG_NAMES if flags & bit)
    repl.print(f"rip {values['rip']:016x}  rflags {flags:#x} [{set_flags}]"
               f"{place(pr, values['rip'])}")


def disassembly(p, va, count):
    """(address, bytes, text) of up to count instructions at va."""
    code = b""
    for _, data in read_user(p, va, count * 15):
        if data is None:
            break
        code += data
    return [(addr, code[addr - va:addr - va + size], f"{mnem} {ops}".strip())
            for addr, size, mnem, ops in disassemble(code, va, count)]


def print_disassembly(repl, p, va, count, rip):
    """The instructions of process p, each with its symbol+offset; a line
    of source heads each run of instructions that came from it; '=>'
    marks rip."""
    lines = disassembly(p, va, count)
    if not lines:
        raise CommandError(f"{va:#x}: not mapped (or not code)")
    names = [symbolic(p, addr) for addr, _, _ in lines]
    width = max(len(f" <{name}>") if name else 0 for name in names)
    last_line = None
    for (addr, raw, text), name in zip(lines, names):
        line = source_line(p, addr)
        if line is not None and line != last_line:
            repl.print(f"{os.path.basename(line[0])}:{line[1]}: {source_text(*line)}")
        last_line = line
        mark = "=>" if addr == rip else "  "
        where = f" <{name}>" if name else ""
        repl.print(f"{mark} {addr:016x}{where:<{width}}  {raw.hex(' '):<30} "
                   f"{text}{_target_name(p, text)}")


def _target_name(p, text):
    """' <printf>' after a call or jump to a named address."""
    mnemonic, _, operand = text.partition(" ")
    if not (mnemonic == "call" or mnemonic.startswith("j")) or not operand.startswith("0x"):
        return ""
    name = symbolic(p, int(operand, 16))
    return f" <{name}>" if name else ""



@command("cpu", "disas PID [WHERE] [N]", "disassemble N instructions (default 10)",
         """
WHERE is an address or a symbol (main, main+0x10, file.c:12) and
defaults to where PID resumes; '=>' marks that instruction.  A function
name alone disassembles the whole function.""",
         complete=("pid",))
def cmd_disas(repl, args):
    need(args, 1, 3, "disas PID [WHERE] [N]")
    p, thread = stopped_proc(repl, args[0])
    rip = saved_rip(thread)
    va, sym = location(p, args[1]) if len(args) > 1 else (rip, None)
    count = parse_count(args[2]) if len(args) > 2 else 10
    if len(args) == 2 and sym is not None and sym.kind == "func" and va == sym.value:
        whole = disassembly(p, va, sym.size)    # never more instructions than bytes
        count = len([a for a, _, _ in whole if a < va + sym.size])
    print_disassembly(repl, p, va, max(1, min(count, 1000)), rip)


@command("cpu", "step PID [N]", "run PID alone for N instructions (default 1)",
         """
Only PID runs (on the core whose clock is furthest behind); the other
processes wait.  Shows the next instruction afterwards.""",
         complete=("pid",))
def cmd_step(repl, args):
    need(args, 1, 2, "step PID [N]")
    pr, p = stopped_proc(repl, args[0])
    n = parse_int(args[1], "count") if len(args) > 1 else 1
    if n < 1:
        raise CommandError("N must be at least 1")
    try:
        ran = repl.debugger.step(p, n)
    except ValueError as e:
        raise CommandError(str(e)) from None
    if pr.ps_flags & PS_ZOMBIE:
        repl.print(f"process {pr.ps_pid} exited after {ran} instructions")
        return
    if ran < n:
        repl.print(f"stopped after {ran} instructions ({p.p_stat})")
    print_disassembly(repl, pr, saved_rip(p), 1, saved_rip(p))


@command("cpu", "break [PID WHERE]", "stop the machine when PID reaches WHERE",
         """
WHERE is an address or a symbol: main, main+0x10, file.c:12 (the first
code of that line).  With no arguments, list the breakpoints.  When PID
is about to run the instruction there, the machine stops ('run', 'wait'
and 'continue' return); 'regs', 'disas', 'bt', 'list' and 'step' look
around, 'continue' goes on.""",
         complete=("pid",))
def cmd_break(repl, args):
    if not args:
        for ident, va in sorted(repl.debugger.breakpoints):
            p = find_proc(repl.kernel, ident)
            who = _who(ident, p) if p else f"pid {ident}"
            repl.print(f"{who} at {va:#x}{place(p, va) if p else ''}")
        return
    need(args, 2, 2, "break [PID WHERE]")
    p = stopped_proc(repl, args[0])[0]
    va, _ = location(p, args[1])
    ident = parse_int(args[0], "pid")       # a pid, or one thread's id
    repl.debugger.add(ident, va)
    repl.print(f"breakpoint: {_who(ident, p)} at {va:#x}{place(p, va)}")


def _who(ident, p):
    return f"pid {ident}" if ident == p.ps_pid else f"thread {ident} of pid {p.ps_pid}"


@command("cpu", "unbreak PID WHERE", "remove a breakpoint", complete=("pid",))
def cmd_unbreak(repl, args):
    need(args, 2, 2, "unbreak PID WHERE")
    p = proc_arg(repl, args[0], alive=False)
    va = location(p, args[1])[0] if p.ps_image is not None else parse_int(args[1], "address")
    if not repl.debugger.remove(parse_int(args[0], "pid"), va):
        raise CommandError("no such breakpoint")


@command("cpu", "bt PID", "the call stack of PID, innermost frame first",
         """
Unwound with the DWARF call frame information of the program
(.debug_frame), or the frame-pointer chain where there is none.""",
         complete=("pid",))
def cmd_bt(repl, args):
    need(args, 1, 1, "bt PID")
    pr, p = stopped_proc(repl, args[0])
    for depth, pc in enumerate(backtrace(pr, user_registers(p), proc_symtab(pr))):
        repl.print(f"#{depth:<2} {pc:016x}{place(pr, pc)}")


LIST_CONTEXT = 5


@command("cpu", "list PID [WHERE]", "the source around where PID is (or WHERE)",
         "'=>' marks the line PID resumes at (or WHERE's line).",
         complete=("pid",))
def cmd_list(repl, args):
    need(args, 1, 2, "list PID [WHERE]")
    p, thread = stopped_proc(repl, args[0])
    va = location(p, args[1])[0] if len(args) > 1 else saved_rip(thread)
    line = source_line(p, va)
    if line is None:
        raise CommandError(f"{va:#x}: no source line known")
    path, current = line
    try:
        text = source_file(path)
    except OSError as e:
        raise CommandError(f"{path}: {e.strerror}") from None
    repl.print(f"{path}:")
    first = max(1, current - LIST_CONTEXT)
    for number in range(first, min(len(text), current + LIST_CONTEXT) + 1):
        mark = "=>" if number == current else "  "
        repl.print(f"{mark} {number:>4}  {text[number - 1]}")
