"""The command table: every REPL command, with its help text and what
its arguments complete to.  Command modules add to it with @command."""

from dataclasses import dataclass, field

from minikern.ddb.db_interface import ERRNO_MESSAGES, ERRNO_NAMES, VM_MAXUSER_ADDRESS, find_proc

CANONICAL_LOW_END = 1 << 47     # x86-64: bits 63-47 of an address are all equal


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


def parse_count(text, what="count"):
    """A number of things, at least 1."""
    n = parse_int(text, what)
    if n < 1:
        raise CommandError(f"bad {what} {text!r}: must be at least 1")
    return n


def user_address(va, n=1):
    """Check that the n bytes at va are in user space (what x, pte and
    disas can show); return va."""
    if not 0 <= va < 1 << 64:
        raise CommandError(f"{va:#x}: not a 64-bit address")
    if CANONICAL_LOW_END <= va < (1 << 64) - CANONICAL_LOW_END:
        raise CommandError(f"{va:#x}: non-canonical address (bits 63-47 differ)")
    if va >= VM_MAXUSER_ADDRESS:
        raise CommandError(f"{va:#x}: outside user space "
                           f"(0 to {VM_MAXUSER_ADDRESS:#x})")
    if va + n > VM_MAXUSER_ADDRESS:
        raise CommandError(f"{va:#x}, {n} bytes: past the end of user space "
                           f"({VM_MAXUSER_ADDRESS:#x})")
    return va


def proc_arg(repl, text, alive=True):
    """The process whose pid is text."""
    pid = parse_int(text, "pid")
    p = find_proc(repl.kernel, pid)
    if p is None:
        raise CommandError(f"no process {pid}")
    if alive and p.ps_vmspace is None:
        raise CommandError(f"process {pid} has exited")
    return p


def errno_text(e):
    """'No such file or directory (ENOENT)', or what the Errno says."""
    text = str(e)
    if text == ERRNO_NAMES.get(e.errno):
        return f"{ERRNO_MESSAGES[e.errno]} ({text})"
    return text
