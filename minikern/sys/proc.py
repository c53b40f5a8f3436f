"""Process states (p_stat of OpenBSD's sys/proc.h).  struct proc itself
is kern/proc.py; the states are here because uvm/ reads them too: the
out-of-memory killer passes over zombies."""

SIDL = "idle"        # being created
SRUN = "runnable"    # on a run queue
SONPROC = "onproc"   # running on a core
SSLEEP = "sleeping"  # waiting on a wait channel
SSTOP = "stopped"    # stopped by a job-control signal, until SIGCONT
SZOMB = "zombie"     # exited, waiting to be reaped

# p_flag: per-thread flags.
P_CONTINUED = 0x00800000    # continued by SIGCONT, not yet told to wait4 (WCONTINUED)

# ps_flags: per-process flags.
PS_WAITED = 0x00000400      # its stop has been told to wait4 (WUNTRACED)
