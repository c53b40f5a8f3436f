"""Memory commands: vm, pte, x, faults (phys is with the machine's)."""

from minikern.ddb.db_interface import (INHERIT_NAMES, PAGE_SIZE, PROT_EXEC, PROT_READ,
                                       PROT_WRITE, PTE_BIT_NAMES, extract, page_walk,
                                       read_memory, vm_entries)

from .symbols import location, symbolic
from .table import CommandError, command, need, parse_count, parse_int, proc_arg, user_address

def prot_string(prot):
    return "".join(ch if prot & bit else "-" for ch, bit in
                   (("r", PROT_READ), ("w", PROT_WRITE), ("x", PROT_EXEC)))


def amap_string(entry):
    amap = entry.amap
    if amap is None:
        return "-"
    return f"{len(amap.slots)} anons"


@command("memory", "vm PID", "the address space of PID, like procmap(1)",
         """
One line per map entry: the range, protection and maximum protection
(rwx), inheritance at fork, the amap (anonymous pages) and object
(file) behind it, the pages resident in the page tables, and its name.""",
         complete=("pid",))
def cmd_vm(repl, args):
    need(args, 1, 1, "vm PID")
    p = proc_arg(repl, args[0])
    repl.heading(f"{'START':>16}-{'END':<16} {'KB':>7} PROT MAX INH   "
                 f"{'AMAP':<10} {'OBJECT':<10} {'RES':>5} NAME")
    total = 0
    for entry, res in vm_entries(p):
        kb = (entry.end - entry.start) // 1024
        obj = f"obj+{entry.offset:#x}" if entry.obj is not None else "-"
        inherit = INHERIT_NAMES.get(entry.inheritance, "none")
        repl.print(f"{entry.start:016x}-{entry.end:016x} {kb:>7} "
                   f"{prot_string(entry.prot)}  {prot_string(entry.maxprot)} "
                   f"{inherit:<5} {amap_string(entry):<10} {obj:<10} "
                   f"{res:>5} {entry.name}")
        total += kb
    repl.print(f"total {total}K, {p.ps_vmspace.pmap.resident} pages resident")


def pte_bits_string(entry):
    return " ".join(name for bit, name in PTE_BIT_NAMES if entry & bit)


@command("memory", "pte PID VADDR", "the 4-level page-table walk for VADDR",
         """
Each level's table (physical address), the index VADDR selects in it,
the entry's value and its bits (V present, RW writable, U user, A
accessed, M dirty, NX no-execute), as the MMU reads them.""",
         complete=("pid",))
def cmd_pte(repl, args):
    need(args, 2, 2, "pte PID VADDR")
    p = proc_arg(repl, args[0])
    va = user_address(parse_int(args[1], "address"))
    repl.heading(f"{'LEVEL':<5} {'TABLE':>12} {'INDEX':>5} {'ENTRY ADDR':>12} "
                 f"{'VALUE':>18}  BITS")
    for name, table, index, entry in page_walk(p, va):
        repl.print(f"{name:<5} {table:#12x} {index:>5} {table + 8 * index:#12x} "
                   f"{entry:#018x}  {pte_bits_string(entry) or '(not present)'}")
    pa = extract(p, va)
    if pa is None:
        repl.print(f"{va:#x}: not mapped")
    else:
        repl.print(f"{va:#x} -> physical {pa:#x} (frame {pa // PAGE_SIZE})")


def read_user(p, va, n):
    """Up to n bytes at va, per page: a list of (va, bytes or None when
    no map entry covers the page).  Nothing is faulted in: a page not in
    the page tables is read where it waits (ddb's db_access)."""
    pieces = []
    end = va + n
    while va < end:
        chunk = min(end - va, PAGE_SIZE - (va & 0xFFF))
        pieces.append((va, read_memory(p, va, chunk)))
        va += chunk
    return pieces


def hexdump_lines(va, data):
    for off in range(0, len(data), 16):
        row = data[off:off + 16]
        hexes = " ".join(f"{b:02x}" for b in row)
        text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in row)
        yield f"{va + off:016x}  {hexes:<47}  {text}"


@command("memory", "x PID WHERE [N]", "hexdump N bytes (default 64) of PID's memory",
         """
WHERE is an address or a symbol (&counter, buf+16); N defaults to the
size of a variable named.  Read through PID's page tables; a page the
process has not touched yet shows what it will hold (its file's bytes,
or zeros) and nothing is faulted in, so looking changes nothing.""",
         complete=("pid",))
def cmd_x(repl, args):
    need(args, 2, 3, "x PID WHERE [N]")
    p = proc_arg(repl, args[0])
    va, sym = location(p, args[1])
    if len(args) > 2:
        n = parse_count(args[2])
    else:
        n = sym.size if sym is not None and sym.kind == "object" and sym.size else 64
    if not 0 < n <= 1 << 20:
        raise CommandError("N must be between 1 and 1048576")
    user_address(va, n)
    if sym is not None:
        repl.print(f"{sym.name} at {va:#x}, {n} bytes:")
    for start, data in read_user(p, va, n):
        if data is None:
            repl.print(f"{start:016x}  -- page not mapped --")
        else:
            for line in hexdump_lines(start, data):
                repl.print(line)


ACCESS_NAMES = {PROT_READ: "read", PROT_WRITE: "write", PROT_EXEC: "exec"}


def cmd_faults(repl, args):
    need(args, 0, 1, "faults [PID]")
    logs = repl.faults.histories()
    if args:
        pid = parse_int(args[0], "pid")
        if pid not in logs:
            raise CommandError(f"no fault log for process {pid}")
        logs = {pid: logs[pid]}
    repl.heading(f"{'PID':>5} {'COMMAND':<10} {'ADDRESS':>16} {'ACCESS':<6} HOW")
    for pid, (p, log) in sorted(logs.items()):
        for va, access, how in log:
            name = symbolic(p, va)
            repl.print(f"{pid:>5} {p.ps_comm:<10} {va:>16x} "
                       f"{ACCESS_NAMES.get(access, '?'):<6} {how}"
                       + (f" {' ' * (9 - len(how))}<{name}>" if name else ""))


command("memory", "faults [PID]", "the recent page faults and how each was resolved",
        """
The last faults of each process the REPL started, and of their children
(or of PID): address, access, and how: zero-fill, cow (copy-on-write),
object (a file's page), promote (private copy of a file page), remap, or
SIGSEGV.  The logs of the last processes to exit are kept after them.""",
        complete=("pid",))(cmd_faults)

