"""Company and product forms: validation, saving, optimistic locking, duplicate, archive."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import ProductStatus
from desktop_app.core.domain.models import AuditEvent, Product
from desktop_app.core.errors import ConflictError, InputError
from desktop_app.core.services.companies import (
    CompanyForm,
    create_company,
    get_company,
    set_company_archived,
    update_company,
    validate_company,
)
from desktop_app.core.services.products import (
    ProductForm,
    ProductRecord,
    create_product,
    duplicate_product,
    get_product,
    set_product_status,
    update_product,
    validate_product,
)
from tests.races import second_save_while_first_uncommitted
from tests.reliability.generators import inn10

GOOD_COMPANY = CompanyForm(name_ru="ООО «Ёлка»", inn="7707083893", email="sales@yolka.ru")


def test_company_form_reports_each_bad_field() -> None:
    check = validate_company(CompanyForm(name_ru="", inn="7707083894", email="x@"))
    errors = check.errors()
    assert not check.ok
    assert errors["name_ru"] == "This field is required"
    assert "check digit" in errors["inn"]
    assert "email" in errors
    assert validate_company(GOOD_COMPANY).ok


def test_product_form_checks_hs_prices_and_shows_the_hs_description() -> None:
    form = ProductForm(
        company_id=1,
        name_ru="Масло",
        hs_code="1512",
        price_min="10",
        price_max="5",
        currency="руб.",
    )
    check = validate_product(form)
    assert "greater than maximum" in check.errors()["price_max"]
    assert "Sun-flower" in check.hints["hs_code"] and "подсолнечное" in check.hints["hs_code"]
    assert check.values["currency"] == "RUB"
    bad_hs = validate_product(replace(form, hs_code="9999", price_max="12"))
    assert "chapter 99" in bad_hs.errors()["hs_code"]
    nameless = validate_product(ProductForm(company_id=1))
    assert "at least one language" in nameless.errors()["name_ru"]
    assert validate_product(replace(form, price_max="12", incoterms="fob Новороссийск")).ok


def test_company_is_created_updated_and_stale_updates_name_the_other_person(
    database: Database,
) -> None:
    with database.session(actor="anna") as session:
        record = create_company(session, GOOD_COMPANY)
    with database.session(actor="boris") as session:
        update_company(session, record.id, replace(record.form, region="Алтай"), record.version)
    with database.session(actor="anna") as session, pytest.raises(ConflictError) as caught:
        update_company(
            session, record.id, replace(record.form, phone="+7 495 123-45-67"), record.version
        )
    assert "boris" in caught.value.message and "(Region)" in caught.value.message
    with database.session() as session:
        assert get_company(session, record.id).form.region == "Алтай"


def test_duplicate_inn_is_refused_on_the_inn_field(database: Database) -> None:
    with database.session(actor="anna") as session:
        create_company(session, GOOD_COMPANY)
    with database.session(actor="anna") as session, pytest.raises(InputError) as caught:
        create_company(session, replace(GOOD_COMPANY, name_ru="Другая"))
    assert caught.value.location.field == "inn"
    assert "already registered" in caught.value.message


def test_company_archive_and_restore(database: Database) -> None:
    with database.session(actor="anna") as session:
        record = create_company(session, GOOD_COMPANY)
    with database.session(actor="anna") as session:
        archived = set_company_archived(session, record.id, True, record.version)
    assert archived.archived
    with database.session(actor="anna") as session:
        restored = set_company_archived(session, record.id, False, archived.version)
    assert not restored.archived


def test_product_lifecycle_with_audit(database: Database) -> None:
    with database.session(actor="anna") as session:
        company = create_company(session, GOOD_COMPANY)
        product = create_product(
            session,
            ProductForm(
                company_id=company.id,
                ref="SO-1",
                name_ru="Масло подсолнечное",
                name_en="Sunflower oil",
                hs_code="1512.11",
                price_min="900",
                price_max="1000",
                currency="usd",
                incoterms="FOB Novorossiysk",
                shelf_life_days="12 месяцев",
                unit="т",
            ),
        )
    # Stored as digits, shown in the form the one way codes are shown everywhere.
    assert product.form.hs_code == "1512.11"
    with database.session() as session:
        assert session.get_one(Product, product.id).hs_code == "151211"
    assert product.form.incoterms == "FOB Novorossiysk"
    assert product.form.shelf_life_days == "360"
    with database.session(actor="anna") as session:
        copy = duplicate_product(session, product.id)
    assert copy.id != product.id and copy.status is ProductStatus.DRAFT
    assert copy.form.name_en == "Sunflower oil (copy)" and copy.form.ref == ""
    with database.session(actor="boris") as session:
        changed = update_product(
            session, product.id, replace(product.form, moq="20"), product.version
        )
    with database.session(actor="anna") as session, pytest.raises(ConflictError, match="boris"):
        set_product_status(session, product.id, ProductStatus.ARCHIVED, product.version)
    with database.session(actor="anna") as session:
        archived = set_product_status(session, product.id, ProductStatus.ARCHIVED, changed.version)
        assert get_product(session, product.id).status is ProductStatus.ARCHIVED
        set_product_status(session, product.id, ProductStatus.ACTIVE, archived.version)
        actions = session.scalars(
            select(AuditEvent.actor).where(
                AuditEvent.entity_type == "product", AuditEvent.entity_id == product.id
            )
        ).all()
    assert actions == ["anna", "boris", "anna", "anna"]


def test_invalid_product_is_not_saved(database: Database) -> None:
    with database.session(actor="anna") as session:
        company = create_company(session, GOOD_COMPANY)
    with database.session(actor="anna") as session, pytest.raises(InputError) as caught:
        create_product(session, ProductForm(company_id=company.id, name_ru="X", hs_code="12"))
    assert caught.value.location.field == "hs_code"
    assert "product form" in caught.value.message


def test_a_product_reference_names_one_product_of_its_company(database: Database) -> None:
    with database.session(actor="anna") as session:
        company = create_company(session, GOOD_COMPANY)
        other = create_company(
            session, replace(GOOD_COMPANY, name_ru="ООО «Сосна»", inn=inn10("500100732"))
        )
        form = ProductForm(company_id=company.id, ref="A-1", name_ru="Мёд")
        first = create_product(session, form)
        create_product(session, replace(form, company_id=other.id))  # another company: fine
    with database.session(actor="boris") as session, pytest.raises(InputError) as refused:
        create_product(session, replace(form, name_ru="Мёд липовый"))
    assert refused.value.location.field == "ref"
    assert f"product {first.id}" in refused.value.message


def _save_at_once(database: Database, product_id: int, seen: ProductRecord, tag: str) -> dict:
    """anna and boris save ``seen`` with their own description at the same moment."""
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(name: str) -> None:
        barrier.wait()
        try:
            with database.session(actor=name) as session:
                form = replace(seen.form, description=f"{name} {tag}")
                update_product(session, product_id, form, seen.version)
            outcomes[name] = "saved"
        except ConflictError as exc:
            outcomes[name] = exc.message

    threads = [threading.Thread(target=save, args=(name,)) for name in ("anna", "boris")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_two_people_saving_one_product_at_once_one_wins_and_the_other_is_told_who(
    database: Database,
) -> None:
    with database.session(actor="anna") as session:
        company = create_company(session, GOOD_COMPANY)
        product = create_product(session, ProductForm(company_id=company.id, name_ru="Мёд"))
    for round_ in range(6):
        with database.session() as session:
            seen = get_product(session, product.id)
        outcomes = _save_at_once(database, product.id, seen, str(round_))
        winners = [name for name, outcome in outcomes.items() if outcome == "saved"]
        assert len(winners) == 1, outcomes
        loser = "boris" if winners == ["anna"] else "anna"
        assert winners[0] in outcomes[loser] and "(Description)" in outcomes[loser]


def test_two_people_registering_one_inn_at_once_get_a_message(database: Database) -> None:
    if database.backend != "postgresql":
        pytest.skip("SQLite's write lock serialises the two saves: the second is told 'already'")
    # Boris's company is written but not committed when Anna saves the same INN: her
    # check cannot see it, and her insert waits for his transaction.
    error = second_save_while_first_uncommitted(
        database,
        ("boris", lambda s: create_company(s, GOOD_COMPANY)),
        ("anna", lambda s: create_company(s, replace(GOOD_COMPANY, name_ru="ООО «Ёлка-2»"))),
    )
    assert isinstance(error, ConflictError), error
    assert "at the same moment" in error.message


def test_forms_store_names_without_bidirectional_controls_or_zero_width_spaces(
    database: Database,
) -> None:
    # «Мёд \u202eгалп» would display as «Мёд плаг» in every list and dialog.
    company = replace(GOOD_COMPANY, name_ru="ООО «Ёлка\u200b»", name_zh="\u2067叶尔卡\u2069公司")
    with database.session(actor="anna") as session:
        stored = create_company(session, company)
        product = create_product(
            session,
            ProductForm(
                company_id=stored.id,
                name_ru="Мёд \u202eгалп\u202c",
                description="Мин\u00adтай\u200e мороженый",
            ),
        )
    assert (stored.form.name_ru, stored.form.name_zh) == ("ООО «Ёлка»", "叶尔卡公司")
    assert (product.form.name_ru, product.form.description) == ("Мёд галп", "Минтай мороженый")
    # A name made of invisible characters only is no name.
    nameless = validate_product(ProductForm(company_id=1, name_ru="\u200b\u202e"))
    assert "at least one language" in nameless.errors()["name_ru"]


def test_two_people_giving_products_one_reference_at_once_are_told_who(
    database: Database,
) -> None:
    if database.backend != "postgresql":
        pytest.skip("SQLite's write lock serialises the two saves: the second is told 'already'")
    with database.session(actor="anna") as session:
        company = create_company(session, GOOD_COMPANY)

    def product(name: str) -> ProductForm:
        return ProductForm(company_id=company.id, name_ru=name, ref="A-1")

    # Boris's product is written but not committed when Anna gives hers the same
    # reference: her check cannot see it, and her insert waits for his transaction.
    error = second_save_while_first_uncommitted(
        database,
        ("boris", lambda s: create_product(s, product("Воск"))),
        ("anna", lambda s: create_product(s, product("Мёд"))),
    )
    assert isinstance(error, ConflictError), error
    assert "at the same moment" in error.message
    assert "boris" in error.message and "A-1" in error.message and "Воск" in error.message
    with database.session() as session:
        assert [p.name_ru for p in session.scalars(select(Product))] == ["Воск"]
