"""The sign-in cookie and its lifetime setting."""
import pytest

from workshops import sign_in


def test_the_cookie_is_http_only_same_site_strict_and_expires():
    header = sign_in.cookie_header("tok_" + "x" * 40, 3600, secure=False).decode()
    parts = header.split("; ")
    assert parts[0] == f"{sign_in.COOKIE}=tok_{'x' * 40}"
    assert {"HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=3600"} <= set(parts)
    assert "Secure" not in parts
    assert "Secure" in sign_in.cookie_header("t" * 40, 10, secure=True).decode().split("; ")


def test_clearing_the_cookie_empties_it_at_once():
    parts = sign_in.clearing_header(secure=False).decode().split("; ")
    assert parts[0] == f"{sign_in.COOKIE}=" and "Max-Age=0" in parts


@pytest.mark.parametrize("value, hours", [("", 12), ("1", 1), (" 24 ", 24), ("168", 168)])
def test_the_lifetime_setting_is_hours_from_1_to_168(value, hours):
    assert sign_in.hours({sign_in.HOURS_VARIABLE: value}) == hours


@pytest.mark.parametrize("value", ["0", "169", "-1", "12h", "1.5", "99999"])
def test_an_unusable_lifetime_is_refused_with_its_range(value):
    with pytest.raises(sign_in.SignInSettingError, match="from 1 to 168"):
        sign_in.hours({sign_in.HOURS_VARIABLE: value})


def test_the_secret_mark_differs_between_secrets_and_is_short():
    first, second = sign_in.secret_tag("scrypt$a"), sign_in.secret_tag("scrypt$b")
    assert first != second and len(first) == 16
