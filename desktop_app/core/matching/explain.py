"""Why a candidate was suggested: the stored parts and evidence as plain data and text.

The scorer writes typed parts and evidence (:class:`~.parts.ScoreParts`,
:class:`~.parts.PairEvidence`) that become JSON only where a candidate is stored. The
read side turns the stored JSON back into the same types, in one place
(:func:`read_parts`, :func:`read_evidence`), so the terminal's explanation and the
review card show the parts the scorer wrote. Evidence stored by older versions (every
key present, ``None`` or empty; sides without ``measures``; penalties without detail)
reads the same way; keys a reader does not know are ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.domain.enums import MatchStatus, Verdict
from desktop_app.core.domain.models import DemandLine, MatchCandidate, Product
from desktop_app.core.errors import InputError, Location
from desktop_app.core.i18n import tr
from desktop_app.core.matching.evidence import PART_NAMES, PairEvidence, Penalty, ScoreParts

# What lowered a score, by the reason stored with the penalty (callables: translated when
# shown, in the language of the moment).
PENALTY_TEXT: dict[str, Callable[[], str]] = {
    "different_goods": lambda: tr("the two sides name different goods"),
    "hs_conflict": lambda: tr("the HS codes are in different chapters"),
    "subheading_conflict": lambda: tr("the declared HS codes name different subheadings"),
    "attribute_conflict": lambda: tr("processing states differ"),
    "grade_missing": lambda: tr("the offer does not name the grade asked for"),
    "designation_differs": lambda: tr("the offer names other models or sizes"),
    "edition_differs": lambda: tr("the names state different editions"),
}


# What a score means, measured (benchmarks/score_bands.py, default settings): the share of
# stored candidates in each band that were pairs to forward, on DEV and the six hold-out
# sets pooled (round 12, with the calibration by the runner-up and the product side, and
# the no-evidence rules: lowest and highest score of the band, share, candidates
# counted; round 11 measured 0.98, 0.81, 0.63, 0.17, 0.01). The sixth set alone gives
# 0.94, 0.55, 0.41 in the top three bands, the goods nobody had read when it was written.
# On an English article catalogue, where one product is right per line, the band holds
# for a line's first candidate on Abt-Buy (0.99, 0.89, 0.83) and much less on
# Amazon-Google (0.66, 0.40, 0.21): see docs/matching.md, rounds 11 and 12.
SCORE_BANDS: tuple[tuple[float, float, float, int], ...] = (
    (85.0, 100.0, 0.98, 400),
    (75.0, 85.0, 0.82, 622),
    (65.0, 75.0, 0.63, 92),
    (50.0, 65.0, 0.17, 207),
    (20.0, 50.0, 0.015, 861),
)


def score_meaning(score: float) -> str:
    """One line telling what a score means: how often a candidate scoring in its band was
    a pair to forward on the labelled sets; empty under the lowest band."""
    for low, high, share, count in SCORE_BANDS:
        if low <= score <= high:
            return tr(
                "a score of {low:.0f}-{high:.0f}: {percent:.0f}% of such candidates were "
                "right on our labelled trade sets, DEV and six hold-outs ({count} candidates)"
            ).format(low=low, high=high, percent=100 * share, count=count)
    return ""


@dataclass(frozen=True, slots=True)
class SideEvidence:
    """What the matcher recognised on one side (request or offer), as stored."""

    concepts: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    hs: tuple[str, ...] = ()
    hs_source: str = ""
    measures: tuple[str, ...] = ()
    set_aside: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredEvidence:
    """A stored candidate's evidence: the pair's, as the scorer wrote it, and both sides."""

    pair: PairEvidence = field(default_factory=PairEvidence)
    demand: SideEvidence = field(default_factory=SideEvidence)
    product: SideEvidence = field(default_factory=SideEvidence)


def _strings(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _penalty(value: Any) -> Penalty | None:
    if isinstance(value, str):
        return Penalty(value, 0.0)
    if not isinstance(value, Mapping) or not value.get("reason"):
        return None
    return Penalty(
        str(value["reason"]), _number(value.get("points")) or 0.0, _strings(value.get("detail"))
    )


def _read_side(value: Any) -> SideEvidence:
    if not isinstance(value, Mapping):
        return SideEvidence()
    return SideEvidence(
        concepts=_strings(value.get("concepts")),
        terms=_strings(value.get("terms")),
        attributes=_strings(value.get("attributes")),
        hs=_strings(value.get("hs")),
        hs_source=str(value.get("hs_source") or ""),
        measures=_strings(value.get("measures")),
        set_aside=_strings(value.get("set_aside")),
    )


def read_evidence(stored: Mapping[str, Any] | None) -> StoredEvidence:
    """A candidate's stored evidence JSON as typed evidence (missing keys are empty)."""
    if not isinstance(stored, Mapping):
        return StoredEvidence()
    penalties = (_penalty(item) for item in stored.get("penalties") or ())
    level = stored.get("hs_level")
    pair = PairEvidence(
        concepts_met=_strings(stored.get("concepts_met")),
        hs_level=str(level) if level else None,
        codes_shared=_strings(stored.get("codes_shared")),
        penalties=tuple(p for p in penalties if p is not None),
        calibration=_number(stored.get("calibration")),
        calibration_product=_number(stored.get("calibration_product")),
    )
    return StoredEvidence(pair, _read_side(stored.get("demand")), _read_side(stored.get("product")))


def read_parts(stored: Mapping[str, Any] | None) -> ScoreParts:
    """A candidate's stored parts JSON as typed parts (parts not stored are absent)."""
    if not isinstance(stored, Mapping):
        return ScoreParts()
    return ScoreParts(**{name: _number(stored.get(name)) for name in PART_NAMES})


@dataclass(frozen=True)
class CandidateExplanation:
    """One stored candidate with its reasons."""

    rank: int
    product_id: int
    product_ref: str | None
    product_name: str
    score: float
    verdict: str
    status: str
    parts: ScoreParts
    evidence: StoredEvidence


@dataclass(frozen=True)
class DemandExplanation:
    """A demand line and its candidates, best first."""

    demand_id: int
    demand_ref: str | None
    text: str
    candidates: tuple[CandidateExplanation, ...]


def explain_demand(session: Session, demand_ref: str) -> DemandExplanation:
    """The candidates of the demand line with this reference (or numeric id)."""
    query = select(DemandLine).where(DemandLine.ref == demand_ref)
    line = session.scalars(query).first()
    if line is None and demand_ref.isdigit():
        line = session.get(DemandLine, int(demand_ref))
    if line is None:
        raise InputError(
            tr("no demand line has the reference {ref}").format(ref=demand_ref),
            Location(field="DEMAND_REF"),
        )
    rows = session.execute(
        select(MatchCandidate, Product)
        .join(Product, Product.id == MatchCandidate.product_id)
        .where(MatchCandidate.demand_line_id == line.id)
        .order_by(MatchCandidate.score.desc(), MatchCandidate.rank)
    ).all()
    candidates = tuple(
        CandidateExplanation(
            rank=candidate.rank,
            product_id=product.id,
            product_ref=product.ref,
            product_name=product.name_ru or product.name_en or product.name_zh or "",
            score=candidate.score,
            verdict=str(candidate.verdict),
            status=str(candidate.status),
            parts=read_parts(candidate.parts),
            evidence=read_evidence(candidate.evidence),
        )
        for candidate, product in rows
    )
    return DemandExplanation(line.id, line.ref, line.product_text, candidates)


def _side(side: SideEvidence, name_of: Callable[[str], str] = str) -> list[str]:
    lines = []
    if side.terms:
        lines.append(tr("terms: {terms}").format(terms=", ".join(side.terms)))
    if side.concepts:
        concepts = ", ".join(name_of(c) for c in side.concepts)
        lines.append(tr("concepts: {concepts}").format(concepts=concepts))
    if side.attributes:
        states = ", ".join(name_of(a) for a in side.attributes)
        lines.append(tr("states: {states}").format(states=states))
    if side.hs:
        lines.append(
            tr("HS {codes} ({source})").format(codes=", ".join(side.hs), source=side.hs_source)
        )
    if side.set_aside:
        lines.append(tr("set aside: {words}").format(words=", ".join(side.set_aside)))
    return lines


def hs_level_title(level: str) -> str:
    """An HS agreement level as the interface says it."""
    titles = {
        "subheading": lambda: tr("subheading"),
        "heading": lambda: tr("heading"),
        "chapter": lambda: tr("chapter"),
        "none": lambda: tr("none"),
    }
    title = titles.get(level)
    return title() if title else level


PART_TITLES: dict[str, Callable[[], str]] = {
    "name": lambda: tr("name similarity"),
    "concept": lambda: tr("same good"),
    "hs": lambda: tr("HS code"),
    "attributes": lambda: tr("kind and state"),
    "model": lambda: tr("model and designation"),
}


def part_title(part: str) -> str:
    """A score part as the interface says it ("name" -> "name similarity")."""
    title = PART_TITLES.get(part)
    return title() if title else part.replace("_", " ")


def concept_name(concept_id: str) -> str:
    """A concept by the name people call it in English (its first English term, else its
    first term), never by its key: "sunflower_oil" -> "sunflower oil"."""
    from desktop_app.core.matching.glossary import shipped_glossary

    title = shipped_glossary().title(concept_id)
    return title or concept_id.split(":", 1)[-1].replace("_", " ")


def pair_reasons(
    evidence: StoredEvidence | PairEvidence, name_of: Callable[[str], str] = str
) -> tuple[list[str], list[str]]:
    """What made a candidate's score (shared concepts, HS agreement, same codes) and what
    lowered it, one indented line each: for the terminal and the review card.
    ``name_of`` names a concept for a person (its key by default)."""
    pair = evidence.pair if isinstance(evidence, StoredEvidence) else evidence
    agreeing: list[str] = []
    if pair.concepts_met:
        agreeing.append(
            tr("   shared concepts: {concepts}").format(
                concepts=", ".join(name_of(c) for c in pair.concepts_met)
            )
        )
    if pair.hs_level:
        agreeing.append(tr("   HS agreement: {level}").format(level=hs_level_title(pair.hs_level)))
    if pair.codes_shared:
        agreeing.append(tr("   same codes: {codes}").format(codes=", ".join(pair.codes_shared)))
    lowering: list[str] = []
    calibration = pair.calibration
    if calibration is not None and calibration >= 0.5:
        agreeing.append(
            tr("   raised by {points:.0f}: it stands out from the other offers").format(
                points=calibration
            )
        )
    by_product = pair.calibration_product
    for penalty in pair.penalties:
        text = PENALTY_TEXT.get(penalty.reason)
        reason = text() if text else penalty.reason
        detail = " / ".join(penalty.detail)
        lowering.append(
            tr("   lowered by {points:.0f}: {reason} {detail}")
            .format(points=penalty.points, reason=reason, detail=detail)
            .rstrip()
        )
    if calibration is not None and calibration <= -0.5:
        lowering.append(
            tr("   lowered by {points:.0f}: other offers read as close or closer").format(
                points=-calibration
            )
        )
    if by_product is not None and by_product <= -0.5:
        lowering.append(
            tr(
                "   lowered by {points:.0f}: the offer reads as close or closer to another request"
            ).format(points=-by_product)
        )
    return agreeing, lowering


def format_explanation(
    explanation: DemandExplanation, choice_title: Callable[[Enum], str] | None = None
) -> str:
    """The explanation as text for a terminal; ``choice_title`` names the stored verdicts
    and statuses as people say them (the services' labels), else their values are shown."""

    def shown(value: Enum) -> str:
        return choice_title(value) if choice_title else str(value.value).replace("_", " ")

    out = [
        tr("Demand {ref}: {text}").format(
            ref=explanation.demand_ref or explanation.demand_id, text=explanation.text
        )
    ]
    if not explanation.candidates:
        out.append(tr("  no candidates; run the matcher first"))
    for number, item in enumerate(explanation.candidates, 1):
        out.append(
            tr("{number}. {score:.1f} {verdict} [{status}] {ref} {name}").format(
                number=number,
                score=item.score,
                verdict=shown(Verdict(item.verdict)),
                status=shown(MatchStatus(item.status)),
                ref=item.product_ref or item.product_id,
                name=item.product_name,
            )
        )
        parts = ", ".join(
            f"{part_title(name)} {value:.0f}" for name, value in item.parts.as_json().items()
        )
        out.append(tr("   parts: {parts}").format(parts=parts))
        meaning = score_meaning(item.score)
        if meaning:
            out.append(f"   {meaning}")
        agreeing, lowering = pair_reasons(item.evidence, concept_name)
        out += agreeing
        for side, title in (
            (item.evidence.demand, tr("request")),
            (item.evidence.product, tr("offer")),
        ):
            for line in _side(side, concept_name):
                out.append(f"   {title}: {line}")
        out += lowering
    return "\n".join(out)
