"""The system call dispatch table, built from syscalls.master.

Every STD entry must have a handler named sys_<name> in one of the kernel
modules listed here, taking p and then the arguments of its table line,
by the same names (a name that is a Python keyword, like dup2's `from`,
ends in an underscore: `from_`).  The table is checked when it is built,
at boot: a handler that does not match its line stops the kernel before
any program runs, rather than reading the wrong register later.

Each slot of SYSENT, indexed by system call number, is
(handler, nargs, nolock, decode): decode is None when every argument's
register is its value as it is (pointers, size_t), or else a tuple of one
converter per argument (syscalls.ARG_TYPES) that the syscall entry
(arch/amd64/frame.py) applies, once, so the handler gets its arguments with their C types.
"""

import inspect
import keyword

from ..dev import rnd
from ..uvm import uvm_mmap
from . import (kern_descrip, kern_exec, kern_exit, kern_fork, kern_prot,
               kern_resource, kern_sig, kern_synch, kern_sysctl, kern_time,
               sys_futex, sys_generic, sys_pipe, vfs_syscalls, kern_xxx)
from .syscalls import SyscallTableError, syscall_table

_MODULES = [kern_descrip, kern_exec, kern_exit, kern_fork, kern_prot, kern_resource,
            kern_sig, kern_synch, kern_sysctl, kern_time, sys_futex, sys_generic, sys_pipe,
            vfs_syscalls, kern_xxx, rnd, uvm_mmap]


def _handler(name, modules):
    for module in modules:
        fn = getattr(module, "sys_" + name, None)
        if fn is not None:
            return fn
    raise SyscallTableError(f"syscalls.master: sys_{name} is STD but has no handler")


def parameter_name(arg_name):
    """The handler's name for a table argument (`from` -> `from_`)."""
    return arg_name + "_" if keyword.iskeyword(arg_name) else arg_name


def check_handler(entry, fn):
    """Raise SyscallTableError unless fn takes (p, <the entry's arguments>)."""
    params = list(inspect.signature(fn).parameters.values())
    plain = all(param.kind == param.POSITIONAL_OR_KEYWORD and
                param.default is param.empty for param in params)
    want = ["p"] + [parameter_name(arg.name) for arg in entry.args]
    if not plain or [param.name for param in params] != want:
        raise SyscallTableError(
            f"syscalls.master: {entry.number} sys_{entry.name} is "
            f"({', '.join(want[1:])}) but {fn.__module__}.{fn.__name__} takes "
            f"{inspect.signature(fn)}")


def build_sysent(table=None, modules=_MODULES):
    """The dispatch table for a parsed syscalls.master (this kernel's by
    default), every handler checked against its line."""
    table = syscall_table() if table is None else table
    sysent = [None] * (max(e.number for e in table) + 1)
    for e in table:
        if e.implemented:
            fn = _handler(e.name, modules)
            check_handler(e, fn)
            sysent[e.number] = (fn, e.nargs, e.nolock, e.decoders)
    return sysent


SYSENT = build_sysent()
NSYSENT = len(SYSENT)
