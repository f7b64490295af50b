"""``exportmatch hs search`` in the three languages, and ``names suggest`` saying which
Chinese names come from the HS nomenclature."""

from __future__ import annotations

import pytest

from desktop_app.cli import main
from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import Company, Product


def test_hs_search_finds_a_chinese_query_in_the_chinese_tariff_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["hs", "search", "离心泵"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("8413.70  其他离心泵 / ")
    assert "насосы центробежные прочие" in lines[0] and "centrifugal" in lines[0]


def test_hs_search_finds_a_code_through_the_trade_name_buyers_write(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 地牛 (a hand pallet truck) is in no tariff name: the line says which name found it.
    assert main(["hs", "search", "地牛", "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("8427.90  其他叉车及工作车（地牛） / ")
    # A Taiwan word in Traditional characters.
    assert main(["hs", "search", "堆高機", "--limit", "1"]) == 0
    assert capsys.readouterr().out.startswith("8427  ")


def test_hs_search_finds_a_code_through_the_name_russian_exporters_write(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # «рохля» (a hand pallet truck) is in no TN VED text: the line says which name found it.
    assert main(["hs", "search", "рохля", "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("8427  ") and "оборудованием (рохля) / Fork-lift" in lines[0]
    assert lines[1].startswith("8427.90  其他叉车及工作车 / Автопогрузчики")
    assert "прочие (рохля) / Fork-lift" in lines[1]
    assert main(["hs", "search", "УЗО", "--limit", "1"]) == 0
    assert capsys.readouterr().out.startswith("8536  ")


def test_hs_search_answers_russian_and_says_when_nothing_is_found(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["hs", "search", "насос", "центробежный", "--limit", "5"]) == 0
    assert "8413.70  其他离心泵" in capsys.readouterr().out
    assert main(["hs", "search", "不存在的东西"]) == 1
    assert "No HS code found for '不存在的东西'" in capsys.readouterr().out


def test_names_suggest_marks_names_from_the_hs_nomenclature(
    demo_sqlite: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    with demo_sqlite.session(actor="test") as session:
        company = Company(name_ru="ООО «Маслотех»", name_key="маслотех")
        session.add(
            Product(
                company=company,
                ref="MP-1",
                name_ru="Маслоотжимной агрегат",
                hs_code="8479200000",
            )
        )
        session.add(
            Product(
                company=company,
                ref="MP-2",
                name_ru="Маслопресс шнековый для подсолнечника",
                hs_code="8479200000",
            )
        )
    assert main(["--database", str(demo_sqlite.url), "names", "suggest"]) == 0
    out = capsys.readouterr().out
    assert "Маслоотжимной агрегат -> 榨油机 (Chinese name from the HS nomenclature)" in out
    # A Russian trade name of the good (маслопресс) gives its names, and says so.
    assert (
        "Маслопресс шнековый для подсолнечника -> 榨油机 / oil press "
        "(Chinese name of the same good's trade name)" in out
    )
