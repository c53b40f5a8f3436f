"""exit: a process ends, by exit(2) or by a signal."""

from .errno import EJUSTRETURN
from .proc import SZOMB, wait_status_exited, wait_status_signaled


def sys_exit(p, rval):
    exit1(p, rval & 0xFF, 0)
    return EJUSTRETURN


def exit1(p, code, sig):
    """Turn p into a zombie.  Its address space is torn down once it is off
    its core (the MMU may still be walking its page tables until then)."""
    if p.state == SZOMB:
        return
    kernel = p.kernel
    p.xstat = wait_status_signaled(sig) if sig else wait_status_exited(code)
    if p.fd is not None:
        p.fd.close_all()
    p.state = SZOMB
    if p.core is not None:
        p.core.core.stop()
    else:
        kernel.reap_vmspace(p)
    kernel.proc_exited(p)
