"""Lab tls: ChaCha20-Poly1305 and the record layer of libtls.

Graded with /usr/tests/cryptotest (one request a line: `seal`, `open`,
`record`, `unrecord`) against RFC 8439's vector and the small Python
implementation of RFC 8439 below, and with /usr/bin/tlsdemo, whose relays
tamper with and replay records between two processes.
"""

import random
import struct

from minikern.lab.spec import Lab, Test, exit_status, output_lacks, output_matches

CRYPTOTEST = ["/usr/tests/cryptotest"]
MASK32 = 0xFFFFFFFF
P1305 = (1 << 130) - 5


# --- RFC 8439 in Python: the oracle -----------------------------------------------

def _rotl(x, n):
    return (x << n | x >> (32 - n)) & MASK32


def chacha20_block(key, counter, nonce):
    state = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574,
             *struct.unpack("<8L", key), counter, *struct.unpack("<3L", nonce)]
    x = list(state)

    def quarter(a, b, c, d):
        x[a] = (x[a] + x[b]) & MASK32
        x[d] = _rotl(x[d] ^ x[a], 16)
        x[c] = (x[c] + x[d]) & MASK32
        x[b] = _rotl(x[b] ^ x[c], 12)
        x[a] = (x[a] + x[b]) & MASK32
        x[d] = _rotl(x[d] ^ x[a], 8)
        x[c] = (x[c] + x[d]) & MASK32
        x[b] = _rotl(x[b] ^ x[c], 7)
    for _ in range(10):
        for a, b, c, d in ((0, 4, 8, 12), (1, 5, 9, 13), (2, 6, 10, 14), (3, 7, 11, 15),
                           (0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14)):
            quarter(a, b, c, d)
    return struct.pack("<16L", *((x[i] + state[i]) & MASK32 for i in range(16)))


def chacha20_xor(key, counter, nonce, data):
    stream = b"".join(chacha20_block(key, counter + i, nonce)
                      for i in range((len(data) + 63) // 64))
    return bytes(a ^ b for a, b in zip(data, stream))


def poly1305(key, msg):
    r = int.from_bytes(key[:16], "little") & 0x0FFFFFFC0FFFFFFC0FFFFFFC0FFFFFFF
    s = int.from_bytes(key[16:], "little")
    acc = 0
    for i in range(0, len(msg), 16):
        block = msg[i:i + 16] + b"\x01"
        acc = (acc + int.from_bytes(block, "little")) * r % P1305
    return ((acc + s) % (1 << 128)).to_bytes(16, "little")


def _pad16(data):
    return bytes(-len(data) % 16)


def aead_seal(key, nonce, aad, plain):
    cipher = chacha20_xor(key, 1, nonce, plain)
    mac_data = (aad + _pad16(aad) + cipher + _pad16(cipher)
                + struct.pack("<QQ", len(aad), len(cipher)))
    return cipher + poly1305(chacha20_block(key, 0, nonce)[:32], mac_data)


def record_nonce(iv, seq):
    return iv[:4] + bytes(a ^ b for a, b in zip(iv[4:], seq.to_bytes(8, "big")))


def hx(data):
    return data.hex() if data else "-"


# --- the requests --------------------------------------------------------------------

SUNSCREEN = (b"Ladies and Gentlemen of the class of '99: If I could offer you only "
             b"one tip for the future, sunscreen would be it.")
RFC_KEY = bytes(range(0x80, 0xA0))
RFC_NONCE = bytes.fromhex("070000004041424344454647")
RFC_AAD = bytes.fromhex("50515253c0c1c2c3c4c5c6c7")
RFC_SEALED = bytes.fromhex(         # RFC 8439, 2.8.2: cipher text, then the tag
    "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb"
    "69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad6"
    "75945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116"
    "1ae10b594f09e26a7e902ecbd0600691")


def rfc_cases(ctx):
    args = f"{RFC_KEY.hex()} {RFC_NONCE.hex()} {RFC_AAD.hex()}"
    return [(f"seal {args} {SUNSCREEN.hex()}", RFC_SEALED.hex()),
            (f"open {args} {RFC_SEALED.hex()}", SUNSCREEN.hex())]


def random_aead_cases(ctx):
    rng = random.Random(8439)
    out = []
    lengths = [0, 1, 15, 16, 17, 63, 64, 65, 128, 300] + [rng.randrange(400) for _ in range(15)]
    for n in lengths:
        key, nonce = rng.randbytes(32), rng.randbytes(12)
        aad, plain = rng.randbytes(rng.choice([0, 1, 3, 16, 21, 40])), rng.randbytes(n)
        sealed = aead_seal(key, nonce, aad, plain)
        out.append((f"seal {key.hex()} {nonce.hex()} {hx(aad)} {hx(plain)}", sealed.hex()))
        out.append((f"open {key.hex()} {nonce.hex()} {hx(aad)} {sealed.hex()}", plain.hex()))
    return out


def forgery_cases(ctx):
    rng = random.Random(13)
    key, nonce, aad = rng.randbytes(32), rng.randbytes(12), b"hdr"
    sealed = aead_seal(key, nonce, aad, b"attack at dawn")
    forged = []
    for i in (0, 5, len(sealed) - 16, len(sealed) - 1):     # cipher text and tag bytes
        bad = bytearray(sealed)
        bad[i] ^= 0x80
        forged.append((key, nonce, aad, bytes(bad)))
    forged += [(key, nonce, b"HDR", sealed), (key, nonce[::-1], aad, sealed),
               (key[::-1], nonce, aad, sealed), (key, nonce, aad, sealed[:15]),
               (key, nonce, aad, sealed[:-1])]
    return [(f"open {k.hex()} {n.hex()} {hx(a)} {hx(s)}", "FAIL") for k, n, a, s in forged]


SEQUENCES = [0, 1, 2, 255, 256, 65537, 2**32 - 1, 2**32, 2**56 + 3, 2**63 + 5, 2**64 - 2]


def record_cases(ctx):
    """record_seal at many sequence numbers: the nonce is the IV XOR the
    number; the number goes up by one; the last one is never used."""
    rng = random.Random(8446)
    out = []
    for seq in SEQUENCES:
        key, iv = rng.randbytes(32), rng.randbytes(12)
        plain = rng.randbytes(rng.randrange(1, 90))
        header = bytes([23]) + (len(plain) + 16).to_bytes(2, "big")
        sealed = aead_seal(key, record_nonce(iv, seq), header, plain)
        out.append((f"record {(key + iv).hex()} {seq} {header.hex()} {plain.hex()}",
                    f"{sealed.hex()} {seq + 1}"))
    key, iv = rng.randbytes(32), rng.randbytes(12)
    out.append((f"record {(key + iv).hex()} {2**64 - 1} 170003 {'00' * 3}",
                f"FAIL {2**64 - 1}"))
    return out


def unrecord_cases(ctx):
    """record_open: the right number opens and moves on; any other, or a
    changed header, fails and leaves the number."""
    rng = random.Random(5246)
    out = []
    for seq in SEQUENCES[:8]:
        key, iv, plain = rng.randbytes(32), rng.randbytes(12), rng.randbytes(40)
        keyiv, header = (key + iv).hex(), bytes([23, 0, 56])
        sealed = aead_seal(key, record_nonce(iv, seq), header, plain).hex()
        out += [(f"unrecord {keyiv} {seq} {header.hex()} {sealed}", f"{plain.hex()} {seq + 1}"),
                (f"unrecord {keyiv} {seq + 1} {header.hex()} {sealed}", f"FAIL {seq + 1}"),
                (f"unrecord {keyiv} {seq} 150038 {sealed}", f"FAIL {seq}")]
        if seq:
            out.append((f"unrecord {keyiv} {seq - 1} {header.hex()} {sealed}",
                        f"FAIL {seq - 1}"))
    return out


# --- tlsdemo -------------------------------------------------------------------------

MESSAGES = ["hello, world", "x" * 1000, "the third"]
AUTH_FAILED = "record authentication failed: the record was changed, replayed or reordered"

LAB = Lab(
    name="tls",
    summary="ChaCha20-Poly1305 (RFC 8439) and records with sequence-number nonces (C)",
    builds_on="C and bytes; no kernel work (userland/libtls)",
    files=["userland/libtls/chacha20poly1305.c", "userland/libtls/record.c"],
    tests=[
        Test("aead-vector", 15, "seal and open RFC 8439's example (section 2.8.2)",
             CRYPTOTEST, cases=rfc_cases),
        Test("aead-random", 15, "25 seals and opens of every length class, against RFC 8439",
             CRYPTOTEST, cases=random_aead_cases, needs=["aead-vector"]),
        Test("aead-forgery", 10, "open refuses a changed byte, header, nonce or key, "
             "and short input", CRYPTOTEST, cases=forgery_cases, needs=["aead-vector"]),
        Test("record-seal", 15, "record_seal: the IV XOR the sequence number, which moves on "
             "and never wraps", CRYPTOTEST, cases=record_cases, needs=["aead-vector"]),
        Test("record-open", 10, "record_open: only the next record opens; a failure "
             "leaves the number", CRYPTOTEST, cases=unrecord_cases, needs=["record-seal"]),
        Test("round-trip", 15, "tlsdemo: three messages echoed between two processes",
             ["/usr/bin/tlsdemo", *MESSAGES],
             [exit_status(0)] + [output_matches(f"^client: echo: {m}$") for m in MESSAGES]
             + [output_matches("^server: the client said goodbye$")],
             needs=["record-open"]),
        Test("tamper", 10, "tlsdemo -t: a flipped bit on the wire is refused",
             ["/usr/bin/tlsdemo", "-t", "secret"],
             [exit_status(1), output_matches(f"^server: {AUTH_FAILED}$"),
              output_lacks("echo")], needs=["round-trip"]),
        Test("replay", 10, "tlsdemo -r: a record delivered twice is refused the second time",
             ["/usr/bin/tlsdemo", "-r", "pay 5 dollars", "and stop"],
             [exit_status(1), output_matches("^client: echo: pay 5 dollars$"),
              output_matches(f"^server: {AUTH_FAILED}$"),
              output_lacks("echo: and stop")], needs=["round-trip"]),
    ],
)
