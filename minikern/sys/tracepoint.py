"""Static tracepoints, in the manner of OpenBSD's dt(4) TRACEPOINT macros.

A tracepoint is a named place in the kernel (a page fault resolved, a
system call entered) where a debugger or a tracer can listen.  The kernel
code marks the place with two lines:

    if TP_UVM_FAULT.listeners:
        TP_UVM_FAULT.fire(kernel, vm, va, access, result)

With nobody listening, that costs one attribute load and one test of an
empty tuple: the hot paths (system calls, faults) may carry it.  Every
probe is declared below, one line each, with the names of its arguments
(the first is always the kernel: one host process may run several
machines, and a listener keeps to its own).  To add a probe, declare it
here and put the two lines where the event happens.

Listeners only look: they are called in the middle of the kernel's work,
on the core that fired, and must not change kernel state (or the same
seed would no longer give the same run).  The kernel only fires probes;
debuggers and tracers (minikern/ddb) attach to them.
"""


class Probe:
    """One tracepoint: provider:name and the listeners attached to it."""

    __slots__ = ("provider", "name", "args", "listeners")

    def __init__(self, provider, name, args):
        self.provider = provider
        self.name = name
        self.args = tuple(args.split())     # what fire() passes, in order
        self.listeners = ()                 # a tuple: firing never sees it change

    def __repr__(self):
        return f"<tracepoint {self.provider}:{self.name}({', '.join(self.args)})>"

    def fire(self, *args):
        for listener in self.listeners:
            listener(*args)

    def attach(self, listener):
        """Call listener(*args) each time the probe fires; return it
        (what detach takes)."""
        self.listeners += (listener,)
        return listener

    def detach(self, listener):
        """Stop calling listener (attached once; gone if it was not)."""
        found = list(self.listeners)
        if listener in found:
            found.remove(listener)
        self.listeners = tuple(found)


PROBES = {}     # "provider:name" -> Probe


def tracepoint(provider, name, args):
    probe = PROBES[f"{provider}:{name}"] = Probe(provider, name, args)
    return probe


# The probes (dt's dt_prov_static.c).  result of uvm:fault: how the fault
# was resolved (uvm_fault.py's ZERO_FILL, COW, ...), or the name of the
# signal it became.  rv of syscall:return: what the handler returned (>= 0),
# or ERESTART or EJUSTRETURN (an error is then in the registers).  p is a
# thread (struct proc); parent, child and pr are processes (struct process).
TP_UVM_FAULT = tracepoint("uvm", "fault", "kernel vm va access result")
TP_SYSCALL_ENTRY = tracepoint("syscall", "entry", "kernel p code")
TP_SYSCALL_RETURN = tracepoint("syscall", "return", "kernel p code rv")
TP_PROC_FORK = tracepoint("proc", "fork", "kernel parent child")
TP_PROC_EXEC = tracepoint("proc", "exec", "kernel pr")
TP_PROC_EXIT = tracepoint("proc", "exit", "kernel pr")

# Time, for a timeline (minikern/ddb/db_timeline.py).  A core's present is
# ci.now() in the listener, except where an argument says when: on-cpu and
# off-cpu at ci.clock (the slice's start and end), a lock's hold from
# `since` after `spin` cycles of spinning, a wakeup at `at`.  uvm:fault-entry
# opens the fault that uvm:fault (or, refused, the signal it became) ends;
# uvm:fault-ahead says that fault also maps its resident neighbours.
TP_SCHED_ON_CPU = tracepoint("sched", "on-cpu", "kernel ci p")
TP_SCHED_OFF_CPU = tracepoint("sched", "off-cpu", "kernel ci p")
TP_SCHED_SLEEP = tracepoint("sched", "sleep", "kernel p")
TP_SCHED_WAKEUP = tracepoint("sched", "wakeup", "kernel p at")
TP_LOCK_ACQUIRE = tracepoint("lock", "acquire", "kernel ci lock since spin")
TP_LOCK_RELEASE = tracepoint("lock", "release", "kernel ci lock")
TP_UVM_FAULT_ENTRY = tracepoint("uvm", "fault-entry", "kernel vm va access")
TP_UVM_FAULT_AHEAD = tracepoint("uvm", "fault-ahead", "kernel vm va")
