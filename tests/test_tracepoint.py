"""Static tracepoints (minikern/sys/tracepoint.py): what each probe
reports on a real run, that a listener sees only what it attached to, and
that nothing stays attached."""

from conftest import boot
from minikern.programs import find_program
from minikern.sys.tracepoint import (PROBES, TP_UVM_FAULT, TP_SYSCALL_ENTRY,
                                     TP_SYSCALL_RETURN, TP_PROC_FORK, TP_PROC_EXEC,
                                     TP_PROC_EXIT, Probe)
from minikern.kern.syscalls import syscall_table

SYSCALL_NUMBERS = {e.name: e.number for e in syscall_table()}


def test_a_probe_calls_its_listeners_until_detached():
    probe = Probe("test", "probe", "kernel x")
    seen = []
    probe.fire(None, 1)                     # nobody listens: nothing happens
    first = probe.attach(lambda kernel, x: seen.append(("first", x)))
    second = probe.attach(lambda kernel, x: seen.append(("second", x)))
    probe.fire(None, 2)
    probe.detach(first)
    probe.fire(None, 3)
    probe.detach(second)
    probe.detach(second)                    # detached already: no error
    probe.fire(None, 4)
    assert seen == [("first", 2), ("second", 2), ("second", 3)]
    assert probe.listeners == ()
    assert repr(probe) == "<tracepoint test:probe(kernel, x)>"


def record(probes):
    """Attach a recorder to each probe; return (events, detach)."""
    events = []
    listeners = []
    for probe in probes:
        def listener(*args, name=f"{probe.provider}:{probe.name}"):
            events.append((name,) + args)
        probe.attach(listener)
        listeners.append((probe, listener))

    def detach():
        for probe, listener in listeners:
            probe.detach(listener)
    return events, detach


def run(rootfs, argv, probes):
    machine, out, _ = boot(rootfs=rootfs)
    events, detach = record(probes)
    try:
        image, argv0 = find_program(argv[0], rootfs)
        status = machine.run_image(image, [argv0] + argv[1:])
    finally:
        detach()
        machine.close()
    return machine.kernel, status, bytes(out), events


def test_fault_probe_reports_how_each_fault_ended(rootfs):
    kernel, status, _, events = run(rootfs, ["crash", "s"], [TP_UVM_FAULT])
    assert status & 0x7F == 11                          # SIGSEGV
    assert all(e[1] is kernel for e in events)
    results = [(va, result) for _, _, _, va, _, result in events]
    assert results[-1] == (0x10, "SIGSEGV")             # the null-ish pointer
    assert {"remap", "zero-fill"} <= {r for _, r in results}
    assert all(va & 0xFFF == 0 for va, r in results[:-1])   # resolved: the page


def test_process_and_syscall_probes_follow_fork_exec_exit(rootfs):
    probes = [TP_PROC_FORK, TP_PROC_EXEC, TP_PROC_EXIT, TP_SYSCALL_ENTRY, TP_SYSCALL_RETURN]
    kernel, status, out, events = run(rootfs, ["sh", "-c", "echo hi | cat"], probes)
    assert status == 0 and out == b"hi\n"
    forks = [(e[2].ps_pid, e[3].ps_pid) for e in events if e[0] == "proc:fork"]
    execs = [e[2].ps_comm for e in events if e[0] == "proc:exec"]
    exits = [e[2].ps_pid for e in events if e[0] == "proc:exit"]
    assert len(forks) == 2 and all(parent == 1 for parent, _ in forks)
    assert execs == ["sh", "echo", "cat"]
    assert sorted(exits) == [1] + [child for _, child in forks]
    # Every entry has its return, in order, per process (exit(2) too).
    open_calls = {}
    for e in events:
        if e[0] == "syscall:entry":
            assert e[2].p_tid not in open_calls
            open_calls[e[2].p_tid] = e[3]
        elif e[0] == "syscall:return":
            assert open_calls.pop(e[2].p_tid) == e[3]
    assert not open_calls
    called = {e[3] for e in events if e[0] == "syscall:entry"}
    assert {SYSCALL_NUMBERS[n] for n in ("fork", "execve", "wait4", "exit")} <= called


def test_nothing_listens_after_the_runs():
    """The hot paths pay one test of an empty tuple: no listener is left."""
    assert {name: p.listeners for name, p in PROBES.items() if p.listeners} == {}


def test_fault_history_follows_children_through_exec_and_keeps_the_exited(rootfs):
    """The REPL's `faults` (ddb's FaultHistory): a watched process's
    children are watched, an exec keeps the history, exited processes'
    histories stay (the last few); an unwatched process has none."""
    from minikern.ddb.db_faults import FaultHistory, KEPT_EXITED
    from minikern.sys.proc import PS_ZOMBIE
    machine, out, _ = boot(rootfs=rootfs)
    history = FaultHistory(machine.kernel)
    try:
        image, argv0 = find_program("sh", rootfs)
        p = machine.spawn(image, [argv0, "-c", "echo hi | cat"])
        history.watch(p)
        unwatched = machine.spawn(image, [argv0, "-c", "true"])
        machine.run(until=lambda: p.ps_xstat is not None and unwatched.ps_xstat is not None)
        logs = history.histories()
        assert sorted(logs) == [1, 3, 4] and p.ps_flags & PS_ZOMBIE and unwatched.ps_pid == 2
        assert [logs[pid][0].ps_comm for pid in (1, 3, 4)] == ["sh", "echo", "cat"]
        for pid, (proc, faults) in logs.items():
            assert faults, pid
            assert all(result in ("zero-fill", "cow", "object", "promote", "remap", "hole")
                       for _, _, result in faults)
        assert KEPT_EXITED >= 3
    finally:
        history.close()
        machine.close()
    assert not any(probe.listeners for probe in PROBES.values())
