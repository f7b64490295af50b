"""The full-text search index behaves the same on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from sqlalchemy import insert, select

from desktop_app.core.database.search_index import (
    fts5_query,
    normalize_search_text,
    query_terms,
    reindex,
    tsquery,
)
from desktop_app.core.database.session import Database
from desktop_app.core.domain.models import Buyer, Company, DemandLine, Product, SearchEntry
from desktop_app.core.services.browse import list_ids, table_spec


def test_normalisation_folds_case_yo_width_and_splits_chinese() -> None:
    assert normalize_search_text("ООО «Ёлка», ＡＢＣ-12") == "ооо елка abc 12"
    assert normalize_search_text("精炼葵花籽油 1L") == "精 炼 葵 花 籽 油 1l"


def test_queries_use_prefixes_for_words_and_phrases_for_chinese() -> None:
    terms = query_terms("Подсол 葵花 oil")
    assert terms == [("подсол",), ("葵", "花"), ("oil",)]
    assert fts5_query(terms) == '"подсол"* "葵 花" "oil"*'
    assert tsquery(terms) == "подсол:* & (葵 <-> 花) & oil:*"


def _seed(database: Database) -> dict[str, int]:
    with database.session(actor="test") as session:
        company = Company(name_ru="ООО «Ёлка»", name_en="Yolka LLC", inn="7707083893")
        other = Company(name_ru="АгроПром", region="Алтайский край")
        session.add_all([company, other])
        session.flush()
        oil = Product(company_id=company.id, name_ru="Масло подсолнечное", name_zh="葵花籽油")
        honey = Product(company_id=other.id, name_en="Buckwheat honey", hs_code="0409")
        buyer = Buyer(name_zh="青岛食品有限公司", province="山东")
        session.add_all([oil, honey, buyer])
        session.flush()
        line = DemandLine(buyer_id=buyer.id, product_text="精炼葵花籽油 20吨")
        session.add(line)
        session.flush()
        return {"company": company.id, "oil": oil.id, "honey": honey.id, "line": line.id}


def _search(database: Database, table: str, query: str) -> list[int]:
    with database.session() as session:
        return list_ids(session, table_spec(table), query)


def test_search_finds_words_by_prefix_in_any_case_and_yo(database: Database) -> None:
    ids = _seed(database)
    assert _search(database, "companies", "ЕЛК") == [ids["company"]]
    assert _search(database, "companies", "алтай") != []
    assert _search(database, "products", "ПОДСОЛ") == [ids["oil"]]
    assert _search(database, "products", "buck hon") == [ids["honey"]]
    assert _search(database, "products", "0409") == [ids["honey"]]
    assert _search(database, "products", "honey подсолнечное") == []


def test_chinese_substrings_match_as_phrases(database: Database) -> None:
    ids = _seed(database)
    assert _search(database, "products", "花籽") == [ids["oil"]]
    assert _search(database, "products", "籽花") == []
    assert _search(database, "demand", "葵花籽油") == [ids["line"]]
    assert _search(database, "demand", "山东") == [ids["line"]]
    assert _search(database, "matches", "葵花") == []


def test_edits_renames_and_deletes_keep_the_index_in_step(database: Database) -> None:
    ids = _seed(database)
    with database.session(actor="test") as session:
        product = session.get(Product, ids["oil"])
        assert product is not None
        product.name_ru = "Масло рапсовое"
        company = session.get(Company, ids["company"])
        assert company is not None
        company.name_ru = "ООО Сосна"
    assert _search(database, "products", "рапс") == [ids["oil"]]
    assert _search(database, "products", "подсолнечное") == []
    # The product's text carries its company's name, re-indexed when the company changes.
    assert _search(database, "products", "сосна") == [ids["oil"]]
    with database.session(actor="test") as session:
        honey = session.get(Product, ids["honey"])
        session.delete(honey)
    assert _search(database, "products", "honey") == []
    with database.session() as session:
        kinds = session.scalars(
            select(SearchEntry.kind).where(SearchEntry.record_id == ids["honey"])
        ).all()
    assert "product" not in kinds


def test_core_bulk_inserts_are_indexed_by_reindex(database: Database) -> None:
    ids = _seed(database)
    with database.session(actor="import") as session:
        result = session.execute(
            insert(Product).returning(Product.id),
            [
                {"company_id": ids["company"], "name_en": "Pine nuts", "status": "active"},
                {"company_id": ids["company"], "name_en": "Pine resin", "status": "active"},
            ],
        )
        new_ids = [row[0] for row in result]
        assert reindex(session, "product", new_ids) == 2
    assert sorted(_search(database, "products", "pine")) == sorted(new_ids)
