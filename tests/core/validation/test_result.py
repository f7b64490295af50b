from desktop_app.core.validation import Check, Severity


def test_good_value_is_ok_without_message() -> None:
    check = Check.good("7707083893")
    assert check.ok
    assert check.severity is Severity.OK
    assert check.message == ""
    assert not check.is_empty


def test_warning_keeps_value_and_is_ok() -> None:
    check = Check.warn("X", "look at it")
    assert check.ok
    assert check.value == "X"
    assert check.severity == "warning"


def test_error_has_no_value_and_is_not_ok() -> None:
    check: Check[str] = Check.error("bad")
    assert not check.ok
    assert check.value is None
    assert check.message == "bad"


def test_empty_is_ok_and_empty() -> None:
    check: Check[str] = Check.empty()
    assert check.ok
    assert check.is_empty
