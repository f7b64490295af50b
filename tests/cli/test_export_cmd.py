"""The ``exportmatch export`` command: filters, the run recorded, templates listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.cli import main
from desktop_app.cli.actor import command_actor
from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import BatchStatus
from desktop_app.core.domain.models import ExportRun
from tests.core.exporting.conftest import read_xlsx


@pytest.mark.slow
def test_cli_exports_with_filters_and_records_the_run(
    matched_sqlite: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = matched_sqlite.url.render_as_string(hide_password=False)
    target = tmp_path / "fish.xlsx"
    status = main(
        [
            "--database",
            url,
            "export",
            "catalogue",
            "-o",
            str(target),
            "--hs-chapter",
            "03",
            "--actor",
            "Ирина",
        ]
    )
    assert status == 0
    out = capsys.readouterr().out
    assert "catalogue exported with template 'Aggregator (EN + 中文)'" in out
    sheet = read_xlsx(target).worksheets[0]
    assert all(str(row[2]).startswith("03") for row in sheet.iter_rows(min_row=2, values_only=True))

    per_buyer = tmp_path / "buyers.zip"
    assert (
        main(
            [
                "--database",
                url,
                "export",
                "matches",
                "-o",
                str(per_buyer),
                "--per-buyer",
                "--template",
                "trade_representation",
            ]
        )
        == 0
    )
    assert per_buyer.is_file()

    assert (
        main(
            [
                "--database",
                url,
                "export",
                "matches",
                "-o",
                str(tmp_path / "x.xlsx"),
                "--buyer",
                "Шанхай",
            ]
        )
        == 1
    )
    assert "no buyer matches 'Шанхай'" in capsys.readouterr().err
    with matched_sqlite.session() as session:
        runs = session.scalars(select(ExportRun).order_by(ExportRun.id)).all()
    assert [(run.kind, run.status) for run in runs] == [
        ("catalogue", BatchStatus.DONE),
        ("matches", BatchStatus.DONE),
        ("matches", BatchStatus.FAILED),
    ]
    assert runs[0].actor == "Ирина" and runs[0].filters["hs_chapters"] == ["03"]
    # Without --actor, the person the operating system names, as in the GUI; never "system".
    assert runs[1].actor == command_actor() and runs[1].actor not in ("system", "")
    assert runs[1].template == "Trade representation (RU + 中文)"


def test_cli_lists_templates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "templates"]) == 0
    out = capsys.readouterr().out
    assert "full_data: Full data" in out and "headers: ru + zh" in out


def test_the_command_line_acts_for_the_given_or_the_system_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import argparse

    monkeypatch.setattr("desktop_app.cli.actor.system_user_name", lambda: "Анна Петрова")
    assert command_actor(argparse.Namespace(actor=" Ирина ")) == "Ирина"
    assert command_actor(argparse.Namespace(actor=None)) == "Анна Петрова"
    assert command_actor() == "Анна Петрова"
    monkeypatch.setattr("desktop_app.cli.actor.system_user_name", lambda: "")
    assert command_actor() == "cli"
