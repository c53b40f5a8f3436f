"""The base layer, named after OpenBSD's sys/sys headers: what both the
machine-independent kernel (kern/, dev/, fs/) and the virtual memory
system (uvm/) need, with nothing above it imported: error numbers, the
clock and its cost model, locks, file flags and types, vnode types,
device numbers, resource limits.  Modules here import only each other
(and isa/ where the hardware is what they describe)."""
