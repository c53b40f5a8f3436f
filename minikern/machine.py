"""A machine: physical memory, cores, and the kernel booted on them."""

import time

from isa.calibrate import calibration
from isa.cpu import Core
from isa.locore import Locore, MAX_CORES
from isa.physmem import PhysicalMemory

from .kern.init_main import Kernel

DEFAULT_CORES = 2
DEFAULT_MEMORY = 256 << 20
MIN_MEMORY = 4 << 20
MAX_MEMORY = 16 << 30


class MachineConfigError(ValueError):
    pass


def parse_size(text):
    """'256M', '1G', '65536K' or a number of bytes."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    typed = str(text)
    text = typed.strip().upper().removesuffix("B").removesuffix("I")
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except (ValueError, OverflowError):        # "abc", "infM"
        raise MachineConfigError(f"bad memory size {typed!r} (try 256M or 1G)") from None


class Machine:
    def __init__(self, cores=DEFAULT_CORES, memory=DEFAULT_MEMORY, seed=0,
                 console=None, boottime_ns=None, log=None, prefault=True,
                 rootfs=None, giant=False, witness=False, realtime=False):
        if not 1 <= cores <= MAX_CORES:
            raise MachineConfigError(f"cores must be between 1 and {MAX_CORES}")
        if not MIN_MEMORY <= memory <= MAX_MEMORY or memory % (2 << 20):
            raise MachineConfigError(
                "memory must be a multiple of 2M between 4M and 16G")
        self.ncores = cores
        self.memory = memory
        self.seed = seed
        self.giant = giant
        self.phys = PhysicalMemory(memory, prefault)
        self.locore = Locore(self.phys)
        cal = calibration()
        self.cores = [Core(self.phys, self.locore, i, cal) for i in range(cores)]
        if boottime_ns is None:
            boottime_ns = time.time_ns()
        self.kernel = Kernel(self.phys, self.locore, self.cores, seed=seed,
                             console=console, boottime_ns=boottime_ns, log=log,
                             rootfs=rootfs, giant=giant, witness=witness)
        self.kernel.sched.realtime = realtime   # idle time waits for the wall clock

    def spawn(self, image, argv, envp=(), uobj=None):
        return self.kernel.spawn(image, [_b(a) for a in argv], [_b(e) for e in envp],
                                 uobj=uobj)

    def run(self, until=None):
        self.kernel.run(until)

    def run_image(self, image, argv, envp=()):
        """Run one program to completion; return its wait status."""
        p = self.spawn(image, argv, envp)
        self.run(until=lambda: p.ps_xstat is not None)
        return p.ps_xstat

    def close(self):
        for core in self.cores:
            core.close()
        self.cores = []
        self.phys.close()


def _b(s):
    return s if isinstance(s, bytes) else str(s).encode()
