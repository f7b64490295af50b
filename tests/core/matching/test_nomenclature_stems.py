"""The nomenclature texts' stems are shipped (resources/matching/nomenclature_stems.tsv.gz)
so that no name-reading process stems them: the file must be the one its build script
writes from the shipped sources, and the indexes read from it the ones the texts give."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict

from desktop_app.core.matching.hs_bridge import english_subheadings
from desktop_app.core.matching.hs_inference import GENERIC_WORDS, nomenclature_index
from desktop_app.core.matching.nomenclature_kinds import TERM_GENERIC_SHARE
from desktop_app.core.matching.nomenclature_kinds import (
    _english_subheading_stems as kind_subheading_stems,
)
from desktop_app.core.matching.normalize import normalize_text
from desktop_app.core.paths import resource
from desktop_app.core.validation.hs_texts import hs2022_texts
from tests.core.validation.hs_builds import build_module


def test_the_shipped_stems_are_those_the_build_script_writes_from_the_sources() -> None:
    # Fails when hs2022.csv, tnved.csv, the stemming or GENERIC_WORDS changed and the
    # file was not rebuilt (.venv/bin/python resources/matching/build_nomenclature_stems.py).
    path = resource("matching", "nomenclature_stems.tsv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        assert handle.read() == build_module("build_nomenclature_stems", "matching").build()


def _content(text: str) -> set[str]:
    return {
        w.stem
        for w in normalize_text(text).words
        if w.surface not in GENERIC_WORDS and len(w.stem) > 2
    }


def test_the_indexes_read_from_the_stems_are_those_the_texts_give() -> None:
    texts = hs2022_texts()
    tnved: list[tuple[str, str]] = []
    with resource("tnved", "tnved.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["code"].isdigit() and len(row["code"]) == 4:
                tnved.append((row["code"], row.get("description", "")))
    # The headings a name's words point to (HS and TN VED heading texts).
    postings: dict[str, set[str]] = defaultdict(set)
    for code, text in [*texts.items(), *tnved]:
        for stem in _content(text):
            postings[stem].add(code[:4])
    index = nomenclature_index()
    assert index.postings == {stem: frozenset(codes) for stem, codes in postings.items()}
    # The HS bridge's subheadings, each with its heading's words.
    subheadings: dict[str, set[str]] = defaultdict(set)
    for code, text in texts.items():
        if len(code) == 6:
            for stem in _content(texts.get(code[:4], "")) | _content(text):
                subheadings[stem].add(code)
    bridge = english_subheadings()
    assert bridge.postings == {stem: frozenset(codes) for stem, codes in subheadings.items()}
    assert bridge.idf["valv"] > 0
    # The kinds' words of each subheading (generic words kept, the heading's shared ones
    # taken out).
    kinds = kind_subheading_stems()
    pumps = {
        code: {w.stem for w in normalize_text(text).words if len(w.stem) > 2}
        for code, text in texts.items()
        if len(code) == 6 and code.startswith("8413")
    }
    shared = {
        stem
        for stem in set().union(*pumps.values())
        if sum(stem in stems for stems in pumps.values()) >= TERM_GENERIC_SHARE * len(pumps)
    }
    assert kinds["8413"] == {code: frozenset(stems - shared) for code, stems in pumps.items()}
