"""A supplier catalogue exported and read back with openpyxl: contents and formatting."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from desktop_app import __version__
from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import BatchStatus, ProductStatus
from desktop_app.core.domain.models import Company, ExportRun, Product
from desktop_app.core.errors import InputError
from desktop_app.core.exporting import (
    ExportFilters,
    ExportKind,
    builtin_templates,
    export_catalogue,
    load_template,
)
from desktop_app.core.exporting.buyer_check import untranslated_columns
from desktop_app.core.exporting.safety import MAX_HYPERLINKS_PER_SHEET
from desktop_app.core.exporting.xlsx_writer import (
    MIN_PRINT_SCALE,
    WorkbookBuilder,
    print_scale,
    set_up_pages,
)
from desktop_app.core.validation.buyer_language import has_cyrillic
from tests.core.exporting.conftest import read_xlsx


def _header_keys(path: Path, sheet: str) -> list[str]:
    workbook = read_xlsx(path)
    return [str(cell.value) for cell in next(workbook[sheet].iter_rows(max_row=1))]


@pytest.mark.slow
def test_catalogue_lists_every_active_product_with_its_company(
    database: Database, tmp_path: Path
) -> None:
    from desktop_app.core.services.demo import load_demo_data

    with database.session(actor="test") as session:
        load_demo_data(session)
        active = session.scalar(select(func.count()).where(Product.status == ProductStatus.ACTIVE))
    target = tmp_path / "catalogue.xlsx"
    with database.session(actor="Ирина") as session:
        summary = export_catalogue(session, target, "full_data")
    assert summary.row_count == active
    workbook = read_xlsx(target)
    assert workbook.sheetnames == ["products", "summary"]
    sheet = workbook["products"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:3] == ["product_ref", "company_name", "company_inn"]
    assert len(rows) == active + 1
    by_ref = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    pollock = by_ref["P001"]
    assert pollock["company_name"] == "ООО «Приморский рыбный двор»"
    assert pollock["company_inn"] == "2536524458"
    assert pollock["hs_code"] == "030367"
    assert pollock["price_min"] == 1150 and pollock["price_max"] == 1300
    assert pollock["incoterms"] == "CFR Dalian"
    assert pollock["product_name_zh"] == "冷冻狭鳕鱼 去头去脏"
    with database.session() as session:
        run = session.scalars(select(ExportRun)).one()
    assert (run.kind, run.template, run.row_count) == ("catalogue", "Full data", active)
    assert run.status is BatchStatus.DONE and run.actor == "Ирина"
    assert run.file_path == str(target)


def test_formatting_a_person_expects(demo_sqlite: Database, tmp_path: Path) -> None:
    target = tmp_path / "aggregator.xlsx"
    with demo_sqlite.session(actor="Ирина") as session:
        export_catalogue(session, target)
    workbook = read_xlsx(target)
    sheet = workbook.worksheets[0]
    assert sheet.title == "Catalogue 产品目录"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:T{sheet.max_row}"
    header = next(sheet.iter_rows(max_row=1))
    assert header[0].value == "Product\n产品名称"
    assert all(cell.font.b for cell in header)
    assert header[0].alignment.wrap_text
    columns = {cell.value.split("\n")[0]: cell.column_letter for cell in header}
    row = {name: sheet[f"{letter}2"] for name, letter in columns.items()}
    # HS codes, INN and phones are text, so leading zeros survive.
    hs_cells = [sheet[f"{columns['HS code']}{r}"] for r in range(2, sheet.max_row + 1)]
    assert all(cell.data_type == "s" for cell in hs_cells if cell.value)
    assert any(cell.value.startswith("0") for cell in hs_cells if cell.value)
    assert row["INN"].data_type == "s"
    price = row["Price from"]
    assert isinstance(price.value, int | float | Decimal)
    moq = row["MOQ"]
    assert moq.number_format in ('#,##0 "pcs"', '#,##0 "t"', '#,##0 "kg"')
    # The price names its currency and the unit it is quoted per (the product's unit).
    unit = moq.number_format.split('"')[1]
    assert price.number_format == f'#,##0.00 "USD/{unit}"'
    email = row["E-mail"]
    assert email.hyperlink is not None and email.hyperlink.target.startswith("mailto:")
    assert row["Website"].hyperlink.target.startswith("https://")
    properties = workbook.properties
    assert properties.creator == "Ирина"
    assert "Aggregator" in (properties.title or "")
    assert isinstance(properties.created, datetime)


def test_widths_follow_the_content_and_cjk_counts_double(
    demo_sqlite: Database, tmp_path: Path
) -> None:
    target = tmp_path / "widths.xlsx"
    with demo_sqlite.session() as session:
        export_catalogue(session, target, "full_data")
    sheet = read_xlsx(target)["products"]
    header = {cell.value: cell.column_letter for cell in next(sheet.iter_rows(max_row=1))}
    widths = {key: sheet.column_dimensions[letter].width for key, letter in header.items()}
    # The widest Chinese name has 13 characters: 26 cells, plus padding.
    assert widths["product_name_zh"] >= 26
    assert widths["currency"] < widths["product_name_en"]
    assert all(6 <= width <= 50 for width in widths.values())
    # Longer than the widest column: wrapped, with a taller row.
    description = sheet[f"{header['description']}2"]
    assert description.value is not None


def test_long_text_wraps_and_is_cut_at_the_cell_limit(
    demo_sqlite: Database, tmp_path: Path
) -> None:
    with demo_sqlite.session() as session:
        product = session.scalars(select(Product).where(Product.ref == "P001")).one()
        product.description = "Длинное описание " * 4000
        product.packaging = "Блок\x00 2x11\x07 кг"
    target = tmp_path / "long.xlsx"
    with demo_sqlite.session() as session:
        export_catalogue(session, target, "full_data")
    sheet = read_xlsx(target)["products"]
    header = {cell.value: cell.column_letter for cell in next(sheet.iter_rows(max_row=1))}
    row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"A{r}"].value == "P001")
    cell = sheet[f"{header['description']}{row}"]
    assert len(cell.value) == 32_767
    assert cell.value.endswith("characters cut]")
    assert cell.alignment.wrap_text
    assert sheet.row_dimensions[row].height > 15
    assert sheet[f"{header['packaging']}{row}"].value == "Блок 2x11 кг"


def test_filters_by_hs_chapter_and_region(demo_sqlite: Database, tmp_path: Path) -> None:
    target = tmp_path / "fish.xlsx"
    filters = ExportFilters(hs_chapters=("3",), regions=("приморский",))
    with demo_sqlite.session() as session:
        summary = export_catalogue(session, target, "full_data", filters)
        expected = session.scalar(
            select(func.count())
            .select_from(Product)
            .join(Company)
            .where(Product.hs_code.startswith("03"), Company.region == "Приморский край")
            .where(Product.status == ProductStatus.ACTIVE)
        )
    assert summary.row_count == expected > 0
    assert summary.by_chapter == {"03": expected}
    assert summary.filters["matched_regions"] == ["Приморский край"]
    rows = list(read_xlsx(target)["products"].iter_rows(min_row=2, values_only=True))
    assert all(row[4] == "Приморский край" for row in rows)


def test_unknown_filters_and_templates_are_explained(demo_sqlite: Database, tmp_path: Path) -> None:
    with demo_sqlite.session() as session:
        with pytest.raises(InputError, match=r"no region matches 'Марс'; known: .*Приморский край"):
            export_catalogue(session, tmp_path / "x.xlsx", filters=ExportFilters(regions=("Марс",)))
        with pytest.raises(InputError, match="not an HS chapter"):
            export_catalogue(
                session, tmp_path / "x.xlsx", filters=ExportFilters(hs_chapters=("x",))
            )
        with pytest.raises(InputError, match="--buyer applies to matches only"):
            export_catalogue(session, tmp_path / "x.xlsx", filters=ExportFilters(buyers=("a",)))
        with pytest.raises(InputError, match="no export template 'nope'"):
            export_catalogue(session, tmp_path / "x.xlsx", "nope")
        with pytest.raises(InputError, match=r"\.xlsx or \.csv"):
            export_catalogue(session, tmp_path / "x.pdf")
    assert not list(tmp_path.glob("x*"))


def test_summary_sheet_counts_filters_time_and_version(
    demo_sqlite: Database, tmp_path: Path
) -> None:
    target = tmp_path / "summary.xlsx"
    with demo_sqlite.session(actor="Ирина") as session:
        summary = export_catalogue(
            session, target, "trade_representation", ExportFilters(hs_chapters=("15", "04"))
        )
    sheet = read_xlsx(target)["Сводка 汇总"]
    values = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    labels = {row[0]: row[1] for row in values}
    assert labels["Программа / 生成程序"] == f"ExportMatch {__version__}"
    assert labels["Подготовил / 制表人"] == "Ирина"
    assert labels["Строк / 行数"] == summary.row_count
    assert labels["Группы ТН ВЭД / 海关编码章"] == "15, 04"
    datetime.strptime(labels["Создано (UTC) / 生成时间(UTC)"], "%Y-%m-%d %H:%M")
    chapter_rows = {row[0]: row[2] for row in values if row[0] in ("04", "15")}
    assert chapter_rows == {"04": summary.by_chapter["04"], "15": summary.by_chapter["15"]}
    assert sum(chapter_rows.values()) == summary.row_count
    region_total = sum(count for name, count in summary.by_region.items() if name)
    assert region_total == summary.row_count


def test_hyperlinks_stop_at_excels_per_sheet_limit(
    monkeypatch: pytest.MonkeyPatch, demo_sqlite: Database, tmp_path: Path
) -> None:
    import desktop_app.core.exporting.xlsx_writer as writer

    monkeypatch.setattr(writer, "MAX_HYPERLINKS_PER_SHEET", 5)
    target = tmp_path / "links.xlsx"
    with demo_sqlite.session() as session:
        export_catalogue(session, target)
    sheet = read_xlsx(target).worksheets[0]
    linked = [cell for row in sheet.iter_rows() for cell in row if cell.hyperlink is not None]
    assert len(linked) == 5
    # Past the limit the addresses are still there, as plain text.
    header = {c.value.split("\n")[0]: c.column_letter for c in sheet[1]}
    assert all(sheet[f"{header['E-mail']}{r}"].value for r in range(2, sheet.max_row + 1))
    assert MAX_HYPERLINKS_PER_SHEET == 65_530


def test_template_from_a_file_with_header_overrides(demo_sqlite: Database, tmp_path: Path) -> None:
    template = tmp_path / "mine.toml"
    template.write_text(
        'name = "Mine"\nheader_languages = ["zh", "ru"]\n'
        '[catalogue]\ncolumns = ["hs_code", { field = "product_name_zh", zh = "品名" }]\n'
        '[matches]\ncolumns = ["buyer_name"]\n',
        encoding="utf-8",
    )
    assert load_template(template).name == "Mine"
    target = tmp_path / "mine.xlsx"
    with demo_sqlite.session() as session:
        export_catalogue(session, target, str(template))
    sheet = read_xlsx(target).worksheets[0]
    assert [c.value for c in sheet[1]] == ["海关编码\nКод ТН ВЭД", "品名\nНаименование (кит.)"]


def test_aggregator_list_names_everyone_in_the_buyers_languages_only(
    demo_sqlite: Database, tmp_path: Path
) -> None:
    # An exporter who filled only the Russian names still appears by name in the
    # English/Chinese list an aggregator forwards, but in Latin letters: the supplier
    # transliterated with its legal form in English and Chinese, the region and the
    # Incoterms place in English and Chinese. The pre-export check counts what is left.
    with demo_sqlite.session() as session:
        company = Company(
            name_ru="ООО «Только по-русски»", name_key="только по русски", region="Алтайский край"
        )
        session.add(
            Product(
                company=company,
                ref="RU-1",
                name_ru="Мёд гречишный",
                hs_code="0409",
                incoterms="FCA",
                incoterms_place="Барнаул",
            )
        )
    target = tmp_path / "aggregator.xlsx"
    with demo_sqlite.session() as session:
        checked = untranslated_columns(session, ExportKind.CATALOGUE, load_template("aggregator"))
        export_catalogue(session, target, "aggregator")
    rows = list(read_xlsx(target)["Catalogue 产品目录"].iter_rows(values_only=True))
    russian_only = [row for row in rows if row[0] == "Med grechishnyi"]
    assert len(russian_only) == 1
    assert "Tolko po-russki LLC 有限责任公司" in russian_only[0]
    assert "Altai Krai 阿尔泰边疆区" in russian_only[0]
    assert "FCA Barnaul 巴尔瑙尔" in russian_only[0]
    assert all(row[0] for row in rows[1:])
    cyrillic = [cell for row in rows[1:] for cell in row if has_cyrillic(str(cell or ""))]
    assert cyrillic == []
    by_key = {column.key: column.count for column in checked}
    assert by_key["product_name_intl"] >= 1
    assert by_key["product_name_zh"] >= 1
    assert "company_region_intl" not in by_key and "incoterms_intl" not in by_key


def test_only_full_data_and_the_internal_template_carry_internal_fields() -> None:
    internal = {"score", "reviewer", "decided_at"}
    for template in builtin_templates():
        keys = {column.field.key for column in template.columns_for(ExportKind.MATCHES)}
        if template.id in ("full_data", "internal"):
            assert internal <= keys
        else:
            assert not internal & keys, template.id


def test_printed_pages_are_landscape_with_the_header_and_readable_text(
    demo_sqlite: Database, tmp_path: Path
) -> None:
    target = tmp_path / "aggregator.xlsx"
    with demo_sqlite.session(actor="Ирина") as session:
        export_catalogue(session, target)
    sheet = read_xlsx(target).worksheets[0]
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and str(setup.paperSize) == "9"
    assert sheet.print_title_rows.replace("$", "") == "1:1"  # the header on every page
    widths = [
        sheet.column_dimensions[get_column_letter(n)].width for n in range(1, sheet.max_column + 1)
    ]
    # Twenty columns would print at well under 8 points on one page: they break by
    # columns instead, at full size, the product column repeated on every page.
    assert print_scale(widths) < MIN_PRINT_SCALE
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(setup.scale) == 100 and setup.pageOrder == "overThenDown"
    assert sheet.print_title_cols.replace("$", "") == "A:A"


def test_a_table_narrow_enough_is_printed_one_page_wide(tmp_path: Path) -> None:
    builder = WorkbookBuilder("narrow", "test")
    sheet = builder.add_sheet("narrow")
    set_up_pages(sheet, [30.0, 12.0, 12.0, 40.0])
    assert print_scale([30.0, 12.0, 12.0, 40.0]) >= MIN_PRINT_SCALE
    sheet.append(["a", "b", "c", "d"])
    builder.save(tmp_path / "narrow.xlsx")
    read = read_xlsx(tmp_path / "narrow.xlsx").worksheets[0]
    assert read.sheet_properties.pageSetUpPr.fitToPage
    assert (read.page_setup.fitToWidth, read.page_setup.fitToHeight) == (1, 0)
    assert read.page_setup.orientation == "landscape"
    assert not read.print_title_cols


def test_bidirectional_controls_never_reach_the_buyer(
    demo_sqlite: Database, tmp_path: Path
) -> None:
    # A hostile supplier's name that shows other text than it holds: «Мёд галп» with the
    # right-to-left override reads «Мёд плаг»; a short one, a formula-like one after it.
    with demo_sqlite.session() as session:
        product = session.scalars(select(Product).where(Product.ref == "P001")).one()
        product.name_en = "Honey \u202egalp\u202c"
        product.packaging = "\u2067=1+1\u2069"
        product.certificates = "\u200fEAC"
    target = tmp_path / "bidi.xlsx"
    csv_target = tmp_path / "bidi.csv"
    with demo_sqlite.session() as session:
        export_catalogue(session, target, "full_data")
        export_catalogue(session, csv_target, "full_data")
    sheet = read_xlsx(target)["products"]
    header = {cell.value: cell.column_letter for cell in next(sheet.iter_rows(max_row=1))}
    row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"A{r}"].value == "P001")
    assert sheet[f"{header['product_name_en']}{row}"].value == "Honey galp"
    packaging = sheet[f"{header['packaging']}{row}"]
    assert packaging.value == "=1+1" and packaging.data_type == "s"
    assert packaging.quotePrefix  # shown and kept as text
    assert sheet[f"{header['certificates']}{row}"].value == "EAC"
    text = csv_target.read_text(encoding="utf-8-sig")
    assert "Honey galp" in text and "'=1+1" in text
    assert not any(char in text for char in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2067")


def test_a_template_named_longer_than_the_history_column_still_exports(
    demo_database: Database, tmp_path: Path
) -> None:
    # The export history's template column holds 120 characters: PostgreSQL refused a
    # longer name after the workbook was written, as a bug report.
    name = "Шаблон для партнёров из провинции Хэйлунцзян " * 4
    template = tmp_path / "long.toml"
    template.write_text(
        f'name = "{name}"\nheader_languages = ["zh"]\n'
        '[catalogue]\ncolumns = ["hs_code"]\n[matches]\ncolumns = ["buyer_name"]\n',
        encoding="utf-8",
    )
    target = tmp_path / "long.xlsx"
    with demo_database.session() as session:
        export_catalogue(session, target, str(template))
    assert target.exists()
    with demo_database.session() as session:
        run = session.scalars(select(ExportRun).order_by(ExportRun.id.desc())).first()
    assert run is not None and run.template == name[:120]
