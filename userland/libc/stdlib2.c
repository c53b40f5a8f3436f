/*
 * More of <stdlib.h> from OpenBSD: reallocarray (realloc of n items,
 * checking the multiplication), strtonum (a number within bounds, with
 * a word for what was wrong), and pause() for <unistd.h>.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

void *
reallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(ptr, nmemb * size);
}

/*
 * s as a decimal long long in [min, max]; 0 and *errstr "invalid",
 * "too small" or "too large" when it is not (errno EINVAL or ERANGE),
 * *errstr NULL when it is.
 */
long long
strtonum(const char *s, long long min, long long max, const char **errstr)
{
	const char *why = NULL;
	long long v = 0;
	char *end;
	int saved = errno;

	if (min > max) {
		why = "invalid";
		errno = EINVAL;
	} else {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (end == s || *end != '\0') {
			why = "invalid";
			errno = EINVAL;
		} else if ((v == LLONG_MIN && errno == ERANGE) || v < min) {
			why = "too small";
			errno = ERANGE;
		} else if ((v == LLONG_MAX && errno == ERANGE) || v > max) {
			why = "too large";
			errno = ERANGE;
		} else {
			errno = saved;
		}
	}
	if (errstr != NULL)
		*errstr = why;
	return why != NULL ? 0 : v;
}

/* Sleep until a signal is caught: sigsuspend with the mask as it is. */
int
pause(void)
{
	sigset_t mask;

	sigprocmask(SIG_BLOCK, NULL, &mask);
	return sigsuspend(&mask);
}
