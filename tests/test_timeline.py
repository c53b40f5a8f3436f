"""The timeline (minikern/ddb/db_timeline.py): the Trace Event Format file
it writes is well-formed (the fields each phase needs, every begin ended
on its track in order, times that never go back on a track, flow arrows
that pair up and start and end inside slices), the same seed gives the
same bytes, and the giant kernel's file shows the kernel-lock spins that
the s2k15 kernel's does not on the anonymous-memory path."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import boot
from minikern.cli import main
from minikern.ddb.db_timeline import CLASSES, Timeline, draw_strips
from minikern.programs import find_program
from minikern.sys.tracepoint import PROBES

PIPELINE = ["/bin/sh", "-c", "echo hi | cat | wc -c"]
PHASES = {"B", "E", "X", "i", "s", "f", "M"}


def record(rootfs, *argvs, seed=0, giant=False, **options):
    """Run the programs at once on a 2-core machine under a timeline;
    return the timeline (closed), the file and the file parsed."""
    machine, out, messages = boot(seed=seed, rootfs=rootfs, giant=giant)
    timeline = Timeline(machine.kernel, **options)
    try:
        procs = []
        for argv in argvs:
            image, argv0 = find_program(argv[0], rootfs)
            procs.append(machine.spawn(image, [argv0] + argv[1:]))
        machine.run(until=lambda: all(p.ps_xstat is not None for p in procs))
        assert all(p.ps_xstat == 0 for p in procs), out.decode(errors="replace")
    finally:
        timeline.close()
        machine.close()
    text = timeline.trace()
    return timeline, text, json.loads(text)


def check_trace(trace):
    """Assert the invariants of the Trace Event Format that a viewer relies
    on; return the slices as (track, name, begin event, end ts, parent's
    name or None)."""
    assert isinstance(trace["traceEvents"], list)
    stacks, last, slices = {}, {}, []
    flows, named_threads = {}, set()
    for event in trace["traceEvents"]:
        ph = event["ph"]
        assert ph in PHASES, event
        assert isinstance(event["name"], str) and isinstance(event["pid"], int), event
        if ph == "M":
            if event["name"] == "thread_name":
                named_threads.add((event["pid"], event["tid"]))
            assert "name" in event["args"] or "sort_index" in event["args"]
            continue
        track = (event["pid"], event["tid"])
        assert isinstance(event["cat"], str) and event["ts"] >= 0, event
        assert event["ts"] >= last.get(track, 0), f"time goes back on {track}: {event}"
        last[track] = event["ts"]
        stack = stacks.setdefault(track, [])
        if ph == "B":
            stack.append(event)
        elif ph == "E":
            assert stack, f"an end with no begin: {event}"
            begin = stack.pop()
            assert begin["name"] == event["name"], (begin, event)
            slices.append((track, begin["name"], begin, event["ts"],
                           stack[-1]["name"] if stack else None))
        elif ph == "X":
            assert event["dur"] >= 0, event
        elif ph == "i":
            assert event["s"] in ("t", "p", "g"), event
        else:
            # A flow event binds to the slice open on its track right then.
            assert stack, f"a flow event outside any slice: {event}"
            assert (event["id"], ph) not in flows, f"flow id used twice: {event}"
            flows[(event["id"], ph)] = event
            event["bound to"] = stack[-1]["cat"]    # the slice it binds to
            if ph == "f":
                assert event["bp"] == "e", event
    assert all(not stack for stack in stacks.values()), "slices never ended"
    assert set(last) <= named_threads, "a track without a name"
    for (flow_id, ph), event in flows.items():
        if ph == "s":
            end = flows.get((flow_id, "f"))
            assert end is not None, f"a flow that goes nowhere: {event}"
            assert end["ts"] >= event["ts"], (event, end)
        else:
            assert (flow_id, "s") in flows, f"a flow from nowhere: {event}"
    return slices


def spins_for_anonymous_memory(slices):
    """The kernel-lock spins on the way to anonymous memory: inside mmap or
    munmap, or (giant) before the hold in which a zero-fill fault ran."""
    by_track = {}
    for s in sorted(slices, key=lambda s: (s[0], s[2]["ts"])):
        by_track.setdefault(s[0], []).append(s)
    found = 0
    for track, spans in by_track.items():
        for i, (_, name, begin, end, parent) in enumerate(spans):
            if name != "spin kernel_lock":
                continue
            if parent in ("mmap", "munmap"):
                found += 1
            elif any(n == "fault: zero-fill" and b["ts"] >= end and p == "kernel_lock"
                     for _, n, b, _, p in spans[i + 1:i + 4]):
                found += 1
    return found


def test_the_file_is_well_formed_and_shows_what_happened(rootfs):
    timeline, text, trace = record(rootfs, PIPELINE)
    slices = check_trace(trace)
    names = {name for _, name, *_ in slices}
    assert {"sh 1", "cat 3", "switch", "pipe", "fork", "execve", "wait4"} <= names
    assert any(n.startswith("fault: ") for n in names) and "kernel_lock" in names
    events = trace["traceEvents"]
    calls = [e["args"]["call"] for e in events if e["ph"] == "B" and e["name"] == "execve"]
    assert 'execve("/bin/cat",' in " ".join(calls)          # ktrace's decoding
    returns = {e["args"]["return"] for e in events if e["ph"] == "E" and "args" in e}
    assert "wait4 (sleeps; restarts)" in returns and "execve (runs the new image)" in returns
    wait = next(e for e in events if e["ph"] == "B" and e["name"] == "wait4")
    assert wait["args"]["sleeps_on"] == "wait"
    faults = [e for e in events if e["ph"] == "B" and e["cat"] == "fault"]
    assert all(e["args"]["address"].startswith("0x") and e["args"]["kind"] for e in faults)
    instants = [(e["name"], e["args"]["pid"]) for e in events if e["ph"] == "i"]
    assert ("fork", 1) in instants and ("exec", 3) in instants and ("exit", 4) in instants
    # The woken process's next slice is where its wakeup's arrow ends.
    assert any(e["ph"] == "f" and e["cat"] == "wakeup" and e["bound to"] == "sched"
               for e in events)
    assert trace["otherData"]["events"] == timeline.count and "truncated" not in trace["otherData"]
    assert not any(timeline.kernel is getattr(lst, "__self__", None)
                   for probe in PROBES.values() for lst in probe.listeners)


def test_one_seed_gives_the_same_file_byte_for_byte(rootfs):
    first = record(rootfs, PIPELINE, seed=7)[1]
    assert record(rootfs, PIPELINE, seed=7)[1] == first
    assert record(rootfs, PIPELINE, seed=8)[1] != first     # the seed is in it


# Two programs that only map, touch and unmap anonymous memory.  (Two
# copies of one would not do: after one spin, the second runs exactly a
# hold behind the first, asking each time just as the first lets go.)
ANONYMOUS = (["/usr/bench/mmapunmap", "60"], ["/usr/bench/zerofill", "60"])


def test_giant_spins_on_the_kernel_lock_for_anonymous_memory_nolock_does_not(rootfs):
    _, _, giant = record(rootfs, *ANONYMOUS, giant=True)
    _, _, nolock = record(rootfs, *ANONYMOUS, giant=False)
    giant_slices, nolock_slices = check_trace(giant), check_trace(nolock)
    assert spins_for_anonymous_memory(giant_slices) > 10
    assert spins_for_anonymous_memory(nolock_slices) == 0
    # Each spin is an arrow from the hold that released the lock to the
    # hold the spinning core then took.
    arrows = [e for e in giant["traceEvents"] if e["ph"] in "sf" and e["cat"] == "lock"]
    assert len(arrows) >= 2 * spins_for_anonymous_memory(giant_slices)
    assert all(e["bound to"] == "lock" for e in arrows)


def test_the_limit_cuts_the_file_and_says_so(rootfs):
    timeline, _, trace = record(rootfs, PIPELINE, limit=40)
    check_trace(trace)
    kept = [e for e in trace["traceEvents"] if e["ph"] != "M"]
    assert 40 <= len(kept) <= 40 + 8        # begun slices still end
    assert timeline.dropped > 0 and "limit of 40 events" in trace["otherData"]["truncated"]
    assert "limit of 40 events was reached" in timeline.note()
    assert any(e["name"].startswith("timeline full") for e in kept)


def test_filters_keep_a_process_a_call_or_a_class(rootfs):
    _, _, trace = record(rootfs, PIPELINE, pids=[3], syscalls=["read", "write"],
                         classes=["sched", "syscall"])
    check_trace(trace)
    began = [e for e in trace["traceEvents"] if e["ph"] == "B"]
    assert {e["cat"] for e in began} == {"sched", "syscall"}
    assert {e["name"] for e in began if e["cat"] == "syscall"} == {"read", "write"}
    assert {e["args"]["pid"] for e in began if e["name"] != "switch" and e["cat"] == "sched"} \
        == {3}
    with pytest.raises(ValueError, match="unknown event class"):
        Timeline(boot()[0].kernel, classes=["faults"])
    assert set(CLASSES) == {"sched", "syscall", "fault", "lock", "wakeup", "proc"}


def test_strips_show_user_kernel_spinning_and_idle(rootfs):
    timeline, _, _ = record(rootfs, *ANONYMOUS, giant=True)
    lines = timeline.strips(width=40)
    assert [line[:5] for line in lines[:2]] == ["cpu0 ", "cpu1 "]
    assert all(len(line) == len("cpu0 |") + 40 + 1 for line in lines[:2])
    assert set("".join(line[6:-1] for line in lines[:2])) <= set("ukS.")
    assert "S spinning" in lines[-1]
    assert draw_strips([], 0) == ["(nothing ran)"]


def test_run_timeline_writes_the_file(rootfs, tmp_path, capsys):
    path = tmp_path / "run.json"
    assert main(["run", "--timeline", str(path), "--timeline-limit", "10",
                 "/bin/echo", "hi"]) == 0
    check_trace(json.loads(path.read_text()))
    assert "limit of 10 events was reached" in capsys.readouterr().err
    assert main(["run", "--timeline", str(path), "--timeline-events", "faults",
                 "/bin/true"]) == 2
    assert "unknown class 'faults'" in capsys.readouterr().err
    assert main(["bench", "core", "--timeline", str(tmp_path)]) == 2
    assert "--timeline is for bench smp" in capsys.readouterr().err
    assert main(["bench", "smp", "--timeline", str(tmp_path / "none")]) == 2
    assert f"cannot write {tmp_path}/none/smp-giant-1.json" in capsys.readouterr().err


def test_the_repl_records_saves_and_draws_a_timeline(rootfs, tmp_path):
    from test_repl import Session      # the REPL, driven in-process
    session = Session()
    try:
        path = tmp_path / "repl.json"
        out, err = session("timeline on", "run sh -c 'echo hi | cat'", "timeline off",
                           f"timeline save {path}", "timeline show 32")
        assert err == "" and f"events written to {path}" in out
        slices = check_trace(json.loads(path.read_text()))
        assert {"echo", "cat"} <= {name.split()[0] for _, name, *_ in slices}
        strip = [line for line in out.splitlines() if line.startswith("cpu")]
        assert len(strip) == 2 and all(len(line) == len("cpu0 ||") + 32 for line in strip)
        _, err = session("timeline on 2 fault read", "timeline on", "timeline bogus",
                         "timeline on nosuchcall", f"timeline save {tmp_path}/no/such")
        assert err.splitlines() == [
            "timeline: the timeline is on already ('timeline off' first)",
            "timeline: usage: " + "timeline on [PID|CLASS|SYSCALL...]|off|save FILE|show [WIDTH]",
            "timeline: no event class or system call 'nosuchcall' (classes: sched, syscall, "
            "fault, lock, wakeup, proc; see 'syscalls')",
            f"timeline: cannot write {tmp_path}/no/such: No such file or directory"]
    finally:
        session.repl.close()


def test_bench_smp_draws_strips_and_writes_a_timeline_per_run(tmp_path, capsys):
    from minikern.bench.smp import run_smp
    assert run_smp(core_counts=(1, 2), rounds=2, timeline_dir=tmp_path) == 0
    out = capsys.readouterr().out
    for variant in ("procs", "threads"):
        for config in ("nolock", "giant"):
            assert f"{variant}, {config}, 2 cores, over virtual time:" in out
            for n in (1, 2):
                path = tmp_path / f"smp-{variant}-{config}-{n}.json"
                assert f"timeline written to {path}" in out
                trace = json.loads(path.read_text())
                check_trace(trace)
                assert trace["otherData"]["giant"] == (config == "giant")
    strips = [line for line in out.splitlines() if line.startswith("cpu")]
    assert len(strips) == 8 and out.count("S spinning on a lock") == 1


def test_the_readme_timeline_examples_are_what_minikern_prints(rootfs, tmp_path):
    """Each `$ ` line of the README's timeline example, run by the shell
    (minikern being this tree's), prints the lines under it."""
    root = Path(__file__).resolve().parent.parent
    text = (root / "README.md").read_text()
    block = text[text.index("### The timeline"):].split("```\n")[1]
    env = dict(os.environ, PYTHONPATH=str(root))
    commands, expected = [], {}
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append(line[2:])
            expected[line[2:]] = []
        else:
            expected[commands[-1]].append(line)
    assert len(commands) >= 4
    for command in commands:
        line = command.replace("minikern ", f"{sys.executable} -m minikern ", 1)
        run = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert (run.stdout + run.stderr).splitlines() == expected[command], command
        assert run.returncode == 0, command
