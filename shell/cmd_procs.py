"""Program commands: run, spawn, wait, continue, ps, kill, cc.

The machine runs only while a command runs it: `run` (until its program
exits), `wait` and `continue`.  Processes started with `spawn` wait in
the run queue until then, and share the cores with whatever else runs.
"""

import tempfile
from pathlib import Path

from minikern import build
from minikern.cli import DEFAULT_ENV
from minikern.kern.kern_exit import exit1
from minikern.kern.kern_sig import SIGINT, SIGTERM, SIGNAL_NAMES
from minikern.kern.proc import SZOMB, status_to_shell
from minikern.programs import find_program

from .cmd_memory import watch_faults
from .guestfs import find_guest_program, write_file
from .table import CommandError, command, need, proc_arg

SIGNAL_NUMBERS = {name: num for num, name in SIGNAL_NAMES.items()}


def load_program(repl, spec):
    """(image, argv[0]) for spec: a guest program (from the guest's file
    system), else a host C file or executable."""
    if not spec.endswith(".c"):
        found = find_guest_program(repl.kernel, spec)
        if found is not None:
            return found[1], found[0]
    return find_program(spec, repl.rootfs)


def start(repl, args):
    """Create a process for `PROG ARGS...` (runnable, not yet run)."""
    image, argv0 = load_program(repl, args[0])
    p = repl.machine.spawn(image, [argv0] + args[1:], DEFAULT_ENV)
    repl.jobs[p.pid] = p
    watch_faults(repl, p)
    if repl.trace_all:
        p.traced = repl.tracer
    return p


def kill_process(kernel, p, sig):
    """Terminate p as signal sig's default action does."""
    if p.state == SZOMB:
        return
    runq = kernel.sched.runq
    if p in runq:
        runq.remove(p)
    exit1(p, 0, sig)


def describe_status(status):
    if status & 0x7F:
        return SIGNAL_NAMES.get(status & 0x7F, f"signal {status & 0x7F}")
    return f"exit {status >> 8 & 0xFF}"


def finish_job(repl, p):
    """Forget a job that has exited (and reap it if nobody else will)."""
    repl.jobs.pop(p.pid, None)
    repl.reaped_syscalls += p.syscalls
    if repl.kernel.procs.get(p.pid) is p and p.parent is None:
        repl.kernel.reap(p)


def report_jobs(repl, foreground=None):
    """Say which background jobs have finished, like a shell does."""
    for p in list(repl.jobs.values()):
        if p is not foreground and p.state == SZOMB:
            repl.print(f"[{p.pid}] {p.comm}: done ({describe_status(p.xstat)})")
            finish_job(repl, p)


def wait_for(repl, p):
    """Run the machine until p exits; ^C kills p with SIGINT."""
    why = repl.run_machine(lambda: p.xstat is not None)
    if why == "interrupt" and p.state != SZOMB:
        kill_process(repl.kernel, p, SIGINT)
        repl.error(f"^C: pid {p.pid} ({p.comm}) killed by SIGINT")
    if p.state == SZOMB:
        status = p.xstat
        finish_job(repl, p)
        if status_to_shell(status) and not status & 0x7F:
            repl.print(f"[exit status {status_to_shell(status)}]")
    elif why == "done":
        repl.print(f"[{p.pid}] {p.comm}: {p.state}, nothing else can run")
    report_jobs(repl, p)


@command("programs", "run PROG [ARGS...]", "run a program in the foreground",
         """
PROG is a guest path (/bin/hello), a name in /bin, /usr/bin, /sbin or
/usr/tests (hello), a host C file (compiled first) or a host guest
executable.  Its output is shown as it comes; background jobs run too.
^C kills it (SIGINT's default action).  If a breakpoint stops the
machine, the program stays: 'wait PID' or 'continue' goes on.""",
         complete=("prog", "hostfile"))
def cmd_run(repl, args):
    need(args, 1, 1000, "run PROG [ARGS...]")
    wait_for(repl, start(repl, args))


@command("programs", "spawn PROG [ARGS...]", "start a program in the background",
         """
The process is created now and runs whenever the machine runs: during
the next 'run', 'wait' or 'continue'.  Its output appears then; when it
exits, the REPL says so, like a shell's job notification.""",
         complete=("prog", "hostfile"))
def cmd_spawn(repl, args):
    need(args, 1, 1000, "spawn PROG [ARGS...]")
    p = start(repl, args)
    repl.print(f"[{p.pid}] {p.comm}")


@command("programs", "wait [PID]", "run the machine until PID (or every job) exits",
         """
^C stops the machine and kills PID with SIGINT; with no PID, ^C only
stops the machine.  A breakpoint stops it too.""",
         complete=("pid",))
def cmd_wait(repl, args):
    need(args, 0, 1, "wait [PID]")
    if args:
        wait_for(repl, proc_arg(repl, args[0], alive=False))
        return
    jobs = list(repl.jobs.values())
    repl.run_machine(lambda: all(p.state == SZOMB for p in jobs))
    report_jobs(repl)


@command("programs", "continue", "run the machine until nothing can run",
         """
Runs every runnable process until all have exited or sleep, a
breakpoint is hit, or ^C (which stops the machine and kills nothing).""")
def cmd_continue(repl, args):
    need(args, 0, 0, "continue")
    why = repl.run_machine()
    if why == "interrupt":
        repl.error("^C: machine stopped")
    report_jobs(repl)


@command("programs", "ps", "the processes of this machine")
def cmd_ps(repl, args):
    repl.heading(f"{'PID':>5} {'PPID':>5} {'STATE':<9} {'CYCLES':>12} "
                 f"{'SYSCALLS':>9} {'FAULTS':>7} COMMAND")
    for p in sorted(repl.kernel.procs.values(), key=lambda p: p.pid):
        ppid = p.parent.pid if p.parent else 0
        repl.print(f"{p.pid:>5} {ppid:>5} {p.state:<9} {p.cycles:>12} "
                   f"{p.syscalls:>9} {p.faults:>7} {' '.join(p.argv)}")


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
SIG is a number or a name (9, KILL, SIGKILL).  For now every signal
takes the default action of terminating the process.""",
         complete=("pid", "signal"))
def cmd_kill(repl, args):
    need(args, 1, 2, "kill PID [SIG]")
    p = proc_arg(repl, args[0], alive=False)
    sig = parse_signal(args[1]) if len(args) > 1 else SIGTERM
    if p.state == SZOMB:
        raise CommandError(f"process {p.pid} has already exited")
    kill_process(repl.kernel, p, sig)
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
    write_file(repl.kernel, args[-1], image, 0o755)
    repl.print(f"{args[-1]}: {len(image)} bytes")
