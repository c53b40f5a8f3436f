"""The recent page faults of the processes a debugger watches (the REPL's
`faults`), recorded by listening to the uvm:fault tracepoint: uvm_fault,
trap and fork know nothing about it.

A watched process's children (proc:fork) are watched too, and an exec
keeps the history (it is the process's, not its address space's).  The
histories of the last few processes to exit (proc:exit) are kept after
them."""

from collections import deque

from ..sys.tracepoint import TP_UVM_FAULT, TP_PROC_FORK, TP_PROC_EXIT

FAULT_HISTORY = 64      # faults kept per process
KEPT_EXITED = 8         # exited processes whose histories are kept


class FaultHistory:
    def __init__(self, kernel):
        self.kernel = kernel
        self.logs = {}          # pid -> (Proc, deque of (va, access, result))
        self.exited = []        # pids of watched processes that exited, oldest first
        self.probes = [(TP_UVM_FAULT, self._on_fault), (TP_PROC_FORK, self._on_fork),
                       (TP_PROC_EXIT, self._on_exit)]
        for probe, listener in self.probes:
            probe.attach(listener)

    def close(self):
        """Stop listening (the machine is switched off)."""
        for probe, listener in self.probes:
            probe.detach(listener)

    def watch(self, p):
        """Record p's faults from now on (and its children's)."""
        self.logs[p.ps_pid] = (p, deque(maxlen=FAULT_HISTORY))

    def histories(self):
        """{pid: (Proc, [(va, access, result), ...])}, oldest fault first."""
        return {pid: (p, list(log)) for pid, (p, log) in self.logs.items()}

    def _watched(self, kernel, p):
        return (kernel is self.kernel and p.ps_pid in self.logs
                and self.logs[p.ps_pid][0] is p)

    def _on_fault(self, kernel, vm, va, access, result):
        if kernel is not self.kernel:
            return
        for p, log in self.logs.values():
            if p.ps_vmspace is vm:
                log.append((va, access, result))
                return

    def _on_fork(self, kernel, parent, child):
        if self._watched(kernel, parent):
            self.watch(child)

    def _on_exit(self, kernel, p):
        if not self._watched(kernel, p):
            return
        self.exited.append(p.ps_pid)
        while len(self.exited) > KEPT_EXITED:
            self.logs.pop(self.exited.pop(0), None)
