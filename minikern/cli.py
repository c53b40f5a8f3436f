"""The `minikern` command.

    minikern                      boot the default machine and open the REPL
    minikern run PROGRAM [ARGS]   boot, run one program, exit with its status
    minikern cc [CC OPTIONS] FILE...  cc(1) for the guest (-c, -o, -D, -I, -l...)
    minikern ar [AR OPTIONS] ...  ar(1) for the guest's static libraries (and ranlib)
    minikern build                build the userland (also done when needed)
    minikern bench [WHAT]         measure the machine against bare Unicorn
    minikern fuzz [OPTIONS]       random system calls against the kernel
    minikern lab COMMAND          coursework: list, start, grade (minikern/lab/)
"""

import argparse
import errno
import os
import sys
from pathlib import Path

from . import build, cc
from .dev.cons import Console
from .machine import Machine, MachineConfigError, parse_size, DEFAULT_CORES
from .programs import ProgramError, find_program, guest_env
from .kern.kern_sig import SIGNAL_NAMES
from .kern.proc import status_to_shell
from .kern.subr_prf import KernelPanic, PANIC_EXIT_STATUS
from .bench import run_bench
from .bench.smp import plot_available
from .ddb.gdbstub import serve
from .ddb.db_timeline import CLASSES as TIMELINE_CLASSES, Timeline
from .fuzz import main as fuzz_main
from .sys.errno import Errno
from .sys.proc import PS_STOPPED
from .lab import commands as lab_commands
from .lab.tree import reexec_into_tree

DEADLOCK_EXIT_STATUS = 124     # the program can never finish (as timeout(1) says 124)
REBOOT_EXIT_STATUS = 123       # a guest ran reboot(2) to restart: run it again to re-boot

SMP_PNG = "minikern-smp.png"
PLOT_EXTRA = "pip install 'minikern[plot]'"



class UsageError(Exception):
    def __init__(self, message, exit_status=1):
        super().__init__(message)
        self.exit_status = exit_status


class Parser(argparse.ArgumentParser):
    """A mistake on the command line is one line, not the usage too."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def check_writable(path, command):
    """Fail now, with one line, if no file can be written at path: a
    long benchmark should not end in a traceback about its output."""
    path = Path(path)
    parent = path.parent
    if path.is_dir():
        error = errno.EISDIR
    elif not parent.exists():
        error = errno.ENOENT
    elif not parent.is_dir():
        error = errno.ENOTDIR
    elif not os.access(path if path.exists() else parent, os.W_OK):
        error = errno.EACCES
    else:
        return
    raise UsageError(f"{command}: cannot write {path}: {os.strerror(error)}", 2)


def _machine_options(parser):
    parser.add_argument("--cores", type=int, default=DEFAULT_CORES,
                        help="number of cores (1-8, default 2)")
    parser.add_argument("--mem", default="256M",
                        help="physical memory (default 256M)")
    parser.add_argument("--seed", type=int, default=0,
                        help="vary the interleaving reproducibly (default 0)")
    parser.add_argument("--giant", action="store_true",
                        help="every system call and fault takes the kernel "
                        "lock, as before s2k15")


def _realtime_option(parser):
    parser.add_argument("--realtime", action=argparse.BooleanOptionalAction,
                        help="when every process sleeps, wait for the wall clock "
                        "(sleep 3 takes 3 s) instead of jumping ahead (default: "
                        "on when standard input is a terminal and --seed is not given)")


def wall_clock(args, interactive):
    """Does virtual time wait for the wall clock?  A person at a terminal
    feels time pass; tests, pipes and --seed replays want the fast,
    deterministic jump to the next timeout."""
    if args.realtime is not None:
        return args.realtime
    return interactive and not args.seed


def _parser():
    parser = Parser(
        prog="minikern", description="An educational x86-64 machine with an "
        "OpenBSD-style kernel in Python.")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run a program on a fresh machine")
    _machine_options(run)
    _realtime_option(run)
    run.add_argument("--gdb", metavar="[HOST:]PORT",
                     help="stop at the first instruction and wait for gdb "
                     "on this localhost port (0: any free port)")
    run.add_argument("--pdb", action="store_true",
                     help="on a kernel panic, open pdb where the kernel failed "
                     "(the halted machine can be inspected)")
    _timeline_options(run, "FILE", "write the run as a trace for ui.perfetto.dev "
                      "or chrome://tracing (Trace Event Format JSON)")
    run.add_argument("-e", dest="env", action="append", default=[], metavar="VAR=VALUE",
                     help="set a variable of the program's environment (repeatable; "
                     "the host's own, TZ and LANG included, never passes through)")
    run.add_argument("program", help="guest path, bare name, host .c file "
                     "or guest executable")
    run.add_argument("args", nargs=argparse.REMAINDER).required = False    # none is fine
    # cc and ar take their own tools' options: main() hands them over as
    # they are; these entries are for --help.
    sub.add_parser("cc", help="compile and link C for the guest, as cc(1) "
                   "(default -O2 -g; -g0, -O0 ...)", add_help=False)
    sub.add_parser("ar", help="make static libraries for the guest, as ar(1)",
                   add_help=False)
    sub.add_parser("ranlib", help="index a static library, as ranlib(1)", add_help=False)
    sub.add_parser("build", help="build the userland now")
    bench = sub.add_parser("bench", help="measure speed against bare Unicorn")
    bench.add_argument("what", nargs="?", default="core",
                       help="core (default), vm, proc, smp")
    bench.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    bench.add_argument("--png", metavar="FILE",
                       help=f"bench smp: where to draw the speedup plot (default "
                       f"{SMP_PNG}; needs the plot extra: {PLOT_EXTRA})")
    bench.add_argument("--timeline", metavar="DIR",
                       help="bench smp: write each run's timeline (for Perfetto) in DIR")
    bench.add_argument("--repeat", type=int, default=5,
                       help="runs of each measurement (the best is kept)")
    fuzz = sub.add_parser("fuzz", help="random system calls against the kernel")
    _machine_options(fuzz)
    fuzz.add_argument("--procs", type=int, default=4,
                      help="fuzzing processes at once (default 4)")
    fuzz.add_argument("--calls", type=int, default=100_000,
                      help="system calls in all (default 100000)")
    lab_commands.add_parser(sub)
    repl = sub.add_parser("repl", help="open the REPL (the default)")
    _machine_options(repl)
    _realtime_option(repl)
    parser.subcommands = sub.choices        # name -> its parser
    return parser


def _timeline_options(parser, metavar, what):
    parser.add_argument("--timeline", metavar=metavar, help=what)
    parser.add_argument("--timeline-limit", metavar="N", type=int,
                        help="--timeline: keep at most N events (default 200000)")
    parser.add_argument("--timeline-pids", metavar="PID,...",
                        help="--timeline: only these processes and their children")
    parser.add_argument("--timeline-syscalls", metavar="NAME,...",
                        help="--timeline: only these system calls")
    parser.add_argument("--timeline-events", metavar="CLASS,...",
                        help=f"--timeline: only these ({','.join(TIMELINE_CLASSES)})")


def timeline_filters(args):
    """Timeline's keyword arguments from the --timeline-* options."""
    def names(text):
        return [n for n in text.split(",") if n] if text is not None else None
    if args.timeline_limit is not None and args.timeline_limit < 1:
        raise UsageError("--timeline-limit must be at least 1", 2)
    try:
        pids = [int(n) for n in names(args.timeline_pids)] if args.timeline_pids else None
    except ValueError:
        raise UsageError(f"--timeline-pids: not a list of pids: {args.timeline_pids}", 2) \
            from None
    classes = names(args.timeline_events)
    for name in classes or ():
        if name not in TIMELINE_CLASSES:
            raise UsageError(f"--timeline-events: unknown class {name!r} "
                             f"(known: {', '.join(TIMELINE_CLASSES)})", 2)
    return {"limit": args.timeline_limit, "pids": pids,
            "syscalls": names(args.timeline_syscalls), "classes": classes}


def _new_machine(args, rootfs, console, realtime):
    try:
        return Machine(cores=args.cores, memory=parse_size(args.mem), seed=args.seed,
                       rootfs=rootfs, console=console, giant=args.giant,
                       realtime=realtime, log=console.host_line)
    except MachineConfigError as e:
        raise UsageError(str(e)) from None


def cmd_run(args):
    if args.timeline:
        check_writable(args.timeline, "run")
    filters = timeline_filters(args)
    rootfs = build.ensure_userland()
    image, argv0 = find_program(args.program, rootfs)
    env = guest_env(args.env)
    interactive = sys.stdin.isatty()
    console = Console(interactive=interactive)
    machine = _new_machine(args, rootfs, console, wall_clock(args, interactive))
    timeline = Timeline(machine.kernel, **filters) if args.timeline else None
    try:
        with console.host_terminal_raw():
            p = machine.spawn(image, [argv0] + args.args, env)
            if args.gdb:
                _run_under_gdb(machine, p, args.gdb)
            else:
                machine.run(until=lambda: p.ps_xstat is not None)
    except KernelPanic as e:
        print(e, file=sys.stderr)       # one line; the traceback is in a file
        if args.pdb:                    # the terminal is itself again here
            import pdb              # only for --pdb, after a panic
            pdb.post_mortem((e.__cause__ or e).__traceback__)
        return PANIC_EXIT_STATUS
    finally:
        if timeline is not None:
            _write_timeline(timeline, args.timeline)
        machine.close()
    lost = machine.kernel.console.output_error
    if lost:
        print(f"minikern: run: cannot write the program's output: {lost.strerror}",
              file=sys.stderr)
    if machine.kernel.shutdown == "halt":
        return 1 if lost else 0
    if machine.kernel.shutdown == "reboot":
        return REBOOT_EXIT_STATUS
    if p.ps_xstat is None and p.ps_flags & PS_STOPPED:
        # Stopped, and no process is left to send it SIGCONT: say so (it
        # is no deadlock), with the status a shell gives a stopped job.
        print(f"minikern: run: pid {p.ps_pid} ({p.ps_comm}) stopped by "
              f"{SIGNAL_NAMES[p.ps_xsig]}, and nothing can continue it", file=sys.stderr)
        return 128 + p.ps_xsig
    if p.ps_xstat is None:
        # Nothing can run and nothing can come: every process sleeps, no
        # timeout is pending and the console's input has ended.
        wmesg = p.ps_threads[0].p_wmesg if p.ps_threads else ""
        wait = f' on "{wmesg}"' if wmesg else ""
        print(f"minikern: run: pid {p.ps_pid} ({p.ps_comm}) waits forever{wait}: "
              "nothing else can run or wake it (deadlock)", file=sys.stderr)
        return DEADLOCK_EXIT_STATUS
    return status_to_shell(p.ps_xstat) or (1 if lost else 0)   # as close_stdout() does


def _write_timeline(timeline, path):
    """Save what the timeline saw (a panic or a deadlock too: the file
    shows how the run got there); say so if it was cut at its limit."""
    timeline.close()
    timeline.write(path)
    if timeline.note():
        print(f"minikern: {timeline.note()} (--timeline-limit)", file=sys.stderr)


def _run_under_gdb(machine, p, address):
    try:
        serve(machine, p, address, machine.kernel.console.host_line,
              created=True)
    except (ValueError, OSError) as e:
        raise UsageError(f"--gdb: {e}") from None


def cmd_cc(argv):
    output = cc.parse(argv).output
    if output:
        check_writable(output, "cc")        # the compiler would make no folder either
    return cc.cc(argv)


def cmd_ar(argv):
    return cc.ar(argv)


def cmd_ranlib(argv):
    return cc.ranlib(argv)


def cmd_build(args):
    root = build.ensure_userland(progress=True)
    print(f"userland root: {root}")
    return 0


def cmd_bench(args):
    if args.json:
        check_writable(args.json, "bench")
    png = None
    if args.what == "smp":      # the only suite that plots
        if args.png and not plot_available():
            raise UsageError(f"bench: --png needs matplotlib: {PLOT_EXTRA}", 2)
        png = args.png or SMP_PNG
        if plot_available():
            check_writable(png, "bench")
        if args.timeline:
            check_writable(Path(args.timeline) / "smp-giant-1.json", "bench")
    elif args.timeline:
        raise UsageError("bench: --timeline is for bench smp", 2)
    return run_bench(args.what, args.json, args.repeat, png_path=png,
                     timeline_dir=args.timeline)


def cmd_fuzz(args):
    for option in ("procs", "calls"):
        if getattr(args, option) < 1:
            raise UsageError(f"fuzz: --{option} must be at least 1", 2)
    try:
        return fuzz_main(args, build.ensure_userland())
    except MachineConfigError as e:
        raise UsageError(str(e)) from None


def cmd_repl(args):
    # Loaded only here: the other commands start faster without the REPL
    # (no cycle: shell/ never imports this module).
    from shell.repl import main as repl_main
    args.realtime = wall_clock(args, sys.stdin.isatty())
    return repl_main(args)


def main(argv=None):
    parser = _parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    reexec_into_tree(argv)          # inside a lab tree: run the student's sources
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["repl"] + argv          # `minikern --cores 4`: the REPL
    if argv[0] in TOOLS:                # cc and ar: their own options
        return _run_handler(TOOLS[argv[0]], argv[1:])
    args, unknown = parser.parse_known_args(argv)
    if unknown:                     # said by the subcommand: its --help helps
        parser.subcommands.get(args.command, parser).error(
            f"unrecognized arguments: {' '.join(unknown)}")
    handlers = {"run": cmd_run, "build": cmd_build,
                "bench": cmd_bench, "fuzz": cmd_fuzz, "repl": cmd_repl,
                "lab": lab_commands.run}
    return _run_handler(handlers[args.command], args)


TOOLS = {"cc": cmd_cc, "ar": cmd_ar, "ranlib": cmd_ranlib}


def _run_handler(handler, args):
    """Run a command; a user's mistake is one line and a status."""
    try:
        return handler(args)
    except (ProgramError, build.BuildError, UsageError) as e:
        print(f"minikern: {e}", file=sys.stderr)
        return getattr(e, "exit_status", 1)
    except KeyboardInterrupt:
        return 130
    except Exception as e:                      # an exec format error, say
        if isinstance(e, Errno):
            name = getattr(args, "program", "")
            print(f"minikern: exec: {name}: {e}", file=sys.stderr)
            return 126
        raise


if __name__ == "__main__":
    sys.exit(main())
