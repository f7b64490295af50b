"""Setup on a bare Linux machine: the xcb plugin's system packages, named, and the README.

The xcb platform plugin PySide6 installed is read with ``ldd``: every library it needs
must have a known Debian package, and the README's apt-get line must list every package.
A missing library is reported by package name, by ``make doctor`` and at start.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop_app.ui import app, platform_check
from desktop_app.ui.platform_check import DEBIAN_PACKAGES, XcbCheck, check_xcb

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FAKE_LDD = """\
\tlinux-vdso.so.1 (0x00007ffd0f1e5000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x1)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x2)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x3)
\t/lib64/ld-linux-x86-64.so.2 (0x4)
"""


def _readme_packages() -> set[str]:
    block = README.split("sudo apt-get install", 1)[1].split("```", 1)[0]
    return set(re.findall(r"[a-z0-9][a-z0-9.+-]+", block.replace("\\", " ")))


def test_readme_lists_every_package_the_installed_xcb_plugin_needs() -> None:
    check = check_xcb()
    if check is None:
        pytest.skip("no xcb plugin or no ldd on this machine")
    assert len(check.needed) > 10
    assert check.unknown == [], "add these libraries' Debian packages to DEBIAN_PACKAGES"
    needed = {DEBIAN_PACKAGES[name] for name in check.needed} - {None}
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0"} <= needed
    assert needed <= _readme_packages(), sorted(needed - _readme_packages())


def test_missing_libraries_are_named_by_their_packages(monkeypatch, tmp_path: Path) -> None:
    plugin = tmp_path / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"")
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/ldd")
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: SimpleNamespace(stdout=FAKE_LDD))
    check = check_xcb(plugin)
    assert check is not None
    assert check.missing == ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    assert check.missing_packages == ["libxcb-icccm4", "libxcb-keysyms1"]
    assert "libQt6XcbQpa.so.6" not in check.needed  # Qt's own come with the wheel
    assert {"libc.so.6", "ld-linux-x86-64.so.2", "libxcb-cursor.so.0"} <= set(check.needed)
    message = platform_check.missing_message(check)
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in message


def test_the_application_names_the_packages_instead_of_qts_abort(monkeypatch, capsys) -> None:
    missing = XcbCheck(Path("libqxcb.so"), ("libxcb-icccm.so.4",), ("libxcb-icccm.so.4",))
    monkeypatch.setattr(platform_check, "check_xcb", lambda plugin=None: missing)
    monkeypatch.setattr(platform_check.sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert app.run_gui() == 1
    assert "sudo apt-get install libxcb-icccm4" in capsys.readouterr().err
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert platform_check.startup_problem() is None  # not using xcb: nothing to say


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_says_what_the_first_install_does_and_has_a_doctor() -> None:
    dry_run = subprocess.run(
        ["make", "-n", "-B", "-C", str(ROOT), "install"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = dry_run.splitlines()
    install = next(
        i for i, line in enumerate(lines) if "pip install --quiet" in line and "-e" in line
    )
    said = "\n".join(line for line in lines[:install] if line.startswith("echo"))
    assert "Installing ExportMatch" in said and "minute" in said
    doctor = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "doctor"], capture_output=True, text=True, check=True
    ).stdout
    assert "desktop_app.ui.platform_check" in doctor
