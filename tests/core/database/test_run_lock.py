"""The run lock: one import or matching run per database, and who holds it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_app.core.database.run_lock import (
    IMPORT,
    MATCHING,
    RunHolder,
    RunInProgressError,
    _app_name,
    _parse_app_name,
    acquire_run_lock,
)
from desktop_app.core.database.session import Database
from desktop_app.core.errors import Cancelled
from desktop_app.core.progress import CancelToken, NullProgress


class Messages(NullProgress):
    def __init__(self, token: CancelToken | None = None) -> None:
        super().__init__(token)
        self.messages: list[str] = []

    def start(self, total: int | None, message: str = "") -> None:
        self.messages.append(message)


def test_a_second_session_is_told_who_holds_the_lock_until_it_ends(database: Database) -> None:
    with database.sessions() as holder, holder.begin():
        acquire_run_lock(holder, IMPORT, "Анна", "заявки.xlsx")
        acquire_run_lock(holder, IMPORT, "Анна")  # again: no wait, no error
        progress = Messages()
        with (
            database.sessions() as other,
            other.begin(),
            pytest.raises(RunInProgressError) as refused,
        ):
            acquire_run_lock(other, MATCHING, "boris", progress=progress, wait_seconds=0.6)
        message = refused.value.message
        assert "Анна" in message and "заявки.xlsx" in message
        assert progress.messages and "Анна" in progress.messages[0]
    # The holder's transaction ended: the lock is free.
    with database.sessions() as other, other.begin():
        acquire_run_lock(other, MATCHING, "boris", wait_seconds=0.5)


def test_a_rolled_back_holder_frees_the_lock_and_a_waiter_can_cancel(database: Database) -> None:
    token = CancelToken()
    token.cancel()
    with database.sessions() as holder:
        holder.begin()
        acquire_run_lock(holder, MATCHING, "anna")
        with database.sessions() as other, other.begin(), pytest.raises(Cancelled):
            acquire_run_lock(other, IMPORT, "boris", progress=NullProgress(token))
        holder.rollback()
    with database.sessions() as other, other.begin():
        acquire_run_lock(other, IMPORT, "boris", wait_seconds=0.5)


def test_the_holder_survives_postgresql_application_name_rules() -> None:
    since = datetime(2026, 12, 7, 14, 30, 5, tzinfo=UTC)
    holder = RunHolder(IMPORT, "Анна", since, "需求清单-" + "很长" * 40 + ".xlsx")
    name = _app_name(holder)
    assert len(name) <= 63 and name.isascii() and name.isprintable()
    parsed = _parse_app_name(name)
    assert parsed is not None
    assert (parsed.kind, parsed.actor, parsed.since) == (IMPORT, "Анна", since)
    assert (
        parsed.detail.startswith("需")
        and "%" not in parsed.detail
        and "\ufffd" not in parsed.detail
    )
    assert _parse_app_name("ExportMatch") is None


def test_a_restore_waits_for_a_matching_run_and_names_it(
    database: Database, tmp_path: Path
) -> None:
    # A restore replacing every row under a running matcher let the matcher store what it
    # computed from the old rows among the restored ones: matches between unrelated ids.
    from sqlalchemy import func, select

    from desktop_app.core.database.portable import dump_database
    from desktop_app.core.database.restore import restore_from_file
    from desktop_app.core.domain.models import Company
    from tests.core.database.portable_data import fill

    fill(database)
    dump = tmp_path / "backup.zip"
    dump_database(database.engine, dump)
    with database.session(actor="anna") as session:
        session.add(Company(name_ru="ООО «После копии»", name_key="после копии"))
    progress = Messages()
    with database.sessions() as holder, holder.begin():
        acquire_run_lock(holder, MATCHING, "boris")
        with pytest.raises(RunInProgressError) as refused:
            restore_from_file(database.engine, dump, True, progress, "anna", wait_seconds=0.6)
        assert "boris" in refused.value.message and "matching run" in refused.value.message
        assert any("Waiting for the matching run by boris" in m for m in progress.messages)
    with database.session() as session:  # nothing was restored: anna's company is there
        assert session.scalar(select(func.count()).where(Company.name_key == "после копии"))
    # The run over, the restore goes ahead (and holds the lock while it does).
    restore_from_file(database.engine, dump, True, progress, "anna", wait_seconds=0.6)
    with database.session() as session:
        assert not session.scalar(select(func.count()).where(Company.name_key == "после копии"))


def test_a_form_read_before_a_restore_cannot_save_over_the_restored_record(
    database: Database, tmp_path: Path
) -> None:
    # The backup's versions came back as they were: a product form opened before the
    # restore, at the version the backup also holds, saved its old values over it unseen.
    from dataclasses import replace

    from desktop_app.core.database.portable import dump_database
    from desktop_app.core.database.restore import restore_from_file
    from desktop_app.core.errors import ConflictError
    from desktop_app.core.services.companies import CompanyForm, create_company
    from desktop_app.core.services.products import (
        ProductForm,
        create_product,
        get_product,
        update_product,
    )

    def rename(name: str) -> None:
        with database.session(actor="boris") as session:
            seen = get_product(session, product.id)
            update_product(session, product.id, replace(seen.form, name_ru=name), seen.version)

    with database.session(actor="anna") as session:
        company = create_company(session, CompanyForm(name_ru="ООО «Ёлка»", inn="7707083893"))
        product = create_product(session, ProductForm(company_id=company.id, name_ru="Мёд"))
    early, later = tmp_path / "early.zip", tmp_path / "later.zip"
    dump_database(database.engine, early)  # «Мёд»
    rename("Мёд липовый")
    dump_database(database.engine, later)  # «Мёд липовый», one version on
    restore_from_file(database.engine, early, True, actor="anna", wait_seconds=0.6)
    rename("Мёд цветочный")  # one version on again, with other values
    with database.session() as session:
        stale = get_product(session, product.id)  # what a window shows
    restore_from_file(database.engine, later, True, actor="anna", wait_seconds=0.6)
    with database.session() as session:
        restored = get_product(session, product.id)
    assert restored.form.name_ru == "Мёд липовый"
    # The window's save would write «Мёд цветочный» over the restored «Мёд липовый».
    with database.session(actor="boris") as session, pytest.raises(ConflictError):
        update_product(session, product.id, replace(stale.form, price_min="5"), stale.version)
