"""ktrace: trace a process's system calls, one kdump-style line each for
the call and its return:

     3 hello    CALL  write(1,0x7f7fffffdf40,13)
     3 hello    RET   write 13
     3 hello    CALL  open("/etc/motd",0x0,0)
     3 hello    RET   open -1 errno 2 ENOENT

The arguments are decoded from the prototypes in syscalls.master: a
`char *` is shown as the string it points to (read from guest memory
without faulting anything in), an int fd in decimal, flags and other
bit masks in hex, pointers in hex.

A traced process has p.p_p.ps_traced set to a Tracer; the syscall entry
(arch/amd64/trap.py) checks that one attribute and, if it is set, hands
the call to ktrace_syscall() here.
An untraced system call pays for nothing else.
"""

from isa.x86 import PAGE_MASK, PAGE_SIZE

from ..arch.amd64.frame import syscall_args, syscall_number, syscall_result
from ..ddb.db_access import resident_physical
from ..sys.errno import ERRNO_NAMES
from ..sys.proc import SZOMB
from .syscalls import ARG_TYPES, syscall_table
from ..ddb.db_sym import proc_symtab

STRING_LIMIT = 64       # bytes of a string argument shown
HEX_NAMES = {"flags", "prot", "options", "how", "op", "cmd", "request"}
OCTAL_NAMES = {"mode"}


class Tracer:
    """Where trace lines go, and which calls to show (None: all)."""

    def __init__(self, emit, names=None):
        self.emit = emit            # called with each line (a str)
        self.names = set(names) if names else None
        self.inside = False         # a traced call is running

    def __bool__(self):
        """False while a traced call runs: the syscall entry, called again to
        do the call itself, must not trace it a second time.  (fork
        copies p.p_p.ps_traced, so the child is traced too.)"""
        return not self.inside

    def wants(self, name):
        return self.names is None or name in self.names

    def call(self, p, entry, code, args):
        """A traced call is about to run with these argument values."""
        self.emit(_prefix(p) + "CALL  " + format_call(p, entry, code, args))

    def ret(self, p, core, entry, name):
        """It has returned (core's registers hold the result)."""
        self.emit(_prefix(p) + "RET   " + format_return(p, core, entry, name))


ENTRIES = {e.number: e for e in syscall_table()}


def ktrace_syscall(core, p, syscall):
    """Run one system call of traced process p through syscall(core),
    emitting the CALL line before and the RET line after."""
    tracer = p.p_p.ps_traced
    code = syscall_number(core)
    entry = ENTRIES.get(code)
    name = entry.name if entry else f"#{code}"
    shown = tracer.wants(name)
    if shown:
        tracer.call(p, entry, code, syscall_args(core))
    tracer.inside = True
    try:
        syscall(core)
    finally:
        tracer.inside = False
    if shown and p.p_stat != SZOMB:      # exit(2) does not return
        tracer.ret(p, core, entry, name)


def _prefix(p):
    return f"{thread_name(p):>6} {p.p_p.ps_comm:<8} "


def thread_name(p):
    """How a trace line names thread p: its pid, and its thread id after
    a slash while its process has several threads (kdump -H's pid/tid)."""
    pr = p.p_p
    return f"{pr.ps_pid}/{p.p_tid}" if len(pr.ps_threads) > 1 else str(pr.ps_pid)


def format_call(p, entry, code, args):
    """'write(1,0x7f7fffffdf40,13)' for the registers' argument values."""
    if entry is None:
        return f"#{code}(" + ",".join(hex(a) for a in args[:6]) + ")"
    shown = [format_arg(p, arg.ctype, arg.name, value)
             for arg, value in zip(entry.args, args)]
    return f"{entry.name}({','.join(shown)})"


def format_arg(p, ctype, name, value):
    """One argument, as its C type says to show it."""
    if "*" in ctype:
        if ctype.replace(" ", "") in ("char*", "constchar*"):
            text = peek_string(p, value)
            if text is not None:
                return text
        return hex(value) + _symbol_of(p, value)
    decoder = ARG_TYPES.get(ctype)
    if decoder is not None:
        value = decoder(value)      # as the handler sees it (an int fd -1)
    if name in HEX_NAMES:
        return hex(value)
    if name in OCTAL_NAMES:
        return f"0{value:o}"
    return str(value)


def _symbol_of(p, va):
    """' <buf+0x10>' when va is inside one of the program's named objects."""
    symtab = proc_symtab(p.p_p) if p is not None else None
    name = symtab.describe(va) if symtab is not None else ""
    return f" <{name}>" if name else ""


def format_return(p, core, entry, name):
    """'write 13', 'open -1 errno 2 ENOENT', or what happened instead."""
    return format_result(entry, name, *call_result(p, core))


def call_result(p, core):
    """(value, failed, restarts) of the call that has just returned."""
    value, failed = syscall_result(core)
    return value, failed, p.p_md.syscall_restarts()


def format_result(entry, name, value, failed, restarts):
    if restarts:
        return f"{name} (sleeps; restarts)"
    if failed:
        return f"{name} -1 errno {value} {ERRNO_NAMES.get(value, '?')}"
    if entry is not None and "*" in entry.rettype:
        return f"{name} {value:#x}"
    return f"{name} {_signed(value, 64)}"


def _signed(value, bits):
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def peek_string(p, va, limit=STRING_LIMIT):
    """The string at user address va, quoted (cut at limit bytes), or
    None if its first page is not mapped.  Nothing is faulted in (ddb's
    peek, db_access.resident_physical)."""
    out = bytearray()
    while len(out) < limit:
        pa = resident_physical(p.p_p.ps_vmspace, va)
        if pa is None:
            if not out:
                return None
            break
        chunk = min(PAGE_SIZE - (va & PAGE_MASK), limit - len(out))
        piece = bytes(p.p_p.ps_vmspace.pmap.phys.mem[pa:pa + chunk])
        nul = piece.find(b"\0")
        if nul >= 0:
            return quote(bytes(out) + piece[:nul])
        out += piece
        va += chunk
    return quote(bytes(out)) + "..."


def quote(data):
    """data as a C string literal, with escapes for what is not printable."""
    escapes = {0x0A: "\\n", 0x09: "\\t", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
    chars = []
    for b in data:
        if b in escapes:
            chars.append(escapes[b])
        elif 0x20 <= b < 0x7F:
            chars.append(chr(b))
        else:
            chars.append(f"\\x{b:02x}")
    return '"' + "".join(chars) + '"'

