/*
 * libtls for minikern: the shape of OpenBSD's libtls API over a simple
 * protocol of our own (in tls.c), between two processes connected by a
 * pair of pipes (or one socket).
 *
 * Identity is a static X25519 key instead of a certificate: the server
 * has a private key (tls_config_set_key_*), the client knows the
 * server's public key (tls_config_set_peer_pubkey_*), and the handshake
 * fails unless the server proves it holds the matching private key.
 * Only tls_config_insecure_noverifycert() lets a client talk to a
 * server it cannot verify.
 *
 * Functions return 0 (or a byte count) on success and -1 on failure,
 * with the reason in tls_error(); with non-blocking descriptors they
 * may return TLS_WANT_POLLIN or TLS_WANT_POLLOUT: call again when the
 * descriptor is ready.
 */
#ifndef _TLS_H_
#define _TLS_H_

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TLS_WANT_POLLIN		-2
#define TLS_WANT_POLLOUT	-3

#define TLS_KEY_LENGTH		32	/* X25519 private and public keys */

struct tls;
struct tls_config;

int tls_init(void);

struct tls_config *tls_config_new(void);
void tls_config_free(struct tls_config *config);
const char *tls_config_error(struct tls_config *config);
/* our own private key: 32 bytes, or a file of 64 hex digits */
int tls_config_set_key_mem(struct tls_config *config, const uint8_t *key,
    size_t len);
int tls_config_set_key_file(struct tls_config *config, const char *file);
/* the public key the server must prove it has */
int tls_config_set_peer_pubkey_mem(struct tls_config *config,
    const uint8_t *key, size_t len);
int tls_config_set_peer_pubkey_file(struct tls_config *config,
    const char *file);
void tls_config_insecure_noverifycert(struct tls_config *config);

/* A new key pair from getentropy(); 0 or -1. */
int tls_keypair_generate(uint8_t priv[TLS_KEY_LENGTH],
    uint8_t pub[TLS_KEY_LENGTH]);

struct tls *tls_client(void);
struct tls *tls_server(void);
int tls_configure(struct tls *ctx, struct tls_config *config);
void tls_reset(struct tls *ctx);
void tls_free(struct tls *ctx);

int tls_connect_socket(struct tls *ctx, int s, const char *servername);
int tls_connect_fds(struct tls *ctx, int fd_read, int fd_write,
    const char *servername);
int tls_accept_socket(struct tls *ctx, struct tls **cctx, int s);
int tls_accept_fds(struct tls *ctx, struct tls **cctx, int fd_read,
    int fd_write);

int tls_handshake(struct tls *ctx);
ssize_t tls_read(struct tls *ctx, void *buf, size_t buflen);
ssize_t tls_write(struct tls *ctx, const void *buf, size_t buflen);
int tls_close(struct tls *ctx);

const char *tls_error(struct tls *ctx);
/* After the handshake: "SHA256:" and the hex SHA-256 of the server's key. */
const char *tls_peer_cert_hash(struct tls *ctx);

#endif
