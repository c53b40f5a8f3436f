/* wait(2) and waitpid(2) on wait4(2); sleep(3) and usleep(3) on nanosleep(2). */
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

pid_t
wait(int *status)
{
	return wait4(WAIT_ANY, status, 0, NULL);
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

/* The whole seconds left if a signal handler cut the sleep short. */
unsigned int
sleep(unsigned int seconds)
{
	struct timespec t = { seconds, 0 }, left;

	if (nanosleep(&t, &left) == -1)
		return left.tv_sec;
	return 0;
}

int
usleep(unsigned int microseconds)
{
	struct timespec t = { microseconds / 1000000, (microseconds % 1000000) * 1000 };

	return nanosleep(&t, NULL);
}
