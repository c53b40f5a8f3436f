"""libtls: its cryptography against published test vectors and against
the `cryptography` package on random inputs, then the protocol between
two processes (/usr/bin/tlsdemo): round trip, tampering, replay, the
wrong server key, and secure defaults."""

import random

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.asymmetric.x25519 import (X25519PrivateKey,
                                                              X25519PublicKey)
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.poly1305 import Poly1305

CRYPTOTEST = "/usr/tests/cryptotest"
TLSDEMO = "/usr/bin/tlsdemo"


def hx(data):
    return data.hex() if data else "-"


def run_crypto(run_guest, lines):
    result = run_guest([CRYPTOTEST], stdin="".join(line + "\n" for line in lines).encode())
    out = result.output.decode().split("\n")[:-1]
    assert result.status == 0 and len(out) == len(lines)
    return out


SUNSCREEN = (b"Ladies and Gentlemen of the class of '99: If I could offer you only "
             b"one tip for the future, sunscreen would be it.")

VECTORS = [
    # FIPS 180-2, appendix B
    (f"sha256 {hx(b'abc')}",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("sha256 -", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    (f"sha256 {hx(b'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')}",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    # RFC 4231, test cases 1, 2 and 6
    (f"hmac {'0b' * 20} {hx(b'Hi There')}",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    (f"hmac {hx(b'Jefe')} {hx(b'what do ya want for nothing?')}",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    (f"hmac {'aa' * 131} {hx(b'Test Using Larger Than Block-Size Key - Hash Key First')}",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    # RFC 5869, test cases 1 and 3
    (f"hkdf 000102030405060708090a0b0c {'0b' * 22} f0f1f2f3f4f5f6f7f8f9 42",
     "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
    (f"hkdf - {'0b' * 22} - 42",
     "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
    # RFC 8439, 2.4.2, 2.5.2 and 2.8.2
    ("chacha20 " + bytes(range(32)).hex() + " 000000000000004a00000000 1 " + SUNSCREEN.hex(),
     "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593d"
     "abcd62b3571639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16c"
     "cf806818ce91ab77937365af90bbf74a35be6b40b8eedf2785e42874d"),
    ("poly1305 85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b "
     + hx(b"Cryptographic Forum Research Group"), "a8061dc1305136c6c22b8baf0c0127a9"),
    ("seal " + bytes(range(0x80, 0xa0)).hex() + " 070000004041424344454647 "
     "50515253c0c1c2c3c4c5c6c7 " + SUNSCREEN.hex(),
     "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb"
     "69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad6"
     "75945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116"
     "1ae10b594f09e26a7e902ecbd0600691"),
    # RFC 7748, 5.2 (the first vector and one iteration; 1000 take 25 s
    # in the emulator) and 6.1
    ("x25519 a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4 "
     "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
     "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
    ("x25519iter 1", "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"),
    ("x25519 77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a " + "09" + "00" * 31,
     "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"),
    ("x25519 5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb "
     "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
     "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"),
]


def test_published_test_vectors(run_guest):
    got = run_crypto(run_guest, [line for line, _ in VECTORS])
    wrong = [(line[:40], g, want) for (line, want), g in zip(VECTORS, got) if g != want]
    assert not wrong


def random_cases():
    """(request, expected) with the cryptography package's answers."""
    rng = random.Random(12)
    raw = lambda n: rng.randbytes(n)
    cases = []
    for n in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000] + [rng.randrange(300) for _ in range(20)]:
        msg = raw(n)
        h = hashes.Hash(hashes.SHA256())
        h.update(msg)
        cases.append((f"sha256 {hx(msg)}", h.finalize().hex()))
    for _ in range(25):
        key, msg = raw(rng.choice([0, 1, 32, 63, 64, 65, 100, 200])), raw(rng.randrange(200))
        h = crypto_hmac.HMAC(key, hashes.SHA256())
        h.update(msg)
        cases.append((f"hmac {hx(key)} {hx(msg)}", h.finalize().hex()))
    for _ in range(20):
        salt, ikm, info = raw(rng.randrange(0, 80)), raw(rng.randrange(1, 80)), raw(rng.randrange(0, 60))
        length = rng.randrange(1, 600)
        okm = HKDF(hashes.SHA256(), length, salt or None, info).derive(ikm)
        cases.append((f"hkdf {hx(salt)} {hx(ikm)} {hx(info)} {length}", okm.hex()))
    for _ in range(20):
        key, nonce, msg = raw(32), raw(12), raw(rng.randrange(1, 500))
        counter = rng.randrange(2**32 - 10)
        enc = Cipher(algorithms.ChaCha20(key, counter.to_bytes(4, "little") + nonce),
                     None).encryptor()
        cases.append((f"chacha20 {key.hex()} {nonce.hex()} {counter} {msg.hex()}",
                      enc.update(msg).hex()))
    for _ in range(25):
        key, msg = raw(32), raw(rng.randrange(0, 300))
        cases.append((f"poly1305 {key.hex()} {hx(msg)}", Poly1305.generate_tag(key, msg).hex()))
    for _ in range(25):
        key, nonce, aad, msg = raw(32), raw(12), raw(rng.randrange(0, 40)), raw(rng.randrange(0, 300))
        sealed = ChaCha20Poly1305(key).encrypt(nonce, msg, aad)
        cases.append((f"seal {key.hex()} {nonce.hex()} {hx(aad)} {hx(msg)}", sealed.hex()))
        cases.append((f"open {key.hex()} {nonce.hex()} {hx(aad)} {sealed.hex()}", msg.hex()))
    for _ in range(20):
        k, u = raw(32), raw(32)
        shared = X25519PrivateKey.from_private_bytes(k).exchange(
            X25519PublicKey.from_public_bytes(u))
        cases.append((f"x25519 {k.hex()} {u.hex()}", shared.hex()))
    return cases


def test_primitives_agree_with_the_cryptography_package(run_guest):
    cases = random_cases()
    got = run_crypto(run_guest, [line for line, _ in cases])
    wrong = [(line[:50], g, want) for (line, want), g in zip(cases, got)
             if g != (want or "")]
    assert not wrong


def test_aead_refuses_a_changed_message(run_guest):
    rng = random.Random(13)
    key, nonce, aad, msg = rng.randbytes(32), rng.randbytes(12), b"hdr", b"attack at dawn"
    sealed = bytearray(ChaCha20Poly1305(key).encrypt(nonce, msg, aad))
    requests = []
    for i in (0, 5, len(sealed) - 1):        # cipher text and tag bytes
        bad = bytearray(sealed)
        bad[i] ^= 0x80
        requests.append(f"open {key.hex()} {nonce.hex()} {aad.hex()} {bad.hex()}")
    requests.append(f"open {key.hex()} {nonce.hex()} {b'HDR'.hex()} {sealed.hex()}")
    other_nonce = bytes([nonce[0] ^ 1]) + nonce[1:]
    requests.append(f"open {key.hex()} {other_nonce.hex()} {aad.hex()} {sealed.hex()}")
    assert run_crypto(run_guest, requests) == ["FAIL"] * len(requests)


# --- the protocol ---------------------------------------------------------------

def demo(run_guest, *args):
    result = run_guest([TLSDEMO] + list(args))
    return result.status, result.text.splitlines()


def test_echo_round_trip_between_two_processes(run_guest):
    messages = ["hello, world", "x" * 1000, "the third"]
    status, lines = demo(run_guest, *messages)
    assert status == 0
    assert lines[0].startswith("client: connected to SHA256:")
    assert [line for line in lines if "echo:" in line] == \
        [f"client: echo: {m}" for m in messages]
    assert "server: the client said goodbye" in lines


def test_a_tampered_record_is_refused(run_guest):
    status, lines = demo(run_guest, "-t", "secret")
    assert status == 1
    assert ("server: record authentication failed: the record was changed, "
            "replayed or reordered") in lines
    assert not any("echo" in line for line in lines)


def test_a_replayed_record_is_refused(run_guest):
    status, lines = demo(run_guest, "-r", "pay 5 dollars", "and stop")
    assert status == 1
    assert "client: echo: pay 5 dollars" in lines       # the original arrives
    assert any(line.startswith("server: record authentication failed") for line in lines)
    assert "client: echo: and stop" not in lines


def test_the_wrong_server_key_fails_the_handshake(run_guest):
    status, lines = demo(run_guest, "-k")
    assert status == 1
    assert any(line.startswith("client: handshake: the server's key is not the one expected")
               for line in lines)
    assert not any("echo" in line for line in lines)


def test_secure_by_default_and_the_insecure_way_out(run_guest):
    status, lines = demo(run_guest, "-n")
    assert status == 1 and lines[0].startswith("client: no server key to verify against")
    status, lines = demo(run_guest, "-i", "anyway")
    assert status == 0 and "client: echo: anyway" in lines


def test_non_blocking_descriptors_say_when_to_wait(run_guest):
    status, lines = demo(run_guest, "-p", "one", "two")
    assert status == 0
    assert [line for line in lines if "echo:" in line] == \
        ["client: echo: one", "client: echo: two"]
    waited = [line for line in lines if line.startswith("client: told to wait")]
    assert waited and int(waited[0].split()[4]) > 0
