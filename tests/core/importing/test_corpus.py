"""A sweep over the real-world corpus: every file reads, or is refused with a message."""

from __future__ import annotations

import pytest

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.importing import FileRefused, detect_layout, open_workbook
from tests.conftest import SHARED_DATA

CORPUS = SHARED_DATA / "xlsx-corpus"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/data/xlsx-corpus is not present")
def test_every_corpus_file_reads_or_is_refused_with_a_message() -> None:
    refused: list[str] = []
    for path in sorted(CORPUS.rglob("*.xls*")):
        try:
            source = open_workbook(path)
            try:
                for kind in ImportKind:
                    try:
                        detect_layout(source, kind)
                    except FileRefused as exc:
                        assert exc.message
                for sheet in source.sheet_names:
                    for _ in source.rows(sheet):
                        pass
            finally:
                source.close()
        except FileRefused as exc:
            assert path.name in exc.message
            refused.append(path.name)
    assert "pass_protected.xlsx" in refused
    assert len(refused) < 20
