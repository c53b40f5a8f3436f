"""Process identity (OpenBSD's kern_prot.c)."""


def sys_getpid(p):
    return p.pid
