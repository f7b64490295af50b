"""The HS 2022 nomenclature with the Russian TN VED texts, for look-ups and a completer.

English descriptions come from ``resources/hs/hs2022.csv`` (chapters, headings and
six-digit subheadings), Russian ones from ``resources/tnved/tnved.csv`` (chapters,
headings and ten-digit EAEU codes). Both are read once, on first use; the word index that lets
:meth:`HsCatalog.search` answer while a person types is built on the first search (an
import or a match only checks and describes codes, and need not wait for it).
"""

from __future__ import annotations

import csv
import re
import threading
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import tr
from desktop_app.core.paths import resource
from desktop_app.core.text import fold

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_JOINERS = re.compile(r"['’-]")
_NON_DIGITS = re.compile(r"\D")
_RU_ENDINGS = frozenset(
    [
        "иями",
        "ями",
        "ами",
        "иях",
        "ях",
        "ах",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "ией",
        "ий",
        "ый",
        "ой",
        "ей",
        "ая",
        "яя",
        "ое",
        "ее",
        "ые",
        "ие",
        "ых",
        "их",
        "ую",
        "юю",
        "ом",
        "ем",
        "ам",
        "ям",
        "ов",
        "ев",
        "ью",
        "ия",
        "ья",
        "а",
        "я",
        "о",
        "е",
        "ы",
        "и",
        "у",
        "ю",
        "ь",
        "й",
    ]
)
_CACHE_LIMIT = 4096


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Cut a common inflection off a folded word so that word forms meet in the index.

    Deliberately crude (a few Russian endings and English plurals); applied to both the
    descriptions and the query, and followed by a prefix match, it is enough to make
    "подсолнечное масло" find "масло подсолнечное" and "oils" find "oil".
    """
    if "а" <= word[:1] <= "я":
        for size in (4, 3, 2, 1):
            if len(word) - size >= 3 and word[-size:] in _RU_ENDINGS:
                return word[:-size]
        return word
    if word.isascii() and word.isalpha():
        if len(word) > 4 and word.endswith("ies"):
            return word[:-3] + "y"
        if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
            return word[:-2]
        if len(word) >= 7 and word.endswith("oes"):
            return word[:-2]
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            return word[:-1]
    return word


def index_words(text: str) -> list[str]:
    """Return the stemmed words of ``text``; "sun-flower" also gives "sunflower"."""
    words: list[str] = []
    for word in _WORD.findall(fold(text)):
        if word.isalpha():
            words.append(stem(word))
        elif not word.isdigit():
            parts = [part for part in _JOINERS.split(word) if part]
            words.extend(stem(part) for part in parts if not part.isdigit())
            if len(parts) > 1:
                words.append(stem("".join(parts)))
    return words


def _sentence_case(text: str) -> str:
    """TN VED writes chapters and headings in capitals; show them as a sentence."""
    if text.upper() == text and any(char.isalpha() for char in text):
        return text[:1] + text[1:].lower()
    return text


@dataclass(frozen=True, slots=True)
class HsEntry:
    """One chapter (2 digits), heading (4) or subheading (6) of HS 2022."""

    code: str
    description_en: str
    description_ru: str | None = None

    @property
    def level(self) -> int:
        """Number of digits: 2 chapter, 4 heading, 6 subheading."""
        return len(self.code)


class HsCatalog:
    """HS 2022 chapters, headings and subheadings with English and Russian texts."""

    def __init__(self, hs_rows: Iterable[tuple[str, str]], tnved_rows: Iterable[tuple[str, str]]):
        """Build the catalogue from ``(code, description)`` pairs of HS 2022 and TN VED."""
        self._en: dict[str, str] = {
            code: text.strip() for code, text in hs_rows if len(code) in (2, 4, 6)
        }
        self._ru: dict[str, str] = {code: text.strip() for code, text in tnved_rows}
        self._entries: list[HsEntry] = [
            self._make_entry(code) for code in sorted(self._en, key=lambda c: (len(c), c))
        ]
        self._entries = [entry for entry in self._entries if entry.level >= 4]
        self._index_lock = threading.Lock()
        self._words: list[str] | None = None
        self._postings: list[set[int]] = []
        self._prefix_cache: dict[str, set[int]] = {}

    @classmethod
    def load(cls, hs_path: Path | None = None, tnved_path: Path | None = None) -> HsCatalog:
        """Read the shipped nomenclature files (or the ones given)."""
        hs_path = hs_path or resource("hs", "hs2022.csv")
        tnved_path = tnved_path or resource("tnved", "tnved.csv")
        hs_rows = [
            (row["hscode"], row["description"])
            for row in _read_csv(hs_path)
            if row.get("hscode", "").isdigit() and row.get("section") != "TOTAL"
        ]
        tnved_rows = [
            (row["code"], row["description"])
            for row in _read_csv(tnved_path)
            if row.get("code", "").isdigit()
        ]
        return cls(hs_rows, tnved_rows)

    # -- look-ups -------------------------------------------------------------------

    def exists(self, code: str) -> bool:
        """True when the chapter, heading or subheading is in HS 2022.

        For 8- and 10-digit national codes the six-digit subheading is what is checked.
        """
        digits = _digits(code)
        if len(digits) in (8, 10):
            digits = digits[:6]
        return len(digits) in (2, 4, 6) and digits in self._en

    def exists_tnved(self, code: str) -> bool:
        """True when the code is a chapter, heading or ten-digit code of the EAEU TN VED."""
        return _digits(code) in self._ru

    def describe(self, code: str) -> str | None:
        """English description of the most specific HS level known for ``code``."""
        digits = _digits(code)
        for length in (6, 4, 2):
            if len(digits) >= length and digits[:length] in self._en:
                return self._en[digits[:length]]
        return None

    def describe_ru(self, code: str) -> str | None:
        """Russian description of the most specific TN VED level known for ``code``.

        A ten-digit TN VED text such as "прочие" only makes sense under its heading, so it
        is returned as "heading — text".
        """
        digits = _digits(code)
        if len(digits) >= 6:
            leaf = self._ru.get(digits if len(digits) == 10 else digits[:6].ljust(10, "0"))
            if leaf is not None:
                parent = self._ru.get(digits[:4]) or self._ru.get(digits[:2])
                return f"{_sentence_case(parent)} — {leaf}" if parent else leaf
        for length in (4, 2):
            if len(digits) >= length and digits[:length] in self._ru:
                return _sentence_case(self._ru[digits[:length]])
        return None

    def entry(self, code: str) -> HsEntry | None:
        """The chapter, heading or subheading with exactly this code, if it exists."""
        digits = _digits(code)
        return self._make_entry(digits) if digits in self._en else None

    def chapter(self, code: str) -> HsEntry | None:
        """The chapter (first 2 digits) ``code`` belongs to, if it exists."""
        digits = _digits(code)
        return self.entry(digits[:2]) if len(digits) >= 2 else None

    def heading(self, code: str) -> HsEntry | None:
        """The heading (first 4 digits) ``code`` belongs to, if it exists."""
        digits = _digits(code)
        return self.entry(digits[:4]) if len(digits) >= 4 else None

    def subheading(self, code: str) -> HsEntry | None:
        """The six-digit subheading ``code`` belongs to, if it exists."""
        digits = _digits(code)
        return self.entry(digits[:6]) if len(digits) >= 6 else None

    def children(self, code: str) -> list[HsEntry]:
        """The headings of a chapter or the subheadings of a heading, in code order."""
        digits = _digits(code)
        return [
            e for e in self._entries if e.level == len(digits) + 2 and e.code.startswith(digits)
        ]

    # -- search ---------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[HsEntry]:
        """Headings and subheadings whose English or Russian text has every query word.

        Words match by prefix after case folding, ё→е and a crude stemming, so partial
        words typed into a completer already find something. Number tokens ("1512",
        "15.12") restrict the codes. Headings come before subheadings, then code order.
        """
        words: list[str] = []
        code_prefix = ""
        for token in fold(text).split():
            compact = token.replace(".", "")
            if compact.isdigit():
                code_prefix = compact if len(compact) > len(code_prefix) else code_prefix
            else:
                # "sun-flower" and "sunflower" are the same query: the index has both forms.
                words.extend(index_words(_JOINERS.sub("", token)))
        if not words and not code_prefix:
            return []
        self._ensure_index()
        found: set[int] | None = None
        for word in sorted(set(words), key=len, reverse=True):
            ids = self._ids_for_prefix(word)
            found = ids if found is None else found & ids
            if not found:
                return []
        candidates = sorted(found) if found is not None else range(len(self._entries))
        result: list[HsEntry] = []
        for index in candidates:
            entry = self._entries[index]
            if entry.code.startswith(code_prefix):
                result.append(entry)
                if len(result) >= limit:
                    break
        return result

    def _ids_for_prefix(self, prefix: str) -> set[int]:
        cached = self._prefix_cache.get(prefix)
        if cached is not None:
            return cached
        ids: set[int] = set()
        words = self._words or []
        position = bisect_left(words, prefix)
        while position < len(words) and words[position].startswith(prefix):
            ids |= self._postings[position]
            position += 1
        if len(self._prefix_cache) > _CACHE_LIMIT:
            self._prefix_cache.clear()
        self._prefix_cache[prefix] = ids
        return ids

    def _ensure_index(self) -> None:
        """Build the word index once, whichever thread searches first."""
        if self._words is None:
            with self._index_lock:
                if self._words is None:
                    self._build_index()

    def _build_index(self) -> None:
        postings: dict[str, set[int]] = {}
        children_ru: dict[str, list[str]] = {}
        for code, text in self._ru.items():
            if len(code) == 10:
                children_ru.setdefault(code[:6], []).append(text)
        for index, entry in enumerate(self._entries):
            texts = [entry.description_en]
            if entry.level == 4:
                texts.append(self._ru.get(entry.code, ""))
            else:
                texts.extend(children_ru.get(entry.code, ()))
            for word in set(index_words(" ".join(texts))):
                postings.setdefault(word, set()).add(index)
        words = sorted(postings)
        self._postings = [postings[word] for word in words]
        self._prefix_cache = {}
        self._words = words  # last: another thread reads the index once this is set

    def _make_entry(self, code: str) -> HsEntry:
        if len(code) == 6:
            leaf = self._ru.get(code + "0000")
            parent = self._ru.get(code[:4])
            ru = f"{_sentence_case(parent)} — {leaf}" if leaf and parent else leaf
        else:
            text = self._ru.get(code)
            ru = _sentence_case(text) if text else None
        return HsEntry(code, self._en[code], ru)


def _digits(code: str) -> str:
    return _NON_DIGITS.sub("", code)


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as exc:
        raise UserError(
            tr("Cannot read the nomenclature file {path}: {reason}. Reinstall ExportMatch.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc


_lock = threading.Lock()
_catalog: HsCatalog | None = None


def hs_catalog() -> HsCatalog:
    """The shipped HS 2022 / TN VED catalogue, read on first use and kept."""
    global _catalog
    if _catalog is None:
        with _lock:
            if _catalog is None:
                _catalog = HsCatalog.load()
    return _catalog
