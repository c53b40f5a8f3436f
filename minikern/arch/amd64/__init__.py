"""The amd64 part of the kernel (OpenBSD's sys/arch/amd64/amd64): what
knows the registers and the trap vectors of an x86-64 process.

  frame.py    the system call ABI: where the number, arguments and result
              of a call are in the registers
  trap.py     the kernel entries: the `syscall` instruction and exceptions
              (vectors decoded into page faults and signals)
  proc.py     struct mdproc (p.p_md): how a process returns to user mode
  machdep.py  signal frames: sendsig, sigreturn, sigcontext, sigcode

The machine-independent kernel (kern/, uvm/) calls these and never reads
a register itself.  isa/ below never imports the kernel.
"""
