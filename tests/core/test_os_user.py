"""The default reviewer name comes from the operating system's user."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest

from desktop_app.core import os_user


@pytest.mark.skipif(sys.platform == "win32", reason="the passwd database is POSIX")
def test_full_name_from_gecos_then_the_login_name(monkeypatch) -> None:
    import pwd

    monkeypatch.setattr(
        pwd, "getpwuid", lambda uid: SimpleNamespace(pw_gecos="Анна Петрова,,,+7 495,")
    )
    assert os_user.system_user_name() == "Анна Петрова"
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: SimpleNamespace(pw_gecos=""))
    monkeypatch.setattr(os_user.getpass, "getuser", lambda: "anna")
    assert os_user.system_user_name() == "anna"

    def no_entry(uid: int) -> None:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    assert os_user.system_user_name() == "anna"
