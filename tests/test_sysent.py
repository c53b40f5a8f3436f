"""syscalls.master drives dispatch: every argument is decoded from its
register by its C type, and every handler must match its table line."""

import pytest

from minikern.arch.amd64.machdep import SIGCODE, SIGCODE_SYSCALL
from minikern.kern import init_sysent, kern_descrip, vfs_syscalls
from minikern.kern.syscalls import (SyscallTableError, parse_master, sint32,
                                    sint64, syscall_number, uint32, uint64)

from conftest import checks_passed


def test_converters_read_the_c_type_from_the_register():
    assert sint32(0xFFFF_FFFF) == -1
    assert sint32(0xDEAD_BEEF_0000_0005) == 5           # upper half ignored
    assert sint32(0x8000_0000) == -(1 << 31)
    assert uint32(0xFFFF_FFFF_0000_01A4) == 0o644
    assert sint64(0xFFFF_FFFF_FFFF_FFFE) == -2
    assert sint64(0x7FFF_FFFF_FFFF_FFFF) == (1 << 63) - 1
    assert uint64(0xFFFF_FFFF_FFFF_FFFF) == (1 << 64) - 1


def test_entries_decode_only_what_needs_it():
    table = {e.name: e for e in parse_master(
        "3\tSTD\t{ ssize_t sys_read(int fd, void *buf, size_t nbyte); }\n"
        "5\tSTD\t{ int sys_open(const char *path, int flags, mode_t mode); }\n"
        "10\tSTD\t{ int sys_unlink(const char *path); }\n"
        "198\tSTD\t{ off_t sys_lseek(int fd, off_t offset, int whence); }\n")}
    assert table["read"].decoders == (sint32, uint64, uint64)
    assert table["open"].decoders == (uint64, sint32, uint32)
    assert table["lseek"].decoders == (sint32, sint64, sint32)
    assert table["unlink"].decoders is None     # the register is the pointer


def test_the_real_table_dispatches_with_its_decoders():
    fn, nargs, nolock, decode = init_sysent.SYSENT[198]
    assert fn is vfs_syscalls.sys_lseek and nargs == 3 and not nolock
    assert decode == (sint32, sint64, sint32)
    assert init_sysent.SYSENT[20][3] is None        # getpid: nothing to decode


def test_an_unknown_c_type_is_a_table_error():
    with pytest.raises(SyscallTableError, match=r"x\.master:1: unknown argument type 'float'"):
        parse_master("6\tSTD\t{ int sys_close(float fd); }\n", "x.master")


def test_a_handler_that_does_not_match_its_line_stops_the_boot():
    wrong = parse_master(
        "90\tSTD\t{ int sys_dup2(int from, int to, int flags); }\n", "wrong.master")
    with pytest.raises(SyscallTableError) as caught:
        init_sysent.build_sysent(wrong, [kern_descrip])
    message = str(caught.value)
    assert "90 sys_dup2 is (from_, to, flags)" in message
    assert "kern_descrip.sys_dup2 takes (p, from_, to)" in message


def test_argument_names_are_checked_not_only_their_number():
    renamed = parse_master("6\tSTD\t{ int sys_close(int file); }\n")
    with pytest.raises(SyscallTableError, match=r"sys_close is \(file\)"):
        init_sysent.build_sysent(renamed, [kern_descrip])


def test_a_handler_must_exist():
    missing = parse_master("6\tSTD\t{ int sys_close(int fd); }\n")
    with pytest.raises(SyscallTableError, match="sys_close is STD but has no handler"):
        init_sysent.build_sysent(missing, [vfs_syscalls])


def test_a_matching_table_builds():
    table = parse_master("90\tSTD\t{ int sys_dup2(int from, int to); }\n"
                         "92\tUNIMPL\t{ int sys_fcntl(int fd, int cmd, void *arg); }\n")
    sysent = init_sysent.build_sysent(table, [kern_descrip])
    assert sysent[90][0] is kern_descrip.sys_dup2 and sysent[92] is None


def test_guest_arguments_are_decoded_by_their_c_type(run_guest):
    r = run_guest(["/usr/tests/argtest"])
    checks_passed(r.text)
    assert r.status == 0 and r.messages == []


def test_a_name_after_the_brace_is_the_libc_stub():
    exit_, read = parse_master(
        "1\tSTD\t\t{ void sys_exit(int rval); } _exit\n"
        "3\tSTD NOLOCK\t{ ssize_t sys_read(int fd, void *buf, size_t nbyte); }\n")
    assert (exit_.name, exit_.stub) == ("exit", "_exit")
    assert (read.name, read.stub) == ("read", "read")


def test_sigcode_calls_sigreturn_by_its_table_number():
    number = syscall_number("sigreturn")
    assert SIGCODE[SIGCODE_SYSCALL - 5:SIGCODE_SYSCALL] == b"\xb8" + number.to_bytes(4, "little")
    assert SIGCODE[SIGCODE_SYSCALL:SIGCODE_SYSCALL + 2] == b"\x0f\x05"      # syscall
