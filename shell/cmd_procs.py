"""Program commands: run, spawn, wait, continue, ps, kill, cc.

The machine runs only while a command runs it: `run` (until its program
exits), `wait` and `continue`.  Processes started with `spawn` wait in
the run queue until then, and share the cores with whatever else runs.
"""

import os
import tempfile
from pathlib import Path

from minikern import build
from minikern.ddb.db_interface import (SIGCONT, SIGINT, SIGKILL, SIGTERM, SIGNAL_NAMES,
                                       PS_STOPPED, PS_ZOMBIE, find_guest_program, killpg,
                                       prsignal,
                                       status_to_shell, write_file)
from minikern.programs import DEFAULT_ENV, find_program

from .cmd_files import guest_errors
from .table import CommandError, command, need, parse_int, proc_arg

SIGNAL_NUMBERS = {name: num for num, name in SIGNAL_NAMES.items()}


def load_program(repl, spec):
    """(image, argv[0], uvm_object) for spec: a guest program from the
    guest's file system (its text is shared from the file, as exec(2)
    does), else a host C file or executable (no object: copied in)."""
    if not (spec.endswith(".c") and os.path.isfile(spec)):
        with guest_errors(spec):        # "run: /bin/x: Permission denied"
            found = find_guest_program(repl.kernel, spec)
        if found is not None:
            path, image, uobj = found
            return image, path, uobj
    return (*find_program(spec, repl.rootfs), None)


def start(repl, args):
    """Create a process for `PROG ARGS...` (runnable, not yet run)."""
    image, argv0, uobj = load_program(repl, args[0])
    p = repl.machine.spawn(image, [argv0] + args[1:], DEFAULT_ENV, uobj)
    repl.jobs[p.ps_pid] = p
    repl.faults.watch(p)
    if repl.trace_all:
        p.ps_traced = repl.tracer
    return p


def describe_status(status):
    if status & 0x7F:
        return SIGNAL_NAMES.get(status & 0x7F, f"signal {status & 0x7F}")
    return f"exit {status >> 8 & 0xFF}"


def finish_job(repl, p):
    """Forget a job that has exited (and reap it if nobody else will)."""
    repl.jobs.pop(p.ps_pid, None)
    if repl.kernel.procs.get(p.ps_pid) is p and p.ps_pptr is None:
        repl.kernel.reap(p)


def report_jobs(repl, foreground=None):
    """Say which background jobs have finished, like a shell does."""
    for p in list(repl.jobs.values()):
        if p is not foreground and p.ps_flags & PS_ZOMBIE:
            repl.print(f"[{p.ps_pid}] {p.ps_comm}: done ({describe_status(p.ps_xstat)})")
            finish_job(repl, p)


def wait_for(repl, p):
    """Run the machine until p exits or stops, with p's process group in the
    terminal's foreground.  On the REPL's terminal the keys are the
    guest's (its line discipline makes ^C SIGINT and ^\\ SIGQUIT to the
    foreground group: p's, unless p, a shell, gave the terminal to a
    job).  SIGINT to minikern itself (^C on the terminal of a piped REPL)
    sends SIGINT to that group, a second one SIGKILL."""
    console = repl.kernel.console
    messages = len(repl.kernel.messages)
    modes = console.modes()
    console.pgrp = p.ps_pgid                   # p is the terminal's foreground job
    interrupts = 0
    while True:
        why = repl.run_machine(lambda: p.ps_xstat is not None or p.ps_flags & PS_STOPPED)
        if why != "interrupt" or p.ps_flags & (PS_ZOMBIE | PS_STOPPED):
            break
        interrupts += 1
        sig = SIGINT if interrupts == 1 else SIGKILL
        group = console.pgrp if console.foreground_alive() else p.ps_pgid
        repl.error(f"interrupted: {SIGNAL_NAMES[sig]} to process group {group}")
        killpg(repl.kernel, group, sig)
    if p.ps_flags & PS_ZOMBIE:
        # The next program finds the terminal as p found it: one that
        # died in raw mode (or forgot to restore it) does not leave it so.
        console.set_modes(modes)
        report_exit(repl, p, len(repl.kernel.messages) > messages)
    elif p.ps_flags & PS_STOPPED:
        repl.print(f"[{p.ps_pid}] {p.ps_comm}: stopped by {SIGNAL_NAMES[p.ps_xsig]} "
                   f"('fg {p.ps_pid}' continues it)")
    elif why == "done":
        state = p.ps_threads[0].p_stat if p.ps_threads else "exiting"
        repl.print(f"[{p.ps_pid}] {p.ps_comm}: {state}, nothing else can run")
    report_jobs(repl, p)


def report_exit(repl, p, kernel_said_why):
    """The foreground job's end: a non-zero status, or the signal that
    killed it (unless the kernel has already said why)."""
    status = p.ps_xstat
    finish_job(repl, p)
    if status & 0x7F:
        if not kernel_said_why:
            repl.error(f"pid {p.ps_pid} ({p.ps_comm}): killed by {describe_status(status)}")
    elif status_to_shell(status):
        repl.print(f"[exit status {status_to_shell(status)}]")


@command("programs", "run PROG [ARGS...]", "run a program in the foreground",
         """
PROG is a guest path (/bin/hello), a name in /bin, /usr/bin, /sbin or
/usr/tests (hello), a host C file (compiled first) or a host guest
executable.  Its output is shown as it comes; background jobs run too.  On a
terminal the program has the terminal, as under 'minikern run': what
you type goes to its line discipline (^C is SIGINT and ^\\ SIGQUIT to
the terminal's foreground process group, ^D end of file, ^Z stops it
until 'fg PID'; a program may turn echo and line editing off), and the
REPL's prompt gets the terminal back when it ends or stops.  'run sh -i' is an interactive guest shell.
If a breakpoint stops the machine, the program stays: 'wait PID' or
'continue' goes on.""",
         complete=("prog", "hostfile"))
def cmd_run(repl, args):
    need(args, 1, 1000, "run PROG [ARGS...]")
    wait_for(repl, start(repl, args))


@command("programs", "sh", "attach the console to a guest shell",
         """
Runs /bin/sh -i on the console in the foreground: type commands to the
guest shell (^C stops its job, not the shell).  'exit' or ^D at its
prompt returns to the REPL.""")
def cmd_sh(repl, args):
    need(args, 0, 0, "sh")
    wait_for(repl, start(repl, ["/bin/sh", "-i"]))


@command("programs", "spawn PROG [ARGS...]", "start a program in the background",
         """
The process is created now and runs whenever the machine runs: during
the next 'run', 'wait' or 'continue'.  Its output appears then; when it
exits, the REPL says so, like a shell's job notification.""",
         complete=("prog", "hostfile"))
def cmd_spawn(repl, args):
    need(args, 1, 1000, "spawn PROG [ARGS...]")
    p = start(repl, args)
    repl.print(f"[{p.ps_pid}] {p.ps_comm}")


@command("programs", "wait [PID]", "run the machine until PID (or every job) exits",
         """
^C sends SIGINT to PID's process group; with no PID, ^C only stops
the machine.  A breakpoint stops it too.""",
         complete=("pid",))
def cmd_wait(repl, args):
    need(args, 0, 1, "wait [PID]")
    if args:
        wait_for(repl, proc_arg(repl, args[0], alive=False))
        return
    jobs = list(repl.jobs.values())
    repl.run_machine(lambda: all(p.ps_flags & PS_ZOMBIE for p in jobs))
    report_jobs(repl)


@command("programs", "fg PID", "continue a stopped job in the foreground",
         """
Sends SIGCONT to PID's process group (if PID is stopped, after ^Z say)
and runs the machine until PID exits or stops again, as 'wait PID'.""",
         complete=("pid",))
def cmd_fg(repl, args):
    need(args, 1, 1, "fg PID")
    p = proc_arg(repl, args[0], alive=False)
    if p.ps_flags & PS_ZOMBIE:
        raise CommandError(f"process {p.ps_pid} has already exited")
    if p.ps_flags & PS_STOPPED:
        killpg(repl.kernel, p.ps_pgid, SIGCONT)
    wait_for(repl, p)


@command("programs", "continue", "run the machine until nothing can run",
         """
Runs every runnable process until all have exited or sleep, a
breakpoint is hit, or ^C (which stops the machine and kills nothing).
Without wall-clock mode virtual time jumps to each sleeper's deadline;
with it (on a terminal), continue stops when every process sleeps.""")
def cmd_continue(repl, args):
    need(args, 0, 0, "continue")
    sched = repl.kernel.sched
    why = repl.run_machine(lambda: sched.realtime and sched.idle())
    if why == "interrupt":
        repl.error("machine stopped")
    report_jobs(repl)


@command("programs", "ps", "the processes of this machine, and their threads",
         """
WAIT is why a sleeping thread sleeps (its wait message), CPU the core it
runs on.  A process of several threads has a line of its own (its
totals) and one per thread below it, with its thread id (TID); a thread
id works wherever a PID is asked for (regs, step, break ...).""")
def cmd_ps(repl, args):
    repl.heading(f"{'PID':>5} {'TID':>6} {'PPID':>5} {'PGID':>5} {'STATE':<9} {'WAIT':<9} "
                 f"{'CPU':>3} {'CYCLES':>12} {'SYSCALLS':>9} {'FAULTS':>7} COMMAND")
    for p in sorted(repl.kernel.procs.values(), key=lambda p: p.ps_pid):
        threads = p.ps_threads
        ppid = p.ps_pptr.ps_pid if p.ps_pptr else 0
        used = p.usage()
        first = threads[0] if len(threads) == 1 else None
        repl.print(f"{p.ps_pid:>5} {_tid(first):>6} {ppid:>5} {p.ps_pgid:>5} "
                   f"{_state(p, first):<9} {_wait(first):<9} {_core(first):>3} "
                   f"{used.cycles:>12} {used.syscalls:>9} {used.faults:>7} {' '.join(p.ps_argv)}")
        if len(threads) > 1:
            for q in threads:
                repl.print(f"{'':>5} {q.p_tid:>6} {'':>5} {'':>5} {q.p_stat:<9} {_wait(q):<9} "
                           f"{_core(q):>3} {q.p_cycles:>12} {q.p_syscalls:>9} {q.p_faults:>7}")


def _tid(q):
    return q.p_tid if q is not None else "-"


def _state(p, q):
    if p.ps_flags & PS_ZOMBIE:
        return "zombie"
    return q.p_stat if q is not None else f"{len(p.ps_threads)} thr"


def _wait(q):
    return (q.p_wmesg or "-") if q is not None else "-"


def _core(q):
    return q.p_cpu.index if q is not None and q.p_cpu is not None else "-"


def parse_signal(text):
    name = text.upper()
    if name.isdigit() and int(name) in SIGNAL_NAMES:
        return int(name)
    number = SIGNAL_NUMBERS.get(name) or SIGNAL_NUMBERS.get("SIG" + name)
    if number is None:
        raise CommandError(f"unknown signal {text!r}")
    return number


@command("programs", "kill PID [SIG]", "send a signal (default SIGTERM)",
         """
SIG is a number or a name (9, KILL, SIGKILL).  As with kill(2), the
signal is acted on when the process next runs (its handler, or the
default action); SIGKILL ends it at once.  A negative PID signals the
process group.""",
         complete=("pid", "signal"))
def cmd_kill(repl, args):
    need(args, 1, 2, "kill PID [SIG]")
    sig = parse_signal(args[1]) if len(args) > 1 else SIGTERM
    if args[0].startswith("-"):
        killpg(repl.kernel, parse_int(args[0][1:], "process group"), sig)
    else:
        p = proc_arg(repl, args[0], alive=False)
        if p.ps_flags & PS_ZOMBIE:
            raise CommandError(f"process {p.ps_pid} has already exited")
        prsignal(p, sig)
        if not p.ps_flags & PS_ZOMBIE:
            repl.print(f"[{p.ps_pid}] {SIGNAL_NAMES[sig]} pending: it acts when "
                       f"the process next runs")
    report_jobs(repl)


@command("programs", "cc FILE.c... -o GUESTPATH", "compile host C files into the guest",
         """
The executable is written into the guest's file system (mode 755), for
instance -o /bin/prog; then 'run prog' runs it.  It lives in guest
memory: a reboot loses it.""",
         complete=("hostfile",))
def cmd_cc(repl, args):
    if len(args) < 3 or args[-2] != "-o":
        raise CommandError("usage: cc FILE.c... -o GUESTPATH")
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "a.out"
        build.compile_program(args[:-2], output)
        image = output.read_bytes()
    with guest_errors(args[-1]):
        write_file(repl.kernel, args[-1], image, 0o755)
    repl.print(f"{args[-1]}: {len(image)} bytes")
