"""The parts of one pair's score, each from the two sides' features alone.

Each part is a number from 0 to 100 or absent (``None``: nothing to compare). These are
the rules; :class:`~.parts.PartTables` applies them once per distinct combination of
features met in a batch, and :func:`~.scoring.score_pair` is a batch of one pair.
"""

from __future__ import annotations

import re

from desktop_app.core.matching.features import RecordFeatures, word_stems
from desktop_app.core.matching.glossary import Glossary, kind_agrees_elsewhere
from desktop_app.core.matching.hs_inference import hs_agreement
from desktop_app.core.matching.term_lookup import MATERIAL_CHAPTERS

HS_LEVEL_NAMES = {6: "subheading", 4: "heading", 2: "chapter", 0: "none"}
_HS_LEVEL_SCORE = {6: 100.0, 4: 85.0, 2: 50.0, 0: 0.0}
# The name part assumed for a pair whose names share no language, as a share of its
# concept part: an unread name is weaker evidence than a read one that agrees, so among
# offers of the same good those named in the request's language come first.
UNREAD_NAME_FACTOR = 0.6
# The least total weight the mean is taken over, as a share of the name part's weight: a
# pair with less evidence on both sides (say only an HS agreement, or only a state) counts
# the missing weight as 0 instead of scoring 100 on a single minor part.
MIN_EVIDENCE_SHARE = 1.0
# The concept part of a pair where a side's goods are only the material of a good the
# glossary does not read (:attr:`.features.RecordFeatures.goods_unread`) and the names,
# in two languages, do not read as one subheading: as much as two kinds of one good.
UNREAD_GOOD_CONCEPT = 40.0
# Attribute groups whose states only separate goods: an agreement is not counted.
SEPARATING_GROUPS = frozenset({"user"})


def concept_part(
    demand: RecordFeatures, product: RecordFeatures, glossary: Glossary
) -> tuple[float | None, list[str]]:
    """How closely the goods named on both sides relate, and the concepts that met."""
    if not demand.concepts and not product.concepts:
        return None, []
    if not demand.concepts or not product.concepts:
        # One side names a good the glossary knows, the other nothing it knows: there is
        # no evidence either way (the glossary is incomplete), so the part is left out.
        return None, []
    if demand.goods_unread or product.goods_unread:
        # A side's goods are only the material of a good the glossary does not read
        # (pine in 实木楼梯 松木, solid pine stairs): the material shared is what both
        # may be made of, no evidence of one good. The names decide (the HS bridge);
        # where they cannot, the material still orders the offers (see parts.py).
        return None, []
    demand_values: list[float] = []
    met: list[str] = []
    product_parents = {_parent(glossary, c) for c in product.concepts} - {None}
    # In a fixed order: the concepts met are stored and shown, and a set's order changes
    # from one process to the next.
    for concept in sorted(demand.concepts):
        ancestors = glossary.ancestors(concept)
        if concept in product.concepts:
            value = _same_concept(demand, product)
        elif concept in product.family:
            # The request names the broader good: every kind of it will do. Not where
            # the broader good is only what a subheading of several kinds reads as: the
            # request names a kind the glossary does not know, the offer a known one.
            value = 40.0 if demand.wide_concepts else 90.0
        elif any(a in product.concepts for a in ancestors):
            # The offer is the broader good; it may include the kind asked for (unless
            # it too names an unknown kind of it, read through a wide subheading).
            value = 40.0 if product.wide_concepts else 70.0
        elif ancestors and ancestors[0] in product_parents:
            value = 40.0  # two kinds of one good (king crab, snow crab)
        else:
            value = 0.0
        demand_values.append(value)
        if value >= 70:
            met.append(concept)
    product_values = [
        _same_concept(demand, product)
        if concept in demand.concepts
        else (40.0 if demand.wide_concepts else 90.0)
        if any(a in demand.concepts for a in glossary.ancestors(concept))
        else (40.0 if product.wide_concepts else 70.0)
        if concept in demand.family
        else 0.0
        for concept in product.concepts
    ]
    # The best relation carries most weight (a request names one main good); the shares
    # of concepts met on each side tell a plain "chocolate" from "chocolate with nuts".
    # A side's concepts the other does not meet, of another HS section than a good that
    # is met, or a material of an earlier chapter of its section (stainless steel of a
    # seamless tube), are specifications of that good (闸阀 ... 法兰 铸钢: flanges, cast
    # steel on a gate valve; "Редуктор червячный ... на фланце"), not further goods asked
    # for or offered: they do not dilute the mean.
    demand_order = sorted(demand.concepts)
    # Where both sides name a good besides materials, the best relation is the goods':
    # a seamless tube and a kettle of the same stainless steel are not one good.
    best = max(demand_values)
    demand_goods = [
        value
        for concept, value in zip(demand_order, demand_values, strict=True)
        if not _material_concept(glossary, concept)
    ]
    if demand_goods and any(not _material_concept(glossary, c) for c in product.concepts):
        best = max(demand_goods)
    demand_values = _without_specifications(demand_order, demand_values, glossary)
    product_values = _without_specifications(list(product.concepts), product_values, glossary)
    mean = (sum(demand_values) / len(demand_values) + sum(product_values) / len(product_values)) / 2
    return 0.6 * best + 0.4 * mean, met


def _same_concept(demand: RecordFeatures, product: RecordFeatures) -> float:
    """The concept part of one concept read on both sides, as far as their readings go.

    A wide reading (:attr:`.features.RecordFeatures.wide_concepts`: the HS bridge read a
    subheading where the glossary files several kinds, 3304 99 for creams, lotions,
    masks and serums) names a kind the glossary does not know. Two such readings agree
    on the kind where the trade pairs of the subheading name one good on both sides
    (爽肤水 and «тоник для лица»: 100) and name two goods where each side holds pairs and
    none is shared (a serum and a toner: 40); otherwise they share only the subheading
    (70, as an offer of the broader good: it may be the kind asked for or any other). A
    request naming the good itself (化妆品, "cosmetics") takes every kind (90); an offer
    of the good itself may hold the kind asked for (70)."""
    if demand.wide_concepts and product.wide_concepts and demand.kinds and product.kinds:
        return 100.0 if demand.kinds & product.kinds else 40.0
    if demand.wide_concepts:
        return 70.0
    return 90.0 if product.wide_concepts else 100.0


def _material_concept(glossary: Glossary, concept: str) -> bool:
    """Whether a concept is a material goods are made of (all its HS codes in the
    material chapters: steel, copper, plastics, paper, fibres)."""
    codes = glossary.hs_of(concept)
    return bool(codes) and all(
        code[:2].isdigit() and int(code[:2]) in MATERIAL_CHAPTERS for code in codes
    )


def _without_specifications(
    concepts: list[str], values: list[float], glossary: Glossary
) -> list[float]:
    """The values of the concepts met, and of those unmet that are not specifications of
    a good met (see :func:`concept_part`)."""
    sections = glossary.concept_terms.kinds
    met = [c for c, value in zip(concepts, values, strict=True) if value >= 90]
    if not met:
        return values
    met_sections = {section for c in met for section in sections.get(c, ())}
    met_first = min((_chapters(glossary, c) for c in met), default=(0, 0))[0]
    kept = []
    for concept, value in zip(concepts, values, strict=True):
        own = sections.get(concept)
        if (
            value > 0
            or not own
            or (own & met_sections and _chapters(glossary, concept)[1] >= met_first)
        ):
            kept.append(value)
    return kept or values


def _chapters(glossary: Glossary, concept: str) -> tuple[int, int]:
    """The lowest and highest HS chapter of a concept's codes (0, 0 without any)."""
    chapters = [int(code[:2]) for code in glossary.hs_of(concept) if code[:2].isdigit()]
    return (min(chapters), max(chapters)) if chapters else (0, 0)


def _parent(glossary: Glossary, concept: str) -> str | None:
    known = glossary.concepts.get(concept)
    return known.broader if known else None


def hs_part(demand: RecordFeatures, product: RecordFeatures) -> tuple[float | None, int, float]:
    """HS agreement score, the agreeing level (6/4/2/0) and how sure a conflict is (0..1)."""
    first, second = demand.hs_codes, product.hs_codes
    if not first or not second:
        return None, 0, 0.0
    level = hs_agreement(first, second)
    possible = min(6, max(len(c) for c in first), max(len(c) for c in second))
    sources = {demand.hs_source, product.hs_source}
    if sources == {"declared"} and level == 4 and min(len(c) for c in (*first, *second)) >= 6:
        # Two declared subheadings of one heading that differ name two goods of it (pork
        # luncheon meat 1602 41 and stewed beef 1602 50, gas and charcoal grills 7321 11
        # and 7321 19): on the labelled sets such pairs are true once in 322. The level
        # stays 4 (they agree on the heading); the score 0 with full certainty marks the
        # conflict (see :func:`subheading_conflict`).
        return 0.0, 4, 1.0
    score = 100.0 if level and level >= possible else _HS_LEVEL_SCORE[level]
    certainty = 1.0 if sources == {"declared"} else 0.0 if "nomenclature" in sources else 0.5
    return score, level, certainty


def subheading_conflict(score: float | None, level: int, certainty: float) -> bool:
    """Whether an HS part's result is two declared subheadings of one heading that differ."""
    return score == 0.0 and level == 4 and certainty == 1.0


def attribute_part(
    demand: RecordFeatures, product: RecordFeatures, glossary: Glossary
) -> tuple[float | None, list[tuple[str, str]]]:
    """Agreement of processing states per shared group, and the conflicting pairs."""
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for side, attributes in ((0, demand.attributes), (1, product.attributes)):
        for attribute in attributes:
            group = glossary.attribute_group(attribute)
            if group is not None:
                groups.setdefault(group, ([], []))[side].append(attribute)
    shared = [(group, a, b) for group, (a, b) in groups.items() if a and b]
    if not shared:
        return None, []
    conflicts: list[tuple[str, str]] = []
    counted = 0
    for group, ours, theirs in shared:
        if not any(glossary.compatible(x, y) for x in ours for y in theirs):
            conflicts.append((ours[0], theirs[0]))
            counted += 1
        elif group in SEPARATING_GROUPS:
            # Who a good is for tells goods apart; that two goods are both for children
            # (a milk formula and a porridge) is no evidence they are one.
            continue
        elif not all(kind_agrees_elsewhere(x) for x in (*ours, *theirs)):
            # Two declared subheadings that agree are the HS part's agreement already,
            # two concept terms' subheadings the concept part's.
            counted += 1
    if not counted:
        return None, []
    return 100.0 * (1 - len(conflicts) / counted), conflicts


def model_part(demand: RecordFeatures, product: RecordFeatures) -> tuple[float | None, list[str]]:
    """Agreement of model numbers and grade codes ("PSLX350H", "ADC12") and of versions.

    Versions ("zend studio 5.1" / "zend studio 5", "quickbooks 2005" / "2007") count only
    when both sides give one: the same article is often named without its version, but
    two editions named with theirs differ. Any shared number is agreement, since names
    also carry other numbers (system requirements, sizes). A number of one side inside a
    range or list the other offers ("6308" in a "6200-6312" series, "11" kW in
    "0.37–315 кВт") is contained: it agrees. A shared model code identifies the article
    whatever the numbers; otherwise the lower of the two agreements counts.
    """
    versions = None
    if demand.numbers and product.numbers:
        versions = 100.0 if demand.numbers & product.numbers else 0.0
    if versions != 100.0 and (
        _contained(_values(demand), product.ranges) or _contained(_values(product), demand.ranges)
    ):
        versions = 100.0
    if not demand.codes or not product.codes:
        return versions, []
    shared = sorted(demand.codes & product.codes)
    if not shared:
        # A code written inside a longer one of the other side ("dslra700" in
        # "dslra700k", a kit, colour or region suffix added) names the same article.
        shared = sorted({a for a in demand.codes for b in product.codes if _code_within(a, b)})
    # A quantity written as a code ("5u", "10cup", "3qt") agrees, but does not identify
    # an article: many offers share it.
    if shared and not all(_QUANTITY.fullmatch(code) for code in shared):
        return 100.0, shared
    best = max(code_similarity(a, b) for a in demand.codes for b in product.codes)
    codes = best if best >= 85 else 0.0
    return (codes if versions is None else min(codes, versions)), []


def small_numbers_only(demand: RecordFeatures, product: RecordFeatures) -> bool:
    """Whether the two sides' numbers agree only through numbers under ten, shared or
    inside an offered range ("Series 3" and "сорт 2-3", "DOCSIS 2.0" and "4×1,5 – 37×2,5"):
    an agreement any two names with a small number or a range reach (round 12)."""
    agreeing: set[float] = set()
    for ours, theirs in ((demand, product), (product, demand)):
        for number in _values(ours):
            try:
                value = float(number)
            except ValueError:
                continue
            if number in theirs.numbers or _contained({number}, theirs.ranges):
                agreeing.add(value)
    return bool(agreeing) and all(value < 10 for value in agreeing)


# A code that is a number with a unit or series suffix ("11kw", "6308zz", "10ml").
_NUMBER_FIRST = re.compile(r"(\d+(?:\.\d+)?)[a-zа-я]{1,3}")


def _values(features: RecordFeatures) -> set[str]:
    """The numbers of a record, with those that lead a code ("11kw" -> "11")."""
    values = set(features.numbers)
    for code in features.codes:
        match = _NUMBER_FIRST.fullmatch(code)
        if match:
            values.add(match.group(1))
    return values


def _contained(numbers: set[str], ranges: frozenset[tuple[float, float]]) -> bool:
    """Whether one of these numbers lies within one of these ranges (or is a listed value)."""
    if not numbers or not ranges:
        return False
    for number in numbers:
        try:
            value = float(number)
        except ValueError:  # "1.2.3": a version of several parts is no quantity
            continue
        if any(low <= value <= high for low, high in ranges):
            return True
    return False


# A quantity written as one token: a number of one or two digits and a unit ("5u",
# "10cup", "3qt", "6pc").
_QUANTITY = re.compile(r"\d{1,2}(?:\.\d+)?[a-zа-я]+")
_GROUPS = re.compile(r"[^\d]+|\d+")


def code_similarity(first: str, second: str) -> float:
    """How alike two model codes are, by their structure (letter and digit groups).

    The digits carry the model: "sx200is" and "sx210is" are two cameras however alike
    they read, so codes whose digit groups differ are 0. The same code up to its last
    digit with another letter suffix ("fdb130wh" / "fdb130rgs", "el1000b" / "el1000a": a
    colour, region or kit) and a code inside a longer one ("U5140" in "U5140900") are 90;
    the same digits under a letter prefix one side writes longer ("dscs750" / "dsc750")
    85. Anything else is 0.
    """
    if first == second:
        return 100.0
    if _code_within(first, second) or _same_core(first, second):
        return 90.0
    groups = (_GROUPS.findall(first), _GROUPS.findall(second))
    digits = [[g for g in side if g.isdigit()] for side in groups]
    if not digits[0] or digits[0] != digits[1] or sum(len(g) for g in digits[0]) < 3:
        return 0.0
    letters = [[g for g in side if not g.isdigit()] for side in groups]
    lead = [side[0] if side and not side[0].isdigit() else "" for side in groups]
    if lead[0] and lead[1] and (lead[0].startswith(lead[1]) or lead[1].startswith(lead[0])):
        return 85.0
    return 85.0 if letters[0] == letters[1] else 0.0


def _same_core(first: str, second: str) -> bool:
    """Whether two codes are equal up to their last digit, four characters or more with a
    letter ("fdb130" in "fdb130wh" and "fdb130rgs")."""
    cores = [re.sub(r"[^\d]+$", "", code) for code in (first, second)]
    core = cores[0]
    return (
        core == cores[1]
        and len(core) >= 4
        and any(ch.isdigit() for ch in core)
        and not core.isdigit()
    )


def _code_within(first: str, second: str) -> bool:
    """Whether the shorter code (four characters or more, with a digit) is in the longer."""
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= 4 and any(ch.isdigit() for ch in shorter) and shorter in longer


# Words naming an edition of an article (Snowball stems), each to its kind: an upgrade is
# not the full product, an academic licence not the retail one, "Pro" not the plain model.
EDITION_KINDS = {
    "upgrad": "upgrade", "upsel": "upgrade",
    "academ": "academic", "educ": "academic", "student": "academic", "teacher": "academic",
    "delux": "deluxe",
    "pro": "pro", "profession": "pro",
    "ultim": "ultimate",
    "enterpris": "enterprise",
    "express": "express",
    "basic": "basic",
    "oem": "oem",
    "trial": "trial",
    "platinum": "platinum",
    "lite": "lite",
}  # fmt: skip


def editions(features: RecordFeatures) -> frozenset[str]:
    """The editions a record's Latin-script name states ("upgrade", "academic", "pro")."""
    return frozenset(
        EDITION_KINDS[stem] for stem in features.strings["en"].split() if stem in EDITION_KINDS
    )


def grade_part(demand: RecordFeatures, product: RecordFeatures) -> tuple[float | None, list[str]]:
    """Share of the request's grade words ("высший сорт", "premium", "特级") the offer has,
    and the ones it lacks; ``None`` when the request names no grade.

    Grades are set aside from the names (every supplier of the good is a legitimate
    suggestion), so they only order the offers of the good asked for: a request for the
    top grade shows first the offers that say they are of it.
    """
    if not demand.grades:
        return None, []
    missing = demand.grades - product.grades
    # As the request wrote them ("высший сорт"), not as compared ("высш", "сорт").
    words = [
        word
        for word in demand.set_aside
        if word in missing or any(stem in missing for stem in word_stems(word))
    ]
    return 100.0 * (1 - len(missing) / len(demand.grades)), words
