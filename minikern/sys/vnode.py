"""Vnode types (enum vtype of OpenBSD's sys/vnode.h): what kind of file a
vnode is.  The vnode itself is kern/vfs_vnode.py; the types live here so
that uvm/ can tell a regular file from a device without importing the
file system layer."""

VNON, VREG, VDIR, VBLK, VCHR, VLNK, VSOCK, VFIFO = range(8)
