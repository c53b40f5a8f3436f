"""File commands: ls, cat, put, get, on the guest's file system.

The root file system is a tmpfs filled from the built userland tree when
the machine boots; what is changed lives in guest memory only, so a
`reboot` brings back the tree as built."""

import os
import time
from contextlib import contextmanager
from pathlib import Path

from minikern.ddb.db_interface import (VDIR, Errno, is_dir, list_dir, mode_string,
                                       read_file, write_file)

from .table import CommandError, command, errno_text, need


@contextmanager
def guest_errors(path):
    """Say which guest path an error is about."""
    try:
        yield
    except Errno as e:
        raise CommandError(f"{path}: {errno_text(e)}") from None


@command("files", "ls [PATH]", "list a guest directory (default /)",
         "Like ls -l: mode, links, size in bytes, modification time, name.",
         complete=("guestpath",))
def cmd_ls(repl, args):
    need(args, 0, 1, "ls [PATH]")
    path = args[0] if args else "/"
    with guest_errors(path):
        entries = sorted(list_dir(repl.kernel, path))
    for name, vp in entries:
        when = time.strftime("%b %d %H:%M", time.gmtime(vp.mtime / 1e9))
        suffix = "/" if vp.type == VDIR else ""
        repl.print(f"{mode_string(vp)} {vp.nlink:>2} {vp.size:>8} {when} {name}{suffix}")


def is_binary(data):
    """Bytes a terminal would garble on: a NUL, or not UTF-8 text."""
    if b"\0" in data:
        return True
    try:
        data.decode()
    except UnicodeDecodeError:
        return True
    return False


@command("files", "cat PATH", "show a guest file",
         "A binary file is not shown ('get' copies it to the host).",
         complete=("guestpath",))
def cmd_cat(repl, args):
    need(args, 1, 1, "cat PATH")
    with guest_errors(args[0]):
        data = read_file(repl.kernel, args[0])
    if is_binary(data):
        raise CommandError(f"{args[0]}: binary file, {len(data)} bytes, not shown "
                           "('get' copies it to the host)")
    repl.guest_output(data if data.endswith(b"\n") or not data else data + b"\n")


def guest_target(repl, hostfile, guestpath):
    """A guest path naming a directory means the same name in it."""
    if guestpath.endswith("/") or is_dir(repl.kernel, guestpath):
        return guestpath.rstrip("/") + "/" + os.path.basename(hostfile)
    return guestpath


@command("files", "put HOSTFILE GUESTPATH", "copy a host file into the guest",
         "The guest file keeps the host file's permission bits.",
         complete=("hostfile", "guestpath"))
def cmd_put(repl, args):
    need(args, 2, 2, "put HOSTFILE GUESTPATH")
    try:
        data = Path(args[0]).read_bytes()
        mode = os.stat(args[0]).st_mode & 0o777
    except OSError as e:
        raise CommandError(f"{args[0]}: {e.strerror}") from None
    target = guest_target(repl, args[0], args[1])
    with guest_errors(target):
        write_file(repl.kernel, target, data, mode)
    repl.print(f"{target}: {len(data)} bytes")


@command("files", "get GUESTPATH HOSTFILE", "copy a guest file to the host",
         complete=("guestpath", "hostfile"))
def cmd_get(repl, args):
    need(args, 2, 2, "get GUESTPATH HOSTFILE")
    with guest_errors(args[0]):
        data = read_file(repl.kernel, args[0])
    try:
        Path(args[1]).write_bytes(data)
    except OSError as e:
        raise CommandError(f"{args[1]}: {e.strerror}") from None
    repl.print(f"{args[1]}: {len(data)} bytes")
