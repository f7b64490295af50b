"""The HS 2022 nomenclature with the Russian TN VED texts, for look-ups and a completer.

English descriptions come from ``resources/hs/hs2022.csv`` (chapters, headings and
six-digit subheadings), Russian ones from ``resources/tnved/tnved.csv`` (the whole EAEU
TN VED: chapters, headings, subheadings and national codes to ten digits). Both are read
once, on first use. The word index that lets :meth:`HsCatalog.search` answer while a
person types is built on the first search (an import or a match only checks and
describes codes, and need not wait for it); it also reads the glossary's terms
(``resources/glossary/concepts``), which name goods the way traders do
(«пиломатериалы», «доска сосна») where the nomenclature says «лесоматериалы,
полученные распиловкой».
"""

from __future__ import annotations

import csv
import heapq
import re
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import tr
from desktop_app.core.paths import resource
from desktop_app.core.text import fold
from desktop_app.core.validation.hs_chinese import (
    chinese_hs_name,
    chinese_hs_names,
    chinese_trade_names,
    has_han,
    russian_trade_names,
)

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_JOINERS = re.compile(r"['’-]")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
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
SEPARATOR = ": "
"""Between the segments of a TN VED text: "heading: group line: own text"."""


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


def query_words(text: str) -> list[str]:
    """The stemmed words of ``text`` read as a search query reads them: a word written
    with a hyphen is one word («стрейч-плёнка» as «стрейчплёнка»); numbers are left out
    (a query's numbers restrict the codes)."""
    words: list[str] = []
    for token in fold(text).split():
        if not token.replace(".", "").isdigit():
            words.extend(index_words(_JOINERS.sub("", token)))
    return words


def _covers(words: list[str], text: str) -> bool:
    """True when each (stemmed) query word starts a word of ``text``, as the search
    matches them («рохл» starts «рохля», «стрейчпленк» the joined «стрейч-плёнка»)."""
    found = set(index_words(text)) | set(query_words(text))
    return all(any(word.startswith(query) for word in found) for query in words)


def _sentence_case(text: str) -> str:
    """TN VED files write chapters and headings in capitals; show them as a sentence."""
    if text.upper() == text and any(char.isalpha() for char in text):
        return text[:1] + text[1:].lower()
    return text


@dataclass(frozen=True, slots=True)
class HsEntry:
    """One chapter (2 digits), heading (4) or subheading (6) of HS 2022."""

    code: str
    description_en: str
    catalog: HsCatalog | None = field(default=None, repr=False, compare=False)

    @property
    def level(self) -> int:
        """Number of digits: 2 chapter, 4 heading, 6 subheading."""
        return len(self.code)

    @property
    def description_zh(self) -> str:
        """The code's name in the Chinese tariff (empty when the table has none)."""
        return chinese_hs_name(self.code)

    @property
    def description_ru(self) -> str | None:
        """The code's own TN VED text (read with the Russian nomenclature on first use)."""
        return self.catalog.own_text_ru(self.code) if self.catalog is not None else None


class _Postings:
    """Sorted words and, for each, the ids of the entries whose text has it (a tuple)."""

    def __init__(self, postings: dict[str, set[int]]) -> None:
        self.words = sorted(postings)
        self.ids = [tuple(postings[word]) for word in self.words]
        self._prefix_cache: dict[str, set[int]] = {}

    def exact(self, word: str) -> set[int]:
        """The entries having ``word`` itself."""
        position = bisect_left(self.words, word)
        if position < len(self.words) and self.words[position] == word:
            return set(self.ids[position])
        return set()

    def prefix(self, prefix: str) -> set[int]:
        """The entries having a word that starts with ``prefix`` (kept for the next key)."""
        cached = self._prefix_cache.get(prefix)
        if cached is not None:
            return cached
        words = self.words
        position = bisect_left(words, prefix)
        end = bisect_left(words, prefix + "\uffff", position)
        ids: set[int] = set().union(*self.ids[position:end])
        if len(self._prefix_cache) > _CACHE_LIMIT:
            self._prefix_cache.clear()
        self._prefix_cache[prefix] = ids
        return ids


@dataclass(frozen=True)
class _Index:
    """The search index: words of each entry's own text, of its glossary terms and trade
    names, of all; and the entries one of whose Russian trade names is, word for word,
    a given set of (stemmed) words («шаровый кран», «УЗО»)."""

    title: _Postings
    named: _Postings
    everything: _Postings
    trade_names: dict[frozenset[str], set[int]] = field(default_factory=dict)


class HsCatalog:
    """HS 2022 chapters, headings and subheadings with English and Russian texts.

    The Russian side is the whole EAEU TN VED: chapters, headings, subheadings and the
    8-, 9- and 10-digit national codes, each with its text as the chain "heading: group
    line: … : own text". Chains share most of their segments, which are kept once.
    """

    def __init__(
        self,
        hs_rows: Iterable[tuple[str, str]],
        tnved_rows: Iterable[tuple[str, str]] | Callable[[], Iterable[tuple[str, str]]],
        glossary_path: Path | None = None,
    ):
        """Build the catalogue from ``(code, description)`` pairs of HS 2022 and TN VED.

        ``tnved_rows`` may be a function giving them: the Russian nomenclature is then read
        on its first use only (checking codes, as an import does, needs only HS 2022).
        ``glossary_path``: a folder of glossary concept files whose terms, filed under
        their HS codes, the search also reads («пиломатериалы» names 4407).
        """
        self._en: dict[str, str] = {
            code: text.strip() for code, text in hs_rows if len(code) in (2, 4, 6)
        }
        self._tnved_rows = tnved_rows
        self._russian_lock = threading.Lock()
        self._segments: list[str] = []
        self._chains: dict[str, tuple[int, ...]] | None = None
        self._glossary_path = glossary_path
        self._entries: list[HsEntry] = [
            self._make_entry(code)
            for code in sorted(self._en, key=lambda c: (len(c), c))
            if len(code) >= 4
        ]
        self._index_lock = threading.Lock()
        self._words: list[str] | None = None
        self._index: _Index | None = None
        self._scan_cache: list[str] | None = None

    @classmethod
    def load(
        cls,
        hs_path: Path | None = None,
        tnved_path: Path | None = None,
        glossary_path: Path | None = None,
    ) -> HsCatalog:
        """Read the shipped nomenclature files (or the ones given)."""
        hs_path = hs_path or resource("hs", "hs2022.csv")
        tnved_path = tnved_path or resource("tnved", "tnved.csv")
        hs_rows = [
            (row["hscode"], row["description"])
            for row in _read_csv(hs_path)
            if row.get("hscode", "").isdigit() and row.get("section") != "TOTAL"
        ]
        return cls(
            hs_rows, lambda: read_tnved_rows(tnved_path), glossary_path or resource("glossary")
        )

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
        """True when the code is a chapter, heading, subheading or national code of TN VED."""
        return _digits(code) in self._russian()

    def describe(self, code: str) -> str | None:
        """English description of the most specific HS level known for ``code``."""
        digits = _digits(code)
        for length in (6, 4, 2):
            if len(digits) >= length and digits[:length] in self._en:
                return self._en[digits[:length]]
        return None

    def describe_ru(self, code: str) -> str | None:
        """Russian text of ``code`` itself, else of the most specific TN VED level above it.

        Below the heading a text is the chain "heading: group line: … : own text", since
        a ten-digit text such as "прочие" only makes sense under its heading.
        """
        digits = _digits(code)
        for length in (10, 9, 8, 6, 4, 2):
            if len(digits) >= length:
                text = self._ru_text(digits[:length])
                if text is not None:
                    return text
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

    def search(self, text: str, limit: int = 20, wait: bool = True) -> list[HsEntry]:
        """Headings and subheadings whose texts have every query word.

        The texts are the English HS description, the Russian TN VED texts of the code
        and of every national code under it, and the glossary's terms for the code.
        Words match by prefix after case folding, ё→е and a crude stemming, so partial
        words typed into a completer already find something. Number tokens ("1512",
        "15.12") restrict the codes. Headings come before subheadings; among them, those
        whose own text or glossary terms have the query words whole come first
        («мёд»: honey before copper), then code order.

        ``wait=False`` never waits for the index: while it is being built (on another
        thread, as the product form does) the answer comes from a plain scan of the
        entries' own English and Russian texts, rougher but at once.
        """
        if has_han(text):
            return self._search_chinese(text, limit)
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
        unique = sorted(set(words), key=len, reverse=True)
        if not wait and self._index is None:
            # Not even the texts are read yet (the first half second): nothing, at once;
            # the caller asks again when :attr:`scan_ready` or :attr:`search_ready` says so.
            texts = self._scan_cache
            return self._scan(texts, unique, code_prefix, limit) if texts is not None else []
        index = self._ensure_index()
        found: set[int] | None = None
        for word in unique:
            ids = index.everything.prefix(word)
            found = ids if found is None else found & ids
            if not found:
                return []
        # A code one of whose trade names is the query itself («УЗО», «шаровый кран»),
        # and its heading, is an answer, and comes first among its level: the name says
        # what the good is.
        named_exactly = index.trade_names.get(frozenset(unique), set())
        if found is not None:
            found = found | named_exactly
        candidates: Iterable[int] = found if found is not None else range(len(self._entries))
        entries = self._entries
        if code_prefix:
            candidates = [i for i in candidates if entries[i].code.startswith(code_prefix)]
        # How well each word matches, best first: whole word in the entry's own text, in
        # the glossary's terms for it, in the texts under it; then as a prefix of a word
        # of its own text. Partial words while typing meet only the last.
        tiers = [
            (
                index.title.exact(word),
                index.named.exact(word),
                index.everything.exact(word),
                index.title.prefix(word),
            )
            for word in unique
        ]

        def rank(position: int) -> tuple[int, bool, int, int]:
            score = 0
            for title, named, anywhere, title_prefix in tiers:
                if position in title:
                    score += 4
                elif position in named:
                    score += 3
                elif position in anywhere:
                    score += 2
                elif position in title_prefix:
                    score += 1
            return entries[position].level, position not in named_exactly, -score, position

        return [entries[position] for position in heapq.nsmallest(limit, candidates, key=rank)]

    def _search_chinese(self, text: str, limit: int) -> list[HsEntry]:
        """Headings and subheadings whose Chinese tariff name, or one of the trade names
        buyers use for them, holds every run of Chinese characters of ``text`` (离心泵
        finds 8413.70 其他离心泵, 地牛 finds 8427.90 through its trade names); a number in
        the query restricts the codes. Headings first; then a name that is the query
        itself, then a tariff name, then a trade name; the shortest name (the closest
        to the query) first, then code order."""
        runs = HAN_RUN.findall(text)
        numbers = [t.replace(".", "") for t in text.split() if t.replace(".", "").isdigit()]
        prefix = max(numbers, key=len, default="")
        best: dict[str, tuple[int, int, int, str]] = {}

        def consider(code: str, name: str, tier: int) -> None:
            if code in self._en and code.startswith(prefix) and all(r in name for r in runs):
                exact = len(runs) == 1 and name == runs[0]
                key = (len(code), 0 if exact else tier, len(name), code)
                if code not in best or key < best[code]:
                    best[code] = key

        for code, name in chinese_hs_names().items():
            consider(code, name, 1)
        for code, names in chinese_trade_names().items():
            for name in names:
                consider(code, name, 2)
        found = heapq.nsmallest(limit, best.values())
        return [self._make_entry(code) for *_, code in found]

    def trade_name_for(self, code: str, text: str) -> str:
        """The trade name through which a query ``text`` found ``code``: a Chinese one
        (地牛 for 8427.90) for a Chinese query, a Russian one (рохля for 8427.90, УЗО for
        8536.30) for a Russian query; empty when the code's own texts hold the query or
        no trade name does. What a list of results shows beside the code's texts, so the
        person sees why it is there."""
        if has_han(text):
            return self._chinese_trade_name_for(code, text)
        words = query_words(text)
        if not words:
            return ""
        own = f"{self._en.get(code, '')} {self.own_text_ru(code) or ''}"
        if _covers(words, own):
            return ""
        table = russian_trade_names()
        # A heading is found through its subheadings' names too («рохля»: 8427).
        names = [
            name
            for named in ([code] if len(code) != 4 else [code, *self._subheadings(code)])
            for name in table.get(named, ())
            if _covers(words, name)
        ]
        # The name that is the query itself first, then the shortest.
        wanted = set(words)
        return min(names, key=lambda n: (set(query_words(n)) != wanted, len(n), n), default="")

    def _subheadings(self, heading: str) -> list[str]:
        codes = (f"{heading}{tail:02d}" for tail in range(1, 100))
        return [code for code in codes if code in self._en]

    def _chinese_trade_name_for(self, code: str, text: str) -> str:
        runs = HAN_RUN.findall(text)
        if not runs or all(run in chinese_hs_name(code) for run in runs):
            return ""
        names = [n for n in chinese_trade_names().get(code, ()) if all(r in n for r in runs)]
        return min(names, key=len, default="")

    @property
    def search_ready(self) -> bool:
        """True once the word index is built (a search no longer falls back to a scan)."""
        return self._index is not None

    @property
    def scan_ready(self) -> bool:
        """True once the texts a search scans while the index is built have been read."""
        return self._scan_cache is not None

    def _scan(
        self, texts: list[str], words: list[str], code_prefix: str, limit: int
    ) -> list[HsEntry]:
        """The entries whose own texts contain every (stemmed) word: no index needed."""
        entries = self._entries

        def rank(position: int) -> tuple[int, int, int]:
            # Whole words before parts of words; headings before subheadings.
            text = texts[position]
            whole = sum(1 for word in words if f" {word}" in text)
            return entries[position].level, -whole, position

        found = (
            position
            for position, text in enumerate(texts)
            if all(word in text for word in words)
            and entries[position].code.startswith(code_prefix)
        )
        return [entries[position] for position in heapq.nsmallest(limit, found, key=rank)]

    def _scan_texts(self) -> list[str]:
        """Each entry's own English and (once read) Russian text, folded, for :meth:`_scan`."""
        texts = self._scan_cache
        if texts is None:
            # The Russian texts are what the index thread reads first (half a second).
            self._russian()
            folded = (
                fold(f"{entry.description_en} {self.own_text_ru(entry.code) or ''}")
                for entry in self._entries
            )
            # "sun-flower" is also "sunflower", as in the index.
            texts = [f" {text} {_JOINERS.sub('', text)}" for text in folded]
            self._scan_cache = texts
        return texts

    def prepare_search(self) -> None:
        """Build the search index now (a form may call this on a worker thread).

        The texts a search scans while the index is not ready come first (about half a
        second), so a search that does not wait answers from them early on.
        """
        self._scan_texts()
        self._ensure_index()

    def _ensure_index(self) -> _Index:
        """Build the word index once, whichever thread searches first."""
        if self._index is None:
            with self._index_lock:
                if self._index is None:
                    self._index = self._build_index()
        return self._index

    def _build_index(self) -> _Index:
        # Entries are in (level, code) order, so an entry's id is its position there.
        positions = {entry.code: position for position, entry in enumerate(self._entries)}
        # Which entries each TN VED segment belongs to: as the entry's own text (title) or
        # anywhere under it. Chains share segments, so words are looked up per segment.
        size = len(self._entries)
        own_segments: list[set[int]] = [set() for _ in range(size)]
        all_segments: list[set[int]] = [set() for _ in range(size)]
        for code, chain in self._russian().items():
            if len(code) < 4:
                continue
            heading = positions.get(code[:4])
            if heading is not None:
                (own_segments if len(code) == 4 else all_segments)[heading].update(chain)
            subheading = positions.get(code[:6]) if len(code) >= 6 else None
            if subheading is not None:
                (own_segments if len(code) == 6 else all_segments)[subheading].update(chain)
        own_entries: dict[int, list[int]] = {}
        all_entries: dict[int, list[int]] = {}
        for position in range(size):
            for number in own_segments[position]:
                own_entries.setdefault(number, []).append(position)
            for number in all_segments[position] | own_segments[position]:
                all_entries.setdefault(number, []).append(position)
        title: dict[str, set[int]] = {}
        everything: dict[str, set[int]] = {}
        named: dict[str, set[int]] = {}
        for number, entries in all_entries.items():
            own = own_entries.get(number)
            for word in set(index_words(self._segments[number])):
                found = everything.get(word)
                if found is None:
                    everything[word] = set(entries)
                else:
                    found.update(entries)
                if own:
                    title.setdefault(word, set()).update(own)
        for position, entry in enumerate(self._entries):
            for word in set(index_words(entry.description_en)):
                title.setdefault(word, set()).add(position)
                everything.setdefault(word, set()).add(position)
        for codes, terms in _glossary_terms(self._glossary_path):
            words = set(index_words(" ".join(terms)))
            for code in codes:
                target = positions.get(code)
                if target is None:
                    continue
                # A heading is named by its subheadings' terms too («доска сосна»: 4407).
                heading = positions.get(code[:4]) if len(code) == 6 else None
                for word in words:
                    named.setdefault(word, set()).add(target)
                    everything.setdefault(word, set()).add(target)
                    if heading is not None:
                        everything[word].add(heading)
        # The names Russian exporters write for goods (resources/hs/trade_ru: «рохля» for
        # 8427.90, «УЗО» for 8536.30) name their own code, not the heading above it: a
        # word of one subheading's name («вагонка сосна») does not make its heading an
        # answer to every query with that word. A query that is a whole name finds the
        # heading too (see :meth:`search`).
        whole_names: dict[frozenset[str], set[int]] = {}
        for code, names in russian_trade_names().items():
            target = positions.get(code)
            if target is None:
                continue
            heading = positions.get(code[:4]) if len(code) == 6 else None
            for word in set(index_words(" ".join(names))):
                named.setdefault(word, set()).add(target)
                everything.setdefault(word, set()).add(target)
            for name in names:
                found = whole_names.setdefault(frozenset(query_words(name)), set())
                found.add(target)
                if heading is not None:
                    found.add(heading)
        index = _Index(_Postings(title), _Postings(named), _Postings(everything), whole_names)
        self._words = index.everything.words  # for tests: the index exists
        return index

    def own_text_ru(self, code: str) -> str | None:
        """The TN VED text of exactly ``code`` (a six-digit subheading listed only by its
        national code XXXXXX0000 has that one's)."""
        text = self._ru_text(code)
        if text is None and len(code) == 6:
            text = self._ru_text(code + "0000")
        return text

    def _russian(self) -> dict[str, tuple[int, ...]]:
        """The TN VED chains by code, read on first use, whichever thread asks first."""
        if self._chains is None:
            with self._russian_lock:
                if self._chains is None:
                    rows = self._tnved_rows
                    self._chains = self._read_chains(rows() if callable(rows) else rows)
        return self._chains

    def _read_chains(self, rows: Iterable[tuple[str, str]]) -> dict[str, tuple[int, ...]]:
        segment_ids: dict[str, int] = {}
        segments = self._segments
        chains: dict[str, tuple[int, ...]] = {}
        for code, text in rows:
            chain: list[int] = []
            for segment in text.strip().split(SEPARATOR):
                number = segment_ids.get(segment)
                if number is None:
                    number = segment_ids[segment] = len(segments)
                    segments.append(segment)
                chain.append(number)
            chains[code] = tuple(chain)
        return chains

    def _ru_text(self, code: str) -> str | None:
        chain = self._russian().get(code)
        if chain is None:
            return None
        text = SEPARATOR.join(self._segments[number] for number in chain)
        return _sentence_case(text) if len(code) <= 4 else text

    def _make_entry(self, code: str) -> HsEntry:
        return HsEntry(code, self._en[code], self)


def read_tnved_rows(path: Path) -> list[tuple[str, str]]:
    """``(code, Russian text)`` of every row of a front-coded ``tnved.csv``.

    See ``resources/tnved/build_tnved_csv.py``: ``shared`` leading ": "-segments come
    from the row above, ``description`` holds the rest.
    """
    rows: list[tuple[str, str]] = []
    above: list[str] = []
    for code, shared, rest in _read_csv_rows(path, ("code", "shared", "description")):
        if not code.isdigit():
            continue
        parts = above[: int(shared or 0)] + (rest.split(SEPARATOR) if rest else [])
        rows.append((code, SEPARATOR.join(parts)))
        above = parts
    return rows


def _glossary_terms(folder: Path | None) -> Iterator[tuple[list[str], list[str]]]:
    """(HS codes, terms in every language) of each concept of the glossary's files."""
    if folder is None:
        return
    for path in sorted((folder / "concepts").glob("*.csv")):
        for row in _read_csv(path):
            codes = [code for code in (row.get("hs") or "").split() if code.isdigit()]
            if codes:
                terms = [
                    term
                    for column in ("en", "ru", "zh")
                    for term in (row.get(column) or "").split("|")
                ]
                yield codes, terms


def _digits(code: str) -> str:
    return _NON_DIGITS.sub("", code)


def _read_csv_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The ``columns`` of every row of a CSV file, as tuples (faster than dicts)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            try:
                where = [header.index(column) for column in columns]
            except ValueError:
                where = []
            if not where:
                raise UserError(
                    tr(
                        "The nomenclature file {path} lacks the columns {columns}. "
                        "Reinstall ExportMatch."
                    ).format(path=path, columns=", ".join(columns))
                )
            width = max(where) + 1
            return [tuple(row[i] for i in where) for row in reader if len(row) >= width]
    except OSError as exc:
        raise UserError(
            tr("Cannot read the nomenclature file {path}: {reason}. Reinstall ExportMatch.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc


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
