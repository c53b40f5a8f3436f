"""Kernel commands: trace (ktrace/kdump), syscalls, lockstat, witness."""

from minikern.ddb.db_interface import (SZOMB, Tracer, lock_stats, reset_lock_stats,
                                       syscall_names, syscall_stats, syscall_table)

from .table import CommandError, command, proc_arg

CYAN, RESET = "\033[36m", "\033[0m"


def _trace_on(repl, args):
    pid = None
    if args and args[0].isdigit():
        pid, args = args[0], args[1:]
    unknown = [name for name in args if name not in syscall_names()]
    if unknown:
        raise CommandError(f"no system call {unknown[0]!r} (see 'syscalls')")
    tracer = Tracer(lambda line: _emit(repl, line), args or None)
    if pid is not None:
        proc_arg(repl, pid).traced = tracer
        return
    repl.tracer = tracer
    repl.trace_all = True
    for p in repl.kernel.procs.values():
        if p.state != SZOMB:
            p.traced = tracer


def _emit(repl, line):
    repl.print(f"{CYAN}{line}{RESET}" if repl.out.isatty() else line)


def _trace_off(repl, args):
    if args:
        proc_arg(repl, args[0]).traced = None
        return
    repl.trace_all = False
    for p in repl.kernel.procs.values():
        p.traced = None


@command("kernel", "trace on|off [PID] [SYSCALL...]", "trace system calls, kdump style",
         """
'trace on' traces every process, including the ones started later;
'trace on PID' only PID.  Naming system calls shows only those.  Each
call prints a CALL line with its arguments (strings read from guest
memory, pointers and flags in hex) and a RET line with the result or
the errno.  'trace off [PID]' stops.""",
         complete=("onoff", "pid", "syscall"))
def cmd_trace(repl, args):
    if not args or args[0] not in ("on", "off"):
        raise CommandError("usage: trace on|off [PID] [SYSCALL...]")
    if args[0] == "on":
        _trace_on(repl, args[1:])
    else:
        _trace_off(repl, args[1:])


@command("kernel", "syscalls", "the system call table (syscalls.master)")
def cmd_syscalls(repl, args):
    repl.heading(f"{'NUM':>4} {'TYPE':<6} {'LOCK':<6} PROTOTYPE")
    for e in syscall_table():
        kind = "STD" if e.implemented else "UNIMPL"
        lock = "NOLOCK" if e.nolock else "-"
        params = ", ".join(f"{a.ctype} {a.name}".replace("* ", "*")
                           for a in e.args) or "void"
        ret = e.rettype if e.rettype.endswith("*") else e.rettype + " "
        repl.print(f"{e.number:>4} {kind:<6} {lock:<6} {ret}sys_{e.name}({params})")


@command("kernel", "lockstat [reset]", "lock contention: per lock and per system call",
         """
Per lock class: acquisitions, how many found the lock held (contended),
virtual cycles spent spinning for it, cycles it was held and the longest
hold.  Then per system call: calls, cycles in the kernel and cycles spent
waiting for the kernel lock.  'lockstat reset' zeroes the counters.""")
def cmd_lockstat(repl, args):
    if args == ["reset"]:
        reset_lock_stats(repl.kernel)
        return
    if args:
        raise CommandError("usage: lockstat [reset]")
    repl.heading(f"{'LOCK':<14}{'KIND':<8}{'ACQUIRED':>10}{'CONTENDED':>11}"
                 f"{'SPIN':>12}{'HELD':>12}{'LONGEST':>10}")
    for s in lock_stats(repl.kernel):
        repl.print(f"{s.name:<14}{s.kind:<8}{s.acquisitions:>10}{s.contended:>11}"
                   f"{s.spin_cycles:>12}{s.held_cycles:>12}{s.longest_hold:>10}")
    rows = syscall_stats(repl.kernel)
    if rows:
        repl.print("")
        repl.heading(f"{'SYSCALL':<14}{'CALLS':>10}{'CYCLES':>14}{'KLOCK WAIT':>12}")
        for name, calls, cycles, spin in rows:
            repl.print(f"{name:<14}{calls:>10}{cycles:>14}{spin:>12}")


@command("kernel", "witness", "lock order reversals found so far",
         """
The lock-order checker learns in which order lock classes are taken and
reports the first time two are taken the other way round, with the
kernel code that took each.""")
def cmd_witness(repl, args):
    witness = repl.kernel.witness
    if witness is None:
        raise CommandError("witness is off on this machine")
    if not witness.reversals:
        repl.print(f"no lock order reversals ({len(witness.order)} orders learned)")
    for line in witness.reversals:
        repl.print(line)
