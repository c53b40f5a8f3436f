"""The console: the machine's terminal, where the guest's standard input,
output and error go (/dev/console).

Output goes to a sink (the host terminal by default, a buffer in tests).
Input comes from bytes given in advance (tests) or from the host's
standard input, through the line discipline (dev/tty.py): canonical line
editing and ^C/^\\ signals when the host side is an interactive terminal,
raw passthrough when it is a pipe or a file.  A guest reading an empty
console sleeps; when every process sleeps, the machine waits for the host
to type something.
"""

import contextlib
import os
import select
import signal
import struct
import sys
import termios
import threading
import time

from ..kern.copy import copyin, copyout
from ..sys.errno import Errno, EIO, ENOTTY, EPERM, EPIPE, ERESTART
from ..sys.poll import POLL_READ, POLL_WRITE
from ..kern.kern_synch import tsleep, wakeup
from ..sys.termios import TERMIOS
from ..sys.ttycom import (TIOCGETA, TIOCSETA, TIOCSETAW, TIOCSETAF, TIOCGPGRP,
                          TIOCSPGRP, TIOCSCTTY, TIOCMGET, TIOCM_CAR, TIOCGWINSZ,
                          FIONREAD, WINSIZE)
from .tty import LineDiscipline, ttcheck_output, ttcheck_read
from ..kern.kern_sig import killpg, ptsignal, SIGPIPE

HOST_READ = 4096
POLL_CYCLES = 3_000_000     # a terminal is looked at this often (1 ms at 3 GHz)


class Console:
    def __init__(self, output=None, input_bytes=None, input_fd=0, interactive=False):
        self._sink = output or _host_stdout
        self._host_fd = None if input_bytes is not None else input_fd
        self.interactive = interactive
        self.kernel = None              # set when a kernel boots on it
        self.pgrp = 0                   # the foreground process group
        self.session = 0                # the session it is the terminal of
        self.ldisc = LineDiscipline(interactive, self.write, self._signal_pgrp)
        self.eof = False
        self.readers_waiting = False
        self.hungup = False             # the host stopped reading our output
        self.output_error = None        # the host cannot take our output (ENOSPC ...)
        self.polled_at = 0              # virtual time of the last look at the host
        self.host_raw = False           # the host terminal is raw (host_terminal_raw)
        if input_bytes is not None:
            self.ldisc.input(input_bytes)
            self.eof = True             # nothing comes after the given bytes

    def write(self, data):
        """Send data to the host.  False once the host side has gone away
        (its output was a pipe whose reader quit: `minikern run yes | head`)."""
        if self.hungup or self.output_error:
            return False
        try:
            self._sink(self.ldisc.output(data))
        except BrokenPipeError:
            self.hungup = True
            return False
        except OSError as e:            # `minikern run echo hi >/dev/full`
            self.output_error = e
            return False
        return True

    def take(self, nbyte):
        """Up to nbyte bytes of input (b"" at end of file), or None if
        there is none yet."""
        data = self.ldisc.read(nbyte)
        if data is not None:
            return data
        if self.eof or self._host_fd is None:
            return b""
        return None

    def readable(self):
        """Would a read return now: input is ready, or end of file?"""
        return self.ldisc.readable() or self.eof or self._host_fd is None

    def feed(self, data):
        """Input arrives (from the host, or the REPL)."""
        if data:
            self.ldisc.input(data)
        else:
            self.eof = True
        if self.kernel is not None:
            self.readers_waiting = False
            wakeup(self.kernel, self)

    def _signal_pgrp(self, sig):
        if self.kernel is not None and self.pgrp:
            killpg(self.kernel, self.pgrp, sig)

    # -- the host side -------------------------------------------------------

    def poll(self, kernel):
        """Take host input that is already there, without blocking.  A
        pipe or file is read only when a guest waits for it, so the same
        input gives the same run.  A terminal is also looked at while
        guests compute (every POLL_CYCLES of virtual time, about a
        millisecond), so that ^C reaches a program that never reads."""
        if self._host_fd is None:
            return
        if not self.readers_waiting:
            if not self.interactive or self.eof:
                return
            now = max(ci.clock for ci in kernel.sched.cpus)  # the busiest core's
            if now - self.polled_at < POLL_CYCLES:
                return
            self.polled_at = now
        ready, _, _ = select.select([self._host_fd], [], [], 0)
        if ready:
            self._read_host()

    def wait_for_input(self, kernel, seconds=None):
        """Block until the host types something, if a guest is waiting.
        With seconds (a wall-clock machine whose sleepers wait for a
        deadline): wait that long at most, also when no guest reads, so
        that a typed ^C is seen at once.  True if input came."""
        if seconds is None:
            if self._host_fd is None or not self.readers_waiting:
                return False
            self._read_host()
            return True
        if self._host_fd is None or self.eof or not (
                self.readers_waiting or self.interactive):
            time.sleep(seconds)         # no host input to wait on
            return False
        ready, _, _ = select.select([self._host_fd], [], [], seconds)
        if ready:
            self._read_host()
        return bool(ready)

    def _read_host(self):
        try:
            data = os.read(self._host_fd, HOST_READ)
        except OSError:
            data = b""
        self.feed(data)

    @contextlib.contextmanager
    def host_terminal_raw(self):
        """While the guest runs, the host terminal (if input comes from
        one) is a plain wire: every key is handed over as it is typed (no
        echo, no line editing, no signals from ^C ^\\ ^Z, no ^S/^Q) and
        the guest's output reaches the screen byte for byte.  The guest
        console's line discipline does the rest, as a serial console's
        would.  `minikern run` and the REPL both run guests inside this.

        The terminal gets its modes back on every way out: the guest's
        end, an exception, and SIGTERM or SIGHUP to minikern itself (put
        back, then the signal does what it would have done)."""
        if not self.interactive or self._host_fd is None:
            yield
            return
        fd = self._host_fd
        saved = termios.tcgetattr(fd)

        def restore():
            self.host_raw = False
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

        termios.tcsetattr(fd, termios.TCSADRAIN, _raw_modes(saved))
        self.host_raw = True
        try:
            with _restored_before_dying(restore):
                yield
        finally:
            restore()

    def host_line(self, text, stream=None):
        """A line of minikern's own (a kernel message) on the host's
        standard error.  On a raw terminal nothing turns "\\n" into
        "\\r\\n", so the line ends with both, as the guest's would."""
        stream = stream or sys.stderr
        stream.write(text + ("\r\n" if self.host_raw else "\n"))
        stream.flush()

    # -- ioctl ----------------------------------------------------------------

    def ioctl(self, p, com, data):
        if com in (TIOCSETA, TIOCSETAW, TIOCSETAF, TIOCSPGRP) and \
                not ttcheck_output(p, self, change=True):
            return ERESTART             # stopped by SIGTTOU: again when continued
        if com == TIOCGETA:
            copyout(p, self.ldisc.termios.pack(), data)
        elif com in (TIOCSETA, TIOCSETAW, TIOCSETAF):
            self.ldisc.termios.unpack(copyin(p, data, TERMIOS.size))
        elif com == TIOCGPGRP:
            copyout(p, struct.pack("<i", self.pgrp), data)
        elif com == TIOCSPGRP:
            self._set_pgrp(p, struct.unpack("<i", copyin(p, data, 4))[0])
        elif com == TIOCSCTTY:
            self._set_session(p)
        elif com == TIOCMGET:
            copyout(p, struct.pack("<i", TIOCM_CAR if self.carrier() else 0), data)
        elif com == TIOCGWINSZ:
            copyout(p, WINSIZE.pack(24, 80, 0, 0), data)
        elif com == FIONREAD:
            copyout(p, struct.pack("<i", self.ldisc.pending_bytes()), data)
        else:
            raise Errno(ENOTTY)
        return 0

    def carrier(self):
        """Is the line up (a modem's carrier detect)?  Until the host's
        input has ended for good (a pipe or file at its end, a closed
        pseudo-terminal) and what came before has been read.  init asks,
        so as not to start shell after shell on a console nobody types on."""
        return not self.eof or self.ldisc.readable()

    def _set_pgrp(self, p, pgid):
        """tcsetpgrp: a group of the terminal's session becomes the
        foreground (ENOTTY: not p's terminal; EPERM: no such group there)."""
        if p.p_p.ps_sid != self.session:
            raise Errno(ENOTTY)
        if not any(q.ps_pgid == pgid and q.ps_sid == p.p_p.ps_sid for q in self.kernel.procs.values()):
            raise Errno(EPERM)
        self.pgrp = pgid

    def _set_session(self, p):
        """TIOCSCTTY: a session leader makes the console its controlling
        terminal, its group the foreground (as init does for the login
        shell).  OpenBSD refuses a terminal another session holds; here
        the one user is root, who may take it (Linux's TIOCSCTTY 1)."""
        if p.p_p.ps_sid != p.p_p.ps_pid:
            raise Errno(EPERM)
        self.session = p.p_p.ps_sid
        self.pgrp = p.p_p.ps_pgid


def _raw_modes(mode):
    """cfmakeraw(3): no input, output or local processing, 8-bit bytes."""
    iflag, oflag, cflag, lflag, ispeed, ospeed, cc = mode
    iflag &= ~(termios.IGNBRK | termios.BRKINT | termios.PARMRK | termios.ISTRIP |
               termios.INLCR | termios.IGNCR | termios.ICRNL | termios.IXON)
    oflag &= ~termios.OPOST
    lflag &= ~(termios.ECHO | termios.ECHONL | termios.ICANON | termios.ISIG |
               termios.IEXTEN)
    cflag = cflag & ~(termios.CSIZE | termios.PARENB) | termios.CS8
    cc = list(cc)
    cc[termios.VMIN], cc[termios.VTIME] = 1, 0
    return [iflag, oflag, cflag, lflag, ispeed, ospeed, cc]


@contextlib.contextmanager
def _restored_before_dying(restore, signals=(signal.SIGTERM, signal.SIGHUP)):
    """SIGTERM or SIGHUP would end minikern without a word: put the
    terminal back first, then let the signal act as it would have."""
    if threading.current_thread() is not threading.main_thread():
        yield                   # only the main thread may catch signals
        return

    def die(signum, frame):
        restore()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    old = {sig: signal.signal(sig, die) for sig in signals
           if signal.getsignal(sig) == signal.SIG_DFL}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _host_stdout(data):
    out = sys.stdout.buffer
    try:
        out.write(data)
        out.flush()
    except OSError:
        # Nobody reads the host's standard output any more (or it is full).
        # Point it at /dev/null, so that what is still buffered (and
        # Python's own flush at exit) goes nowhere quietly, and tell the
        # console.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
        raise


def cnread(p, nbyte):
    """read(2) on the console: typed input, or sleep until there is some
    (None tells the caller that p sleeps)."""
    console = p.kernel.console
    if not ttcheck_read(p, console):
        return None                     # stopped by SIGTTIN: again when continued
    data = console.take(nbyte)
    if data is None:
        console.readers_waiting = True
        tsleep(p, console, "ttyin")
    return data


def cnwrite(p, data):
    """write(2) on the console.  When the host has stopped reading (its
    output was a pipe that closed), the writer is treated as a writer of a
    pipe with no reader: SIGPIPE and EPIPE, so `minikern run yes | head`
    ends the way `yes | head` does on the host."""
    console = p.kernel.console
    if not ttcheck_output(p, console, change=False):
        return None                     # stopped by SIGTTOU: again when continued
    if not console.write(data):
        if console.output_error:        # as a terminal that fails: EIO
            raise Errno(EIO)
        ptsignal(p, SIGPIPE)
        raise Errno(EPIPE)
    return len(data)


def cnpoll(p, events):
    """poll(2) on the console: readable with a line typed (a byte, raw)
    or at end of file; output never blocks.  A poller waits like a reader
    (the host's input is then read as it comes)."""
    console = p.kernel.console
    revents = events & POLL_WRITE
    if events & POLL_READ:
        if console.readable():
            revents |= events & POLL_READ
        else:
            console.readers_waiting = True
    return revents, console


def cnioctl(p, com, data):
    return p.kernel.console.ioctl(p, com, data)
