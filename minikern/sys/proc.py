"""Thread states (p_stat of OpenBSD's sys/proc.h), thread flags (p_flag)
and process flags (ps_flags).  struct process and struct proc themselves
are kern/proc.py; the names are here because uvm/ reads them too: the
out-of-memory killer passes over zombies."""

SIDL = "idle"        # being created
SRUN = "runnable"    # on a run queue
SONPROC = "onproc"   # running on a core
SSLEEP = "sleeping"  # waiting on a wait channel
SSTOP = "stopped"    # stopped by a job-control signal, until SIGCONT
SZOMB = "zombie"     # exited (a thread: gone; its process waits to be reaped)

# p_flag: per-thread flags.
P_CONTINUED = 0x00800000    # continued by SIGCONT, not yet told to wait4 (WCONTINUED);
                            # kept on the process's main thread, as OpenBSD does

# ps_flags: per-process flags (OpenBSD's values).
PS_EXITING = 0x00000008     # exit1 has begun: its threads are being ended
PS_WAITED = 0x00000400      # its stop has been told to wait4 (WUNTRACED)
PS_ZOMBIE = 0x00040000      # exited, waiting for its parent's wait4
PS_STOPPED = 0x00008000     # stopped (SIGSTOP ...) until a SIGCONT: its threads stop
                            # (SSTOP) as they would next run.  OpenBSD's means "just
                            # stopped" and keeps the rest in its threads' states.

# The first thread id (OpenBSD's THREAD_PID_OFFSET): thread ids and process
# ids are told apart by their range, so thrkill and kill cannot confuse them.
THREAD_PID_OFFSET = 100000
