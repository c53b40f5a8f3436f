"""poll(2)'s events and select(2)'s descriptor sets (OpenBSD's sys/poll.h
and sys/select.h).  Declared here once; build.py writes them into the C
library's <sys/poll_values.h>, which <poll.h> and <sys/select.h> include.
"""

POLLIN = 0x0001         # there is data to read (or end of file)
POLLPRI = 0x0002        # urgent data: never, here
POLLOUT = 0x0004        # a write would not block
POLLERR = 0x0008
POLLHUP = 0x0010        # the other side has gone (a pipe's last writer, reader)
POLLNVAL = 0x0020       # the descriptor is not open
POLLRDNORM = 0x0040
POLLNORM = POLLRDNORM
POLLWRNORM = POLLOUT
POLLRDBAND = 0x0080
POLLWRBAND = 0x0100
INFTIM = -1             # poll's timeout: wait for ever

POLL_READ = POLLIN | POLLRDNORM
POLL_WRITE = POLLOUT | POLLWRNORM

FD_SETSIZE = 1024       # select(2)'s largest nfds
NFDBITS = 32            # bits in an fd_mask (uint32_t, as OpenBSD's)

C_DEFINES = [
    ("hex", "POLLIN POLLPRI POLLOUT POLLERR POLLHUP POLLNVAL POLLRDNORM POLLNORM "
            "POLLWRNORM POLLRDBAND POLLWRBAND"),
    ("dec", "FD_SETSIZE NFDBITS"),
]
