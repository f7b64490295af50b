import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.validation import Severity, check_email, check_phone, check_website

# -- email -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("ivan@mail.ru", "ivan@mail.ru"),
        ("Ivan.Petrov@Mail.RU", "Ivan.Petrov@mail.ru"),
        ("  sales@qq.com ", "sales@qq.com"),
        ("Ivan Petrov <ivan@yandex.ru>", "ivan@yandex.ru"),
        ("mailto:info@example.cn", "info@example.cn"),
        ("zhang.wei+export@163.com", "zhang.wei+export@163.com"),
        ("иван@почта.рф", "иван@почта.рф"),
        ("sales＠qq.com", "sales@qq.com"),
    ],
)
def test_valid_email(text: str, address: str) -> None:
    check = check_email(text)
    assert check.severity is Severity.OK, check.message
    assert check.value == address


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ivan.mail.ru", "no @"),
        ("ivan@@mail.ru", "more than one @"),
        ("ivan @mail.ru", "space"),
        ("@mail.ru", "nothing before the @"),
        ("ivan@", "nothing after the @"),
        ("ivan@mail", "needs a dot"),
        ("ivan@mail..ru", "two dots"),
        (".ivan@mail.ru", "dot"),
        ("ivan@mail.r1", "top-level domain"),
        ("a@b.ru, c@d.cn", "one email address"),
    ],
)
def test_invalid_email_says_why(text: str, reason: str) -> None:
    check = check_email(text)
    assert check.severity is Severity.ERROR
    assert reason in check.message


def test_dot_con_is_a_warning() -> None:
    assert check_email("ivan@gmail.con").severity is Severity.WARNING


# -- phone -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("+7 916 123-45-67", "+79161234567"),
        ("+7 (916) 123-45-67", "+79161234567"),
        ("8 (916) 123-45-67", "+79161234567"),
        ("8-916-123-45-67", "+79161234567"),
        ("89161234567", "+79161234567"),
        ("7 916 123 45 67", "+79161234567"),
        ("тел.: +7 (495) 123-45-67", "+74951234567"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("+86-138-0013-8000", "+8613800138000"),
        ("0086 138 0013 8000", "+8613800138000"),
        ("13800138000", "+8613800138000"),
        ("+86 (0)21 1234 5678", "+862112345678"),
        ("+86 10 6552 9988", "+861065529988"),
        ("＋８６　１３８００１３８０００", "+8613800138000"),
        ("+1 212 555 1234", "+12125551234"),
    ],
)
def test_phone_numbers_without_doubt(text: str, number: str) -> None:
    check = check_phone(text)
    assert check.severity is Severity.OK, check.message
    assert check.value == number


@pytest.mark.parametrize(
    ("text", "number", "country"),
    [
        ("916 123-45-67", "+79161234567", "Russian"),
        ("021-12345678", "+862112345678", "Chinese"),
        ("0571 8888 8888", "+8657188888888", "Chinese"),
    ],
)
def test_guessed_country_is_a_warning(text: str, number: str, country: str) -> None:
    check = check_phone(text)
    assert check.severity is Severity.WARNING
    assert check.value == number
    assert country in check.message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("123-45-67", "too short"),
        ("+7 916 123 45", "10 digits after the 7"),
        ("+86 155 1234 567", "Chinese mobile"),
        ("+7 916 ABC-45-67", '"A"'),
        ("8 916 123 45 67, 8 495 123 45 67", "one phone number"),
        ("55512345678901", "country"),
    ],
)
def test_bad_phone_says_why(text: str, reason: str) -> None:
    check = check_phone(text)
    assert check.severity is Severity.ERROR
    assert reason in check.message


def test_extension_is_dropped_with_a_warning() -> None:
    check = check_phone("+7 495 123-45-67 доб. 123")
    assert check.severity is Severity.WARNING
    assert check.value == "+74951234567"
    assert "123" in check.message


@given(st.text(max_size=30))
def test_check_phone_never_raises(text: str) -> None:
    check = check_phone(text)
    if check.value is not None:
        assert check.value.startswith("+") and check.value[1:].isdigit()


# -- website ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("example.com", "https://example.com"),
        ("WWW.Example.com/", "https://www.example.com"),
        ("http://shop.example.cn/catalog?id=5", "http://shop.example.cn/catalog?id=5"),
        ("https://пример.рф", "https://пример.рф"),
        ("example.com:8080/path", "https://example.com:8080/path"),
    ],
)
def test_website(text: str, url: str) -> None:
    check = check_website(text)
    assert check.severity is Severity.OK, check.message
    assert check.value == url


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ftp://example.com", "http://"),
        ("ivan@mail.ru", "email"),
        ("example", "needs a dot"),
        ("exa mple.com", "space"),
    ],
)
def test_bad_website_says_why(text: str, reason: str) -> None:
    check = check_website(text)
    assert check.severity is Severity.ERROR
    assert reason in check.message


@given(st.text(max_size=30))
def test_contact_checks_never_raise(text: str) -> None:
    check_email(text)
    check_website(text)
