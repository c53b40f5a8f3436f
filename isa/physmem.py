"""Physical memory: one host buffer that every emulated core maps at
physical address 0, and the allocator of its 4 KiB frames.

The buffer is an anonymous host mapping, so the host only spends memory on
frames the guest has actually touched; its size is the machine's RAM size
and nothing the guest does can grow it.
"""

import ctypes
import mmap

from .x86 import PAGE_SIZE, PAGE_SHIFT

ZERO_PAGE_BYTES = bytes(PAGE_SIZE)


class PhysicalMemory:
    def __init__(self, size):
        if size <= 0 or size % (2 << 20):
            raise ValueError("memory size must be a positive multiple of 2 MiB")
        self.size = size
        self._mapping = mmap.mmap(-1, size)
        self._anchor = ctypes.c_char.from_buffer(self._mapping)
        self.host_address = ctypes.addressof(self._anchor)
        self.mem = memoryview(self._mapping)        # bytes, indexed by physical address
        self.q = self.mem.cast("Q")                 # 64-bit words (page tables)
        self.nframes = size >> PAGE_SHIFT
        # Free frames, lowest address handed out first (a stack: pop() from
        # the end), so allocation order is deterministic.
        self._free = list(range(self.nframes - 1, -1, -1))
        self._is_free = bytearray(b"\x01") * self.nframes
        # Frames that have held code a core may have translated; reusing one
        # for other contents needs the cores' translation caches flushed.
        self.code_frames = set()
        self.code_generation = 0

    # -- the frame allocator --------------------------------------------

    @property
    def free_count(self):
        return len(self._free)

    def alloc_frame(self):
        """Take a free frame; return its physical address, or None when
        memory is exhausted.  The frame's contents are undefined."""
        if not self._free:
            return None
        frame = self._free.pop()
        self._is_free[frame] = 0
        if frame in self.code_frames:
            # Old translated code for this frame may still sit in the cores'
            # caches: bump the generation so each core flushes before it
            # next runs guest code.
            self.code_frames.discard(frame)
            self.code_generation += 1
        return frame << PAGE_SHIFT

    def alloc_zeroed_frame(self):
        pa = self.alloc_frame()
        if pa is not None:
            self.mem[pa:pa + PAGE_SIZE] = ZERO_PAGE_BYTES
        return pa

    def free_frame(self, pa):
        frame = pa >> PAGE_SHIFT
        if self._is_free[frame]:
            raise RuntimeError(f"double free of physical page {pa:#x}")
        self._is_free[frame] = 1
        self._free.append(frame)

    def is_free(self, pa):
        return bool(self._is_free[pa >> PAGE_SHIFT])

    def mark_code(self, pa):
        """Note that a core may execute (and so cache translations of) pa."""
        self.code_frames.add(pa >> PAGE_SHIFT)

    # -- contents ----------------------------------------------------------

    def zero_frame(self, pa):
        self.mem[pa:pa + PAGE_SIZE] = ZERO_PAGE_BYTES

    def copy_frame(self, dst, src):
        self.mem[dst:dst + PAGE_SIZE] = self.mem[src:src + PAGE_SIZE]

    def read(self, pa, n):
        return bytes(self.mem[pa:pa + n])

    def write(self, pa, data):
        self.mem[pa:pa + len(data)] = data

    def close(self):
        self.q.release()
        self.mem.release()
        del self._anchor
        self._mapping.close()
