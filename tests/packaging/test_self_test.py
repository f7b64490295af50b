"""``exportmatch --self-test`` passes on a working installation and fails on a broken one."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.cli.self_test import STEPS, run_self_test
from tests.packaging.conftest import REPO


def _environment(**overrides: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.update(overrides)
    return env


@pytest.mark.slow
def test_every_step_passes_in_process(qtbot) -> None:
    out = io.StringIO()
    results = run_self_test(out)
    assert [result.name for result in results] == [name for name, _ in STEPS]
    failed = [f"{result.name}: {result.detail}" for result in results if not result.ok]
    assert failed == []
    report = out.getvalue()
    assert "D001 -> P001" in report
    assert report.rstrip().endswith("self-test passed")


@pytest.mark.slow
def test_without_the_window_step_qt_is_not_needed() -> None:
    results = run_self_test(io.StringIO(), gui=False)
    assert "main window" not in [result.name for result in results]
    assert all(result.ok for result in results)


@pytest.mark.slow
def test_the_command_exits_0_from_source(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--self-test"],
        cwd=tmp_path,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.count("\nok   ") == len(STEPS)


@pytest.mark.slow
@pytest.mark.parametrize("missing", ["db", "resources"])
def test_a_broken_installation_fails_with_the_reason(tmp_path: Path, missing: str) -> None:
    # An install root with one of the two data folders left out, as a bad build would be.
    root = tmp_path / "install"
    root.mkdir()
    for folder in ("resources", "db"):
        if folder != missing:
            (root / folder).symlink_to(REPO / folder, target_is_directory=True)
    completed = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--self-test"],
        cwd=tmp_path,
        env=_environment(EXPORTMATCH_HOME=str(root), PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1
    assert f"FAIL shipped files: missing under {root}: {missing}/" in completed.stdout
    assert "self-test FAILED" in completed.stdout


def test_main_returns_the_self_test_status(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr("desktop_app.cli.self_test.run_self_test", lambda: calls.append(1) or [])
    # No step ran: that is not a pass.
    assert main(["--self-test"]) == 1
    assert calls == [1]
