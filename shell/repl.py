"""The minikern REPL: a prompt on a booted machine.

On a terminal it uses prompt-toolkit (history in ~/.minikern_history,
completion of commands, programs, pids and syscall names, colour); with
piped standard input it reads one command per line and prints plain
text, so sessions can be scripted and tested.

Nothing typed kills the REPL: a bad command prints one red line (and,
with piped input, makes the exit status 1 at the end), a guest
crash prints the kernel's one-line message, and a Python exception from
the kernel (a kernel bug) is a panic (minikern/kern/subr_prf.py): one
`panic: ...` line, the traceback in a file; the halted machine can still
be inspected (ps, vm, regs ...) but not run: `reboot` boots a new one.

The commands live in the cmd_*.py modules beside this one, each
registered in shell.table.COMMANDS with its help text.
"""

import os
import shlex
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from minikern import build
from minikern.ddb.db_interface import (PS_ZOMBIE, SIGSTOP, SIGTSTP, Console, Debugger, Errno,
                                       FaultHistory, KernelPanic, MachineHalted,
                                       pgrp_members, prsignal, stop_discarded)
from minikern.machine import Machine, MachineConfigError, parse_size
from minikern.programs import ProgramError

from .symbols import place
from .table import COMMANDS, CommandError, errno_text
from . import (cmd_machine, cmd_procs, cmd_memory, cmd_cpu, cmd_kernel,  # noqa: F401
               cmd_files, cmd_repl, cmd_gdb)

PROMPT = "minikern> "
HISTORY = Path.home() / ".minikern_history"
RED, BOLD, RESET = "\033[31m", "\033[1m", "\033[0m"


class GuestInterrupt(KeyboardInterrupt):
    """SIGINT to minikern itself while the machine waited for the host to
    type something (a KeyboardInterrupt: it comes from the host, it is no
    kernel panic)."""


class ReplConsole(Console):
    """The console of a machine run by the REPL.  On a terminal it is the
    REPL's own: while a command runs the machine, the host terminal is
    raw and the guest's line discipline does the editing, echo and
    signals, as under `minikern run`.  Piped, the guest reads end of file
    (the REPL's input is its script)."""

    def __init__(self, output, interactive, on_interrupt):
        super().__init__(output=output, input_bytes=None if interactive else b"",
                         interactive=interactive)
        self.on_interrupt = on_interrupt
        self.blocked = False        # in a host read, waiting for input

    def wait_for_input(self, kernel, seconds=None):
        self.blocked = True
        try:
            return super().wait_for_input(kernel, seconds)
        finally:
            self.blocked = False

    def modes(self):
        """The terminal's modes (struct termios), to be put back later."""
        return self.ldisc.termios.pack()

    def set_modes(self, modes):
        self.ldisc.termios.unpack(modes)

    def foreground_alive(self):
        """Does a live process own the terminal (is in its foreground
        process group)?"""
        return self.kernel is not None and any(
            p.ps_pgid == self.pgrp and not p.ps_flags & PS_ZOMBIE
            for p in self.kernel.procs.values())

    def _signal_pgrp(self, sig):
        """^C, ^\\ or ^Z typed: the foreground process group's signal,
        as on any terminal; with no foreground job (`continue`, `wait`)
        it stops the machine instead."""
        if not self.foreground_alive():
            self.on_interrupt()
        elif sig == SIGTSTP:
            self._suspend()
        else:
            super()._signal_pgrp(sig)

    def _suspend(self):
        """^Z.  A program the REPL started has no guest parent, so its
        group is orphaned and the kernel rightly ignores SIGTSTP there
        (no shell could continue it).  The REPL is that shell ('fg'
        continues it): it stops such a process with SIGSTOP.  One that
        catches or ignores SIGTSTP (a shell, an editor) gets SIGTSTP."""
        for p in pgrp_members(self.kernel, self.pgrp):
            prsignal(p, SIGSTOP if stop_discarded(p, SIGTSTP) else SIGTSTP)


class Repl:
    def __init__(self, cores=2, memory="256M", seed=0, out=None, err=None,
                 interactive=False, giant=False, realtime=False):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.interactive = interactive     # guest input from the terminal
        self.realtime = realtime    # an idle machine waits for the wall clock
        self.colour = self.err.isatty()
        self.rootfs = build.ensure_userland()
        self.machine = None
        self.done = False
        self.failed = False         # a command has failed (the exit status says so)
        self.line_open = False      # the guest's output so far ends mid-line
        self.boot(cores, memory, seed, giant)

    # -- the machine -------------------------------------------------------

    def boot(self, cores, memory, seed, giant=False):
        """Boot a new machine (the old one, if any, is switched off).
        giant: every system call takes the kernel lock."""
        try:
            size = parse_size(memory)
            console = ReplConsole(self.guest_output, self.interactive, self.interrupt)
            machine = Machine(cores=cores, memory=size, seed=seed, witness=True,
                              console=console, log=self.error, rootfs=self.rootfs,
                              giant=giant, realtime=self.realtime)
        except MachineConfigError as e:
            raise CommandError(str(e)) from None
        self.close()
        self.machine = machine
        self.config = (cores, memory, seed, giant)
        self.jobs = {}              # pid -> Proc started by run or spawn
        self.tracer = None          # the kern_ktrace.Tracer of `trace on`
        self.trace_all = False      # trace every new job too
        self.faults = FaultHistory(machine.kernel)     # for `faults`
        self.timeline = None        # the Timeline of `timeline on`
        self.debugger = Debugger(machine)
        self.interrupted = False
        lock = ", giant lock" if giant else ""
        self.print(f"booted: {cores} cores, {memory} memory, seed {seed}{lock}")

    @property
    def kernel(self):
        return self.machine.kernel

    def run_machine(self, done=lambda: False):
        """Run the machine until done() is true, nothing can run, a
        breakpoint is hit or ^C is typed.  Returns "interrupt", "break"
        or "done"."""
        self.interrupted = False
        debugger = self.debugger
        debugger.before_run()

        def stop():
            return self.interrupted or debugger.hit is not None or done()

        try:
            with self._catch_sigint(), self.kernel.console.host_terminal_raw():
                self.machine.run(until=stop)
        except GuestInterrupt:
            pass
        if self.interrupted:
            return "interrupt"
        if debugger.hit is not None:
            p, va = debugger.hit
            pr = p.p_p
            thread = f" thread {p.p_tid}" if len(pr.ps_threads) > 1 else ""
            self.print(f"breakpoint: pid {pr.ps_pid}{thread} ({pr.ps_comm}) "
                       f"at {va:#x}{place(pr, va)}")
            return "break"
        return "done"

    def interrupt(self):
        """Stop the machine (between time slices): ^C typed with no
        foreground job, or SIGINT to minikern."""
        self.interrupted = True

    @contextmanager
    def _catch_sigint(self):
        """While the machine runs, SIGINT to minikern (^C on the terminal
        of a piped REPL, or kill -INT) stops the machine, not the REPL.
        (On its own terminal, the REPL's ^C is a key for the guest.)"""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def on_sigint(signum, frame):
            self.interrupt()
            if self.kernel.console.blocked:     # nothing is on a core
                raise GuestInterrupt()

        old = signal.signal(signal.SIGINT, on_sigint)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, old)

    # -- output --------------------------------------------------------------

    def _line(self, text):
        """text as a line of its own: after a guest's unfinished line it
        starts on the next; on a raw host terminal it ends with \\r\\n."""
        raw = self.machine is not None and self.kernel.console.host_raw
        newline = "\r\n" if raw else "\n"
        start = newline if self.line_open else ""
        self.line_open = False
        return start + text + newline

    def print(self, text=""):
        self.out.write(self._line(text))
        self.out.flush()

    def guest_output(self, data):
        """What the guest writes to its console, as it comes."""
        if data:
            self.line_open = not data.endswith(b"\n")
        self.out.flush()
        buffer = getattr(self.out, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            self.out.write(data.decode(errors="replace"))

    def error(self, text):
        """One red line (plain text when not on a terminal)."""
        self.out.flush()
        self.err.write(self._line(f"{RED}{text}{RESET}" if self.colour else text))
        self.err.flush()

    def heading(self, text):
        self.print(f"{BOLD}{text}{RESET}" if self.colour and self.out.isatty()
                   else text)

    # -- commands --------------------------------------------------------------

    def execute(self, line):
        """Run one command line; never raises."""
        failure = self._execute(line)
        if failure is not None:
            self.failed = True
            self.error(failure)
        if self.line_open:          # the prompt starts a line of its own
            self.out.write("\n")
            self.out.flush()
            self.line_open = False

    def _execute(self, line):
        """Run one command line; return the line saying why it failed, or None."""
        try:
            words = shlex.split(line, comments=True)
        except ValueError as e:
            return f"error: {e}"
        if not words:
            return None
        name, args = words[0], words[1:]
        cmd = COMMANDS.get(name)
        if cmd is None:
            return f"unknown command {name!r} (try 'help')"
        try:
            cmd.fn(self, args)
        except (CommandError, ProgramError, build.BuildError) as e:
            return f"{name}: {e}"
        except Errno as e:
            return f"{name}: {errno_text(e)}"
        except KernelPanic as e:    # the machine halted; it can be inspected
            return str(e)
        except MachineHalted as e:
            return f"{name}: {e}"
        except KeyboardInterrupt:
            return "^C"
        except BrokenPipeError:     # nobody reads the REPL: it ends (main)
            raise
        except Exception as e:      # a bug outside the kernel: say so, keep going
            return (f"internal error: {type(e).__name__}: {e} "
                    "(the machine may be inconsistent: try 'reboot')")
        return None

    # -- the loops ----------------------------------------------------------

    def loop_plain(self, stream):
        for line in stream:
            self.execute(line.strip())
            if self.done:
                break

    def loop_terminal(self):
        # Only a terminal needs prompt_toolkit (slow to import): piped
        # sessions and the tests start without it.
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory
        from .complete import ReplCompleter
        session = PromptSession(history=FileHistory(str(HISTORY)),
                                completer=ReplCompleter(self),
                                complete_while_typing=False)
        while not self.done:
            try:
                line = session.prompt(PROMPT)
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            self.execute(line)

    def close(self):
        """Switch the machine off (and stop listening to it)."""
        if self.machine is not None:
            self.faults.close()
            if self.timeline is not None:
                self.timeline.close()
            self.machine.close()
            self.machine = None


def main(args):
    interactive = sys.stdin.isatty()
    try:
        repl = Repl(args.cores, args.mem, args.seed, interactive=interactive,
                    giant=args.giant, realtime=getattr(args, "realtime", False))
    except CommandError as e:
        print(f"minikern: {e}", file=sys.stderr)
        return 1
    try:
        if interactive:
            repl.loop_terminal()
        else:
            repl.loop_plain(sys.stdin)
            if repl.failed:         # a script learns that something went wrong
                return 1
    except BrokenPipeError:         # `minikern < script | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())   # Python's flush at exit, too
        os.close(devnull)
        return 1
    finally:
        repl.close()
    return 0
