"""The command table: every REPL command, with its help text and what
its arguments complete to.  Command modules add to it with @command."""

from dataclasses import dataclass, field

from minikern.kern.errno import ERRNO_MESSAGES, ERRNO_NAMES


class CommandError(Exception):
    """A user mistake in a REPL command: printed as one red line."""


@dataclass
class Command:
    name: str
    usage: str          # "vm PID"
    summary: str        # one line for `help`
    details: str        # more for `help vm`
    fn: object          # fn(repl, args)
    section: str
    complete: tuple = field(default=())  # per argument: "pid", "prog", ...


COMMANDS = {}
SECTIONS = ["machine", "programs", "files", "memory", "cpu", "kernel", "repl"]


def command(section, usage, summary, details="", complete=()):
    """Register fn as the command named by the first word of usage."""
    def register(fn):
        name = usage.split()[0]
        COMMANDS[name] = Command(name, usage, summary, details.strip(), fn,
                                 section, tuple(complete))
        return fn
    return register


def need(args, low, high, usage):
    """Check the number of arguments."""
    if not low <= len(args) <= high:
        raise CommandError(f"usage: {usage}")


def parse_int(text, what="number"):
    """A number in decimal or 0x hex."""
    try:
        return int(text, 0)
    except ValueError:
        raise CommandError(f"bad {what} {text!r}") from None


def proc_arg(repl, text, alive=True):
    """The process whose pid is text."""
    pid = parse_int(text, "pid")
    p = repl.kernel.procs.get(pid)
    if p is None:
        raise CommandError(f"no process {pid}")
    if alive and p.vmspace is None:
        raise CommandError(f"process {pid} has exited")
    return p


def errno_text(e):
    """'No such file or directory (ENOENT)', or what the Errno says."""
    text = str(e)
    if text == ERRNO_NAMES.get(e.errno):
        return f"{ERRNO_MESSAGES[e.errno]} ({text})"
    return text
