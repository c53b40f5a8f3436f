"""The console: where the guest's standard input, output and error go.

Output is handed to a sink (the host terminal by default, a buffer in
tests); input comes from bytes given in advance or from the host's
standard input.
"""

import os
import sys

from ..kern.kern_descrip import File, FREAD, FWRITE


class Console:
    def __init__(self, output=None, input_bytes=None):
        self._sink = output or _host_stdout
        self._input = bytearray(input_bytes) if input_bytes is not None else None
        self.eof = False
        self.transcript_limit = 1 << 20

    def write(self, data):
        self._sink(data)

    def read(self, nbyte):
        if self._input is None:
            return self._read_host(nbyte)
        chunk = bytes(self._input[:nbyte])
        del self._input[:nbyte]
        return chunk

    def _read_host(self, nbyte):
        try:
            return os.read(0, nbyte)
        except OSError:
            return b""


def _host_stdout(data):
    out = sys.stdout.buffer
    out.write(data)
    out.flush()


class ConsoleFile(File):
    """An open descriptor on the console (what /dev/console gives)."""

    def __init__(self, console, flags=FREAD | FWRITE):
        super().__init__(flags)
        self.console = console

    def read(self, p, nbyte):
        return self.console.read(nbyte)

    def write(self, p, data):
        self.console.write(data)
        return len(data)
