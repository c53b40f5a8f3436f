"""A timeline of a run in the Trace Event Format, the JSON that Perfetto's
UI (ui.perfetto.dev) and chrome://tracing open, recorded by listening to
the kernel's tracepoints (minikern/sys/tracepoint.py): the kernel keeps no
timeline state and pays nothing while nobody listens.

What the file holds.  The trace has one process, the machine (pid 1), and
one thread per core (tid = the core's number): a core's track.  On it:

  sched    a slice per time slice a process ran, named "comm pid" (the
           time in it outside the kernel's spans is user time), and the
           context switch that starts it;
  syscall  each system call, named by the call, its decoded arguments
           (ktrace's kdump-style text) and its return;
  fault    each page fault, named by how it was resolved (zero-fill, cow,
           file, ...), with the address, the access and whether its
           resident neighbours were mapped too (fault-ahead);
  lock     each hold of a lock other cores can want, and each spin on one;
           a flow arrow goes from the hold that released the lock to the
           core that was spinning for it;
  wakeup   a flow arrow from where a process was woken to the slice in
           which it runs again (its sleep's reason is on the system call);
  proc     fork, exec and exit as instant events.

Slices are begin/end pairs ("B", "E"), written in the order they happened
on each core; flow arrows are "s"/"f" pairs bound to the enclosing slice.
Timestamps are virtual time: cycles turned into microseconds at the
machine's clock (CPU_HZ), printed to the nanosecond, so the same program
and seed give the same file byte for byte.

A timeline is bounded: past `limit` events (slices, instants, arrows)
nothing new is recorded (a slice already begun still gets its end), and
the file says so in its metadata and with an instant event where it
happened.  It can keep to some processes (and their descendants), some
system calls, some classes of events.  Whatever it keeps, it also adds up
where each core's time went, for the terminal picture (strips())."""

import json
from collections import OrderedDict

from isa.pmap import PROT_EXEC, PROT_WRITE

from ..arch.amd64.frame import syscall_args, syscall_result
from ..kern.kern_ktrace import ENTRIES, format_call, format_result
from ..sys.clock import COST_SWITCH, COST_SYSCALL, CPU_HZ, cycles_to_ns
from ..sys.errno import ERESTART
from ..sys.proc import SZOMB
from ..sys.tracepoint import (
    TP_LOCK_ACQUIRE, TP_LOCK_RELEASE, TP_PROC_EXEC, TP_PROC_EXIT, TP_PROC_FORK,
    TP_SCHED_OFF_CPU, TP_SCHED_ON_CPU, TP_SCHED_SLEEP, TP_SCHED_WAKEUP,
    TP_SYSCALL_ENTRY, TP_SYSCALL_RETURN, TP_UVM_FAULT, TP_UVM_FAULT_AHEAD,
    TP_UVM_FAULT_ENTRY)

CLASSES = ("sched", "syscall", "fault", "lock", "wakeup", "proc")
DEFAULT_LIMIT = 200_000     # events: about 25 MB of JSON
MACHINE_PID = 1             # the trace's process: the machine itself
RECENT_RELEASES = 4096      # holds of one lock a spinner may have waited for

# Where a core's time goes (the strips): user, kernel, spinning; idle is
# whatever is left.
USER, KERNEL, SPIN = 0, 1, 2

# uvm_fault's names for how a fault was resolved, as the timeline shows them.
FAULT_KINDS = {"object": "file", "promote": "file, private copy", "hole": "file hole"}


class Span:
    """A slice begun on a core and not yet ended: its kind (what ends it),
    its class of time, when it began, and its begin event (None when the
    timeline does not keep it).  key: the lock of a hold, the table entry
    of a system call; execed: the system call replaced the image."""

    __slots__ = ("kind", "time_class", "start", "begin", "key", "execed")

    def __init__(self, kind, time_class, start, begin, key):
        self.kind = kind
        self.time_class = time_class
        self.start = start
        self.begin = begin
        self.key = key
        self.execed = False


class Track:
    """One core: its events in the order they happened, the slices open
    on it (innermost last), and where its time went."""

    def __init__(self, index):
        self.index = index
        self.events = []
        self.stack = []
        self.strip = Strip()
        self.last = 0           # the latest virtual time seen on this core

    def top(self, kind):
        for span in reversed(self.stack):
            if span.kind == kind:
                return span
        return None

    def innermost_kept(self):
        for span in reversed(self.stack):
            if span.begin is not None:
                return span
        return None


class Timeline:
    """Record what happens on kernel's cores from now until close().

    limit   the most events kept (None: DEFAULT_LIMIT)
    pids    keep only these processes and the ones they fork (None: all)
    syscalls  keep only the system calls so named (None: all)
    classes   keep only these classes of events (None: all of CLASSES)
    """

    def __init__(self, kernel, limit=None, pids=None, syscalls=None, classes=None):
        self.kernel = kernel
        self.limit = DEFAULT_LIMIT if limit is None else limit
        self.pids = set(pids) if pids is not None else None
        self.syscalls = set(syscalls) if syscalls is not None else None
        self.classes = set(CLASSES if classes is None else classes)
        unknown = self.classes - set(CLASSES)
        if unknown:
            raise ValueError(f"unknown event class {sorted(unknown)[0]!r} "
                             f"(known: {', '.join(CLASSES)})")
        self.tracks = [Track(ci.index) for ci in kernel.sched.cpus]
        self.began = kernel.sched.now()     # virtual time, for the strips
        self.count = 0              # events kept
        self.dropped = 0            # events refused for want of room
        self.full_at = None         # virtual time the limit was reached
        self.flows = 0              # flow ids handed out
        self.wakeups = {}           # sleeper -> its waker's flow start
        self.releases = {}          # lock -> {end of a hold: its flow start}
        self.probes = [
            (TP_SCHED_ON_CPU, self._on_cpu), (TP_SCHED_OFF_CPU, self._off_cpu),
            (TP_SYSCALL_ENTRY, self._syscall_entry),
            (TP_SYSCALL_RETURN, self._syscall_return),
            (TP_UVM_FAULT_ENTRY, self._fault_entry), (TP_UVM_FAULT_AHEAD, self._fault_ahead),
            (TP_UVM_FAULT, self._fault),
            (TP_LOCK_ACQUIRE, self._lock_acquire), (TP_LOCK_RELEASE, self._lock_release),
            (TP_SCHED_SLEEP, self._sleep), (TP_SCHED_WAKEUP, self._wakeup),
            (TP_PROC_FORK, self._fork), (TP_PROC_EXEC, self._exec), (TP_PROC_EXIT, self._exit),
        ]
        for probe, listener in self.probes:
            probe.attach(listener)

    def close(self):
        """Stop listening (what was recorded stays, to be written)."""
        for probe, listener in self.probes:
            probe.detach(listener)
        self.probes = []

    # -- what is kept ----------------------------------------------------------

    def _wants(self, event_class, pid):
        return event_class in self.classes and (self.pids is None or pid in self.pids)

    def _room(self, track, t, n=1):
        """Whether n more events fit; the first refusal is noted in the
        trace, where and when it happened."""
        if self.count + n <= self.limit:
            self.count += n
            return True
        self.dropped += n
        if self.full_at is None:
            self.full_at = t
            track.events.append(self._event(
                "i", track, t, f"timeline full: later events dropped (limit {self.limit})",
                "timeline", s="g"))
        return False

    def _event(self, ph, track, t, name, cat, **fields):
        event = {"ph": ph, "name": name, "cat": cat, "ts": t, "pid": MACHINE_PID,
                 "tid": track.index}
        event.update(fields)
        return event

    # -- slices ----------------------------------------------------------------

    def _begin(self, track, t, kind, time_class, keep, name, args, key=None):
        """Open a slice on track at virtual time t."""
        begin = None
        if keep and self._room(track, t):
            begin = self._event("B", track, t, name, kind, args=args)
            track.events.append(begin)
        span = Span(kind, time_class, t, begin, key)
        track.stack.append(span)
        track.last = max(track.last, t)
        return span

    def _end(self, track, span, t, args=None):
        """Close span at t, and any slice still open inside it first."""
        while track.stack:
            inner = track.stack.pop()
            if inner is span:
                break
            self._close(track, inner, t, None)
        self._close(track, span, t, args)

    def _close(self, track, span, t, args):
        track.last = max(track.last, t)
        parent = track.stack[-1].time_class if track.stack else None
        track.strip.add(span.start, t, span.time_class, parent)
        if span.begin is None:
            return
        if span.kind == "lock":     # where an arrow to a spinner may start
            self._hold_released(track, span, t)
        end = self._event("E", track, t, span.begin["name"], span.kind)
        if args:
            end["args"] = args
        track.events.append(end)
        self.count += 1

    # -- the scheduler -----------------------------------------------------

    def _on_cpu(self, kernel, ci, p):
        if kernel is not self.kernel:
            return
        track, t = self.tracks[ci.index], ci.clock
        span = self._begin(track, t, "sched", USER, self._wants("sched", p.p_p.ps_pid),
                           f"{p.p_p.ps_comm} {p.p_p.ps_pid}",
                           {"pid": p.p_p.ps_pid, "tid": p.p_tid, "comm": p.p_p.ps_comm})
        woken = self.wakeups.pop(p, None)
        if woken is not None and span.begin is not None:
            self._flow(track, t, woken, "wakeup")
        switch = self._begin(track, t, "sched", KERNEL, self._wants("sched", p.p_p.ps_pid),
                             "switch", {"cycles": COST_SWITCH})
        self._end(track, switch, t + COST_SWITCH)

    def _off_cpu(self, kernel, ci, p):
        if kernel is not self.kernel:
            return
        track = self.tracks[ci.index]
        if track.stack:
            self._end(track, track.stack[0], ci.clock)

    # -- system calls --------------------------------------------------------

    def _syscall_entry(self, kernel, p, code):
        if kernel is not self.kernel:
            return
        ci = kernel.curcpu
        track, t = self.tracks[ci.index], ci.now() - COST_SYSCALL
        entry = ENTRIES.get(code)
        name = entry.name if entry else f"#{code}"
        keep = self._wants("syscall", p.p_p.ps_pid) and (self.syscalls is None or name in self.syscalls)
        args = {"call": format_call(p, entry, code, syscall_args(ci.core))} if keep else None
        self._begin(track, t, "syscall", KERNEL, keep, name, args, key=entry)

    def _syscall_return(self, kernel, p, code, rv):
        if kernel is not self.kernel:
            return
        ci = kernel.curcpu
        track = self.tracks[ci.index]
        span = track.top("syscall")
        if span is None:
            return
        args = None
        if span.begin is not None:
            args = {"return": self._result(ci, p, span, rv)}
        self._end(track, span, ci.now(), args)

    def _result(self, ci, p, span, rv):
        """The call's outcome as ktrace says it ("read 5", "open -1 errno 2
        ENOENT", "read (sleeps; restarts)")."""
        entry, name = span.key, span.begin["name"]
        if rv == ERESTART:
            return format_result(entry, name, 0, 0, True)
        if rv >= 0:
            return format_result(entry, name, rv, 0, False)
        # EJUSTRETURN: an error is in the registers already, unless the
        # call left for good (exit), or for a new image (execve) or for
        # the code a signal interrupted (sigreturn).
        if p.p_stat == SZOMB:
            return f"{name} (does not return)"
        if span.execed:
            return f"{name} (runs the new image)"
        if name == "sigreturn":
            return f"{name} (back to the interrupted code)"
        value, failed = syscall_result(ci.core)
        return format_result(entry, name, value, failed, False)

    # -- page faults ---------------------------------------------------------

    def _fault_entry(self, kernel, vm, va, access):
        ci = kernel.curcpu if kernel is self.kernel else None
        if ci is None or ci.curproc is None:
            return
        access_name = ("write" if access & PROT_WRITE else
                       "exec" if access & PROT_EXEC else "read")
        self._begin(self.tracks[ci.index], ci.now(), "fault", KERNEL,
                    self._wants("fault", ci.curproc.p_p.ps_pid), "fault",
                    {"address": hex(va), "access": access_name})

    def _fault_ahead(self, kernel, vm, va):
        ci = kernel.curcpu if kernel is self.kernel else None
        span = self.tracks[ci.index].top("fault") if ci is not None else None
        if span is not None and span.begin is not None:
            span.begin["args"]["fault_ahead"] = True

    def _fault(self, kernel, vm, va, access, result):
        ci = kernel.curcpu if kernel is self.kernel else None
        if ci is None:
            return
        track, t = self.tracks[ci.index], ci.now()
        kind = FAULT_KINDS.get(result, result)
        span = track.top("fault")
        if span is None:        # refused after its slice was closed: a signal
            p = ci.curproc
            if p is not None and self._wants("fault", p.p_p.ps_pid) and self._room(track, t):
                track.events.append(self._event("i", track, t, f"fault: {kind}", "fault",
                                                s="t", args={"address": hex(va)}))
            return
        if span.begin is not None:
            span.begin["name"] = f"fault: {kind}"
            span.begin["args"]["kind"] = kind
        self._end(track, span, t)

    # -- locks ---------------------------------------------------------------

    def _lock_acquire(self, kernel, ci, lock, since, spin):
        if kernel is not self.kernel:
            return
        track = self.tracks[ci.index]
        keep = ci.curproc is not None and self._wants("lock", ci.curproc.p_p.ps_pid)
        if spin:
            spinning = self._begin(track, since - spin, "spin", SPIN, keep,
                                   f"spin {lock.name}", {"lock": lock.name, "cycles": spin})
            self._end(track, spinning, since)
        hold = self._begin(track, since, "lock", KERNEL, keep, lock.name,
                           {"kind": lock.kind}, key=lock)
        released = self.releases.get(lock, {}).pop(since, None) if spin else None
        if released is not None and hold.begin is not None:
            self._flow(track, since, released, "lock")

    def _lock_release(self, kernel, ci, lock):
        if kernel is not self.kernel:
            return
        track = self.tracks[ci.index]
        for span in reversed(track.stack):
            if span.kind == "lock" and span.key is lock:
                self._end(track, span, ci.now())
                return

    def _hold_released(self, track, span, t):
        """A kept hold ends at t: leave where an arrow to a core that
        spun until t would start (written only if one does)."""
        start = self._event("s", track, t, span.begin["name"], "lock", id=None)
        track.events.append(start)
        recent = self.releases.setdefault(span.key, OrderedDict())
        recent[t] = start
        if len(recent) > RECENT_RELEASES:
            recent.popitem(last=False)

    def _flow(self, track, t, start, cat):
        """Finish the arrow from start (an "s" event left on another track)
        to the slice just begun on track."""
        if not self._room(track, t, 2):
            return
        self.flows += 1
        start["id"] = self.flows
        track.events.append(self._event("f", track, t, start["name"], cat,
                                        id=self.flows, bp="e"))

    # -- sleeping and waking ---------------------------------------------------

    def _sleep(self, kernel, p):
        ci = kernel.curcpu if kernel is self.kernel else None
        span = self.tracks[ci.index].top("syscall") if ci is not None else None
        if span is not None and span.begin is not None:
            span.begin["args"]["sleeps_on"] = p.p_wmesg

    def _wakeup(self, kernel, p, at):
        ci = kernel.curcpu if kernel is self.kernel else None
        if ci is None or ci.curproc is None or not self._wants("wakeup", p.p_p.ps_pid):
            return              # a timeout or the console woke it: no core did
        track = self.tracks[ci.index]
        if track.innermost_kept() is None:
            return
        start = self._event("s", track, ci.now(), "wakeup", "wakeup", id=None,
                            args={"woken": p.p_p.ps_pid, "tid": p.p_tid})
        track.events.append(start)
        self.wakeups[p] = start

    # -- processes ------------------------------------------------------------

    def _fork(self, kernel, parent, child):
        if kernel is not self.kernel:
            return
        if self.pids is not None and parent.ps_pid in self.pids:
            self.pids.add(child.ps_pid)
        self._instant(parent, "fork", {"pid": parent.ps_pid, "child": child.ps_pid})

    def _exec(self, kernel, p):
        if kernel is not self.kernel:
            return
        ci = kernel.curcpu
        span = self.tracks[ci.index].top("syscall") if ci is not None else None
        if span is not None:
            span.execed = True
        self._instant(p, "exec", {"pid": p.ps_pid, "argv": " ".join(map(_text, p.ps_argv))})

    def _exit(self, kernel, p):
        if kernel is not self.kernel:
            return
        self._instant(p, "exit", {"pid": p.ps_pid, "status": p.ps_xstat})

    def _instant(self, pr, name, args):
        ci = self.kernel.curcpu
        if ci is None or not self._wants("proc", pr.ps_pid):
            return          # the host spawned it: no core saw it happen
        track, t = self.tracks[ci.index], ci.now()
        if self._room(track, t):
            track.events.append(self._event("i", track, t, name, "proc", s="t", args=args))

    # -- the file --------------------------------------------------------------

    def note(self):
        """The line to show when the limit was reached, or None."""
        if self.full_at is None:
            return None
        return (f"timeline: the limit of {self.limit} events was reached at "
                f"{_micros(cycles_to_ns(self.full_at))} µs of virtual time; "
                f"{self.dropped} later events were dropped")

    def trace(self):
        """The Trace Event Format text (a JSON object, one event a line)."""
        kernel = self.kernel
        cores = len(self.tracks)
        what = f"{cores} core{'s' if cores > 1 else ''}{', giant' if kernel.giant else ''}"
        lines = [_json({"ph": "M", "name": "process_name", "pid": MACHINE_PID,
                        "args": {"name": f"minikern ({what})"}})]
        for track in self.tracks:
            lines.append(_json({"ph": "M", "name": "thread_name", "pid": MACHINE_PID,
                                "tid": track.index, "args": {"name": f"cpu{track.index}"}}))
            lines.append(_json({"ph": "M", "name": "thread_sort_index", "pid": MACHINE_PID,
                                "tid": track.index, "args": {"sort_index": track.index}}))
        for track in self.tracks:
            lines += [_json(e) for e in self._finished(track) if e.get("id", 0) is not None]
        other = {"clock": f"virtual time: cycles at {CPU_HZ / 1e9:g} GHz",
                 "cores": cores, "giant": kernel.giant, "seed": kernel.sched.seed,
                 "events": self.count, "limit": self.limit}
        if self.full_at is not None:
            other["truncated"] = self.note()
        return ('{"displayTimeUnit":"ns","otherData":' + _json(other)
                + ',"traceEvents":[\n' + ",\n".join(lines) + "\n]}\n")

    def _finished(self, track):
        """track's events, with an end for each slice still open (a run cut
        short: the REPL saves between two steps)."""
        events = list(track.events)
        for span in reversed(track.stack):
            if span.begin is not None:
                events.append(self._event("E", track, track.last, span.begin["name"],
                                          span.kind))
        return events

    def write(self, path):
        with open(path, "w") as f:
            f.write(self.trace())

    # -- the terminal picture ------------------------------------------------

    def strips(self, width=64, end=None):
        """Lines drawing each core from when the timeline began to end
        (default: the last moment seen), one character per time bucket,
        and a legend."""
        if end is None:
            end = max((t.last for t in self.tracks), default=0)
        return draw_strips([t.strip for t in self.tracks], end, width, self.began)

    def cores_over_time(self):
        """Where each core's time went, as JSON-ready data (Strip.as_json)."""
        return [t.strip.as_json() for t in self.tracks]


def _text(arg):
    return arg.decode(errors="replace") if isinstance(arg, bytes) else str(arg)


def _micros(ns):
    return f"{ns // 1000}.{ns % 1000:03d}"


def _json(event):
    """One event: compact JSON, its times as microseconds to the ns."""
    fields = []
    for key, value in event.items():
        if key == "ts":
            text = _micros(cycles_to_ns(value))
        else:
            text = json.dumps(value, separators=(",", ":"))
        fields.append(f'"{key}":{text}')
    return "{" + ",".join(fields) + "}"


# -- strips ----------------------------------------------------------------


class Strip:
    """Where one core's time went: cycles of user, kernel and spinning
    time in buckets of equal length (idle is what is left of a bucket).
    The buckets double in length as the run grows, so a strip stays small
    however long the run."""

    BUCKETS = 512

    def __init__(self):
        self.width = 1 << 12
        self.sums = [[0, 0, 0] for _ in range(self.BUCKETS)]

    def add(self, start, end, time_class, parent):
        """[start, end) was time_class, inside a slice of class parent
        (None: nothing, the core was idle) that counted it already."""
        if end <= start:
            return
        while end > self.width * self.BUCKETS:
            self._coarsen()
        i = start // self.width
        while start < end:
            stop = min(end, (i + 1) * self.width)
            self.sums[i][time_class] += stop - start
            if parent is not None:
                self.sums[i][parent] -= stop - start
            start, i = stop, i + 1

    def as_json(self):
        """{"bucket": cycles a bucket, "sums": [[user, kernel, spin], ...]}
        up to the last bucket with anything in it."""
        used = max((i + 1 for i, s in enumerate(self.sums) if any(s)), default=0)
        return {"bucket": self.width, "sums": [list(s) for s in self.sums[:used]]}

    @classmethod
    def from_json(cls, data):
        strip = cls()
        strip.width = data["bucket"]
        for i, sums in enumerate(data["sums"]):
            strip.sums[i] = list(sums)
        return strip

    def _coarsen(self):
        pairs = zip(self.sums[0::2], self.sums[1::2])
        self.sums = [[a + b for a, b in zip(x, y)] for x, y in pairs]
        self.sums += [[0, 0, 0] for _ in range(self.BUCKETS - len(self.sums))]
        self.width *= 2

    def amounts(self, start, end):
        """[user, kernel, spin] cycles in [start, end), the buckets'
        contents taken as spread evenly over them."""
        totals = [0.0, 0.0, 0.0]
        i = start // self.width
        while start < end and i < self.BUCKETS:
            stop = min(end, (i + 1) * self.width)
            share = (stop - start) / self.width
            for c in (USER, KERNEL, SPIN):
                totals[c] += self.sums[i][c] * share
            start, i = stop, i + 1
        return totals


STRIP_CHARS = {USER: "u", KERNEL: "k", SPIN: "S", None: "."}
LEGEND = "u user  k kernel  S spinning on a lock  . idle (the most of each bucket)"


def draw_strips(strips, end, width=64, start=0):
    """One line per core: for each of width equal buckets of [start, end)
    the character of what took most of the bucket's time."""
    if end <= start:
        return ["(nothing ran)"]
    lines = []
    span = end - start
    for index, strip in enumerate(strips):
        chars = []
        for column in range(width):
            a = start + span * column // width
            b = start + span * (column + 1) // width
            amounts = strip.amounts(a, b)
            idle = (b - a) - sum(amounts)
            best = max((USER, KERNEL, SPIN), key=lambda c: amounts[c])
            chars.append(STRIP_CHARS[best if amounts[best] > idle else None])
        lines.append(f"cpu{index} |{''.join(chars)}|")
    first = f"{cycles_to_ns(start) / 1e6:.3f} ms" if start else "0"
    last = f"{cycles_to_ns(end) / 1e6:.3f} ms"
    lines.append(f"      {first}{last.rjust(width + 2 - len(first))}")
    lines.append(f"      {LEGEND}")
    return lines
