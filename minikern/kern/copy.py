"""copyin/copyout: move bytes between the kernel and a user address space.

The kernel does what the MMU does: it walks the process's page tables.
A page that is not mapped yet (or is read-only and copy-on-write) is
faulted in through uvm_fault, exactly as if the user had touched it; an
address the process may not access is EFAULT, never a kernel crash.
"""

from isa.pmap import PROT_READ, PROT_WRITE, pmap_extract, pmap_prot
from isa.x86 import PAGE_MASK, PAGE_SIZE

from ..uvm.uvm_fault import uvm_fault
from ..uvm.uvm_map import VM_MAXUSER_ADDRESS
from ..uvm.uvm_pdaemon import uvm_oom
from ..sys.errno import Errno, EFAULT, ENAMETOOLONG, E2BIG, ENOMEM
from ..sys.clock import COPY_BYTES_PER_CYCLE


def _check_range(va, n):
    if va < 0 or n < 0 or va + n > VM_MAXUSER_ADDRESS:
        raise Errno(EFAULT)


def _user_page(vm, va, write):
    """Physical address of user va, faulting the page in if needed."""
    access = PROT_WRITE if write else PROT_READ
    pmap = vm.pmap
    if not pmap_prot(pmap, va) & access:
        _fault_in(vm, va, access)
    return pmap_extract(pmap, va)


def _fault_in(vm, va, access):
    """uvm_fault on the process's behalf.  Out of memory, the OOM killer
    frees some and the fault is retried, unless the process itself was
    killed; every failure is EFAULT to the system call."""
    while True:
        try:
            return uvm_fault(vm, va, access)
        except Errno as e:
            kernel = vm.map.pages.kernel
            ci = kernel.curcpu if kernel is not None else None
            if e.errno != ENOMEM or ci is None or not uvm_oom(kernel, ci.curproc):
                raise Errno(EFAULT) from None


def _charge_copy(p, n):
    ci = p.kernel.curcpu
    if ci is not None:
        ci.kernel_cycles += n // COPY_BYTES_PER_CYCLE


def copyin(p, va, n):
    """Read n bytes of user memory at va."""
    _check_range(va, n)
    _charge_copy(p, n)
    vm = p.p_p.ps_vmspace
    mem = vm.pmap.phys.mem
    out = bytearray()
    while n > 0:
        chunk = min(n, PAGE_SIZE - (va & PAGE_MASK))
        pa = _user_page(vm, va, False)
        out += mem[pa:pa + chunk]
        va += chunk
        n -= chunk
    return bytes(out)


def copyout(p, data, va):
    """Write data into user memory at va."""
    n = len(data)
    _check_range(va, n)
    _charge_copy(p, n)
    vm = p.p_p.ps_vmspace
    mem = vm.pmap.phys.mem
    done = 0
    while done < n:
        chunk = min(n - done, PAGE_SIZE - (va & PAGE_MASK))
        pa = _user_page(vm, va, True)
        mem[pa:pa + chunk] = data[done:done + chunk]
        va += chunk
        done += chunk


def copyinstr(p, va, maxlen):
    """Read a NUL-terminated string of at most maxlen bytes (with the NUL)."""
    vm = p.p_p.ps_vmspace
    mem = vm.pmap.phys.mem
    out = bytearray()
    while len(out) < maxlen:
        _check_range(va, 1)
        pa = _user_page(vm, va, False)
        chunk = min(PAGE_SIZE - (va & PAGE_MASK), maxlen - len(out))
        piece = mem[pa:pa + chunk]
        nul = bytes(piece).find(b"\0")
        if nul >= 0:
            out += piece[:nul]
            return bytes(out)
        out += piece
        va += chunk
    raise Errno(ENAMETOOLONG)


def copyin_u64(p, va):
    return int.from_bytes(copyin(p, va, 8), "little")


def copyin_strings(p, va, max_count, max_bytes):
    """An argv-style NULL-terminated array of string pointers."""
    strings = []
    total = 0
    while True:
        ptr = copyin_u64(p, va)
        if ptr == 0:
            return strings
        if len(strings) >= max_count:
            raise Errno(E2BIG)
        s = copyinstr(p, ptr, max_bytes - total + 1)
        total += len(s) + 1
        strings.append(s)
        va += 8



