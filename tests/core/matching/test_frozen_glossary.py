"""A glossary is frozen once built, and what is read with it is memoized in its own reader.

A term a user adds builds a new glossary: the next run reads it, a running one never
does, two glossaries never share a memoized reading, and a glossary nobody holds any
longer is freed with everything read with it (no module-level cache keeps it alive).
"""

from __future__ import annotations

import gc
import pickle
import weakref
from dataclasses import FrozenInstanceError

import pytest

from desktop_app.core.database.session import Database
from desktop_app.core.domain.enums import Language
from desktop_app.core.domain.models import GlossaryTerm
from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import build_glossary, load_glossary, shipped_glossary
from desktop_app.core.matching.term_lookup import analyse_text
from desktop_app.core.paths import resource

# A word no glossary term holds; a user files it under sunflower oil.
NEW_WORD = "подсолнушник"


def test_a_term_added_is_read_by_the_next_glossary_and_never_by_the_running_one(
    sqlite_database: Database,
) -> None:
    with sqlite_database.session() as session:
        running = load_glossary(session)
        assert "sunflower_oil" not in analyse_text(NEW_WORD, running).concepts
        session.add(GlossaryTerm(concept="sunflower_oil", language=Language.RU, term=NEW_WORD))
        session.flush()
        following = load_glossary(session)
    assert following is not running
    assert "sunflower_oil" in analyse_text(NEW_WORD, following).concepts
    assert "sunflower_oil" in record_features((NEW_WORD,), None, following).concepts
    # The glossary a run started with is unchanged, and so is what it read.
    assert "sunflower_oil" not in analyse_text(NEW_WORD, running).concepts
    assert "sunflower_oil" not in record_features((NEW_WORD,), None, running).concepts


def test_a_glossary_cannot_be_changed_after_it_is_built() -> None:
    glossary = shipped_glossary()
    with pytest.raises(FrozenInstanceError):
        glossary.stop_han = ()  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        glossary.concept_terms.han_max = 1  # type: ignore[misc]
    assert not hasattr(glossary.concept_terms, "add")  # terms are added by a builder


def test_two_glossaries_never_share_a_reading() -> None:
    shipped = shipped_glossary()
    own = build_glossary(resource("glossary"), [("sunflower_oil", "ru", NEW_WORD, None)])
    text = f"{NEW_WORD} рафинированное 5 л"
    assert "sunflower_oil" not in analyse_text(text, shipped).concepts
    assert "sunflower_oil" in analyse_text(text, own).concepts
    before = shipped.reader.sizes()
    analyse_text("Мёд липовый", own)
    assert shipped.reader.sizes() == before  # reading with one fills only its own memos
    own.reader.clear()
    assert sum(own.reader.sizes().values()) == 0
    assert shipped.reader.sizes() == before  # nor does clearing one empty the other's


def test_a_glossary_nobody_holds_is_freed_with_what_was_read_with_it() -> None:
    own = build_glossary(resource("glossary"), [("sunflower_oil", "ru", NEW_WORD, None)])
    for text in (NEW_WORD, "精炼葵花籽油 5升", "Frozen pollock fillets"):
        record_features((text,), None, own)
    assert sum(own.reader.sizes().values()) > 0
    gone = weakref.ref(own)
    del own
    gc.collect()
    assert gone() is None


def test_a_copy_for_a_worker_arrives_without_the_memos() -> None:
    glossary = shipped_glossary()
    expected = record_features(("精炼葵花籽油 5升",), None, glossary)
    assert sum(glossary.reader.sizes().values()) > 0
    copy = pickle.loads(pickle.dumps(glossary))
    assert copy.reader.sizes() == {}
    assert record_features(("精炼葵花籽油 5升",), None, copy) == expected
