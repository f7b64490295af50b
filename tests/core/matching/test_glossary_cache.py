"""The shipped glossary is built once per version and read from the user's cache after.

A process that reads it from the cache must match exactly as one that built it; a
change of any shipped file or source makes a new key (never a stale glossary); a
damaged file is built again; a folder that cannot be written only costs the build.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from desktop_app.core.matching import glossary_cache
from desktop_app.core.matching.glossary import Glossary, build_glossary
from desktop_app.core.matching.term_lookup import analyse_text
from desktop_app.core.paths import resource

SAMPLES = ("葵花籽油 20吨", "масло подсолнечное рафинированное", "frozen pork ribs", "Мёд липовый")


def fields(glossary: Glossary) -> dict[str, object]:
    # Everything but the reader (memos of this process) compared by value.
    found: dict[str, object] = {}
    for field in dataclasses.fields(glossary):
        if field.name == "reader":
            continue
        value = getattr(glossary, field.name)
        found[field.name] = dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value
    return found


@pytest.fixture(scope="module")
def built() -> Glossary:
    return build_glossary(resource("glossary"))


def test_the_glossary_read_from_the_cache_matches_as_the_one_built(
    built: Glossary, tmp_path: Path
) -> None:
    builds: list[Glossary] = []

    def build() -> Glossary:
        builds.append(built)
        return built

    first = glossary_cache.cached(build, Glossary, tmp_path)
    second = glossary_cache.cached(build, Glossary, tmp_path)
    assert len(builds) == 1  # the second process reads the file
    assert first is built and second is not built
    assert fields(second) == fields(built)
    for text in SAMPLES:
        assert analyse_text(text, second) == analyse_text(text, built)
    assert [path.name for path in tmp_path.iterdir()] == [
        f"glossary-{glossary_cache.cache_key()}.pickle"
    ]


def test_a_changed_shipped_file_makes_a_new_key_and_the_old_file_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "install"
    (root / "resources" / "glossary").mkdir(parents=True)
    (root / "desktop_app" / "core").mkdir(parents=True)
    term_file = root / "resources" / "glossary" / "terms.csv"
    term_file.write_text("concept,ru\nhoney,мёд\n", encoding="utf-8")
    (root / "desktop_app" / "core" / "text.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(glossary_cache, "install_root", lambda: root)
    monkeypatch.setattr(glossary_cache, "resources_dir", lambda: root / "resources")
    cache = tmp_path / "cache"
    cache.mkdir()
    before = glossary_cache.cache_key()
    assert glossary_cache.cache_key() == before  # the same files, the same key
    assert glossary_cache.cached(lambda: "built before", str, cache) == "built before"

    term_file.write_text("concept,ru\nhoney,мёд липовый\n", encoding="utf-8")
    after = glossary_cache.cache_key()
    assert after != before
    assert glossary_cache.cached(lambda: "built after", str, cache) == "built after"
    assert [path.name for path in cache.iterdir()] == [f"glossary-{after}.pickle"]

    source = root / "desktop_app" / "core" / "text.py"
    source.write_text("X = 2\n", encoding="utf-8")
    os.utime(source, ns=(1, 1))
    assert glossary_cache.cache_key() != after  # a changed source file, too


def test_a_damaged_or_foreign_file_is_built_again_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / f"glossary-{glossary_cache.cache_key()}.pickle"
    path.write_bytes(b"not a pickle")
    assert glossary_cache.cached(lambda: "rebuilt", str, tmp_path) == "rebuilt"
    assert glossary_cache.cached(lambda: "not asked", str, tmp_path) == "rebuilt"
    assert glossary_cache.cached(lambda: 7, int, tmp_path) == 7  # a str where an int is due
    assert glossary_cache.cached(lambda: 8, int, tmp_path) == 7


def test_an_unwritable_folder_only_costs_the_build(tmp_path: Path) -> None:
    missing = tmp_path / "not a folder"
    missing.write_text("a file where the folder should be", encoding="utf-8")
    assert glossary_cache.cached(lambda: "built", str, missing) == "built"
    assert glossary_cache.cached(lambda: "built again", str, missing) == "built again"
