"""The registers gdb sees: the x86-64 target description minikern sends
(qXfer:features:read) and the g/G/p/P packets' byte layout.

gdb numbers the registers in the order the description lists them, and
its amd64 support wants the features named below with these register
names: the general registers and x87 state (org.gnu.gdb.i386.core), the
SSE registers (org.gnu.gdb.i386.sse), and fs_base/gs_base
(org.gnu.gdb.i386.segments; a thread's fs_base is where its TLS is).
A process's registers live in its saved Unicorn context; they are read
and written through a scratch Unicorn instance, into which a context
from any core can be restored.
"""

from unicorn import Uc, UC_ARCH_X86, UC_MODE_64
from unicorn import x86_const as X

# (name, size in bytes, gdb type, group, Unicorn register)
GPRS = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
CORE = ([(n, 8, "data_ptr" if n in ("rbp", "rsp") else "int64", None,
          getattr(X, f"UC_X86_REG_{n.upper()}")) for n in GPRS]
        + [("rip", 8, "code_ptr", None, X.UC_X86_REG_RIP),
           ("eflags", 4, "i386_eflags", None, X.UC_X86_REG_EFLAGS)]
        + [(seg, 4, "int32", None, getattr(X, f"UC_X86_REG_{seg.upper()}"))
           for seg in ("cs", "ss", "ds", "es", "fs", "gs")]
        + [(f"st{i}", 10, "i387_ext", "float", getattr(X, f"UC_X86_REG_FP{i}"))
           for i in range(8)]
        + [(name, 4, "int", "float", reg) for name, reg in (
            ("fctrl", X.UC_X86_REG_FPCW), ("fstat", X.UC_X86_REG_FPSW),
            ("ftag", X.UC_X86_REG_FPTAG), ("fiseg", None), ("fioff", None),
            ("foseg", None), ("fooff", None), ("fop", None))])
SSE = ([(f"xmm{i}", 16, "vec128", "vector", getattr(X, f"UC_X86_REG_XMM{i}"))
        for i in range(16)]
       + [("mxcsr", 4, "i386_mxcsr", "vector", X.UC_X86_REG_MXCSR)])
SEGMENTS = [("fs_base", 8, "int", None, X.UC_X86_REG_FS_BASE),
            ("gs_base", 8, "int", None, X.UC_X86_REG_GS_BASE)]
REGISTERS = CORE + SSE + SEGMENTS
REGNUM = {name: i for i, (name, *_rest) in enumerate(REGISTERS)}

_VECTOR_TYPES = """
    <vector id="v4f" type="ieee_single" count="4"/>
    <vector id="v2d" type="ieee_double" count="2"/>
    <vector id="v16i8" type="int8" count="16"/>
    <vector id="v8i16" type="int16" count="8"/>
    <vector id="v4i32" type="int32" count="4"/>
    <vector id="v2i64" type="int64" count="2"/>
    <union id="vec128">
      <field name="v4_float" type="v4f"/> <field name="v2_double" type="v2d"/>
      <field name="v16_int8" type="v16i8"/> <field name="v8_int16" type="v8i16"/>
      <field name="v4_int32" type="v4i32"/> <field name="v2_int64" type="v2i64"/>
      <field name="uint128" type="uint128"/>
    </union>
    <flags id="i386_mxcsr" size="4">
      <field name="IE" start="0" end="0"/> <field name="DE" start="1" end="1"/>
      <field name="ZE" start="2" end="2"/> <field name="OE" start="3" end="3"/>
      <field name="UE" start="4" end="4"/> <field name="PE" start="5" end="5"/>
      <field name="DAZ" start="6" end="6"/> <field name="IM" start="7" end="7"/>
      <field name="DM" start="8" end="8"/> <field name="ZM" start="9" end="9"/>
      <field name="OM" start="10" end="10"/> <field name="UM" start="11" end="11"/>
      <field name="PM" start="12" end="12"/> <field name="FZ" start="15" end="15"/>
    </flags>"""
_FLAG_TYPES = """
    <flags id="i386_eflags" size="4">
      <field name="CF" start="0" end="0"/> <field name="" start="1" end="1"/>
      <field name="PF" start="2" end="2"/> <field name="AF" start="4" end="4"/>
      <field name="ZF" start="6" end="6"/> <field name="SF" start="7" end="7"/>
      <field name="TF" start="8" end="8"/> <field name="IF" start="9" end="9"/>
      <field name="DF" start="10" end="10"/> <field name="OF" start="11" end="11"/>
    </flags>"""


def _reg_lines(regs):
    lines = []
    for name, size, kind, group, _ in regs:
        extra = f' group="{group}"' if group else ""
        lines.append(f'    <reg name="{name}" bitsize="{size * 8}" type="{kind}"'
                     f' regnum="{REGNUM[name]}"{extra}/>')
    return "\n".join(lines)


def target_xml():
    """The whole description, one document (no xi:include to fetch)."""
    return f"""<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
  <architecture>i386:x86-64</architecture>
  <feature name="org.gnu.gdb.i386.core">{_FLAG_TYPES}
{_reg_lines(CORE)}
  </feature>
  <feature name="org.gnu.gdb.i386.sse">{_VECTOR_TYPES}
{_reg_lines(SSE)}
  </feature>
  <feature name="org.gnu.gdb.i386.segments">
{_reg_lines(SEGMENTS)}
  </feature>
</target>
"""


class RegisterFile:
    """A process's registers as gdb's bytes.  load() a saved context,
    read or change it, store() the changes back into the context."""

    def __init__(self):
        self.uc = Uc(UC_ARCH_X86, UC_MODE_64)
        self.context = None

    def load(self, context):
        self.context = context
        self.uc.context_restore(context)

    def store(self):
        self.uc.context_update(self.context)

    def read(self, regnum):
        _, size, _, _, reg = REGISTERS[regnum]
        if reg is None:
            return bytes(size)
        value = self.uc.reg_read(reg)
        if isinstance(value, tuple):            # an x87 register: mantissa, exponent
            mantissa, exponent = value
            return mantissa.to_bytes(8, "little") + exponent.to_bytes(2, "little")
        return (value & ((1 << (8 * size)) - 1)).to_bytes(size, "little")

    def write(self, regnum, data):
        _, size, _, _, reg = REGISTERS[regnum]
        if reg is None or len(data) != size or size == 10:
            return                  # x87 stack and pointers: read-only here
        self.uc.reg_write(reg, int.from_bytes(data, "little"))

    def read_all(self):
        return b"".join(self.read(i) for i in range(len(REGISTERS)))

    def write_all(self, data):
        pos = 0
        for i, (_, size, *_rest) in enumerate(REGISTERS):
            if pos + size > len(data):
                break
            self.write(i, data[pos:pos + size])
            pos += size
