"""Kernel commands: trace (ktrace/kdump), timeline, syscalls, lockstat,
witness."""

from minikern.ddb.db_interface import (PS_ZOMBIE, TIMELINE_CLASSES, Timeline, Tracer,
                                       lock_stats, map_lock_stats, reset_lock_stats, syscall_names,
                                       syscall_stats, syscall_table)

from .table import CommandError, command, parse_count, proc_arg

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
        proc_arg(repl, pid).ps_traced = tracer
        return
    repl.tracer = tracer
    repl.trace_all = True
    for p in repl.kernel.procs.values():
        if not p.ps_flags & PS_ZOMBIE:
            p.ps_traced = tracer


def _emit(repl, line):
    repl.print(f"{CYAN}{line}{RESET}" if repl.out.isatty() else line)


def _trace_off(repl, args):
    if args:
        proc_arg(repl, args[0]).ps_traced = None
        return
    repl.trace_all = False
    for p in repl.kernel.procs.values():
        p.ps_traced = None


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


TIMELINE_USAGE = "timeline on [PID|CLASS|SYSCALL...]|off|save FILE|show [WIDTH]"


@command("kernel", TIMELINE_USAGE, "record the run for Perfetto; draw the cores over time",
         f"""
'timeline on' records what the cores do from now on: which process runs,
its system calls, page faults, lock holds and spins, wakeups, fork, exec
and exit.  Numbers keep to those processes (and their children), class
names to those classes ({', '.join(TIMELINE_CLASSES)}), system call
names to those calls.  'timeline off' stops recording (what was recorded
stays); 'timeline save FILE' writes it as a Trace Event Format file to
open at ui.perfetto.dev or chrome://tracing; 'timeline show' draws each
core over the recorded time, one character per slice of time.""",
         complete=("timeline",))
def cmd_timeline(repl, args):
    what = args[0] if args else None
    if what == "on":
        _timeline_on(repl, args[1:])
    elif what == "off" and len(args) == 1:
        _recorded(repl).close()
    elif what == "save" and len(args) == 2:
        _timeline_save(repl, args[1])
    elif what == "show" and len(args) <= 2:
        timeline = _recorded(repl)
        width = parse_count(args[1], "width") if len(args) == 2 else 64
        for line in timeline.strips(width):
            repl.print(line)
        _timeline_note(repl, timeline)
    else:
        raise CommandError(f"usage: {TIMELINE_USAGE}")


def _timeline_on(repl, args):
    pids = [int(a) for a in args if a.isdigit()]
    classes = [a for a in args if a in TIMELINE_CLASSES]
    calls = [a for a in args if not a.isdigit() and a not in TIMELINE_CLASSES]
    unknown = [name for name in calls if name not in syscall_names()]
    if unknown:
        raise CommandError(f"no event class or system call {unknown[0]!r} "
                           f"(classes: {', '.join(TIMELINE_CLASSES)}; see 'syscalls')")
    if repl.timeline is not None and repl.timeline.probes:
        raise CommandError("the timeline is on already ('timeline off' first)")
    if calls and classes and "syscall" not in classes:
        classes.append("syscall")
    repl.timeline = Timeline(repl.kernel, pids=pids or None, syscalls=calls or None,
                             classes=classes or None)


def _recorded(repl):
    if repl.timeline is None:
        raise CommandError("no timeline recorded ('timeline on' starts one)")
    return repl.timeline


def _timeline_save(repl, path):
    timeline = _recorded(repl)
    try:
        timeline.write(path)
    except OSError as e:
        raise CommandError(f"cannot write {path}: {e.strerror}") from None
    repl.print(f"timeline: {timeline.count} events written to {path}")
    _timeline_note(repl, timeline)


def _timeline_note(repl, timeline):
    if timeline.note():
        repl.error(timeline.note())


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
hold.  Then the map lock (vmmaplk) of each process whose threads contend
for it, and per system call: calls, cycles in the kernel and cycles spent
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
    maps = map_lock_stats(repl.kernel)
    if maps:
        repl.print("")
        repl.heading(f"{'VMMAPLK OF':<22}{'ACQUIRED':>10}{'CONTENDED':>11}"
                     f"{'SPIN':>12}{'HELD':>12}{'LONGEST':>10}")
        for pid, comm, s in maps:
            repl.print(f"{f'{pid} {comm}':<22.22}{s.acquisitions:>10}{s.contended:>11}"
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
