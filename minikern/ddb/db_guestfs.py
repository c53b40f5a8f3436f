"""The guest's file system seen from a debugger (the REPL): look up, list, read and
write files through the kernel's VFS (namei, vnodes), the way a process
would, but without running guest code."""

import stat

from ..kern.kern_descrip import O_WRONLY, O_CREAT, O_TRUNC
from ..kern.vfs_lookup import namei
from ..kern.vfs_vnode import VDIR
from ..kern.vfs_vnops import vn_exec_check, vn_open, vn_read_all
from ..programs import GUEST_PATH
from ..sys.errno import Errno, ENOENT


class KernelContext:
    """What namei and vn_open need from a thread and its process: the
    REPL acts like OpenBSD's proc0, in the root directory, with umask 022
    (one object plays both: its p_p is itself)."""

    def __init__(self, kernel):
        self.kernel = kernel
        self.p_p = self
        self.ps_cwd = kernel.rootvnode
        self.ps_umask = 0o022


def lookup(kernel, path):
    """The vnode at guest path (Errno if there is none)."""
    return namei(KernelContext(kernel), path.encode())


def read_file(kernel, path):
    return vn_read_all(lookup(kernel, path))


def write_file(kernel, path, data, mode=0o644):
    """Create or replace the guest file at path with data."""
    ctx = KernelContext(kernel)
    fp = vn_open(ctx, path.encode(), O_WRONLY | O_CREAT | O_TRUNC, mode)
    try:
        fp.vnode.mode = mode & 0o7777      # also when it existed
        fp.write(ctx, data)
    finally:
        fp.close()


def list_dir(kernel, path):
    """(name, vnode) of the entries of the guest directory at path
    (without . and ..), or of the file itself."""
    vp = lookup(kernel, path)
    if vp.type != VDIR:
        return [(path.rsplit("/", 1)[-1], vp)]
    return [(name.decode(errors="replace"), child)
            for _, name, child in vp.readdir(0) if name not in (b".", b"..")]


def is_dir(kernel, path):
    try:
        return lookup(kernel, path).type == VDIR
    except Errno:
        return False


def find_guest_program(kernel, spec):
    """(guest path, bytes, the file's uvm_object) of the program spec names
    in the guest's file system (a path, or a name in a directory of
    GUEST_PATH), or None."""
    if spec.startswith("/"):
        candidates = [spec]
    elif "/" not in spec:
        candidates = [f"{d}/{spec}" for d in GUEST_PATH]
    else:
        return None
    for path in candidates:
        try:
            vp = lookup(kernel, path)
        except Errno as e:
            if e.errno == ENOENT:
                continue
            raise
        if vp.type != VDIR:
            vn_exec_check(vp)           # a regular file with an x bit
            return path, vn_read_all(vp), vp.uobj
    return None


def mode_string(vp):
    return stat.filemode(vp.st_mode)
