"""Process states (p_stat of OpenBSD's sys/proc.h).  struct proc itself
is kern/proc.py; the states are here because uvm/ reads them too: the
out-of-memory killer passes over zombies."""

SIDL = "idle"        # being created
SRUN = "runnable"    # on a run queue
SONPROC = "onproc"   # running on a core
SSLEEP = "sleeping"  # waiting on a wait channel
SZOMB = "zombie"     # exited, waiting to be reaped
