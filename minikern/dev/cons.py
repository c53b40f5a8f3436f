"""The console: where the guest's standard input, output and error go.

Output is handed to a sink (the host terminal by default, a buffer in
tests).  Input comes from bytes given in advance (tests) or from the
host's standard input.  A guest reading an empty console sleeps; when
every process sleeps, the machine waits for the host to type something.
"""

import os
import select
import sys

from ..kern.kern_synch import tsleep, wakeup

HOST_READ = 4096


class Console:
    def __init__(self, output=None, input_bytes=None, input_fd=0):
        self._sink = output or _host_stdout
        self._buffer = bytearray(input_bytes or b"")
        self._host_fd = None if input_bytes is not None else input_fd
        self.eof = input_bytes is not None and not input_bytes
        self.readers_waiting = False

    def write(self, data):
        self._sink(data)

    def take(self, nbyte):
        """Up to nbyte bytes of typed input (b"" at end of file), or None
        if there is none yet."""
        if self._buffer:
            chunk = bytes(self._buffer[:nbyte])
            del self._buffer[:nbyte]
            return chunk
        if self.eof or self._host_fd is None:
            return b""
        return None

    def feed(self, data):
        """Input arrives (from the host, or the REPL)."""
        if data:
            self._buffer += data
        else:
            self.eof = True

    def poll(self, kernel):
        """Take host input that is already there, without blocking."""
        if self._host_fd is None or not self.readers_waiting:
            return
        ready, _, _ = select.select([self._host_fd], [], [], 0)
        if ready:
            self._read_host(kernel)

    def wait_for_input(self, kernel):
        """Block until the host types something, if a guest is waiting."""
        if self._host_fd is None or not self.readers_waiting:
            return False
        self._read_host(kernel)
        return True

    def _read_host(self, kernel):
        try:
            data = os.read(self._host_fd, HOST_READ)
        except OSError:
            data = b""
        self.feed(data)
        self.readers_waiting = False
        wakeup(kernel, self)


def _host_stdout(data):
    out = sys.stdout.buffer
    out.write(data)
    out.flush()


def cnread(p, nbyte):
    """read(2) on the console: typed input, or sleep until there is some
    (None tells the caller that p sleeps)."""
    console = p.kernel.console
    data = console.take(nbyte)
    if data is None:
        console.readers_waiting = True
        tsleep(p, console, "ttyin")
    return data


def cnwrite(p, data):
    p.kernel.console.write(data)
    return len(data)
