"""The minikern REPL: a prompt on a booted machine.

On a terminal it uses prompt-toolkit (history, completion); with piped
standard input it reads one command per line, so sessions can be scripted
and tested.  A bad command prints one line and the REPL goes on.
"""

import shlex
import sys
from pathlib import Path

from minikern import build
from minikern.cli import DEFAULT_ENV
from minikern.kern.errno import Errno
from minikern.kern.proc import status_to_shell
from minikern.machine import Machine, MachineConfigError, parse_size
from minikern.programs import ProgramError, find_program

PROMPT = "minikern> "


class CommandError(Exception):
    """A user mistake in a REPL command: printed as one line."""


class Repl:
    def __init__(self, cores=2, memory="256M", seed=0, out=None, err=None):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.rootfs = build.ensure_userland()
        self.machine = None
        self.boot_args = (cores, memory, seed)
        self.boot(cores, memory, seed)
        self.commands = {
            "help": (self.cmd_help, "help [CMD]: list the commands, or explain one"),
            "run": (self.cmd_run, "run PROG [ARGS...]: run a program in the foreground"),
            "ps": (self.cmd_ps, "ps: the processes of this machine"),
            "quit": (self.cmd_quit, "quit: leave the REPL"),
        }
        self.done = False

    # -- machine ---------------------------------------------------------

    def boot(self, cores, memory, seed):
        try:
            machine = Machine(cores=cores, memory=parse_size(memory), seed=seed,
                              log=self._kernel_message)
        except MachineConfigError as e:
            raise CommandError(str(e)) from None
        if self.machine is not None:
            self.machine.close()
        self.machine = machine
        self.print(f"booted: {cores} cores, {memory} memory, seed {seed}")

    def _kernel_message(self, message):
        self.error(message)

    # -- output ------------------------------------------------------------

    def print(self, text):
        self.out.write(text + "\n")
        self.out.flush()

    def error(self, text):
        colour = self.err.isatty()
        self.err.write(f"\033[31m{text}\033[0m\n" if colour else text + "\n")
        self.err.flush()

    # -- commands ----------------------------------------------------------

    def execute(self, line):
        try:
            words = shlex.split(line)
        except ValueError as e:
            self.error(f"error: {e}")
            return
        if not words:
            return
        name, args = words[0], words[1:]
        entry = self.commands.get(name)
        if entry is None:
            self.error(f"unknown command {name!r} (try 'help')")
            return
        try:
            entry[0](args)
        except (CommandError, ProgramError, build.BuildError) as e:
            self.error(f"{name}: {e}")
        except Errno as e:
            self.error(f"{name}: {e}")

    def cmd_help(self, args):
        if args:
            entry = self.commands.get(args[0])
            if entry is None:
                raise CommandError(f"no command {args[0]!r}")
            self.print(entry[1])
            return
        for name in sorted(self.commands):
            self.print("  " + self.commands[name][1])

    def cmd_run(self, args):
        if not args:
            raise CommandError("usage: run PROG [ARGS...]")
        image, argv0 = find_program(args[0], self.rootfs)
        p = self.machine.spawn(image, [argv0] + args[1:], DEFAULT_ENV)
        self.machine.run(until=lambda: p.xstat is not None)
        status = status_to_shell(p.xstat)
        self.machine.kernel.reap(p)
        if status:
            self.print(f"[exit status {status}]")

    def cmd_ps(self, args):
        self.print(f"{'PID':>5} {'STATE':<10} {'CYCLES':>12} COMMAND")
        for p in sorted(self.machine.kernel.procs.values(), key=lambda p: p.pid):
            self.print(f"{p.pid:>5} {p.state:<10} {p.cycles:>12} {' '.join(p.argv)}")

    def cmd_quit(self, args):
        self.done = True

    # -- the loop ------------------------------------------------------------

    def loop_plain(self, stream):
        for line in stream:
            self.execute(line.strip())
            if self.done:
                break

    def loop_terminal(self):
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory
        history = Path.home() / ".minikern_history"
        session = PromptSession(history=FileHistory(str(history)))
        while not self.done:
            try:
                line = session.prompt(PROMPT)
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            self.execute(line)

    def close(self):
        if self.machine is not None:
            self.machine.close()


def main(args):
    try:
        repl = Repl(args.cores, args.mem, args.seed)
    except CommandError as e:
        print(f"minikern: {e}", file=sys.stderr)
        return 1
    try:
        if sys.stdin.isatty():
            repl.loop_terminal()
        else:
            repl.loop_plain(sys.stdin)
    finally:
        repl.close()
    return 0
