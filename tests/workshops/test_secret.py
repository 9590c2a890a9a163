"""The facilitator secret: kept only as a salted scrypt hash, read from env or secrets.toml."""
import base64

import pytest

from workshops import (SECRET_HASH_VARIABLE, SECRET_VARIABLE, SecretError, configured_hash,
                       hash_secret, verify_secret)
from workshops.secret import MIN_DIFFERENT, MIN_LENGTH

SECRET = "correct horse battery"
REMAKE = "python -m workshops.secret"


@pytest.fixture(scope="module")
def encoded():
    return hash_secret(SECRET)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _with_params(n, r, p, salt=b"0123456789abcdef", digest=b"\x00" * 32):
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def test_hash_matches_the_published_scrypt_test_vector():
    """RFC 7914 section 12: scrypt("pleaseletmein", "SodiumChloride", N=16384, r=8, p=1)
    begins 70 23 bd cb 3a fd 73 48 ... (the 32-byte key is the first half of the 64-byte
    one, since the final PBKDF2 step yields independent blocks)."""
    made = hash_secret("pleaseletmein", salt=b"SodiumChloride")
    kind, n, r, p, salt, digest = made.split("$")
    assert (kind, n, r, p) == ("scrypt", "16384", "8", "1")
    assert base64.b64decode(salt) == b"SodiumChloride"
    assert base64.b64decode(digest).hex() == (
        "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2")
    assert verify_secret("pleaseletmein", made)


def test_same_secret_twice_gives_different_hashes_that_both_verify(encoded):
    again = hash_secret(SECRET)
    assert again != encoded
    assert verify_secret(SECRET, encoded) and verify_secret(SECRET, again)


def test_each_hash_has_its_own_random_salt(encoded):
    salts = {hash_secret(SECRET).split("$")[4] for _ in range(3)} | {encoded.split("$")[4]}
    assert len(salts) == 4
    assert all(len(base64.b64decode(salt)) == 16 for salt in salts)


@pytest.mark.parametrize("attempt", [
    "correct horse battery ", "Correct horse battery", "correct horse batter", "", "x" * 2000,
])
def test_anything_but_the_exact_secret_fails(encoded, attempt):
    assert verify_secret(attempt, encoded) is False


@pytest.mark.parametrize("attempt", [None, 12345678, b"correct horse battery"])
def test_an_attempt_that_is_not_text_fails_without_error(encoded, attempt):
    assert verify_secret(attempt, encoded) is False


def test_the_plain_secret_never_appears_in_the_hash(encoded):
    for form in (SECRET, SECRET.upper(), _b64(SECRET.encode()), SECRET.encode().hex()):
        assert form not in encoded


def test_a_hash_pasted_with_a_trailing_newline_still_verifies(encoded):
    assert verify_secret(SECRET, f"  {encoded}\n")


@pytest.mark.parametrize("damaged", [
    "",
    "not a hash",
    "correct horse battery",                                 # the plain secret by mistake
    "$2b$12$abcdefghijklmnopqrstuuLx1u6b5zKPjsd2JYRyT3mQ9bF1lxdmW",   # a bcrypt hash
    "pbkdf2_sha256$600000$salt$hash",                        # a Django hash
    "scrypt$16384$8$1$c2FsdHNhbHQ=",                         # a part missing
    "scrypt$16384$8$1$a$b$c",                                # a part too many
])
def test_foreign_hash_is_refused_with_how_to_make_one(encoded, damaged):
    with pytest.raises(SecretError, match="not in the form scrypt\\$n\\$r\\$p\\$salt\\$hash"):
        verify_secret(SECRET, damaged)
    if damaged:     # a blank value means "not configured" (tested below)
        with pytest.raises(SecretError, match=REMAKE):
            configured_hash({SECRET_HASH_VARIABLE: damaged}, {})


def _damage(encoded, part, value):
    parts = encoded.split("$")
    parts[part] = value
    return "$".join(parts)


@pytest.mark.parametrize("part, value", [
    (1, "sixteen"), (2, "8.0"), (3, ""), (4, "not*base64!"), (5, "cut-off=="),
])
def test_damaged_hash_is_refused_as_damaged(encoded, part, value):
    damaged = _damage(encoded, part, value)
    with pytest.raises(SecretError, match=f"damaged; make a new one with `{REMAKE}`"):
        verify_secret(SECRET, damaged)
    with pytest.raises(SecretError, match="damaged"):
        configured_hash({SECRET_HASH_VARIABLE: damaged}, {})


@pytest.mark.parametrize("hash_text", [
    _with_params(1000, 8, 1),                     # n not a power of two
    _with_params(1, 8, 1),                        # n too small
    _with_params(2 ** 21, 8, 1),                  # n too large
    _with_params(16384, 0, 1),                    # r zero
    _with_params(16384, 8, 17),                   # p too large
    _with_params(16384, 8, 1, salt=b"short"),     # salt under 8 bytes
    _with_params(16384, 8, 1, digest=b"\x00" * 16),   # digest not 32 bytes
])
def test_hash_with_unsafe_parameters_is_refused(hash_text):
    with pytest.raises(SecretError, match="outside the safe range"):
        verify_secret(SECRET, hash_text)


def test_a_digest_of_the_wrong_secret_does_not_verify(encoded):
    forged = _damage(encoded, 5, _b64(b"\x00" * 32))
    assert verify_secret(SECRET, forged) is False


def test_hash_the_server_cannot_afford_to_check_is_refused_when_configured():
    costly = _with_params(2 ** 20, 8, 1)      # 128 * n * r = 1 GiB of memory per check
    with pytest.raises(SecretError):
        configured_hash({SECRET_HASH_VARIABLE: costly}, {})
    with pytest.raises(SecretError):
        verify_secret(SECRET, costly)


@pytest.mark.parametrize("weak", ["", "a", "seven77", "elevenchars", "aaaaaaaaaaaaaaaa",
                                  "abcabcabcabcabc"])
def test_a_secret_under_twelve_characters_or_six_different_ones_is_refused(weak):
    assert (MIN_LENGTH, MIN_DIFFERENT) == (12, 6)
    with pytest.raises(SecretError, match="at least 12 characters, 6 of them different"):
        hash_secret(weak)


@pytest.mark.parametrize("enough", ["twelve chars", "abcdefabcdef"])
def test_twelve_characters_six_of_them_different_are_enough(enough):
    assert verify_secret(enough, hash_secret(enough))


def test_a_too_short_configured_secret_is_refused():
    with pytest.raises(SecretError, match="at least 12 characters"):
        configured_hash({SECRET_VARIABLE: "short"}, {})


# configured_hash ----------------------------------------------------------------------------

def test_configured_hash_is_used_as_given(encoded):
    assert configured_hash({SECRET_HASH_VARIABLE: encoded}, {}) == encoded


def test_configured_hash_loses_surrounding_whitespace(encoded):
    assert configured_hash({SECRET_HASH_VARIABLE: f" {encoded}\n"}, {}) == encoded


def test_a_hash_wins_over_a_plain_secret(encoded):
    got = configured_hash({SECRET_HASH_VARIABLE: encoded, SECRET_VARIABLE: "another secret"}, {})
    assert got == encoded
    assert not verify_secret("another secret", got)


def test_the_environment_wins_over_the_secrets_file(encoded):
    other = hash_secret("secrets file secret")
    assert configured_hash({SECRET_HASH_VARIABLE: encoded},
                           {SECRET_HASH_VARIABLE: other}) == encoded
    from_plain = configured_hash({SECRET_VARIABLE: "environment secret"},
                                 {SECRET_HASH_VARIABLE: other})
    assert verify_secret("environment secret", from_plain)
    assert not verify_secret("secrets file secret", from_plain)


def test_the_secrets_file_counts_when_the_environment_has_nothing(encoded):
    assert configured_hash({}, {SECRET_HASH_VARIABLE: encoded}) == encoded
    got = configured_hash({}, {SECRET_VARIABLE: "from secrets toml"})
    assert verify_secret("from secrets toml", got)


def test_a_plain_secret_is_hashed_at_once_and_not_kept():
    got = configured_hash({SECRET_VARIABLE: SECRET}, {})
    assert got.startswith("scrypt$")
    assert verify_secret(SECRET, got)
    assert SECRET not in got and _b64(SECRET.encode()) not in got


def test_a_plain_secret_is_salted_afresh_each_time_it_is_read():
    first = configured_hash({SECRET_VARIABLE: SECRET}, {})
    second = configured_hash({SECRET_VARIABLE: SECRET}, {})
    assert first != second


def test_nothing_configured_means_single_user_mode():
    assert configured_hash({}, {}) is None
    assert configured_hash({}, None) is None


@pytest.mark.parametrize("blank", ["", "   ", "\n", None])
def test_blank_values_count_as_not_configured(blank):
    assert configured_hash({SECRET_HASH_VARIABLE: blank, SECRET_VARIABLE: blank},
                           {SECRET_HASH_VARIABLE: blank, SECRET_VARIABLE: blank}) is None


def test_a_blank_environment_value_does_not_hide_the_secrets_file(encoded):
    assert configured_hash({SECRET_HASH_VARIABLE: "  ", SECRET_VARIABLE: ""},
                           {SECRET_HASH_VARIABLE: encoded}) == encoded


def test_without_a_mapping_the_process_environment_is_read(monkeypatch, encoded):
    monkeypatch.delenv(SECRET_VARIABLE, raising=False)
    monkeypatch.delenv(SECRET_HASH_VARIABLE, raising=False)
    assert configured_hash() is None
    monkeypatch.setenv(SECRET_HASH_VARIABLE, encoded)
    assert configured_hash() == encoded
