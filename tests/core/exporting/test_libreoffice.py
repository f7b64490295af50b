"""The exported workbook opened by a real spreadsheet program (LibreOffice, headless).

openpyxl reading back what openpyxl wrote proves little about what a person sees. Here
LibreOffice Calc loads the workbook and saves the data sheet as CSV: the values must be
the ones in the database, the codes with their leading zeros, prices with two decimals,
dates in ISO form, and the injection strings shown as text rather than computed.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from desktop_app.core.database.session import Database
from desktop_app.core.exporting import ExportFilters, export_catalogue, export_matches
from tests.core.exporting.conftest import INJECTIONS

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed on this machine"
)
CONVERT_TIMEOUT = 120


def convert_with_libreoffice(source: Path, out_dir: Path, profile: Path) -> Path:
    """Convert the first sheet of ``source`` to UTF-8 CSV with a private LibreOffice profile."""
    assert SOFFICE is not None
    command = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        # Filter options: comma, double quote, UTF-8 (76), first line 1, formatted text.
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
        "--outdir",
        str(out_dir),
        str(source),
    ]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
        timeout=CONVERT_TIMEOUT,
        env={**os.environ, "HOME": str(profile)},
    )
    return out_dir / (source.stem + ".csv")


@pytest.mark.slow
def test_libreoffice_shows_the_values_the_database_holds(
    matched_sqlite: Database, tmp_path: Path
) -> None:
    workbook = tmp_path / "matches.xlsx"
    with matched_sqlite.session() as session:
        export_matches(
            session, workbook, "full_data", ExportFilters(statuses=("accepted", "rejected"))
        )
    converted = convert_with_libreoffice(workbook, tmp_path / "out", tmp_path / "profile")
    with converted.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_ref = {row["demand_ref"]: row for row in rows}
    pollock = by_ref["D001"]
    assert pollock["buyer_name"] == "大连海湾水产有限公司"
    # Formatted as a person sees it: codes keep their zeros, prices show two decimals and
    # the currency, quantities their unit, dates ISO.
    assert pollock["hs_code"].startswith("0")
    assert pollock["price_min"].endswith(" USD/t") and pollock["price_min"][-9] == "."
    assert pollock["quantity"] == "200 t"
    assert pollock["decided_at"] == "2026-11-02"
    assert pollock["company_inn"].isdigit() and len(pollock["company_inn"]) == 10
    # The injection strings come out exactly as text: nothing was evaluated.
    shown = {row["demand_product"] for row in rows}
    for text in INJECTIONS:
        assert text.replace("\r", "\n") in shown
    assert "Click for prices" not in shown


@pytest.mark.slow
def test_libreoffice_keeps_every_hyperlink(demo_sqlite: Database, tmp_path: Path) -> None:
    # Consecutive cells with the same address share one range hyperlink (T2:T5);
    # LibreOffice must still give each cell its link.
    workbook = tmp_path / "catalogue.xlsx"
    with demo_sqlite.session() as session:
        summary = export_catalogue(session, workbook)
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path / "out"),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=CONVERT_TIMEOUT,
        env={**os.environ, "HOME": str(tmp_path / "profile")},
    )
    with zipfile.ZipFile(tmp_path / "out" / "catalogue.ods") as package:
        content = package.read("content.xml").decode("utf-8")
    mail_links = re.findall(r'xlink:href="mailto:[^"]+"', content)
    assert len(mail_links) == summary.row_count
