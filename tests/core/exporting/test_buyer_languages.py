"""The goal of buyer-ready exports: an Aggregator (EN + 中文) catalogue of the DEV products
carries a Chinese name on >= 95% of rows, suggested ones marked, and no Cyrillic outside
the columns whose header names Russian."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import NameOrigin
from desktop_app.core.domain.models import Product
from desktop_app.core.exporting import ExportKind, export_catalogue, export_matches, load_template
from desktop_app.core.exporting.buyer_check import untranslated_columns
from desktop_app.core.exporting.cells import SUGGESTED_FILL
from desktop_app.core.importing.service import ImportKind, import_file
from desktop_app.core.services.name_suggestions import (
    accept_suggestion,
    propose_missing_names,
    store_suggestions,
)
from desktop_app.core.services.naming import glosser
from desktop_app.core.validation.buyer_language import has_cyrillic
from tests.core.exporting.conftest import add_accepted_matches, read_xlsx

DEV_PRODUCTS = Path(__file__).parents[2] / "data" / "buyer" / "dev_products.csv"
# A header naming Russian: "(RU)", "рус.", "俄文".
_NAMES_RUSSIAN = re.compile(r"\(RU\)|рус\.|俄文|Russian", re.IGNORECASE)


def _catalogue(database: Database, tmp_path: Path) -> Path:
    with database.session(actor="test") as session:
        import_file(session, DEV_PRODUCTS, ImportKind.PRODUCTS)
    with database.session(actor="test") as session:
        before = untranslated_columns(session, ExportKind.CATALOGUE, load_template("aggregator"))
        assert {c.key for c in before} >= {"product_name_zh"}
        store_suggestions(session, propose_missing_names(session))
    target = tmp_path / "aggregator.xlsx"
    with database.session(actor="test") as session:
        export_catalogue(session, target, "aggregator")
    return target


def test_aggregator_catalogue_of_the_dev_products_is_readable_by_a_chinese_buyer(
    demo_sqlite: Database, tmp_path: Path
) -> None:
    workbook = read_xlsx(_catalogue(demo_sqlite, tmp_path))
    sheet = workbook["Catalogue 产品目录"]
    rows = list(sheet.iter_rows())
    headers = [str(cell.value) for cell in rows[0]]
    data = rows[1:]
    assert len(data) >= 100
    zh = headers.index("Name (ZH)\n中文名称")
    named = [row for row in data if row[zh].value]
    assert len(named) / len(data) >= 0.95

    # Suggested names are marked by their style, and the summary's legend explains it.
    suggested = [row[zh] for row in data if row[zh].fill.fgColor.rgb.endswith(SUGGESTED_FILL)]
    assert suggested and all(cell.font.italic for cell in suggested)
    entered = [row[zh] for row in data if row[zh].value and row[zh] not in suggested]
    assert entered and not any(cell.font.italic for cell in entered)
    legend = [
        cell
        for row in workbook["Summary 汇总"].iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "建议名称" in cell.value
    ]
    assert legend and legend[0].fill.fgColor.rgb.endswith(SUGGESTED_FILL)

    # No Cyrillic outside the columns whose header names Russian, on any sheet.
    for worksheet in workbook.worksheets:
        table = list(worksheet.iter_rows(values_only=True))
        header = [str(value or "") for value in table[0]]
        for row in table[1:]:
            for title, value in zip(header, row, strict=False):
                if isinstance(value, str) and not _NAMES_RUSSIAN.search(title):
                    assert not has_cyrillic(value), (worksheet.title, title, value)


def test_a_suggestion_is_a_name_only_once_accepted_and_an_edit_counts_as_entered(
    demo_sqlite: Database,
) -> None:
    with demo_sqlite.session(actor="test") as session:
        import_file(session, DEV_PRODUCTS, ImportKind.PRODUCTS)
        proposals = propose_missing_names(session)
        store_suggestions(session, proposals)
        oil = session.scalars(
            select(Product).where(
                Product.name_ru.like("Масло подсолнечное рафинированное%"),
                Product.name_zh.is_(None),
            )
        ).first()
        assert oil is not None and oil.name_zh is None
        assert oil.suggested_name_zh is not None and "葵花籽油" in oil.suggested_name_zh
        assert oil.suggested_name_zh.startswith("精炼")
        accept_suggestion(session, oil.id, oil.version, zh=oil.suggested_name_zh)
        assert oil.name_zh_origin == NameOrigin.ACCEPTED.value
        assert oil.suggested_name_zh is None
        other = session.get(Product, proposals[0].product_id)
        assert other is not None
        accept_suggestion(session, other.id, other.version, zh="我的名字")
        assert (other.name_zh, other.name_zh_origin) == ("我的名字", NameOrigin.ENTERED.value)


def test_trade_office_reads_requests_in_russian_and_buyers_read_matches_in_theirs(
    demo_sqlite: Database, tmp_path: Path
) -> None:
    add_accepted_matches(demo_sqlite, injections=False)
    trade = tmp_path / "trade.xlsx"
    buyer = tmp_path / "buyer.xlsx"
    with demo_sqlite.session(actor="Анна") as session:
        export_matches(session, trade, "trade_representation", glosser=glosser)
        export_matches(session, buyer, "aggregator")
    rows = list(read_xlsx(trade).worksheets[0].iter_rows(values_only=True))
    header = [str(value) for value in rows[0]]
    wanted = header.index("Запрошенный товар\n需求产品")
    glossed = header.index("Запрошенный товар (рус.)\n需求产品(俄文释义)")
    pairs = {row[wanted]: row[glossed] for row in rows[1:]}
    assert pairs["黄油 82%"] == "сливочное масло"
    assert sum(1 for value in pairs.values() if value and has_cyrillic(value)) >= len(pairs) * 0.8
    assert not {"Оценка\n匹配度", "Проверил\n审核人", "Дата решения\n决定日期"} & set(header)

    table = list(read_xlsx(buyer).worksheets[0].iter_rows(values_only=True))
    titles = [str(value) for value in table[0]]
    assert not {"Score\n匹配度", "Reviewer\n审核人", "Decision date\n决定日期"} & set(titles)
    for row in table[1:]:
        for title, value in zip(titles, row, strict=True):
            if isinstance(value, str):
                assert not has_cyrillic(value), (title, value)


def test_cli_lists_what_would_reach_the_buyer_untranslated_and_suggests_names(
    demo_sqlite: Database, tmp_path: Path, capsys
) -> None:
    from desktop_app.cli import main
    from desktop_app.core.domain.models import Company

    with demo_sqlite.session(actor="test") as session:
        company = Company(name_ru="ООО «Нива»", name_key="нива", region="Тридевятое царство")
        session.add(Product(company=company, ref="N-1", name_ru="Мёд гречишный, 1 кг"))
    url = str(demo_sqlite.url)
    target = tmp_path / "catalogue.xlsx"
    assert main(["--database", url, "export", "catalogue", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert "Would reach the buyer untranslated:" in err
    assert "Name (ZH) 中文名称: " in err and "Region 地区: 1" in err

    assert main(["--database", url, "names", "suggest"]) == 0
    out = capsys.readouterr().out
    assert "Мёд гречишный, 1 кг -> 荞麦蜜 1公斤 / buckwheat honey 1 kg" in out
    with demo_sqlite.session() as session:
        assert (
            session.scalars(select(Product.suggested_name_zh).where(Product.ref == "N-1")).one()
            is None
        )
    assert main(["--database", url, "names", "suggest", "--store"]) == 0
    with demo_sqlite.session() as session:
        stored = session.scalars(
            select(Product.suggested_name_zh).where(Product.ref == "N-1")
        ).one()
    assert stored == "荞麦蜜 1公斤"
    assert main(["--database", url, "export", "catalogue", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert "Name (ZH)" not in err and "Region 地区: 1" in err


def test_trade_office_reads_requests_the_glossary_cannot_read_by_the_tariff(
    demo_sqlite: Database, tmp_path: Path
) -> None:
    # Two requests no glossary term names: one with the line's HS code, one without a
    # code whose Chinese name ends in the tariff's name of a good (抽油烟机, hoods).
    from desktop_app.core.domain.models import DemandLine

    with demo_sqlite.session(actor="test") as session:
        # The first line's match is rejected (add_accepted_matches): the next two.
        lines = select(DemandLine).order_by(DemandLine.id).offset(1).limit(2)
        first, second = session.scalars(lines)
        first.product_text, first.hs_code = "XJ-200型号配套件", "8413703000"
        second.product_text, second.hs_code = "XJ-200型抽油烟机", None
    add_accepted_matches(demo_sqlite, injections=False)
    trade = tmp_path / "trade.xlsx"
    with demo_sqlite.session(actor="Анна") as session:
        export_matches(session, trade, "trade_representation", glosser=glosser)
    rows = list(read_xlsx(trade).worksheets[0].iter_rows(values_only=True))
    header = [str(value) for value in rows[0]]
    wanted = header.index("Запрошенный товар\n需求产品")
    glossed = header.index("Запрошенный товар (рус.)\n需求产品(俄文释义)")
    pairs = {row[wanted]: row[glossed] for row in rows[1:]}
    assert "насосы центробежные прочие" in pairs["XJ-200型号配套件"]
    assert pairs["XJ-200型抽油烟机"].startswith("TN VED 8414.60 by the Chinese name: ")
