"""The system call dispatch table, built from syscalls.master.

Every STD entry must have a handler named sys_<name> in one of the kernel
modules listed here; the table is indexed by system call number.
"""

from ..dev import rnd
from ..uvm import uvm_mmap
from . import (kern_descrip, kern_exec, kern_exit, kern_fork, kern_prot,
               kern_resource, kern_sig, kern_synch, kern_sysctl, kern_time,
               sys_generic, sys_pipe, vfs_syscalls, kern_xxx)
from .syscalls import syscall_table

_MODULES = [kern_descrip, kern_exec, kern_exit, kern_fork, kern_prot, kern_resource,
            kern_sig, kern_synch, kern_sysctl, kern_time, sys_generic, sys_pipe,
            vfs_syscalls, kern_xxx, rnd, uvm_mmap]


def _handler(name):
    for module in _MODULES:
        fn = getattr(module, "sys_" + name, None)
        if fn is not None:
            return fn
    raise RuntimeError(f"syscalls.master: sys_{name} is STD but has no handler")


def build_sysent():
    table = syscall_table()
    sysent = [None] * (max(e.number for e in table) + 1)
    for e in table:
        if e.implemented:
            sysent[e.number] = (_handler(e.name), e.nargs, e.nolock)
    return sysent


SYSENT = build_sysent()
NSYSENT = len(SYSENT)
