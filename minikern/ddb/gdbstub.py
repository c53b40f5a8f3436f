"""A GDB remote-protocol stub: a stock gdb debugs one guest process.

gdb talks to us over TCP (`target remote localhost:PORT`) in packets,
`$payload#checksum`.  We serve one process, p, in all-stop mode: while
gdb holds p (it stopped at a breakpoint, a step, a signal or a ^C), the
whole machine is stopped, so virtual time does not move and debugging
does not change what the machine computes.  When gdb resumes p, the
whole machine runs again (under the scheduler, as usual) until p stops.

How p is stopped, with watches on every core (isa/cpu.py's code and
memory watches; isa never knows why):

  breakpoint  a code watch on the address (Z0/Z1); it ends the slice
              before the instruction runs, if p is the process on the core
  step        a code watch on every user address while a step runs; p
              stops before its second instruction
  watchpoint  a memory watch on the physical bytes behind the address
              (Z2 write, Z3 read, Z4 access).  x86 reports a watchpoint
              after the instruction; Unicorn stops before it completes, so
              the bytes it wrote are put back and p is stepped over it
  signal      trapsignal() asks p.p_p.ps_debugger first: a fault stops p at the
              faulting instruction (so `bt` shows the crash); if gdb passes
              the signal on, the instruction faults again and it is
              delivered as usual
  ^C          gdb sends 0x03; it is looked for between time slices

The machine runs on one host thread, so this stub does not need one:
the scheduler calls check() (its `until`) between time slices, and when
p is stopped check() serves gdb's packets until gdb resumes p.
"""

import ipaddress
import select
import socket

from isa.pmap import PROT_READ, PROT_WRITE, pmap_extract, pmap_is_mapped
from isa.x86 import PAGE_MASK, PAGE_SIZE, USER_MAX

from ..sys.errno import Errno
from ..kern.kern_sig import SIGINT, SIGKILL, SIGSTOP, SIGTRAP, psignal
from ..sys.proc import SZOMB
from ..uvm.uvm_fault import uvm_fault
from .db_access import read_memory, write_memory
from .db_regs import saved_rip
from .gdb_regs import REGISTERS, REGNUM, RegisterFile, target_xml

INTERRUPT = b"\x03"
PACKET_SIZE = 0x4000
WATCH_KINDS = {"2": "watch", "3": "rwatch", "4": "awatch"}
WATCH_ACCESSES = {"watch": ("write",), "rwatch": ("read",), "awatch": ("read", "write")}
# gdb's remote file I/O errno values (gdb's fileio.h).
FILEIO_ENOENT, FILEIO_EBADF, FILEIO_EINVAL = 2, 9, 22
FILE_HANDLE = 3             # the one file we serve: p's executable


class GdbDisconnected(Exception):
    pass


def listen(host, port):
    """A listening socket on a loopback address only (gdb's protocol has
    no authentication: anyone who reaches it controls the process)."""
    infos = [info for info in socket.getaddrinfo(host or "localhost", port,
                                                 type=socket.SOCK_STREAM)
             if info[0] in (socket.AF_INET, socket.AF_INET6)]
    if not infos:
        raise ValueError(f"{host}: no such host")
    infos.sort(key=lambda info: info[0] != socket.AF_INET)     # 127.0.0.1 first
    family, kind, proto, _, address = infos[0]
    if not ipaddress.ip_address(address[0]).is_loopback:
        raise ValueError(f"{host}: gdb is only served on localhost")
    server = socket.socket(family, kind, proto)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(address[:2])
    server.listen(1)
    return server


class GdbStub:
    def __init__(self, machine, p, conn, created=False):
        self.machine = machine
        self.kernel = machine.kernel
        self.p = p
        self.conn = conn
        self.created = created      # we started p for gdb (`run --gdb`)
        self.pending = b""          # received bytes not yet parsed
        self.noack = False
        self.regs = RegisterFile()
        self.breakpoints = {}       # va -> [code hook per core]
        self.watchpoints = {}       # (kind, va, length) -> [(core, hook)]
        self.watch_frames = {}      # (kind, va, length) -> physical pages armed
        self.stop = None            # (gdb signal, "reason:;") while p is held
        self.resumed = False        # gdb is waiting for a stop reply
        self.passing_breakpoint = None
        self.passing_signal = None
        self.last_trap = None       # the signal of a fault gdb was told about
        self.step = None            # {"mode": ..., "at": ...} while stepping
        self.step_hooks = []
        self.watch_hit = None       # (kind, va, undo) until p is stepped over it
        self.done = False           # detached, killed or disconnected
        p.p_p.ps_debugger = self

    # -- the scheduler's side -------------------------------------------

    def attach(self):
        """Stop p now.  A process that never ran is first run up to its
        first user instruction, so that it has registers to show."""
        if self.p.p_md.context is None:
            self._start_step("entry")
        else:
            self.stop = (SIGTRAP, "")

    def until(self, outer=lambda: False):
        """The scheduler's stop test while gdb is attached."""
        def check():
            if not self.done:
                self._between_slices()
            return outer()
        return check

    def _between_slices(self):
        p = self.p
        if p.p_stat == SZOMB or p.p_p.ps_xstat is not None:
            self._report_exit()
            return
        if self.watch_hit is not None and self.step is None:
            self._step_over_watched_access()
        if self.step is None and self.step_hooks:
            self._remove_step_hooks()
        if self.stop is None and self.step is None and self._interrupted():
            self.stop = (SIGINT, "")
        if self.stop is not None:
            self._hold()
        elif self.watchpoints:
            self._follow_watched_pages()

    def _hold(self):
        """p is stopped: serve gdb until it resumes p (or lets go)."""
        self.passing_breakpoint = None
        if self.step_hooks:
            self._remove_step_hooks()
        try:
            if self.resumed:
                self.resumed = False
                self._send(self._stop_reply())
            while not self.done and self.stop is not None:
                packet = self._receive()
                try:
                    reply = self._dispatch(packet)
                except (ValueError, IndexError, KeyError, StopIteration):
                    reply = "E16"       # a malformed packet: EINVAL, never a panic
                if reply is not None:
                    self._send(reply)
        except (GdbDisconnected, OSError):
            self.let_go()

    def deadlocked(self):
        """Nothing on the machine can run any more (p waits for what will
        never come): p stops with SIGSTOP so that gdb can look at it."""
        self.stop = (SIGSTOP, "")
        self.resumed = True
        self._between_slices()

    def _report_exit(self):
        status = self.p.p_p.ps_xstat or 0
        reply = f"X{status & 0x7F:02x}" if status & 0x7F else f"W{(status >> 8) & 0xFF:02x}"
        try:
            self._send(reply)
        except OSError:
            pass
        self.let_go()

    # -- stopping p ---------------------------------------------------------

    def _stop_here(self, core, sig, reason=""):
        if self.stop is None:
            self.stop = (sig, reason)
        core.stop()

    def _on_breakpoint(self, core, address):
        if core.ci is None or core.ci.curproc is not self.p or self.step is not None:
            return
        if address == self.passing_breakpoint:
            self.passing_breakpoint = None
            return
        self._stop_here(core, SIGTRAP, "swbreak:;")

    def _start_step(self, mode):
        """mode "entry": stop at p's next user instruction; "step": run one
        instruction first."""
        self.step = {"mode": mode, "at": None}
        self.step_hooks = [(core, core.watch_code(self._on_step, 0, USER_MAX))
                           for core in self.machine.cores]

    def _on_step(self, core, address):
        p = self.p
        ci = core.ci
        if ci is None or ci.curproc is not p or self.step is None:
            return
        attempt = (address, p.p_faults, ci.index, ci.clock)
        at = self.step["at"]
        if self.step["mode"] == "step":
            if at is None or (address == at[0] and attempt != at):
                # The instruction to step, or it again: after a page fault
                # or a slice that ended before it ran (a restarted syscall).
                self.step["at"] = attempt
                return
        self.step = None
        if self.watch_hit is not None:
            kind, va, _ = self.watch_hit
            self.watch_hit = None
            self._arm_watchpoints()
            self._stop_here(core, SIGTRAP, f"{kind}:{va:x};")
        else:
            self._stop_here(core, SIGTRAP, "")

    def _remove_step_hooks(self):
        for core, handle in self.step_hooks:
            core.unwatch_code(handle)
        self.step_hooks = []

    def trap_stop(self, p, sig):
        """trapsignal()'s question: does gdb take this fault?  Then p stops
        at the faulting instruction and gdb decides about the signal."""
        if self.done:
            return False
        if self.passing_signal == sig:
            self.passing_signal = None
            return False                # gdb passed it on: deliver it
        if self.stop is None:
            self.last_trap = sig
        self._stop_here(p.p_cpu.core, sig)
        return True

    def _interrupted(self):
        """Has gdb sent ^C (0x03) while p ran?"""
        try:
            readable, _, _ = select.select([self.conn], [], [], 0)
            if not readable:
                return False
            data = self.conn.recv(PACKET_SIZE)
        except OSError:
            data = b""
        if not data:
            self.let_go()
            return False
        if INTERRUPT in data:
            data = data.replace(INTERRUPT, b"")
            self.pending += data
            return True
        self.pending += data
        return False

    # -- watchpoints ----------------------------------------------------------

    def _arm_watchpoints(self):
        """Hook the physical bytes behind each watched address (made
        present first: a watch on an untouched page faults it in, as the
        first access would)."""
        self._disarm_watchpoints()
        for key in self.watchpoints:
            kind, va, length = key
            hooks, frames = [], []
            for start, end, frame in self._watched_pieces(kind, va, length):
                frames.append(frame)
                for core in self.machine.cores:
                    handle = core.watch_physical(
                        start, end, WATCH_ACCESSES[kind],
                        lambda core, access, pa, size, key=key, start=start:
                            self._on_watch(core, key, access, pa, size, start))
                    hooks.append((core, handle))
            self.watchpoints[key] = hooks
            self.watch_frames[key] = frames

    def _watched_pieces(self, kind, va, length):
        """(physical start, end, frame) of each page piece of a watch."""
        vm = self.p.p_p.ps_vmspace
        pieces = []
        pos = va
        while pos < va + length:
            chunk = min(va + length - pos, PAGE_SIZE - (pos & (PAGE_SIZE - 1)))
            if not pmap_is_mapped(vm.pmap, pos):
                try:
                    uvm_fault(vm, pos, PROT_WRITE if kind != "rwatch" else PROT_READ)
                except Errno:
                    try:
                        uvm_fault(vm, pos, PROT_READ)
                    except Errno:
                        pos += chunk
                        continue
            pa = pmap_extract(vm.pmap, pos)
            pieces.append((pa, pa + chunk, pa & ~PAGE_MASK))
            pos += chunk
        return pieces

    def _follow_watched_pages(self):
        """A copy-on-write fault may have moved a watched page: re-arm."""
        vm = self.p.p_p.ps_vmspace
        for (kind, va, length), frames in self.watch_frames.items():
            now = [pmap_extract(vm.pmap, page)
                   for page in range(va & ~PAGE_MASK, va + length, PAGE_SIZE)]
            if now != frames:
                self._arm_watchpoints()
                return

    def _disarm_watchpoints(self):
        for key, hooks in self.watchpoints.items():
            for core, handle in hooks:
                core.unwatch(handle)
            self.watchpoints[key] = []

    def _on_watch(self, core, key, access, pa, size, start):
        if core.ci is None or core.ci.curproc is not self.p or self.watch_hit is not None:
            return
        if self.step is not None:
            return                      # a step reports itself
        kind, va, _ = key
        # The access is reported after its instruction; Unicorn stops before
        # that instruction ends, and a write is already done then: keep the
        # old bytes to put back, so the instruction can run again whole.
        undo = None
        if access == "write":
            mem = self.p.p_p.ps_vmspace.pmap.phys.mem
            undo = (pa, bytes(mem[pa:pa + size]))
        hit_va = va + max(0, pa - start)
        self.watch_hit = (kind, hit_va if kind != "watch" else va, undo)
        core.stop()

    def _step_over_watched_access(self):
        kind, va, undo = self.watch_hit
        if undo is not None:
            pa, old = undo
            self.p.p_p.ps_vmspace.pmap.phys.mem[pa:pa + len(old)] = old
        self.watch_hit = (kind, va, None)
        self._disarm_watchpoints()
        self._start_step("step")

    # -- packets ------------------------------------------------------------------

    def _send(self, payload):
        data = payload.encode("latin-1") if isinstance(payload, str) else payload
        checksum = sum(data) & 0xFF
        self.conn.sendall(b"$" + data + b"#" + f"{checksum:02x}".encode())
        if not self.noack:
            self._expect_ack()

    def _expect_ack(self):
        while True:
            byte = self._read_byte()
            if byte == b"+":
                return
            if byte == b"-":
                raise GdbDisconnected("gdb rejected a packet")

    def _read_byte(self):
        if not self.pending:
            data = self.conn.recv(PACKET_SIZE)
            if not data:
                raise GdbDisconnected()
            self.pending = data
        byte, self.pending = self.pending[:1], self.pending[1:]
        return byte

    def _receive(self):
        """The next packet's payload (acknowledged); a ^C between packets
        while p is stopped means nothing and is dropped."""
        while True:
            byte = self._read_byte()
            if byte != b"$":
                continue
            payload = bytearray()
            while (byte := self._read_byte()) != b"#":
                payload += byte
            checksum = self._read_byte() + self._read_byte()
            if int(checksum, 16) != sum(payload) & 0xFF:
                if not self.noack:
                    self.conn.sendall(b"-")
                continue
            if not self.noack:
                self.conn.sendall(b"+")
            return bytes(payload)

    def _dispatch(self, packet):
        text = packet.decode("latin-1")
        for prefix, handler in self._handlers():
            if text.startswith(prefix):
                return handler(text[len(prefix):], packet)
        return ""                       # not supported

    def _handlers(self):
        return [
            ("qSupported", self._q_supported),
            ("QStartNoAckMode", self._q_noack),
            ("qXfer:features:read:target.xml:",
             lambda args, raw: _xfer(target_xml().encode(), args)),
            ("qXfer:exec-file:read:", self._q_exec_file),
            ("qAttached", lambda args, raw: "0" if self.created else "1"),
            ("qOffsets", lambda args, raw: "Text=0;Data=0;Bss=0"),
            ("qC", lambda args, raw: f"QC{self.p.p_p.ps_pid:x}"),
            ("qfThreadInfo", lambda args, raw: f"m{self.p.p_p.ps_pid:x}"),
            ("qsThreadInfo", lambda args, raw: "l"),
            ("qSymbol", lambda args, raw: "OK"),
            ("vFile:", self._v_file),
            ("vCont?", lambda args, raw: "vCont;c;C;s;S"),
            ("vCont;", self._v_cont),
            ("vKill", self._kill),
            ("vMustReplyEmpty", lambda args, raw: ""),
            ("?", lambda args, raw: self._stop_reply()),
            ("H", lambda args, raw: "OK"),
            ("T", lambda args, raw: "OK" if args.split(".")[-1] in
             (f"{self.p.p_p.ps_pid:x}", "-1", "0") else "E01"),
            ("g", self._read_registers),
            ("G", self._write_registers),
            ("p", self._read_register),
            ("P", self._write_register),
            ("m", self._read_mem),
            ("M", self._write_mem_hex),
            ("X", self._write_mem_binary),
            ("Z", self._insert_point),
            ("z", self._remove_point),
            ("c", lambda args, raw: self._resume("c", 0, args)),
            ("s", lambda args, raw: self._resume("s", 0, args)),
            ("C", lambda args, raw: self._resume("c", *_signal_and_address(args))),
            ("S", lambda args, raw: self._resume("s", *_signal_and_address(args))),
            ("D", self._detach),
            ("k", self._kill),
        ]

    # -- queries --------------------------------------------------------------

    def _q_supported(self, args, raw):
        return (f"PacketSize={PACKET_SIZE:x};qXfer:features:read+;"
                "qXfer:exec-file:read+;QStartNoAckMode+;swbreak+;hwbreak+;"
                "vContSupported+")

    def _q_noack(self, args, raw):
        self._send("OK")
        self.noack = True
        return None

    def _q_exec_file(self, args, raw):
        _, _, offsets = args.partition(":")
        return _xfer(self._exec_path().encode(), offsets)

    def _exec_path(self):
        image = self.p.p_p.ps_image
        return image.path if image is not None else ""

    def _v_file(self, args, raw):
        """Host I/O on the one file gdb needs: the program p runs, served
        from the bytes exec loaded (the guest's file may have changed)."""
        op, _, rest = args.partition(":")
        fields = rest.split(",")
        image = self.p.p_p.ps_image
        if op == "setfs":
            return "F0"
        if op == "open":
            path = bytes.fromhex(fields[0]).decode(errors="replace")
            if image is None or path != image.path:
                return f"F-1,{FILEIO_ENOENT:x}"
            return f"F{FILE_HANDLE:x}"
        if op in ("pread", "fstat", "close") and (int(fields[0], 16) != FILE_HANDLE
                                                  or image is None):
            return f"F-1,{FILEIO_EBADF:x}"
        if op == "close":
            return "F0"
        if op == "pread":
            count, offset = int(fields[1], 16), int(fields[2], 16)
            data = image.image[offset:offset + min(count, PACKET_SIZE // 2)]
            return f"F{len(data):x};".encode() + _escape_binary(data)
        if op == "fstat":
            stat = _fileio_stat(len(image.image))
            return f"F{len(stat):x};".encode() + _escape_binary(stat)
        return f"F-1,{FILEIO_EINVAL:x}"

    def _stop_reply(self):
        if self.stop is None:
            return "S05"
        sig, reason = self.stop
        return f"T{sig:02x}thread:{self.p.p_p.ps_pid:x};{reason}"

    # -- registers and memory ------------------------------------------------------

    def _context(self):
        """Load p's saved registers into the register file."""
        self.regs.load(self.p.p_md.context)

    def _read_registers(self, args, raw):
        self._context()
        return self.regs.read_all().hex()

    def _write_registers(self, args, raw):
        self._context()
        self.regs.write_all(bytes.fromhex(args))
        self.regs.store()
        return "OK"

    def _read_register(self, args, raw):
        regnum = int(args, 16)
        if regnum >= len(REGISTERS):
            return "E01"
        self._context()
        return self.regs.read(regnum).hex()

    def _write_register(self, args, raw):
        regnum, _, value = args.partition("=")
        regnum = int(regnum, 16)
        if regnum >= len(REGISTERS):
            return "E01"
        self._context()
        self.regs.write(regnum, bytes.fromhex(value))
        self.regs.store()
        return "OK"

    def _read_mem(self, args, raw):
        addr, length = (int(x, 16) for x in args.split(","))
        data = read_memory(self.p.p_p, addr, min(length, PACKET_SIZE // 2))
        return "E0e" if data is None else data.hex()

    def _write_mem_hex(self, args, raw):
        where, _, data = args.partition(":")
        addr, length = (int(x, 16) for x in where.split(","))
        return self._write(addr, bytes.fromhex(data)[:length])

    def _write_mem_binary(self, args, raw):
        header, _, data = raw[1:].partition(b":")
        addr, length = (int(x, 16) for x in header.decode().split(","))
        return self._write(addr, _unescape_binary(data)[:length])

    def _write(self, addr, data):
        if not data:
            return "OK"
        return "OK" if write_memory(self.p.p_p, addr, data) else "E0e"

    # -- breakpoints and watchpoints -------------------------------------------------

    def _insert_point(self, args, raw):
        kind, addr, length = args.split(";")[0].split(",")
        addr, length = int(addr, 16), int(length, 16)
        if kind in ("0", "1"):
            if addr not in self.breakpoints:
                self.breakpoints[addr] = [
                    (core, core.watch_code(self._on_breakpoint, addr, addr + 1))
                    for core in self.machine.cores]
            return "OK"
        if kind in WATCH_KINDS:
            if read_memory(self.p.p_p, addr, length) is None:
                return "E0e"
            self.watchpoints.setdefault((WATCH_KINDS[kind], addr, length), [])
            return "OK"
        return ""

    def _remove_point(self, args, raw):
        kind, addr, length = args.split(";")[0].split(",")
        addr, length = int(addr, 16), int(length, 16)
        if kind in ("0", "1"):
            for core, handle in self.breakpoints.pop(addr, []):
                core.unwatch_code(handle)
            return "OK"
        if kind in WATCH_KINDS:
            for core, handle in self.watchpoints.pop((WATCH_KINDS[kind], addr, length), []):
                core.unwatch(handle)
            self.watch_frames.pop((WATCH_KINDS[kind], addr, length), None)
            return "OK"
        return ""

    # -- running --------------------------------------------------------------------

    def _v_cont(self, args, raw):
        """vCont;ACTION[:thread];... : the first action for p (or for all)."""
        pid = f"{self.p.p_p.ps_pid:x}"
        for action in args.split(";"):
            what, _, thread = action.partition(":")
            if thread and thread.split(".")[-1] not in (pid, "-1"):
                continue
            if what[0] in "cs":
                return self._resume(what[0], 0, "")
            if what[0] in "CS":
                return self._resume(what[0].lower(), int(what[1:3], 16), "")
        return "E01"

    def _resume(self, how, sig, addr):
        """Let p (and the machine) go on; the stop reply comes when p stops."""
        p = self.p
        if addr:
            self._context()
            self.regs.write(REGNUM["rip"], int(addr, 16).to_bytes(8, "little"))
            self.regs.store()
        if sig:
            if sig == self.last_trap and self.stop is not None and self.stop[0] == sig:
                self.passing_signal = sig   # the instruction faults again: deliver
            else:
                psignal(p, sig)
        self.last_trap = None
        self.stop = None
        self.resumed = True
        rip = saved_rip(p) if p.p_md.context is not None else None
        if rip in self.breakpoints:
            self.passing_breakpoint = rip
        if how == "s":
            self._start_step("step")
        self._arm_watchpoints()
        return None

    def _detach(self, args, raw):
        self._send("OK")
        self.let_go()
        return None

    def _kill(self, args, raw):
        if self.p.p_stat != SZOMB:
            psignal(self.p, SIGKILL)
        reply = "OK" if args.startswith(";") else None
        if reply:
            self._send(reply)
        self.let_go()
        return None

    def let_go(self):
        """Detach: remove every hook, let p run on unwatched."""
        if self.done:
            return
        self.done = True
        self.stop = None
        self.step = None
        for handles in self.breakpoints.values():
            for core, handle in handles:
                core.unwatch_code(handle)
        self.breakpoints = {}
        self._disarm_watchpoints()
        self.watchpoints = {}
        if self.step_hooks:
            self._remove_step_hooks()
        if self.p.p_p.ps_debugger is self:
            self.p.p_p.ps_debugger = None
        try:
            self.conn.close()
        except OSError:
            pass


def _signal_and_address(args):
    sig, _, addr = args.partition(";")
    return int(sig, 16), addr


def _xfer(data, args):
    """A qXfer reply: 'm' and a piece, or 'l' and the last piece."""
    offset, length = (int(x, 16) for x in args.split(","))
    piece = data[offset:offset + length]
    more = offset + length < len(data)
    return (b"m" if more else b"l") + _escape_binary(piece)


def _escape_binary(data):
    """Binary data in a packet: $ # } and * are sent as } and byte ^ 0x20."""
    out = bytearray()
    for b in data:
        if b in b"$#}*":
            out += bytes((0x7D, b ^ 0x20))
        else:
            out.append(b)
    return bytes(out)


def _unescape_binary(data):
    out = bytearray()
    escaped = False
    for b in data:
        if escaped:
            out.append(b ^ 0x20)
            escaped = False
        elif b == 0x7D:
            escaped = True
        else:
            out.append(b)
    return bytes(out)


def _fileio_stat(size):
    """gdb's struct stat for host I/O (big-endian, fixed sizes): a regular
    file, mode 0755, of the given size."""
    fields = [(0, 4), (0, 4), (0o100755, 4), (1, 4), (0, 4), (0, 4), (0, 4),
              (size, 8), (PAGE_SIZE, 8), ((size + 511) // 512, 8), (0, 4), (0, 4), (0, 4)]
    return b"".join(value.to_bytes(width, "big") for value, width in fields)


def parse_address(text):
    """'[HOST:]PORT' -> (host, port); the host defaults to localhost."""
    host, _, port = text.rpartition(":")
    if not port.isdigit() or int(port) > 65535:
        raise ValueError(f"bad gdb address {text!r} (try 1234 or localhost:1234)")
    return host.strip("[]") or "localhost", int(port)


def serve(machine, pr, address, say, created=False, run_on=True):
    """Wait for gdb on address, then run the machine with gdb holding
    process pr (its main thread) until it exits or gdb lets it go (then,
    with run_on, the machine runs on until it exits).  say(text) tells
    the user where gdb should connect.  Returns the stub."""
    p = pr.ps_mainproc
    server = listen(*parse_address(address))
    try:
        host, port = server.getsockname()[:2]
        say(f"minikern: pid {p.p_p.ps_pid} ({p.p_p.ps_comm}) waits for gdb on {host}:{port} "
            f"(gdb -ex 'target remote {host}:{port}')")
        conn, _ = server.accept()
    finally:
        server.close()
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    stub = GdbStub(machine, p, conn, created)
    stub.attach()
    try:
        while True:
            machine.run(until=stub.until(
                lambda: p.p_p.ps_xstat is not None or (stub.done and not run_on)))
            if p.p_p.ps_xstat is not None or stub.done:
                break
            stub.deadlocked()
    finally:
        stub.let_go()           # ^C in the REPL, a panic: no hook stays behind
    return stub
