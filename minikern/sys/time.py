"""The clocks of clock_gettime(2) (OpenBSD's sys/_time.h).  Declared here
once; build.py writes them into the C library's <sys/time_values.h>,
which <time.h> includes.
"""

CLOCK_REALTIME = 0
CLOCK_PROCESS_CPUTIME_ID = 2
CLOCK_MONOTONIC = 3
CLOCK_THREAD_CPUTIME_ID = 4
CLOCK_UPTIME = 5
CLOCK_BOOTTIME = 6

C_DEFINES = [("dec", "CLOCK_REALTIME CLOCK_PROCESS_CPUTIME_ID CLOCK_MONOTONIC "
                     "CLOCK_THREAD_CPUTIME_ID CLOCK_UPTIME CLOCK_BOOTTIME")]

# setitimer(2)'s timers (OpenBSD's sys/time.h).
ITIMER_REAL = 0
ITIMER_VIRTUAL = 1
ITIMER_PROF = 2

C_DEFINES.append(("dec", "ITIMER_REAL ITIMER_VIRTUAL ITIMER_PROF"))
