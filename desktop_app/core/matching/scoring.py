"""Scoring one (demand line, product) pair from its parts, and verdicts per demand line.

Each part is a number from 0 to 100 or absent (nothing to compare: no shared language,
no concept on either side, no HS code anywhere). The total is the weighted mean of the
parts present, minus penalties for clear conflicts (different goods, different HS
chapters, incompatible processing states), clipped to 0..100. Absent parts do not count
against a pair: a Russian offer and a Chinese request share no words, and that alone says
nothing about whether they are the same good. A part counts only with evidence on both
sides: a concept the glossary reads on one side only, or a heading guessed from the
nomenclature's words that disagrees, is left out rather than scored 0, so a strong match
of names alone (English electronics, no glossary concept anywhere) scores high. The mean
is taken over at least the name part's weight (``MIN_EVIDENCE_SHARE``), so a single minor
part (an HS agreement alone) cannot make a full score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from desktop_app.core.domain.enums import Verdict
from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import RecordFeatures, word_stems
from desktop_app.core.matching.glossary import Glossary
from desktop_app.core.matching.hs_inference import hs_agreement

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


def weighted_total(numerator: float, denominator: float, settings: MatchSettings) -> float:
    """The weighted mean of the parts present, over at least the minimum of evidence."""
    floor = MIN_EVIDENCE_SHARE * settings.weight_name
    return numerator / max(denominator, floor) if max(denominator, floor) > 0 else 0.0


@dataclass(frozen=True)
class PairScore:
    """The total, its parts and the evidence for one pair."""

    score: float
    parts: dict[str, float]
    evidence: dict[str, Any] = field(default_factory=dict)


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
    demand_values: list[float] = []
    met: list[str] = []
    product_parents = {_parent(glossary, c) for c in product.concepts} - {None}
    # In a fixed order: the concepts met are stored and shown, and a set's order changes
    # from one process to the next.
    for concept in sorted(demand.concepts):
        ancestors = glossary.ancestors(concept)
        if concept in product.concepts:
            value = 100.0
        elif concept in product.family:
            value = 90.0  # the request names the broader good: every kind of it will do
        elif any(a in product.concepts for a in ancestors):
            value = 70.0  # the offer is the broader good; it may include the kind asked for
        elif ancestors and ancestors[0] in product_parents:
            value = 40.0  # two kinds of one good (king crab, snow crab)
        else:
            value = 0.0
        demand_values.append(value)
        if value >= 70:
            met.append(concept)
    product_values = [
        100.0
        if concept in demand.concepts
        else 90.0
        if any(a in demand.concepts for a in glossary.ancestors(concept))
        else 70.0
        if concept in demand.family
        else 0.0
        for concept in product.concepts
    ]
    # The best relation carries most weight (a request names one main good); the shares
    # of concepts met on each side tell a plain "chocolate" from "chocolate with nuts".
    mean = (sum(demand_values) / len(demand_values) + sum(product_values) / len(product_values)) / 2
    return 0.6 * max(demand_values) + 0.4 * mean, met


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
    score = 100.0 if level and level >= possible else _HS_LEVEL_SCORE[level]
    sources = {demand.hs_source, product.hs_source}
    certainty = 1.0 if sources == {"declared"} else 0.0 if "nomenclature" in sources else 0.5
    return score, level, certainty


def attribute_part(
    demand: RecordFeatures, product: RecordFeatures, glossary: Glossary
) -> tuple[float | None, list[tuple[str, str]]]:
    """Agreement of processing states per shared group, and the conflicting pairs."""
    groups: dict[str, tuple[list[str], list[str]]] = {}
    for side, attributes in ((0, demand.attributes), (1, product.attributes)):
        for attribute in attributes:
            known = glossary.attributes.get(attribute)
            if known is not None:
                groups.setdefault(known.group, ([], []))[side].append(attribute)
    shared = [(a, b) for a, b in groups.values() if a and b]
    if not shared:
        return None, []
    conflicts: list[tuple[str, str]] = []
    for ours, theirs in shared:
        if not any(glossary.compatible(x, y) for x in ours for y in theirs):
            conflicts.append((ours[0], theirs[0]))
    return 100.0 * (1 - len(conflicts) / len(shared)), conflicts


def model_part(demand: RecordFeatures, product: RecordFeatures) -> tuple[float | None, list[str]]:
    """Agreement of model numbers and grade codes ("PSLX350H", "ADC12") and of versions.

    Versions ("zend studio 5.1" / "zend studio 5", "quickbooks 2005" / "2007") count only
    when both sides give one: the same article is often named without its version, but
    two editions named with theirs differ. Any shared number is agreement, since names
    also carry other numbers (system requirements, sizes). A shared model code identifies
    the article whatever the numbers; otherwise the lower of the two agreements counts.
    """
    versions = None
    if demand.numbers and product.numbers:
        versions = 100.0 if demand.numbers & product.numbers else 0.0
    if not demand.codes or not product.codes:
        return versions, []
    shared = sorted(demand.codes & product.codes)
    if shared:
        return 100.0, shared
    best = max(_code_similarity(a, b) for a in demand.codes for b in product.codes)
    codes = best if best >= 85 else 0.0
    return (codes if versions is None else min(codes, versions)), []


def _code_similarity(first: str, second: str) -> float:
    """How alike two model codes are; a code inside a longer one ("U5140" in "U5140900",
    a colour or region suffix added) counts nearly as the same code."""
    shorter, longer = sorted((first, second), key=len)
    if len(shorter) >= 4 and any(ch.isdigit() for ch in shorter) and shorter in longer:
        return 90.0
    return fuzz.ratio(first, second)


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


def grade_penalty(
    grade: float | None, concept: float | None, names_read: bool, points: float
) -> float:
    """Points lost by an offer of the good asked for, named in the request's script, for
    the grade words of the request it lacks (0 elsewhere: across goods the concept and
    name parts decide, and grades in an unread script cannot be compared)."""
    if grade is None or concept is None or concept < 100 or not names_read:
        return 0.0
    return points * (1 - grade / 100.0)


def score_pair(
    demand: RecordFeatures,
    product: RecordFeatures,
    name_similarity: float | None,
    glossary: Glossary,
    settings: MatchSettings,
) -> PairScore:
    """Combine the parts of one pair; ``name_similarity`` comes from the batch comparator."""
    concept, met = concept_part(demand, product, glossary)
    hs, hs_level, hs_certainty = hs_part(demand, product)
    attributes, conflicts = attribute_part(demand, product, glossary)
    model, shared_codes = model_part(demand, product)
    if shared_codes:
        # The same model number identifies the article; what the glossary guessed from
        # generic words ("media", "corded") and the headings inferred from it are
        # weaker evidence and give way.
        concept = None if concept is not None and concept < 100 else concept
        hs = None if hs is not None and hs_certainty < 1 else hs
    weighted = [
        ("name", name_similarity, settings.weight_name),
        ("concept", concept, settings.weight_concept),
        ("hs", hs, settings.weight_hs),
        ("attributes", attributes, settings.weight_attributes),
        ("model", model, settings.weight_model),
    ]
    parts = {name: round(value, 1) for name, value, _ in weighted if value is not None}
    if name_similarity is None and concept is not None:
        # Names in no shared language: they are taken to agree clearly less than the
        # goods do (the batch scorer in .parts does the same).
        weighted[0] = ("name", UNREAD_NAME_FACTOR * concept, settings.weight_name)
    total_weight = sum(w for _, value, w in weighted if value is not None)
    total = weighted_total(
        sum(value * w for _, value, w in weighted if value is not None), total_weight, settings
    )
    penalties: list[dict[str, Any]] = []
    if concept == 0.0 and demand.concepts and product.concepts:
        penalties.append({"reason": "different_goods", "points": settings.penalty_concept_conflict})
    if hs is not None and hs_level == 0 and hs_certainty > 0:
        points = settings.penalty_hs_conflict * hs_certainty
        penalties.append({"reason": "hs_conflict", "points": points})
    for ours, theirs in conflicts:
        penalties.append(
            {
                "reason": "attribute_conflict",
                "points": settings.penalty_attribute_conflict,
                "detail": [ours, theirs],
            }
        )
    grade, missing = grade_part(demand, product)
    grade_points = grade_penalty(
        grade, concept, name_similarity is not None, settings.penalty_grade
    )
    if grade_points > 0:
        penalties.append({"reason": "grade_missing", "points": grade_points, "detail": missing})
    total -= sum(p["points"] for p in penalties)
    evidence = {
        "concepts_met": met,
        "hs_level": HS_LEVEL_NAMES[hs_level] if hs is not None else None,
        "codes_shared": shared_codes,
        "penalties": penalties,
    }
    return PairScore(round(min(100.0, max(0.0, total)), 1), parts, evidence)


def same_good(first: RecordFeatures, second: RecordFeatures) -> bool:
    """Two products offer the same good: shared concepts, or near-equal names without any."""
    if first.concepts or second.concepts:
        return bool(first.concepts & second.concepts)
    return any(
        first.strings[s]
        and second.strings[s]
        and fuzz.token_set_ratio(first.strings[s], second.strings[s]) >= 90
        for s in first.strings
    )


def assign_verdicts(
    ranked: list[tuple[float, RecordFeatures]], settings: MatchSettings
) -> list[Verdict]:
    """Verdicts for one demand line's candidates, best first.

    ``below_floor`` under the suggestion threshold. ``ambiguous`` when a candidate of a
    *different* good scores within the ambiguity margin: several suppliers of the same
    good are all legitimate suggestions (every one of them may be forwarded), but two
    different goods at almost the same score mean the request itself is unclear.
    """
    verdicts: list[Verdict] = []
    for index, (score, features) in enumerate(ranked):
        if score < settings.suggest_threshold:
            verdicts.append(Verdict.BELOW_FLOOR)
            continue
        rivals = (
            other
            for position, (other_score, other) in enumerate(ranked)
            if position != index
            and other_score >= settings.suggest_threshold
            and abs(other_score - score) <= settings.ambiguity_margin
        )
        ambiguous = any(not same_good(features, other) for other in rivals)
        verdicts.append(Verdict.AMBIGUOUS if ambiguous else Verdict.SUGGESTED)
    return verdicts
