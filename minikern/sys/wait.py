"""wait4(2)'s options (OpenBSD's sys/wait.h).  Declared here once;
build.py writes them into the C library's <sys/wait_values.h>, which
<sys/wait.h> includes, with the two special values of the status
word.  (The status word's layout is kern/proc.py's wait_status_*, and
the W* macros in C.)
"""

WNOHANG = 1             # return 0 at once if no child has exited
WUNTRACED = 2           # also report stopped children
WCONTINUED = 8          # also report children continued by SIGCONT

# The status word: a stopped child's is its stop signal << 8 | _WSTOPPED;
# a continued child's is _WCONTINUED.
_WSTOPPED = 0o177
_WCONTINUED = 0o177777

C_DEFINES = [("dec", "WNOHANG WUNTRACED WCONTINUED"), ("oct", "_WSTOPPED _WCONTINUED")]
