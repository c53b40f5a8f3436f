"""Symbols and source lines for the REPL's commands: where a location
typed by the user is (an address, `main`, `main+0x10`, `&counter`,
`file.c:12`), and what an address is called."""

import os

from minikern import build
from minikern.ddb.db_interface import proc_symtab

from .table import CommandError, parse_int, user_address


def location(p, text):
    """(address, the Symbol it names or None) of a location in p."""
    text = text.lstrip("&")
    if text[:1].isdigit() or text.startswith("-"):
        return user_address(parse_int(text, "address")), None
    symtab = proc_symtab(p)
    if symtab is None:
        raise CommandError(f"process {p.ps_pid} has no symbols")
    if ":" in text:
        filename, _, line = text.rpartition(":")
        number = parse_int(line, "line")
        if number < 1:
            raise CommandError(f"bad line {line!r}: lines count from 1")
        found = symtab.line_address(filename, number)
        if found is None:
            raise CommandError(f"no code at {text}")
        return found[0], None
    name, plus, offset = text.partition("+")
    sym = symtab.lookup(name)
    if sym is None:
        raise CommandError(f"no symbol {name!r}")
    return user_address(sym.value + (parse_int(offset, "offset") if plus else 0)), sym


def symbolic(p, addr):
    """'main+0x1c' or '' (nothing known there)."""
    symtab = proc_symtab(p)
    return symtab.describe(addr) if symtab is not None else ""


def source_line(p, addr):
    """(path, line) of the code at addr, or None."""
    symtab = proc_symtab(p)
    return symtab.line_at(addr) if symtab is not None else None


def place(p, addr):
    """' <main+0x1c> (crash.c:9)', or less when less is known."""
    name = symbolic(p, addr)
    text = f" <{name}>" if name else ""
    line = source_line(p, addr)
    if line is not None:
        text += f" ({os.path.basename(line[0])}:{line[1]})"
    return text


GUEST_SOURCES = "/usr/src/"     # the userland's name in its debug info


def source_file(path):
    """The lines of a source file named in debug info, read on the host
    (/usr/src/... is the userland folder); raises OSError."""
    if path.startswith(GUEST_SOURCES):
        path = str(build.USERLAND / path[len(GUEST_SOURCES):])
    with open(path, errors="replace") as f:
        return f.read().splitlines()


def source_text(path, line):
    """The text of one source line, or '' if the file cannot be read."""
    try:
        lines = source_file(path)
    except OSError:
        return ""
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""
