"""The terminal line discipline (OpenBSD's kern/tty.c, much reduced).

Between the keyboard and a reading program sits the line discipline.  In
canonical mode (ICANON) it collects a line, handling the erase (^? or
^H) and kill (^U) characters, and hands the line out only when it ends
(newline) or on the end-of-file character (^D).  With ISIG, ^C sends
SIGINT and ^\\ sends SIGQUIT to the terminal's foreground process group.
With ECHO it echoes what is typed.  On output, ONLCR turns "\\n" into
"\\r\\n", which a terminal in raw mode needs.

Job control: ^Z (VSUSP) sends SIGTSTP to the foreground group.  A
process of the terminal's session in a background group may not take
the terminal's input: its read sends SIGTTIN to its group (which stops,
and reads again when continued), or fails with EIO if it ignores or
blocks SIGTTIN or its group is orphaned.  Its writes are checked the same
way with SIGTTOU when TOSTOP is set; changing the terminal (tcsetattr,
tcsetpgrp) always is (OpenBSD's ttread, ttwrite and ttioctl).

struct termios and the ioctls are OpenBSD's (sys/termios.h, sys/ttycom.h).
"""

from collections import deque
from ..kern.kern_proc import pgrp_orphaned
from ..kern.kern_sig import SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, killpg
from ..kern.signalvar import sigbit, sigignored

from ..sys.errno import Errno, EIO
from ..sys.termios import (ECHO, ECHOE, ECHOK, ICANON, ICRNL, IEXTEN, ISIG, NCCS,
                           ONLCR, OPOST, TERMIOS, TOSTOP, VEOF, VERASE, VINTR, VKILL,
                           VMIN, VQUIT, VSUSP, VTIME)


def default_cc():
    cc = [0xFF] * NCCS          # _POSIX_VDISABLE
    cc[VEOF], cc[VERASE], cc[VKILL] = 0x04, 0x7F, 0x15
    cc[VINTR], cc[VQUIT], cc[VSUSP] = 0x03, 0x1C, 0x1A
    cc[VMIN], cc[VTIME] = 1, 0
    return cc


class Termios:
    def __init__(self, interactive):
        self.iflag = ICRNL if interactive else 0
        self.oflag = OPOST | ONLCR if interactive else 0
        self.cflag = 0x4B00         # CS8 | CREAD | HUPCL
        self.lflag = (ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN
                      if interactive else 0)
        self.cc = default_cc()
        self.speed = 38400

    def pack(self):
        return TERMIOS.pack(self.iflag, self.oflag, self.cflag, self.lflag,
                            *self.cc, self.speed, self.speed)

    def unpack(self, data):
        fields = TERMIOS.unpack(data)
        self.iflag, self.oflag, self.cflag, self.lflag = fields[:4]
        self.cc = list(fields[4:4 + NCCS])


class LineDiscipline:
    """Input processing for one terminal.  `echo(bytes)` writes to the
    terminal; `signal(sig)` signals the foreground process group."""

    def __init__(self, interactive, echo, signal):
        self.termios = Termios(interactive)
        self._echo = echo
        self._signal = signal
        self._line = bytearray()        # the line being typed
        self._ready = deque()           # what read() may take: lines, or b"" = EOF

    def input(self, data):
        """Bytes typed on the keyboard."""
        t = self.termios
        for byte in data:
            if t.iflag & ICRNL and byte == 0x0D:
                byte = 0x0A
            if t.lflag & ISIG and self._is_signal(byte):
                continue
            if t.lflag & ICANON:
                self._canonical(byte)
            else:
                self._ready.append(bytes([byte]))
                self._echo_char(byte)

    def _is_signal(self, byte):
        cc = self.termios.cc
        signals = {cc[VINTR]: SIGINT, cc[VQUIT]: SIGQUIT, cc[VSUSP]: SIGTSTP}
        sig = signals.get(byte) if byte != 0xFF else None
        if sig is None:
            return False
        self._line.clear()
        self._echo_char(byte)
        self._signal(sig)
        return True

    def _canonical(self, byte):
        cc = self.termios.cc
        if byte in (cc[VERASE], 0x08):
            if self._line:
                self._line.pop()
                if self.termios.lflag & ECHO:
                    self._echo(b"\b \b")
        elif byte == cc[VKILL]:
            if self.termios.lflag & ECHO:
                self._echo(b"\b \b" * len(self._line))
            self._line.clear()
        elif byte == cc[VEOF]:
            self._ready.append(bytes(self._line))   # b"" reads as end of file
            self._line.clear()
        else:
            self._line.append(byte)
            self._echo_char(byte)
            if byte == 0x0A:
                self._ready.append(bytes(self._line))
                self._line.clear()

    def _echo_char(self, byte):
        if not self.termios.lflag & ECHO:
            return
        if byte < 0x20 and byte not in (0x0A, 0x09):
            self._echo(b"^" + bytes([byte + 0x40]))
        else:
            self._echo(bytes([byte]))

    def readable(self):
        return bool(self._ready)

    def pending_bytes(self):
        return sum(len(chunk) for chunk in self._ready)

    def read(self, nbyte):
        """Up to nbyte bytes: in canonical mode never past the end of a
        line.  b"" for an end-of-file mark.  None if nothing is ready."""
        if not self._ready:
            return None
        chunk = self._ready.popleft()
        if self.termios.lflag & ICANON:
            if len(chunk) > nbyte:
                self._ready.appendleft(chunk[nbyte:])
                chunk = chunk[:nbyte]
            return chunk
        out = bytearray(chunk)
        while self._ready and len(out) < nbyte and self._ready[0]:
            out += self._ready.popleft()
        if len(out) > nbyte:
            self._ready.appendleft(bytes(out[nbyte:]))
            del out[nbyte:]
        return bytes(out)

    def output(self, data):
        """Output processing: ONLCR."""
        t = self.termios
        if t.oflag & OPOST and t.oflag & ONLCR:
            return data.replace(b"\n", b"\r\n")
        return data


# -- job control: background processes and the terminal ---------------------

def isbackground(p, tp):
    """Is p in a background group of tp's session?  (tp: the terminal,
    with its foreground group pgrp and its session.)"""
    return bool(tp.pgrp) and p.p_p.ps_sid == tp.session and p.p_p.ps_pgid != tp.pgrp


def _refuses(p, sig):
    return p.p_sigmask & sigbit(sig) or sigignored(p.p_p, sig)


def ttcheck_read(p, tp):
    """May p read tp now?  True: it may.  False: its group was sent
    SIGTTIN, the caller runs the read again once p continues.  EIO for a
    process that would never be stopped for it."""
    if not isbackground(p, tp):
        return True
    if _refuses(p, SIGTTIN) or pgrp_orphaned(p.kernel, p.p_p.ps_pgid):
        raise Errno(EIO)
    killpg(p.kernel, p.p_p.ps_pgid, SIGTTIN)
    return False


def ttcheck_output(p, tp, change):
    """May p write to tp (change False: checked only with TOSTOP) or
    change its modes or foreground group (change True)?  As ttcheck_read,
    with SIGTTOU; a process ignoring or blocking SIGTTOU goes ahead."""
    if not isbackground(p, tp) or _refuses(p, SIGTTOU):
        return True
    if not change and not tp.ldisc.termios.lflag & TOSTOP:
        return True
    if pgrp_orphaned(p.kernel, p.p_p.ps_pgid):
        raise Errno(EIO)
    killpg(p.kernel, p.p_p.ps_pgid, SIGTTOU)
    return False
