/*
 * tlsdemo: a TLS echo server and client in two processes, with libtls.
 *
 *	tlsdemo [-i | -k | -n | -p | -r | -t] [message ...]
 *
 * The server gets a fresh key pair; the client is told its public key
 * (as it would be from a file) and sends each message; the server
 * sends it back.  Between them, two relay processes carry the records,
 * one for each direction, the way a network would, and can misbehave:
 *
 *	-t	tamper: flip one bit of the client's first data record
 *	-r	replay: deliver the client's first data record twice
 *	-k	the client expects another server key
 *	-n	the client is not told the server's key (so it refuses)
 *	-i	... and says it does not care (insecure_noverifycert)
 *	-p	the client's descriptors do not block: it gets TLS_WANT_POLLIN
 *		or TLS_WANT_POLLOUT, lets the others run, and tries again
 *
 * Each process says what happened on its own lines ("client: ...",
 * "server: ...").  The exit status is 0 if every message came back.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <tls.h>
#include <unistd.h>

enum mode { NORMAL, TAMPER, REPLAY, WRONG_KEY, NO_KEY, INSECURE, NONBLOCKING };

static int waits;	/* how often the client was told to wait */

/* Retry a libtls call while it says it would block; with blocking
 * descriptors it never does. */
#define RETRY(call) ({						\
	ssize_t r_;						\
	while ((r_ = (call)) == TLS_WANT_POLLIN || r_ == TLS_WANT_POLLOUT) { \
		waits++;					\
		sched_yield();					\
	}							\
	r_;							\
})

static bool
read_full(int fd, unsigned char *buf, size_t n)
{
	while (n > 0) {
		ssize_t got = read(fd, buf, n);
		if (got <= 0)
			return false;
		buf += got;
		n -= got;
	}
	return true;
}

static bool
write_full(int fd, const unsigned char *buf, size_t n)
{
	while (n > 0) {
		ssize_t done = write(fd, buf, n);
		if (done <= 0)
			return false;
		buf += done;
		n -= done;
	}
	return true;
}

/* Carry records (3-byte header: type, length) from in to out until end
 * of file, misbehaving once if asked. */
static void
relay(int in, int out, enum mode mode)
{
	static unsigned char rec[3 + 16384 + 16];
	bool first_data = true;

	while (read_full(in, rec, 3)) {
		size_t len = (size_t)rec[1] << 8 | rec[2];
		if (len > sizeof rec - 3 || !read_full(in, rec + 3, len))
			break;
		bool data = rec[0] == 23 && first_data;
		if (data)
			first_data = false;
		if (data && mode == TAMPER)
			rec[3 + len / 2] ^= 0x01;
		if (!write_full(out, rec, 3 + len))
			break;
		if (data && mode == REPLAY)
			write_full(out, rec, 3 + len);
	}
	_exit(0);
}

static int
server(struct tls_config *config, int rfd, int wfd)
{
	struct tls *ctx = tls_server(), *conn;
	char buf[1024];
	ssize_t n;

	if (tls_configure(ctx, config) != 0 ||
	    tls_accept_fds(ctx, &conn, rfd, wfd) != 0) {
		printf("server: %s\n", tls_error(ctx));
		return 1;
	}
	if (tls_handshake(conn) != 0) {
		printf("server: %s\n", tls_error(conn));
		return 1;
	}
	while ((n = tls_read(conn, buf, sizeof buf)) > 0) {
		if (tls_write(conn, buf, n) != n) {
			printf("server: %s\n", tls_error(conn));
			return 1;
		}
	}
	if (n < 0) {
		printf("server: %s\n", tls_error(conn));
		return 1;
	}
	printf("server: the client said goodbye\n");
	tls_close(conn);
	tls_free(conn);
	tls_free(ctx);
	return 0;
}

static int
client(struct tls_config *config, int rfd, int wfd, int nmsg, char **msgs)
{
	struct tls *ctx = tls_client();
	char buf[1024];

	if (tls_configure(ctx, config) != 0 ||
	    tls_connect_fds(ctx, rfd, wfd, "server") != 0 ||
	    RETRY(tls_handshake(ctx)) != 0) {
		printf("client: %s\n", tls_error(ctx));
		return 1;
	}
	printf("client: connected to %s\n", tls_peer_cert_hash(ctx));
	for (int i = 0; i < nmsg; i++) {
		size_t len = strlen(msgs[i]), got = 0;
		if (RETRY(tls_write(ctx, msgs[i], len)) != (ssize_t)len) {
			printf("client: %s\n", tls_error(ctx));
			return 1;
		}
		while (got < len) {
			ssize_t n = RETRY(tls_read(ctx, buf + got, sizeof buf - 1 - got));
			if (n <= 0) {
				printf("client: %s\n", n < 0 ? tls_error(ctx) :
				    "the server closed the connection");
				return 1;
			}
			got += n;
		}
		buf[got] = '\0';
		printf("client: echo: %s\n", buf);
	}
	if (RETRY(tls_close(ctx)) != 0)
		printf("client: %s\n", tls_error(ctx));
	if (waits > 0)
		printf("client: told to wait %d times\n", waits);
	tls_free(ctx);
	return 0;
}

/* The four pipes; each process closes all ends but its own two, so that
 * when one side finishes, the next reader sees end of file. */
static int pipes[8];

static void
keep_only(int in, int out)
{
	for (int k = 0; k < 8; k++)
		if (pipes[k] != in && pipes[k] != out)
			close(pipes[k]);
}

static pid_t
spawn_relay(int in, int out, enum mode mode)
{
	pid_t pid = fork();

	if (pid == 0) {
		keep_only(in, out);
		relay(in, out, mode);
	}
	return pid;
}

int
main(int argc, char **argv)
{
	enum mode mode = NORMAL;
	int i = 1;

	if (i < argc && strcmp(argv[i], "-t") == 0)
		mode = TAMPER, i++;
	else if (i < argc && strcmp(argv[i], "-r") == 0)
		mode = REPLAY, i++;
	else if (i < argc && strcmp(argv[i], "-k") == 0)
		mode = WRONG_KEY, i++;
	else if (i < argc && strcmp(argv[i], "-n") == 0)
		mode = NO_KEY, i++;
	else if (i < argc && strcmp(argv[i], "-i") == 0)
		mode = INSECURE, i++;
	else if (i < argc && strcmp(argv[i], "-p") == 0)
		mode = NONBLOCKING, i++;
	char *defaults[] = { "hello, world", "a second message" };
	int nmsg = i < argc ? argc - i : 2;
	char **msgs = i < argc ? argv + i : defaults;

	uint8_t priv[TLS_KEY_LENGTH], pub[TLS_KEY_LENGTH];
	if (tls_init() != 0 || tls_keypair_generate(priv, pub) != 0) {
		fprintf(stderr, "tlsdemo: no keys\n");
		return 1;
	}
	/* client -> relay -> server and server -> relay -> client */
	int *c2r = pipes, *r2s = pipes + 2, *s2r = pipes + 4, *r2c = pipes + 6;
	if (pipe(c2r) || pipe(r2s) || pipe(s2r) || pipe(r2c)) {
		perror("pipe");
		return 1;
	}
	fflush(stdout);
	pid_t up = spawn_relay(c2r[0], r2s[1], mode);
	pid_t down = spawn_relay(s2r[0], r2c[1], NORMAL);
	pid_t srv = fork();
	if (srv == 0) {
		struct tls_config *config = tls_config_new();
		keep_only(r2s[0], s2r[1]);
		tls_config_set_key_mem(config, priv, sizeof priv);
		exit(server(config, r2s[0], s2r[1]));
	}
	int mine[2] = { r2c[0], c2r[1] };
	keep_only(mine[0], mine[1]);
	if (mode == NONBLOCKING) {
		fcntl(mine[0], F_SETFL, O_NONBLOCK);
		fcntl(mine[1], F_SETFL, O_NONBLOCK);
	}
	struct tls_config *config = tls_config_new();
	if (mode == WRONG_KEY)
		tls_keypair_generate(priv, pub);	/* someone else's key */
	if (mode == INSECURE)
		tls_config_insecure_noverifycert(config);
	else if (mode != NO_KEY)
		tls_config_set_peer_pubkey_mem(config, pub, sizeof pub);
	memset(priv, 0, sizeof priv);
	int status = client(config, mine[0], mine[1], nmsg, msgs);
	tls_config_free(config);
	close(mine[0]);
	close(mine[1]);
	int st;
	waitpid(srv, &st, 0);
	waitpid(up, NULL, 0);
	waitpid(down, NULL, 0);
	return status;
}
