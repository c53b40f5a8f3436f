/*
 * The protocol under <tls.h>: a small relative of TLS 1.3.
 *
 * Records:  type (1 byte), length (2 bytes, big-endian), payload.
 *   22 handshake (in the clear), 23 application data and 21 alert
 *   (sealed with ChaCha20-Poly1305, the header as associated data).
 *
 * Handshake (e: ephemeral keys, s: the server's static key):
 *
 *   client -> server   ClientHello: 1, random(32), e_c(32)
 *   server -> client   ServerHello: 2, random(32), e_s(32), s_pub(32),
 *                                   finished_s(32)
 *   client -> server   Finished:    20, finished_c(32)
 *
 *   th1  = SHA-256(ClientHello || ServerHello without finished_s)
 *   prk  = HKDF-Extract(th1, X25519(e_c, e_s) || X25519(e_c, s))
 *   keys = HKDF-Expand(prk, "minikern tls 1 keys"): for each direction
 *          a record key and IV, and a finished key
 *   finished_s = HMAC(server finished key, th1)
 *   finished_c = HMAC(client finished key, SHA-256(ClientHello || ServerHello))
 *
 * Only the holder of s's private key can compute X25519(e_c, s), so a
 * right finished_s proves the server's identity; the client first checks
 * that s_pub is the key it was told to expect.  The ephemeral keys give
 * forward secrecy.
 *
 * Each direction counts its records from 0; a record's nonce is its IV
 * with the count XORed into the last 8 bytes.  A record that was changed,
 * replayed, dropped or reordered is opened with the wrong nonce or has a
 * wrong tag, and the connection fails.  tls_close() sends an alert
 * (close_notify); end of file without one is an error (truncation).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tls.h>
#include <unistd.h>

#include "tls_crypto.h"

#define REC_HANDSHAKE	22
#define REC_APPDATA	23
#define REC_ALERT	21
#define HDR_LEN		3
#define MAX_PLAIN	16384
#define MAX_RECORD	(MAX_PLAIN + POLY1305_TAG_LENGTH)

#define MSG_CLIENT_HELLO	1
#define MSG_SERVER_HELLO	2
#define MSG_FINISHED		20
#define CH_LEN		(1 + 32 + 32)
#define SH_LEN		(1 + 32 + 32 + 32 + 32)
#define FIN_LEN		(1 + 32)

#define ALERT_CLOSE_NOTIFY	0

struct tls_config {
	uint8_t key[TLS_KEY_LENGTH], pub[TLS_KEY_LENGTH];
	bool has_key;
	uint8_t peer[TLS_KEY_LENGTH];
	bool has_peer;
	bool noverify;
	char error[128];
};

enum state {
	ST_NEW,			/* not connected */
	ST_SEND_HELLO,		/* client: ClientHello; server: ServerHello */
	ST_RECV_HELLO,		/* client: wait for ServerHello */
	ST_RECV_CLIENT_HELLO,	/* server */
	ST_SEND_FINISHED,	/* client */
	ST_RECV_FINISHED,	/* server */
	ST_DONE,
	ST_CLOSED,
	ST_FAILED,
};

struct tls {
	bool server;
	struct tls_config config;	/* a copy, taken by tls_configure */
	bool configured;
	int rfd, wfd;
	enum state state;
	char error[160];
	char hash[8 + 64 + 1];

	uint8_t e_priv[32];		/* our ephemeral key */
	uint8_t hello[CH_LEN + SH_LEN];	/* ClientHello then ServerHello */
	uint8_t finished_key_s[32], finished_key_c[32];
	struct record_keys send, recv;	/* record.c */

	/* input: one record being read */
	uint8_t in[HDR_LEN + MAX_RECORD];
	size_t inlen;
	/* decrypted application data not yet returned */
	uint8_t plain[MAX_PLAIN];
	size_t plainpos, plainlen;
	/* output: one record being written */
	uint8_t out[HDR_LEN + MAX_RECORD];
	size_t outpos, outlen;
	size_t pending_write;		/* tls_write's count when it finishes */
};

/* --- errors ------------------------------------------------------------------ */

static int
fail(struct tls *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->error, sizeof ctx->error, fmt, ap);
	va_end(ap);
	ctx->state = ST_FAILED;
	return -1;
}

const char *
tls_error(struct tls *ctx)
{
	return ctx->error[0] != '\0' ? ctx->error : NULL;
}

/* --- configuration ----------------------------------------------------------- */

int
tls_init(void)
{
	return 0;
}

struct tls_config *
tls_config_new(void)
{
	return calloc(1, sizeof(struct tls_config));
}

void
tls_config_free(struct tls_config *config)
{
	if (config != NULL) {
		memset(config, 0, sizeof *config);	/* the private key */
		free(config);
	}
}

const char *
tls_config_error(struct tls_config *config)
{
	return config->error[0] != '\0' ? config->error : NULL;
}

static int
copy_key(struct tls_config *config, uint8_t dst[32], const uint8_t *key,
    size_t len)
{
	if (len != TLS_KEY_LENGTH) {
		snprintf(config->error, sizeof config->error,
		    "a key is %d bytes, not %zu", TLS_KEY_LENGTH, len);
		return -1;
	}
	memcpy(dst, key, TLS_KEY_LENGTH);
	return 0;
}

/* A key file: 64 hex digits (and perhaps a newline). */
static int
read_key_file(struct tls_config *config, const char *file, uint8_t key[32])
{
	char text[80];
	int fd = open(file, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n < 0) {
		snprintf(config->error, sizeof config->error, "%s: %s", file,
		    strerror(errno));
		return -1;
	}
	text[n] = '\0';
	for (int i = 0; i < 32; i++) {
		unsigned v;
		if (sscanf(text + 2 * i, "%2x", &v) != 1) {
			snprintf(config->error, sizeof config->error,
			    "%s: not a key (64 hex digits)", file);
			return -1;
		}
		key[i] = (uint8_t)v;
	}
	return 0;
}

int
tls_config_set_key_mem(struct tls_config *config, const uint8_t *key, size_t len)
{
	if (copy_key(config, config->key, key, len) != 0)
		return -1;
	x25519_public(config->pub, config->key);
	config->has_key = true;
	return 0;
}

int
tls_config_set_key_file(struct tls_config *config, const char *file)
{
	uint8_t key[32];

	if (read_key_file(config, file, key) != 0)
		return -1;
	int r = tls_config_set_key_mem(config, key, sizeof key);
	memset(key, 0, sizeof key);
	return r;
}

int
tls_config_set_peer_pubkey_mem(struct tls_config *config, const uint8_t *key,
    size_t len)
{
	if (copy_key(config, config->peer, key, len) != 0)
		return -1;
	config->has_peer = true;
	return 0;
}

int
tls_config_set_peer_pubkey_file(struct tls_config *config, const char *file)
{
	uint8_t key[32];

	if (read_key_file(config, file, key) != 0)
		return -1;
	return tls_config_set_peer_pubkey_mem(config, key, sizeof key);
}

void
tls_config_insecure_noverifycert(struct tls_config *config)
{
	config->noverify = true;
}

int
tls_keypair_generate(uint8_t priv[TLS_KEY_LENGTH], uint8_t pub[TLS_KEY_LENGTH])
{
	if (getentropy(priv, TLS_KEY_LENGTH) != 0)
		return -1;
	x25519_public(pub, priv);
	return 0;
}

/* --- contexts ----------------------------------------------------------------- */

static struct tls *
new_context(bool server)
{
	struct tls *ctx = calloc(1, sizeof *ctx);

	if (ctx != NULL) {
		ctx->server = server;
		ctx->rfd = ctx->wfd = -1;
	}
	return ctx;
}

struct tls *tls_client(void) { return new_context(false); }
struct tls *tls_server(void) { return new_context(true); }

int
tls_configure(struct tls *ctx, struct tls_config *config)
{
	if (ctx->server && !config->has_key)
		return fail(ctx, "a server needs its private key "
		    "(tls_config_set_key_file)");
	ctx->config = *config;
	ctx->configured = true;
	ctx->state = ST_NEW;
	return 0;
}

/* Forget the connection (keys included); the configuration stays. */
void
tls_reset(struct tls *ctx)
{
	struct tls_config config = ctx->config;
	bool server = ctx->server, configured = ctx->configured;

	memset(ctx, 0, sizeof *ctx);
	ctx->config = config;
	ctx->server = server;
	ctx->configured = configured;
	ctx->rfd = ctx->wfd = -1;
}

void
tls_free(struct tls *ctx)
{
	if (ctx != NULL) {
		memset(ctx, 0, sizeof *ctx);
		free(ctx);
	}
}

int
tls_connect_fds(struct tls *ctx, int fd_read, int fd_write, const char *servername)
{
	(void)servername;	/* the key, not a name, says who the server is */
	if (ctx->server || !ctx->configured)
		return fail(ctx, "tls_connect: not a configured client context");
	if (!ctx->config.has_peer && !ctx->config.noverify)
		return fail(ctx, "no server key to verify against "
		    "(tls_config_set_peer_pubkey_file)");
	ctx->rfd = fd_read;
	ctx->wfd = fd_write;
	ctx->state = ST_SEND_HELLO;
	return 0;
}

int
tls_connect_socket(struct tls *ctx, int s, const char *servername)
{
	return tls_connect_fds(ctx, s, s, servername);
}

int
tls_accept_fds(struct tls *ctx, struct tls **cctx, int fd_read, int fd_write)
{
	if (!ctx->server || !ctx->configured)
		return fail(ctx, "tls_accept: not a configured server context");
	struct tls *conn = tls_server();
	if (conn == NULL)
		return fail(ctx, "out of memory");
	conn->config = ctx->config;
	conn->configured = true;
	conn->rfd = fd_read;
	conn->wfd = fd_write;
	conn->state = ST_RECV_CLIENT_HELLO;
	*cctx = conn;
	return 0;
}

int
tls_accept_socket(struct tls *ctx, struct tls **cctx, int s)
{
	return tls_accept_fds(ctx, cctx, s, s);
}

/* --- moving records ------------------------------------------------------------ */

/* Write out what is left of ctx->out. */
static int
flush(struct tls *ctx)
{
	while (ctx->outpos < ctx->outlen) {
		ssize_t n = write(ctx->wfd, ctx->out + ctx->outpos,
		    ctx->outlen - ctx->outpos);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return TLS_WANT_POLLOUT;
		if (n <= 0)
			return fail(ctx, "write: %s", strerror(errno));
		ctx->outpos += n;
	}
	ctx->outpos = ctx->outlen = 0;
	return 0;
}

/*
 * Read until ctx->in holds a whole record: 1 when it does, 0 at end of
 * file before any byte of it, TLS_WANT_POLLIN, or -1.
 */
static int
read_record(struct tls *ctx)
{
	for (;;) {
		size_t want = HDR_LEN;
		if (ctx->inlen >= HDR_LEN) {
			size_t len = (size_t)ctx->in[1] << 8 | ctx->in[2];
			if (len > MAX_RECORD)
				return fail(ctx, "record too long (%zu bytes)", len);
			want = HDR_LEN + len;
		}
		if (ctx->inlen == want)
			return 1;
		ssize_t n = read(ctx->rfd, ctx->in + ctx->inlen, want - ctx->inlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return TLS_WANT_POLLIN;
		if (n < 0)
			return fail(ctx, "read: %s", strerror(errno));
		if (n == 0) {
			if (ctx->inlen == 0)
				return 0;
			return fail(ctx, "connection closed in the middle of a record");
		}
		ctx->inlen += n;
	}
}

/* Put one record into ctx->out: in the clear, or sealed (record.c). */
static int
put_record(struct tls *ctx, int type, const uint8_t *data, size_t len, bool seal)
{
	size_t wire = len + (seal ? POLY1305_TAG_LENGTH : 0);

	ctx->out[0] = (uint8_t)type;
	ctx->out[1] = (uint8_t)(wire >> 8);
	ctx->out[2] = (uint8_t)wire;
	if (!seal)
		memcpy(ctx->out + HDR_LEN, data, len);
	else if (record_seal(&ctx->send, ctx->out, HDR_LEN, data, len,
	    ctx->out + HDR_LEN) != 0)
		return fail(ctx, "too many records: the sequence number is used up");
	ctx->outpos = 0;
	ctx->outlen = HDR_LEN + wire;
	return 0;
}

/* Open the sealed record in ctx->in into ctx->plain. */
static int
open_record(struct tls *ctx)
{
	size_t len = ctx->inlen - HDR_LEN;

	if (record_open(&ctx->recv, ctx->in, HDR_LEN, ctx->in + HDR_LEN, len,
	    ctx->plain) != 0)
		return fail(ctx, "record authentication failed: the record was "
		    "changed, replayed or reordered");
	ctx->plainpos = 0;
	ctx->plainlen = len - POLY1305_TAG_LENGTH;
	return 0;
}

/* --- the handshake ----------------------------------------------------------- */

static bool
all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* From the two shared secrets and the hellos: every key of the session. */
static int
derive_keys(struct tls *ctx, const uint8_t ee[32], const uint8_t es[32])
{
	uint8_t th1[32], ikm[64], prk[32], okm[2 * (32 + 12) + 2 * 32];
	static const char info[] = "minikern tls 1 keys";

	if (all_zero(ee, 32) || all_zero(es, 32))
		return fail(ctx, "handshake: a peer sent a weak key");
	sha256(ctx->hello, CH_LEN + SH_LEN - 32, th1);
	memcpy(ikm, ee, 32);
	memcpy(ikm + 32, es, 32);
	hkdf_extract(th1, sizeof th1, ikm, sizeof ikm, prk);
	hkdf_expand(prk, (const uint8_t *)info, sizeof info - 1, okm, sizeof okm);

	struct record_keys *c2s = ctx->server ? &ctx->recv : &ctx->send;
	struct record_keys *s2c = ctx->server ? &ctx->send : &ctx->recv;
	memcpy(c2s->key, okm, 32);
	memcpy(s2c->key, okm + 32, 32);
	memcpy(c2s->iv, okm + 64, 12);
	memcpy(s2c->iv, okm + 76, 12);
	memcpy(ctx->finished_key_s, okm + 88, 32);
	memcpy(ctx->finished_key_c, okm + 120, 32);
	c2s->seq = s2c->seq = 0;
	memset(okm, 0, sizeof okm);
	memset(prk, 0, sizeof prk);
	memset(ikm, 0, sizeof ikm);
	return 0;
}

static void
finished_mac(struct tls *ctx, bool of_server, uint8_t mac[32])
{
	uint8_t th[32];

	if (of_server) {
		sha256(ctx->hello, CH_LEN + SH_LEN - 32, th);
		hmac_sha256(ctx->finished_key_s, 32, th, sizeof th, mac);
	} else {
		sha256(ctx->hello, CH_LEN + SH_LEN, th);
		hmac_sha256(ctx->finished_key_c, 32, th, sizeof th, mac);
	}
}

static void
note_peer_hash(struct tls *ctx, const uint8_t pub[32])
{
	uint8_t digest[32];

	sha256(pub, 32, digest);
	strcpy(ctx->hash, "SHA256:");
	for (int i = 0; i < 32; i++)
		snprintf(ctx->hash + 7 + 2 * i, 3, "%02x", digest[i]);
}

/* Client: make the ClientHello. */
static int
client_hello(struct tls *ctx)
{
	uint8_t *ch = ctx->hello, e_pub[32];

	if (tls_keypair_generate(ctx->e_priv, e_pub) != 0 ||
	    getentropy(ch + 1, 32) != 0)
		return fail(ctx, "getentropy failed");
	ch[0] = MSG_CLIENT_HELLO;
	memcpy(ch + 33, e_pub, 32);
	put_record(ctx, REC_HANDSHAKE, ch, CH_LEN, false);
	return 0;
}

/* Client: check the ServerHello in ctx->in, make our Finished. */
static int
client_process_server_hello(struct tls *ctx)
{
	const uint8_t *sh = ctx->in + HDR_LEN;
	uint8_t ee[32], es[32], mac[32];

	if (ctx->in[0] != REC_HANDSHAKE || ctx->inlen != HDR_LEN + SH_LEN ||
	    sh[0] != MSG_SERVER_HELLO)
		return fail(ctx, "handshake: expected a ServerHello");
	memcpy(ctx->hello + CH_LEN, sh, SH_LEN);
	const uint8_t *e_s = sh + 33, *s_pub = sh + 65, *fin = sh + 97;
	note_peer_hash(ctx, s_pub);
	if (!ctx->config.noverify && ctx->config.has_peer &&
	    timingsafe_memcmp32(s_pub, ctx->config.peer, 32) != 0)
		return fail(ctx, "handshake: the server's key is not the one "
		    "expected (%s)", ctx->hash);
	x25519(ee, ctx->e_priv, e_s);
	x25519(es, ctx->e_priv, s_pub);
	if (derive_keys(ctx, ee, es) != 0)
		return -1;
	finished_mac(ctx, true, mac);
	if (timingsafe_memcmp32(mac, fin, 32) != 0)
		return fail(ctx, "handshake: the server could not prove it "
		    "holds its key");
	uint8_t msg[FIN_LEN] = { MSG_FINISHED };
	finished_mac(ctx, false, msg + 1);
	put_record(ctx, REC_HANDSHAKE, msg, FIN_LEN, false);
	memset(ctx->e_priv, 0, 32);
	return 0;
}

/* Server: check the ClientHello in ctx->in, make the ServerHello. */
static int
server_process_client_hello(struct tls *ctx)
{
	const uint8_t *ch = ctx->in + HDR_LEN;
	uint8_t *sh = ctx->hello + CH_LEN, ee[32], es[32];

	if (ctx->in[0] != REC_HANDSHAKE || ctx->inlen != HDR_LEN + CH_LEN ||
	    ch[0] != MSG_CLIENT_HELLO)
		return fail(ctx, "handshake: expected a ClientHello");
	memcpy(ctx->hello, ch, CH_LEN);
	sh[0] = MSG_SERVER_HELLO;
	if (getentropy(sh + 1, 32) != 0 ||
	    tls_keypair_generate(ctx->e_priv, sh + 33) != 0)
		return fail(ctx, "getentropy failed");
	memcpy(sh + 65, ctx->config.pub, 32);
	x25519(ee, ctx->e_priv, ch + 33);
	x25519(es, ctx->config.key, ch + 33);
	memset(ctx->e_priv, 0, 32);
	if (derive_keys(ctx, ee, es) != 0)
		return -1;
	finished_mac(ctx, true, sh + 97);
	put_record(ctx, REC_HANDSHAKE, sh, SH_LEN, false);
	return 0;
}

static int
server_process_finished(struct tls *ctx)
{
	const uint8_t *msg = ctx->in + HDR_LEN;
	uint8_t mac[32];

	if (ctx->in[0] != REC_HANDSHAKE || ctx->inlen != HDR_LEN + FIN_LEN ||
	    msg[0] != MSG_FINISHED)
		return fail(ctx, "handshake: expected Finished");
	finished_mac(ctx, false, mac);
	if (timingsafe_memcmp32(mac, msg + 1, 32) != 0)
		return fail(ctx, "handshake: the client's Finished is wrong");
	return 0;
}

int
tls_handshake(struct tls *ctx)
{
	int r;

	for (;;) {
		switch (ctx->state) {
		case ST_DONE:
			return 0;
		case ST_NEW:
			return fail(ctx, "not connected");
		case ST_FAILED:
		case ST_CLOSED:
			if (ctx->error[0] == '\0')
				snprintf(ctx->error, sizeof ctx->error, "connection closed");
			return -1;
		case ST_SEND_HELLO:	/* client: send the ClientHello */
			if (ctx->outlen == 0 && client_hello(ctx) != 0)
				return -1;
			if ((r = flush(ctx)) != 0)
				return r;
			ctx->state = ST_RECV_HELLO;
			break;
		case ST_RECV_HELLO:
			if ((r = read_record(ctx)) != 1)
				return r == 0 ? fail(ctx, "handshake: the server "
				    "closed the connection") : r;
			if (client_process_server_hello(ctx) != 0)
				return -1;
			ctx->inlen = 0;
			ctx->state = ST_SEND_FINISHED;
			break;
		case ST_SEND_FINISHED:
			if ((r = flush(ctx)) != 0)
				return r;
			ctx->state = ST_DONE;
			break;
		case ST_RECV_CLIENT_HELLO:	/* server */
			if (ctx->outlen == 0) {
				if ((r = read_record(ctx)) != 1)
					return r == 0 ? fail(ctx, "handshake: the "
					    "client closed the connection") : r;
				if (server_process_client_hello(ctx) != 0)
					return -1;
				ctx->inlen = 0;
			}
			if ((r = flush(ctx)) != 0)
				return r;
			ctx->state = ST_RECV_FINISHED;
			break;
		case ST_RECV_FINISHED:
			if ((r = read_record(ctx)) != 1)
				return r == 0 ? fail(ctx, "handshake: the client "
				    "closed the connection") : r;
			if (server_process_finished(ctx) != 0)
				return -1;
			ctx->inlen = 0;
			ctx->state = ST_DONE;
			break;
		}
	}
}

const char *
tls_peer_cert_hash(struct tls *ctx)
{
	if (ctx->server)	/* clients have no key in this protocol */
		return NULL;
	return ctx->state == ST_DONE || ctx->state == ST_CLOSED ? ctx->hash : NULL;
}

/* --- application data ---------------------------------------------------------- */

ssize_t
tls_read(struct tls *ctx, void *buf, size_t buflen)
{
	int r;

	if ((r = tls_handshake(ctx)) != 0)
		return r;
	while (ctx->plainpos == ctx->plainlen) {
		if ((r = read_record(ctx)) == 0)
			return fail(ctx, "connection closed without close_notify "
			    "(truncated?)");
		if (r != 1)
			return r;
		if (ctx->in[0] != REC_APPDATA && ctx->in[0] != REC_ALERT)
			return fail(ctx, "unexpected record type %d", ctx->in[0]);
		if (open_record(ctx) != 0)
			return -1;
		int type = ctx->in[0];
		ctx->inlen = 0;
		if (type == REC_ALERT) {
			if (ctx->plainlen == 1 && ctx->plain[0] == ALERT_CLOSE_NOTIFY) {
				ctx->state = ST_CLOSED;
				ctx->plainlen = 0;
				return 0;
			}
			return fail(ctx, "the peer sent alert %d", ctx->plain[0]);
		}
	}
	size_t n = ctx->plainlen - ctx->plainpos;
	if (n > buflen)
		n = buflen;
	memcpy(buf, ctx->plain + ctx->plainpos, n);
	ctx->plainpos += n;
	return (ssize_t)n;
}

/* One record of up to MAX_PLAIN bytes a call; after TLS_WANT_POLLOUT,
 * call again with the same arguments. */
ssize_t
tls_write(struct tls *ctx, const void *buf, size_t buflen)
{
	int r;

	if ((r = tls_handshake(ctx)) != 0)
		return r;
	if (ctx->pending_write == 0) {
		size_t n = buflen < MAX_PLAIN ? buflen : MAX_PLAIN;
		if (n == 0)
			return 0;
		if (put_record(ctx, REC_APPDATA, buf, n, true) != 0)
			return -1;
		ctx->pending_write = n;
	}
	if ((r = flush(ctx)) != 0)
		return r;
	size_t done = ctx->pending_write;
	ctx->pending_write = 0;
	return (ssize_t)done;
}

int
tls_close(struct tls *ctx)
{
	int r;

	if (ctx->state == ST_DONE) {
		uint8_t alert = ALERT_CLOSE_NOTIFY;
		if (put_record(ctx, REC_ALERT, &alert, 1, true) != 0)
			return -1;
		ctx->state = ST_CLOSED;
	}
	if (ctx->outlen > 0 && (r = flush(ctx)) != 0)
		return r;
	return ctx->state == ST_FAILED ? -1 : 0;
}
