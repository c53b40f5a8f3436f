"""x86-64 architectural constants shared by the machine-dependent layer."""

PAGE_SIZE = 4096
PAGE_SHIFT = 12
PAGE_MASK = PAGE_SIZE - 1

# Page-table entry bits (Intel SDM vol. 3, 4.5).
PG_V = 0x001        # present ("valid" in BSD's pmap vocabulary)
PG_RW = 0x002       # writable
PG_U = 0x004        # user-accessible
PG_PWT = 0x008
PG_PCD = 0x010
PG_A = 0x020        # accessed (set by the CPU)
PG_M = 0x040        # dirty (set by the CPU)
PG_PS = 0x080       # large page (not used by minikern's pmap)
PG_G = 0x100        # global
PG_NX = 1 << 63     # no-execute
PG_FRAME = 0x000F_FFFF_FFFF_F000

PTE_BIT_NAMES = [(PG_V, "V"), (PG_RW, "RW"), (PG_U, "U"), (PG_PWT, "PWT"),
                 (PG_PCD, "PCD"), (PG_A, "A"), (PG_M, "M"), (PG_PS, "PS"),
                 (PG_G, "G"), (PG_NX, "NX")]

# #PF error code bits.
PGEX_P = 0x01       # the page was present (a protection violation)
PGEX_W = 0x02       # the access was a write
PGEX_U = 0x04       # the access came from user mode (CPL 3)
PGEX_I = 0x10       # the access was an instruction fetch

# Exception vectors (Intel SDM vol. 3, table 6-1).
T_DIVIDE = 0        # #DE
T_TRCTRAP = 1       # #DB
T_BPTFLT = 3        # #BP (int3)
T_OFLOW = 4
T_BOUND = 5
T_PRIVINFLT = 6     # #UD invalid opcode
T_DNA = 7
T_DOUBLEFLT = 8
T_TSSFLT = 10
T_SEGNPFLT = 11
T_STKFLT = 12
T_PROTFLT = 13      # #GP
T_PAGEFLT = 14      # #PF
T_ARITHTRAP = 16    # #MF
T_ALIGNFLT = 17
T_XMMFLT = 19

TRAP_NAMES = {0: "#DE", 1: "#DB", 3: "#BP", 4: "#OF", 5: "#BR", 6: "#UD",
              7: "#NM", 8: "#DF", 10: "#TS", 11: "#NP", 12: "#SS",
              13: "#GP", 14: "#PF", 16: "#MF", 17: "#AC", 19: "#XM"}

# Control-register bits.
CR0_PE = 0x1
CR0_WP = 0x10000
CR0_PG = 0x80000000
CR4_PAE = 0x20
CR4_OSFXSR = 0x200
CR4_OSXMMEXCPT = 0x400
EFER_SCE = 0x1
EFER_LME = 0x100
EFER_LMA = 0x400
EFER_NXE = 0x800

PSL_C = 0x1         # carry flag: set on a failed system call
PSL_I = 0x200       # interrupts enabled
PSL_USER = 0x202    # RFLAGS a user process starts with

# Indices into the CPU's general register file, in the order the emulated
# CPU keeps them (QEMU's CPUX86State.regs[]), followed by RIP and RFLAGS.
# Core.regs is a view of that live storage: core.regs[RAX] reads RAX
# without a trip through the Unicorn API.
RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI = range(8)
R8, R9, R10, R11, R12, R13, R14, R15 = range(8, 16)
RIP = 16
REG_NAMES = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
             "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip"]

# The OpenBSD amd64 system call ABI: number in RAX, arguments in these.
SYSCALL_ARG_REGS = (RDI, RSI, RDX, R10, R8, R9)

# Canonical address limits.
USER_MAX = 0x0000_8000_0000_0000          # first address above user space
KERNEL_BASE = 0xFFFF_8000_0000_0000       # first kernel (upper-half) address
