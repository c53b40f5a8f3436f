"""Read syscalls.master: the one table that drives the kernel's dispatch
(which handler, and how each argument is decoded from its register), the
userland's <sys/syscall.h> and libc's stubs, and the syscall tracer.

OpenBSD runs makesyscalls.sh over sys/kern/syscalls.master at build time;
here the same file is parsed when the kernel starts (and by the userland
build), so there is nothing generated to keep in step by hand.
"""

import operator
import re
from dataclasses import dataclass
from pathlib import Path

MASTER = Path(__file__).with_name("syscalls.master")

_LINE = re.compile(
    r"^(?P<num>\d+)\s+(?P<type>STD|UNIMPL)(?P<nolock>\s+NOLOCK)?\s+"
    r"\{\s*(?P<proto>[^}]*?)\s*;\s*\}(?:\s+(?P<stub>\w+))?\s*$")
_PROTO = re.compile(r"^(?P<ret>.*?)\bsys_(?P<name>\w+)\s*\((?P<args>.*)\)$")


# -- argument decoding --------------------------------------------------------
#
# A register holds 64 bits, but a C argument may be narrower: the caller of
# close(int fd) leaves whatever it likes in the upper half of %rdi.  OpenBSD's
# generated `struct sys_close_args` gives each argument its C type and the
# handler reads it with SCARG(); here each C type names a converter that
# turns the register into the Python int the handler sees.

def sint32(value):
    """A signed 32-bit argument: the low half of the register, signed."""
    return ((value + 0x8000_0000) & 0xFFFF_FFFF) - 0x8000_0000


def uint32(value):
    """An unsigned 32-bit argument: the low half of the register."""
    return value & 0xFFFF_FFFF


def sint64(value):
    """A signed 64-bit argument: the whole register, signed."""
    return value - (1 << 64) if value >> 63 else value


# An unsigned 64-bit argument (a pointer, a size_t) is the register as it
# is.  operator.index returns an int unchanged and, being a builtin, is the
# cheapest function that does.
uint64 = operator.index

# The C types a prototype may use, as OpenBSD/amd64 defines them, and how a
# register becomes each one (any pointer is a uint64).
ARG_TYPES = {
    "int": sint32, "pid_t": sint32, "clockid_t": sint32, "id_t": sint32,
    "u_int": uint32, "mode_t": uint32, "uid_t": uint32, "gid_t": uint32,
    "sigset_t": uint32, "socklen_t": uint32,
    "long": sint64, "off_t": sint64, "ssize_t": sint64, "time_t": sint64,
    "u_long": uint64, "size_t": uint64,
}


@dataclass(frozen=True)
class SyscallArg:
    ctype: str      # "const char *", "int", "size_t", ...
    name: str

    @property
    def decoder(self):
        """The converter from register to argument."""
        if self.ctype.endswith("*"):
            return uint64           # an address
        return ARG_TYPES[self.ctype]


@dataclass(frozen=True)
class SyscallEntry:
    number: int
    name: str           # "read", without the sys_ prefix
    implemented: bool   # STD (True) or UNIMPL (False)
    nolock: bool        # runs without the kernel lock
    rettype: str
    args: tuple         # of SyscallArg
    stub: str           # libc's name for the raw call: "read", "_exit"

    @property
    def nargs(self):
        return len(self.args)

    @property
    def decoders(self):
        """One converter per argument; None when every argument is its
        register as it is, so dispatch can pass the registers straight on."""
        decoders = tuple(arg.decoder for arg in self.args)
        return None if all(d is uint64 for d in decoders) else decoders


class SyscallTableError(ValueError):
    pass


def _parse_arg(text, where):
    text = text.strip()
    m = re.match(r"^(?P<type>.*?[\s*])(?P<name>\w+)$", text)
    if not m:
        raise SyscallTableError(f"{where}: cannot read argument {text!r}")
    arg = SyscallArg(" ".join(m["type"].split()), m["name"])
    if not arg.ctype.endswith("*") and arg.ctype not in ARG_TYPES:
        raise SyscallTableError(f"{where}: unknown argument type {arg.ctype!r} "
                                f"(syscalls.py's ARG_TYPES lists the known ones)")
    return arg


def parse_master(text, source="syscalls.master"):
    """Return the table as a list of SyscallEntry, sorted by number."""
    entries = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        where = f"{source}:{lineno}"
        m = _LINE.match(line)
        if not m:
            raise SyscallTableError(f"{where}: malformed line {line!r}")
        proto = _PROTO.match(m["proto"])
        if not proto:
            raise SyscallTableError(f"{where}: malformed prototype {m['proto']!r}")
        argtext = proto["args"].strip()
        args = () if argtext in ("", "void") else tuple(
            _parse_arg(a, where) for a in argtext.split(","))
        if len(args) > 6:
            raise SyscallTableError(f"{where}: more than six arguments")
        number = int(m["num"])
        if number in entries:
            raise SyscallTableError(f"{where}: number {number} used twice")
        entries[number] = SyscallEntry(
            number=number, name=proto["name"], implemented=m["type"] == "STD",
            nolock=bool(m["nolock"]), rettype=" ".join(proto["ret"].split()),
            args=args, stub=m["stub"] or proto["name"])
    return [entries[n] for n in sorted(entries)]


_cached = None


def syscall_table():
    """The parsed table of this kernel (read once)."""
    global _cached
    if _cached is None:
        _cached = parse_master(MASTER.read_text(), str(MASTER))
    return _cached


def syscall_number(name):
    """SYS_<name>: the number of an implemented call of this kernel."""
    return next(e.number for e in syscall_table() if e.implemented and e.name == name)


def syscall_header(table=None):
    """The text of userland's <sys/syscall.h>."""
    table = syscall_table() if table is None else table
    lines = ["/* Generated from minikern/kern/syscalls.master; do not edit. */",
             "#ifndef _SYS_SYSCALL_H_", "#define _SYS_SYSCALL_H_", ""]
    for e in table:
        if e.implemented:
            lines.append(f"#define SYS_{e.name}\t{e.number}")
    lines += ["", "#endif", ""]
    return "\n".join(lines)


# -- argument kinds, for the system call fuzzer (userland/tests/fuzz.c) --------
#
# The fuzzer needs to know what each argument *is* to choose valid, boundary
# and hostile values for it.  The kind follows from the C type and the name
# in the prototype, so a call added to syscalls.master is fuzzed as it is.

ARG_KINDS = ["INT", "FLAGS", "LEN", "OFF", "FD", "PID", "SIG",
             "PATH", "BUF", "ADDR", "ARGV"]
FD_NAMES = {"fd", "fd1", "fd2", "from", "to", "fromfd", "tofd"}
PATH_NAMES = {"path", "path1", "path2", "link", "from", "to"}
PID_NAMES = {"pid", "pgid"}
FLAG_NAMES = {"flags", "prot", "mode", "how", "options", "amode", "behav", "cmd",
              "com", "whence", "newmask", "mask", "clock_id", "flag"}


def arg_kind(arg):
    """The fuzzer's kind of one SyscallArg (one of ARG_KINDS)."""
    ctype = arg.ctype.replace(" ", "")
    if ctype.endswith("**") or ctype.endswith("*const*"):
        return "ARGV"
    if ctype.endswith("*"):
        if ctype in ("char*", "constchar*") and arg.name in PATH_NAMES:
            return "PATH"
        return "ADDR" if arg.name == "addr" else "BUF"
    if ctype in ("pid_t",) or arg.name in PID_NAMES:
        return "PID"
    if arg.name == "signum":
        return "SIG"
    if ctype in ("int", "u_int") and arg.name in FD_NAMES:
        return "FD"
    if ctype == "off_t":
        return "OFF"
    if arg.name in FLAG_NAMES:
        return "FLAGS"
    if ctype in ("size_t", "ssize_t", "u_int"):
        return "LEN"
    return "INT"


def syscall_args_header(table=None):
    """The text of userland's <sys/syscall_args.h>: every implemented call
    with the kind of each argument, for the fuzzer."""
    table = syscall_table() if table is None else table
    lines = ["/* Generated from minikern/kern/syscalls.master; do not edit. */",
             "#ifndef _SYS_SYSCALL_ARGS_H_", "#define _SYS_SYSCALL_ARGS_H_", "",
             "enum sysarg_kind {"]
    lines += [f"\tSYSARG_{kind}," for kind in ARG_KINDS]
    lines += ["\tSYSARG_NKINDS", "};", "",
              "struct sysarg_desc {",
              "\tint number;", "\tconst char *name;", "\tint nargs;",
              "\tunsigned char kind[6];", "};", "",
              "static const struct sysarg_desc sysarg_table[] = {"]
    for e in table:
        if e.implemented:
            kinds = ", ".join(f"SYSARG_{arg_kind(a)}" for a in e.args) or "0"
            lines.append(f'\t{{ {e.number}, "{e.name}", {e.nargs}, {{ {kinds} }} }},')
    lines += ["};", "",
              "#define SYSARG_COUNT (sizeof sysarg_table / sizeof sysarg_table[0])",
              "", "#endif", ""]
    return "\n".join(lines)
