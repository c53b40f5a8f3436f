"""Kernel commands: trace (ktrace/kdump) and syscalls."""

from minikern.kern.kern_ktrace import Tracer
from minikern.kern.proc import SZOMB
from minikern.kern.syscalls import syscall_table

from .table import CommandError, command, proc_arg

CYAN, RESET = "\033[36m", "\033[0m"


def syscall_names():
    return [e.name for e in syscall_table() if e.implemented]


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
