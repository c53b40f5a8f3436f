"""wait4(2)'s options (OpenBSD's sys/wait.h).  Declared here once;
build.py writes them into the C library's <sys/wait_values.h>, which
<sys/wait.h> includes.  (The status word's layout is kern/proc.py's
wait_status_exited and wait_status_signaled, and the W* macros in C.)
"""

WNOHANG = 1             # return 0 at once if no child has exited
WUNTRACED = 2           # also report stopped children

C_DEFINES = [("dec", "WNOHANG WUNTRACED")]
