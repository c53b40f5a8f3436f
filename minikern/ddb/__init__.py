"""ddb, the kernel debugger (OpenBSD's sys/ddb): what a debugger needs to
look into a running machine.  Its public face is db_interface.py, the one
module the REPL (shell/) imports; the rest is behind it: db_access (memory
peeks and pokes), db_regs (registers), db_run (breakpoints, stepping),
db_sym and db_trace (symbols, backtraces), db_faults (the fault history,
from the tracepoints), db_guestfs (the guest's files) and the gdb stub."""
