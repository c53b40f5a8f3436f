/*
 * sigdeliver N: N times the program sends itself SIGUSR1, caught by a
 * handler that counts it.  Each one is kill(2), the signal frame built on
 * the user stack (sendsig), the handler, and sigreturn(2) checking the
 * frame and loading the interrupted registers back.
 */
#include <signal.h>
#include <stdio.h>

#include "bench.h"

static volatile unsigned long caught;

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

static void send_signals(unsigned long n)
{
	pid_t me = getpid();
	for (unsigned long i = 0; i < n; i++)
		kill(me, SIGUSR1);
}

int main(int argc, char **argv)
{
	unsigned long n = bench_arg(argc, argv, 1, 2000);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	if (sigaction(SIGUSR1, &sa, NULL) != 0)
		return 1;
	BENCH_TIMED(send_signals(n));
	printf("sigdeliver: %lu signals, %lu caught\n", n, caught);
	return caught != n;
}
