/* utime(3) over utimes(2), as OpenBSD's libc (gen/utime.c). */
#include <stddef.h>
#include <sys/time.h>
#include <utime.h>

int
utime(const char *path, const struct utimbuf *times)
{
	struct timeval tv[2];

	if (times == NULL)
		return utimes(path, NULL);
	tv[0].tv_sec = times->actime;
	tv[0].tv_usec = 0;
	tv[1].tv_sec = times->modtime;
	tv[1].tv_usec = 0;
	return utimes(path, tv);
}
