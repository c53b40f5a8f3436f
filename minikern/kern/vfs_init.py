"""Mounting the root file system at boot (OpenBSD's vfs_mountroot).

The root is a tmpfs filled from the built userland tree on the host, if
the machine has one, with /dev holding the console, null and zero device
nodes (OpenBSD's MAKEDEV makes them on disk; here the kernel does).
"""

from ..dev.conf import DEV_NODES
from ..fs.hostroot import load_host_tree
from ..fs.tmpfs_vnops import Tmpfs
from ..sys.errno import Errno, ENOENT
from ..sys.clock import cycles_to_ns


def vfs_mountroot(kernel, hostroot=None):
    """The root file system (a Tmpfs); its root vnode is .root."""
    mount = Tmpfs(kernel.pages, clock=lambda: realtime_ns(kernel))
    if hostroot is not None:
        load_host_tree(mount.root, hostroot)
    _make_dev_nodes(mount.root)
    return mount


def _make_dev_nodes(root):
    try:
        dev = root.lookup(b"dev")
    except Errno as e:
        if e.errno != ENOENT:
            raise
        dev = root.mkdir(b"dev", 0o755)
    for name, (rdev, mode) in DEV_NODES.items():
        if name not in dev.entries:
            dev.mknod(name, mode, rdev)


def realtime_ns(kernel):
    """Now, for file times: the virtual clock of the core running the
    kernel (cores take turns on one host thread, so at most one is in
    the middle of a slice), plus the boot time."""
    running = [ci for ci in kernel.sched.cpus if ci.curproc is not None]
    cycles = running[0].now() if running else kernel.sched.now()
    return kernel.boottime_ns + cycles_to_ns(cycles)
