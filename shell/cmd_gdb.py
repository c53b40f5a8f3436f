"""The `gdb` command: a stock gdb debugs a process of the REPL's machine
(minikern/ddb/gdbstub.py speaks the remote protocol)."""

from minikern.ddb.db_interface import serve_gdb

from .cmd_cpu import stopped_proc
from .table import CommandError, command, need, parse_int


@command("cpu", "gdb PID [PORT]", "let gdb debug PID (on localhost:PORT, default any free port)",
         """
Waits for gdb to connect (gdb PROGRAM -ex 'target remote localhost:PORT'),
then the machine runs under gdb's control: while gdb holds PID, nothing
runs and virtual time stands still.  Returns when gdb detaches or kills
PID, or PID exits.  The REPL's own breakpoints must be removed first.""",
         complete=("pid",))
def cmd_gdb(repl, args):
    need(args, 1, 2, "gdb PID [PORT]")
    p = stopped_proc(repl, args[0])[0]
    port = parse_int(args[1], "port") if len(args) > 1 else 0
    if repl.debugger.breakpoints:
        raise CommandError("the REPL's breakpoints would stop gdb's process: unbreak them first")
    if p.ps_debugger is not None:
        raise CommandError(f"process {p.ps_pid} already has a debugger")
    try:
        stub = serve_gdb(repl.machine, p, f"localhost:{port}", repl.print, run_on=False)
    except (ValueError, OSError) as e:
        raise CommandError(str(e)) from None
    if p.ps_xstat is not None:
        repl.print(f"gdb: process {p.ps_pid} has exited")
    elif stub.done:
        repl.print(f"gdb: detached from process {p.ps_pid}")
