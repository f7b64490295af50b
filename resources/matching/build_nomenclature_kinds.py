"""Build ``nomenclature_kinds.csv``: the kinds of goods the nomenclature tells apart, per heading.

A heading of the nomenclature groups one good's kinds, and its lines say what tells them
apart: TN VED 8481 80 ... "задвижки", "краны", "затворы дисковые поворотные"; HS 2022
8413 70 "centrifugal", 8413 60 "rotary positive displacement"; 2523 21 "white" portland
cement. This script reads those distinctions, by program, from

- the complete TN VED EAEU in Russian (``../shared/data/tnved-eaeu-full/tnved_full.csv``,
  built from the FNS classifier files and the EEC tariff, see its README): every
  subheading and ten-digit line, through its full path of dash levels;
- the HS 2022 subheadings in English (``resources/hs/hs2022.csv``);

and writes one row per kind: the code of the line (5 to 10 digits), a label (the kind's
words as written: ``насосы винтовые``, ``centrifugal``) and the stems that name it
(nouns all needed, one adjective needed), as the matcher's ``build_kind_index`` derives
them: words most kinds of a heading share and the heading's own title words are no
kinds. The matcher (``desktop_app/core/matching/nomenclature_kinds.py``) reads a
name's kind within the headings of its good: two sides that name different kinds of one
heading are different goods, a side naming no kind (a generic request) meets every kind.

What is left out, by rule rather than by hand: conditions and purposes (a line's words
from "для", "из", "с", "мощностью", "массой", "предназначенные", "for", "of",
"exceeding", "whether" on: a material, a size, a use or a power band is no kind a buyer
names), negations ("other than", "excluding", "not", anything in parentheses), and the
residual lines ("прочие", "n.e.c."). A line of adjectives only ("– – – медные" under
"провода обмоточные") takes the nouns of the nearest line above it that has one.

    python resources/matching/build_nomenclature_kinds.py \
        ../shared/data/tnved-eaeu-full/tnved_full.csv
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


HS_FILE = HERE.parent / "hs" / "hs2022.csv"
OUT = HERE / "nomenclature_kinds.csv"

RU_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")
EN_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
# A Russian line is cut at its first condition, purpose, material or negation word.
RU_CUT = frozenset(
    _words(
        """для из с со мощностью массой весом на в во содержащие содержащих содержащий
    предназначенные предназначенный предназначенных используемые используемых
    применяемые не более менее кроме без шириной толщиной диаметром длиной высотой
    объемом емкостью номинальной номинальным по от до при включая имеющие имеющих
    выполненные которые который которых или либо а также в виде весом напряжением
    рабочим производительностью частотой оснащенные снабженные работающие"""
    )
)
# Participles and adjectives of purpose, size and condition ("предназначенная",
# "наружным диаметром", "используемые").
RU_CUT_STARTS = (
    "предназнач", "использ", "примен", "наружн", "внутренн", "номинальн", "содерж",
    "имеющ", "оснащ", "снабж", "работающ", "составлен", "изготовлен", "пригодн",
    "обработанн", "покрыт", "упакован", "расфасован",
)  # fmt: skip
RU_GENERIC = frozenset(
    _words(
        """прочие прочий прочая прочее прочих прочего прочим прочими аналогичные
    аналогичная аналогичный аналогичных части изделия изделий товары виды вид
    такие такой другие другой иные иной остальные"""
    )
)
EN_CUT = frozenset(
    _words(
        """for of with exceeding whether not other excluding including than but having
    containing weighing measuring n.e.c nes in used when by which that whose"""
    )
)
EN_GENERIC = frozenset(
    _words(
        """other kind kinds and or the a an its their thereof parts part articles goods
    similar type types etc item items heading subheading chapter"""
    )
)
ADJECTIVE_ENDINGS = (
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ых", "их", "ую",
)  # fmt: skip


def russian_phrase(segment: str) -> list[str]:
    """The kind words of one level of a TN VED line: its words up to the first condition."""
    text = segment.lower().replace("ё", "е")
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.split(r"[,;:«»\"]", text, maxsplit=1)[0]
    words: list[str] = []
    for word in RU_WORD.findall(text):
        if word in RU_CUT or word.startswith(RU_CUT_STARTS):
            break
        if word not in RU_GENERIC and len(word) >= 3:
            words.append(word)
    return words


def is_adjective(word: str) -> bool:
    """True for a Russian word with an adjective's ending ("винтовые", "белый")."""
    return word.endswith(ADJECTIVE_ENDINGS)


def _common_prefix(codes: set[str]) -> str:
    first, last = min(codes), max(codes)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def russian_kinds(path: Path) -> list[tuple[str, str, str]]:
    """``(code, kind words, source text)`` of every level of a TN VED line below a
    heading that names a kind; the words of an adjective-only level are joined to the
    nouns above it. A level without a code of its own ("задвижки:" above "из литейного
    чугуна", "из стали") takes the digits its lines share."""
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))
    headings = {r["code"]: r["description_ru"] for r in rows if r["level"] == "4"}
    codes_of: dict[tuple[str, str], set[str]] = {}
    source_of: dict[tuple[str, str], str] = {}
    for row in rows:
        code, level = row["code"], row["level"]
        if level not in ("6", "10") or not code.isdigit():
            continue
        heading_text = headings.get(code[:4], "")
        full = row["description_ru"]
        if heading_text and full.startswith(heading_text):
            full = full[len(heading_text) :]
        segments = [s.strip() for s in full.split(":") if s.strip()]
        nouns_above: list[str] = []
        for segment in segments:
            words = russian_phrase(segment)
            if not words:
                continue
            if all(is_adjective(w) for w in words):
                if not nouns_above:
                    continue
                words = [*nouns_above, *words]
            else:
                nouns_above = [w for w in words if not is_adjective(w)]
            key = (code[:4], " ".join(dict.fromkeys(words)))
            codes_of.setdefault(key, set()).add(code)
            source_of.setdefault(key, segment)
    found = []
    for (heading, words), codes in codes_of.items():
        code = _common_prefix(codes)
        if len(code) >= 5:
            found.append((code, words, source_of[(heading, words)]))
    return found


def english_phrase(description: str) -> list[str]:
    """The kind words of an HS 2022 subheading: its qualifiers after the good's name
    ("Cement; portland, white, ..."), each cut at its first condition or negation."""
    text = description.lower()
    text = re.sub(r"\([^)]*\)", " ", text)
    if ";" in text:
        text = text.split(";", 1)[1]
    words: list[str] = []
    for word in EN_WORD.findall(text.replace("n.e.c.", " n.e.c ")):
        if word in EN_CUT:
            break
        if word not in EN_GENERIC and len(word) >= 4:
            words.append(word)
    return words


def english_kinds(path: Path) -> list[tuple[str, str, str]]:
    """``(subheading, kind words, description)`` of every HS 2022 subheading with some."""
    kinds: list[tuple[str, str, str]] = []
    for row in csv.DictReader(path.open(encoding="utf-8-sig", newline="")):
        code = row.get("hscode", "")
        if not (code.isdigit() and len(code) == 6):
            continue
        words = english_phrase(row.get("description", ""))
        if words:
            kinds.append((code, " ".join(dict.fromkeys(words)), row["description"]))
    return kinds


def main(tnved: Path) -> None:
    """Write ``nomenclature_kinds.csv`` from the TN VED file and the shipped HS 2022: each
    kind's code, label and the stems that name it, as the matcher reads them (stemmed
    here, with the matcher's own normalization, so that loading stems nothing)."""
    sys.path.insert(0, str(HERE.parent.parent))
    from desktop_app.core.matching.nomenclature_kinds import build_kind_index, heading_titles

    rows = [(code, "ru", words) for code, words, _ in russian_kinds(tnved)]
    rows += [(code, "en", words) for code, words, _ in english_kinds(HS_FILE)]
    index = build_kind_index(rows, heading_titles())
    kinds = sorted(
        (kind for kinds in index.by_heading.values() for kind in kinds),
        key=lambda kind: (kind.code, kind.label),
    )
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "label", "nouns", "adjectives"))
        for kind in kinds:
            writer.writerow(
                (
                    kind.code,
                    kind.label,
                    " ".join(sorted(kind.nouns)),
                    " ".join(sorted(kind.adjectives)),
                )
            )
    print(f"{len(kinds)} kinds of {len(index.by_heading)} headings written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
