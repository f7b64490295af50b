"""Vectorised scoring of many pairs: each distinct combination of features scored once.

The concept part of a pair depends only on the two concept sets, the HS part on the two
code lists and their sources, the attribute part on the two sets of states, the model
part on the two sets of codes. In a catalogue these repeat: thousands of products share
one concept set. :class:`PartTables` interns every record's sets to small integers, and
for a batch of pairs computes each distinct (demand id, product id) combination once with
the plain functions of :mod:`.scoring`, then gathers the values with NumPy. The total is
the weighted mean of the parts present minus penalties. It is the only implementation
of the total: :func:`.scoring.score_pair` is a batch of one pair.

Parts and evidence are typed (:class:`ScoreParts`, :class:`PairEvidence`,
:class:`Penalty`); they become JSON only where a candidate is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.evidence import PairEvidence, Penalty, ScoreParts
from desktop_app.core.matching.features import SCRIPTS, NameCodes, RecordFeatures
from desktop_app.core.matching.glossary import Glossary
from desktop_app.core.matching.part_rules import (
    HS_LEVEL_NAMES,
    MIN_EVIDENCE_SHARE,
    UNREAD_GOOD_CONCEPT,
    UNREAD_NAME_FACTOR,
    attribute_part,
    concept_part,
    editions,
    grade_part,
    hs_part,
    model_part,
    small_numbers_only,
    subheading_conflict,
)
from desktop_app.core.validation.hs_texts import hs2022_texts

# The name part of a pair whose names share no language but read as one HS subheading
# through the nomenclature's texts in their own languages (hs_bridge.name_subheadings):
# as much as unread names of one good (UNREAD_NAME_FACTOR x 100), so with nothing else
# the pair stays under the threshold and with an agreeing declared code it passes.
BRIDGED_NAME_SCORE = 60.0
# Share of its weight a concept part keeps when it rests on single English words only.
WEAK_CONCEPT_FACTOR = 0.25
# Points an offer of the good asked for loses when its model or size designations differ
# from the request's (6308 against a list of other sizes): a designation orders the offers
# of one good, it never turns a same-good pair into a non-match.
DESIGNATION_POINTS = 5.0
# Points a pair loses when the names, compared in one script, state different editions of
# an article ("upgrade" against the full product, "academic" against retail, "Pro"
# against the plain model) and no model code identifies it.
EDITION_POINTS = 10.0


def _intern(
    records: Sequence[RecordFeatures], key: Callable[[RecordFeatures], Hashable], ids: dict
) -> tuple[np.ndarray, list[int]]:
    """Integer id of each record's ``key`` (shared ``ids`` across both sides)."""
    out = np.empty(len(records), dtype=np.int64)
    first: list[int] = []
    for row, features in enumerate(records):
        value = key(features)
        found = ids.get(value)
        if found is None:
            found = ids[value] = len(ids)
            first.append(row)
        out[row] = found
    return out, first


class _Table:
    """One part: ids per side and the cached result per (demand id, product id)."""

    def __init__(
        self,
        demand: Sequence[RecordFeatures],
        products: Sequence[RecordFeatures],
        key: Callable[[RecordFeatures], Hashable],
        compute: Callable[[RecordFeatures, RecordFeatures], tuple[Any, ...]],
    ) -> None:
        ids: dict[Hashable, int] = {}
        self.demand_ids, demand_first = _intern(demand, key, ids)
        self.product_ids, product_first = _intern(products, key, ids)
        # A representative record per id (ids are dense, shared by the two sides).
        representative: dict[int, RecordFeatures] = {}
        for row in demand_first:
            representative.setdefault(int(self.demand_ids[row]), demand[row])
        for row in product_first:
            representative.setdefault(int(self.product_ids[row]), products[row])
        self.representative = representative
        self.width = max(1, len(ids))
        self.compute = compute
        self.cache: dict[int, tuple[Any, ...]] = {}

    def results(self, pair_demand: np.ndarray, pair_product: np.ndarray) -> _Results:
        """The part's result tuple for each pair, each distinct combination computed once."""
        keys = self.demand_ids[pair_demand] * self.width + self.product_ids[pair_product]
        unique, inverse = np.unique(keys, return_inverse=True)
        found: list[tuple[Any, ...]] = []
        for key in unique.tolist():
            value = self.cache.get(key)
            if value is None:
                left, right = divmod(key, self.width)
                value = self.cache[key] = self.compute(
                    self.representative[left], self.representative[right]
                )
            found.append(value)
        return _Results(found, inverse.ravel())


@dataclass(frozen=True)
class _Results:
    """Result tuples of the distinct combinations, and which one each pair has."""

    distinct: list[tuple[Any, ...]]
    inverse: np.ndarray

    def __getitem__(self, at: int) -> tuple[Any, ...]:
        return self.distinct[int(self.inverse[at])]

    def column(self, position: int, convert: Callable[[Any], Any] = float) -> np.ndarray:
        """One field of the results per pair (``None`` becomes NaN)."""
        values = [np.nan if r[position] is None else convert(r[position]) for r in self.distinct]
        return np.asarray(values, dtype=np.float64)[self.inverse]


@dataclass
class PartValues:
    """Parts, penalties and totals of a batch of pairs (NaN = part absent)."""

    parts: dict[str, np.ndarray]
    concept_results: _Results
    hs_results: _Results
    attribute_results: _Results
    model_results: _Results
    grade_results: _Results
    grade_points: np.ndarray
    designation_points: np.ndarray
    edition_results: _Results
    edition_points: np.ndarray
    weak: np.ndarray
    score: np.ndarray
    settings: MatchSettings
    # Pairs of articles: names compared in one script, neither side read by the glossary
    # as goods (the pairs the line's calibration applies to).
    article: np.ndarray

    def explain(self, picked: list[int]) -> list[tuple[ScoreParts, PairEvidence]]:
        """Parts and evidence of the pairs at ``picked``."""
        settings = self.settings
        columns = {name: values[picked].tolist() for name, values in self.parts.items()}
        out: list[tuple[ScoreParts, PairEvidence]] = []
        for position, at in enumerate(picked):
            parts = ScoreParts(
                **{
                    name: round(values[position], 1)
                    for name, values in columns.items()
                    if values[position] == values[position]  # NaN: the part is absent
                }
            )
            penalties: list[Penalty] = []
            if parts.concept == 0.0 and self.concept_results[at][2] and not self.weak[at]:
                penalties.append(Penalty("different_goods", settings.penalty_concept_conflict))
            hs_score, hs_level, certainty, _ = self.hs_results[at]
            hs_present = parts.hs is not None
            if hs_present and hs_level == 0 and certainty > 0:
                penalties.append(Penalty("hs_conflict", settings.penalty_hs_conflict * certainty))
            conflict = hs_present and subheading_conflict(hs_score, hs_level, certainty)
            if conflict:
                penalties.append(Penalty("subheading_conflict", settings.penalty_hs_conflict))
            for ours, theirs in self.attribute_results[at][1]:
                points = settings.penalty_attribute_conflict
                penalties.append(Penalty("attribute_conflict", points, (ours, theirs)))
            if self.grade_points[at] > 0:
                penalties.append(
                    Penalty(
                        "grade_missing",
                        float(self.grade_points[at]),
                        tuple(self.grade_results[at][1]),
                    )
                )
            if self.designation_points[at] > 0:
                points = float(self.designation_points[at])
                penalties.append(Penalty("designation_differs", points))
            if self.edition_points[at] > 0:
                points = float(self.edition_points[at])
                detail = tuple(self.edition_results[at][0])
                penalties.append(Penalty("edition_differs", points, detail))
            evidence = PairEvidence(
                concepts_met=tuple(self.concept_results[at][1]),
                # A subheading conflict is no agreement to show, though the headings agree.
                hs_level=HS_LEVEL_NAMES[hs_level] if hs_present and not conflict else None,
                codes_shared=tuple(self.model_results[at][1]),
                penalties=tuple(penalties),
            )
            out.append((parts, evidence))
        return out


def _bridged_names(
    demand: RecordFeatures, product: RecordFeatures, name_codes: NameCodes
) -> tuple[bool]:
    """Whether one side's name reads as a subheading (:class:`.features.NameCodes`) that
    the other side's name reads as too, or that the other side declares; or whether both
    declare one subheading that names a good (:func:`declared_alike`)."""
    if declared_alike(demand.hs_declared, product.hs_declared):
        return (True,)  # the names need not be read
    demand_codes = set(name_codes.of(demand))
    product_codes = set(name_codes.of(product))

    def said(features: RecordFeatures, codes: set[str]) -> set[str]:
        declared = features.hs_declared[:6]
        return codes | ({declared} if len(declared) == 6 else set())

    return (
        bool(
            demand_codes & said(product, product_codes)
            or said(demand, demand_codes) & product_codes
        ),
    )


def declared_alike(first: str, second: str) -> bool:
    """Whether both sides declare one six-digit subheading that names a good: each a
    person's statement of what the good is. Where nothing reads a good on both sides (no
    concept part) it counts as the names' agreement, as names that read as that
    subheading do. A residual subheading ("n.e.c. in heading no. 8536": cable lugs and
    pipe connectors alike) names no one good, and counts for nothing here."""
    return len(first) >= 6 and first[:6] == second[:6] and first[:6] not in residual_subheadings()


def declared_outranks(a: RecordFeatures, b: RecordFeatures, glossary: Glossary) -> bool:
    """Whether both sides declare one subheading that names a good (:func:`declared_alike`)
    and the goods one side's names read all lie outside its own declared chapter
    (急救夹板 declared 9021 10, splints, read as plywood by 夹板; "Шины транспортные
    иммобилизационные" declared 9021 10 read as tyres): two persons' statements outrank a
    reading that contradicts one of them, so the goods read do not set the pair apart."""
    if not declared_alike(a.hs_declared, b.hs_declared):
        return False
    return _off_declared(a, glossary) or _off_declared(b, glossary)


def _off_declared(features: RecordFeatures, glossary: Glossary) -> bool:
    chapter = features.hs_declared[:2]
    codes = [code for c in features.concepts for code in glossary.hs_of(c)]
    return bool(codes) and all(code[:2] != chapter for code in codes)


@lru_cache(maxsize=1)
def residual_subheadings() -> frozenset[str]:
    """The HS 2022 subheadings whose text is a remainder ("n.e.c."): other goods of the
    heading, not one good."""
    return frozenset(
        code for code, text in hs2022_texts().items() if len(code) == 6 and "n.e.c" in text
    )


class PartTables:
    """Interned features of both sides and the per-combination caches of the parts."""

    def __init__(
        self,
        demand: Sequence[RecordFeatures],
        products: Sequence[RecordFeatures],
        glossary: Glossary,
        name_codes: NameCodes | None = None,
    ) -> None:
        """Intern the concept sets, HS codes, states and codes of every record.

        ``name_codes`` (optional) keeps what records' names read as for longer than these
        tables (a run scoring in several passes reads each record once)."""

        def concept(a: RecordFeatures, b: RecordFeatures) -> tuple[Any, ...]:
            value, met = concept_part(a, b, glossary)
            unread = bool(a.concepts and b.concepts) and (a.goods_unread or b.goods_unread)
            return value, met, bool(a.concepts and b.concepts) and not unread, unread

        def attributes(a: RecordFeatures, b: RecordFeatures) -> tuple[Any, ...]:
            return attribute_part(a, b, glossary)

        self.concept = _Table(
            demand,
            products,
            lambda f: (f.concepts, f.wide_concepts, f.goods_unread, f.kinds),
            concept,
        )
        self.weak = (
            np.asarray([f.weak_concepts for f in demand], dtype=bool),
            np.asarray([f.weak_concepts for f in products], dtype=bool),
        )
        # A side naming a model or catalogue code: an article, whose single English words
        # ("Starter Kit", "Remote Control", "Cable") are as often something else.
        self.coded = (
            np.asarray([bool(f.codes) for f in demand], dtype=bool),
            np.asarray([bool(f.codes) for f in products], dtype=bool),
        )
        # A side the glossary reads as goods (concepts not resting on single English words).
        self.goods = (
            np.asarray([bool(f.concepts) and not f.weak_concepts for f in demand], dtype=bool),
            np.asarray([bool(f.concepts) and not f.weak_concepts for f in products], dtype=bool),
        )

        def hs(a: RecordFeatures, b: RecordFeatures) -> tuple[Any, ...]:
            return (*hs_part(a, b), "glossary" in (a.hs_source, b.hs_source))

        self.hs = _Table(demand, products, lambda f: (f.hs_codes, f.hs_source), hs)
        self.attributes = _Table(demand, products, lambda f: f.attributes, attributes)
        self.model = _Table(demand, products, lambda f: (f.codes, f.numbers, f.ranges), model_part)
        self.grade = _Table(demand, products, lambda f: f.grades, grade_part)
        # What the names read as is looked up only for the pairs that need it (see
        # values()): by far the costliest feature to read, and most pairs never do.
        self.name_codes = name_codes or NameCodes(glossary)
        reader = self.name_codes
        self.bridged = _Table(
            demand, products, lambda f: (f.name_words, f.hs_declared[:6]),
            lambda a, b: _bridged_names(a, b, reader),
        )  # fmt: skip
        # Both sides declare one subheading and a side's own reading contradicts its
        # declaration (see declared_outranks).
        self.declared = _Table(
            demand,
            products,
            lambda f: (f.concepts, f.hs_declared[:6]),
            lambda a, b: (declared_outranks(a, b, glossary),),
        )
        self.small = _Table(
            demand, products, lambda f: (f.codes, f.numbers, f.ranges),
            lambda a, b: (small_numbers_only(a, b),),
        )  # fmt: skip
        self.edition = _Table(
            demand, products, editions, lambda a, b: (sorted(editions(a) ^ editions(b)),)
        )
        self.strings = {
            script: (
                np.asarray([f.strings[script] for f in demand], dtype=object),
                np.asarray([f.strings[script] for f in products], dtype=object),
            )
            for script in SCRIPTS
        }

    def values(
        self,
        pair_demand: np.ndarray,
        pair_product: np.ndarray,
        names: np.ndarray,
        settings: MatchSettings,
        same_good_names: np.ndarray | None = None,
    ) -> PartValues:
        """Parts and totals of every pair, as :func:`.scoring.score_pair` computes them.

        ``same_good_names`` (optional) is the name similarity taken within the script
        both sides use; it replaces ``names`` where the two name the same concept.
        """
        concept_results = self.concept.results(pair_demand, pair_product)
        hs_results = self.hs.results(pair_demand, pair_product)
        attribute_results = self.attributes.results(pair_demand, pair_product)
        model_results = self.model.results(pair_demand, pair_product)
        grade_results = self.grade.results(pair_demand, pair_product)
        concept = concept_results.column(0)
        hs = hs_results.column(0)
        certainty = hs_results.column(2)
        level = hs_results.column(1)
        attributes = attribute_results.column(0)
        conflicts = attribute_results.column(1, len)
        model = model_results.column(0)
        shared = model_results.column(1, bool) > 0
        both_concepts = concept_results.column(2, bool) > 0
        # One declared subheading outranks goods read against it (see declared_outranks).
        outranked = (self.declared.results(pair_demand, pair_product).column(0, bool) > 0) & (
            concept < 100
        )
        concept = np.where(outranked, np.nan, concept)
        # A material read on a side whose own good is unread (part_rules.concept_part):
        # names in two languages that read as one subheading decide; where they do not,
        # the material orders the offers as two kinds of one good would.
        unread = (concept_results.column(3, bool) > 0) & np.isnan(names) & ~outranked
        if unread.any():
            at = np.flatnonzero(unread)
            met = self.bridged.results(pair_demand[at], pair_product[at]).column(0, bool) > 0
            concept[at] = np.where(met, np.nan, UNREAD_GOOD_CONCEPT)
        # A shared model number identifies the article: glossary guesses give way.
        concept = np.where(shared & (concept < 100), np.nan, concept)
        hs = np.where(shared & (certainty < 1), np.nan, hs)
        # A heading guessed from the nomenclature's words is read from the very words the
        # name part compares: where the names share a script, its agreement would count
        # them twice (every English software title "agrees" on heading 8523).
        hs = np.where(~np.isnan(names) & (certainty == 0), np.nan, hs)
        if same_good_names is not None:
            # Offers of the good asked for differ only by their names: there the one
            # named in the request's language alone must not lose to one also named in
            # others (whose other names dilute the all-names cosine). Across goods the
            # all-names figure stays, the more cautious one.
            names = np.where(concept >= 100, same_good_names, names)
        parts = {
            "name": names,
            "concept": concept,
            "hs": hs,
            "attributes": attributes,
            "model": model,
        }
        weights = {
            "name": settings.weight_name,
            "concept": settings.weight_concept,
            "hs": settings.weight_hs,
            "attributes": settings.weight_attributes,
            "model": settings.weight_model,
        }
        # Offers of the good asked for (read by the glossary, not from single English
        # words), named in another language, whose designations differ: the model part is
        # not averaged in (it would sink a same-good pair under the threshold), the offer
        # loses a few points instead, so the one with the designation asked for comes
        # first. Within one language the names show the designations and a catalogue's
        # articles differ by them (electronics): there the model part stays.
        strong = ~(self.weak[0][pair_demand] | self.weak[1][pair_product])
        designation_differs = (concept >= 100) & strong & ~shared & (model < 100) & np.isnan(names)
        designation_points = np.where(
            designation_differs, DESIGNATION_POINTS * (1 - np.nan_to_num(model) / 100.0), 0.0
        )
        model = np.where(designation_differs, np.nan, model)
        # Evidence that is no evidence (round 12): where the names share no script, a
        # model part agreeing on bare numbers alone (no shared code) is left out when
        # the agreement rests on numbers under ten ("Series 3" against "сорт 2-3",
        # "DOCSIS 2.0" inside "4×1,5 – 37×2,5") or one side is an article whose good is
        # read from single English words only ("48-in." TV stand against "25–50 мм"
        # boards): it was the only part present, or all that was left beside a guess.
        # A disagreement (0) stays: numbers that differ still tell offers apart; so does
        # an agreement between offers of the good asked for, or a broader one, read from
        # more than single English words ("1-3mm" vermiculite in "фракции 0,5–8 мм").
        coded_weak = (self.weak[0][pair_demand] & self.coded[0][pair_demand]) | (
            self.weak[1][pair_product] & self.coded[1][pair_product]
        )
        small = self.small.results(pair_demand, pair_product).column(0, bool) > 0
        strong_sides = ~(self.weak[0][pair_demand] | self.weak[1][pair_product])
        good_asked = (concept >= 70) & strong_sides
        model = np.where(
            np.isnan(names) & ~shared & (model > 0) & (coded_weak | small) & ~good_asked,
            np.nan,
            model,
        )
        parts["model"] = model
        # Where the names share a language and one side's concepts rest on single English
        # words, the name comparator leads: the glossary guess (and the headings inferred
        # from it) count for little and a "different goods" verdict is not drawn from it.
        # Across scripts the same holds for an article's single English words (a side
        # naming a model code): there nothing else reads the names, so the guess was
        # counted in full ("Starter Kit" as starters, "Remote Control" as a toy).
        weak_sides = self.weak[0][pair_demand] | self.weak[1][pair_product]
        weak = (weak_sides & ~np.isnan(names)) | (coded_weak & np.isnan(names))
        damp = np.where(weak, WEAK_CONCEPT_FACTOR, 1.0)
        inferred = hs_results.column(3) > 0
        factors = {"concept": damp, "hs": np.where(inferred, damp, 1.0)}
        # Without a shared language the names cannot be compared; the unread names are
        # taken to agree clearly less than the goods do, so an offer of the same good
        # named in the request's language, with agreeing words, comes first, and a loose
        # cross-language relation (broader, sibling) does not outscore a readable name.
        unread = np.isnan(names) & ~np.isnan(concept) & ~weak
        read_names = np.where(unread, UNREAD_NAME_FACTOR * concept, names)
        # Names in two languages that read as one subheading through the nomenclature's
        # own texts agree that far, where the glossary does not read the goods of both
        # (where it does, the concept part judges them).
        bridged = np.isnan(names) & np.isnan(concept)
        if bridged.any():
            at = np.flatnonzero(bridged)
            met = self.bridged.results(pair_demand[at], pair_product[at]).column(0, bool) > 0
            bridged[at] = met | outranked[at]
        floor = MIN_EVIDENCE_SHARE * settings.weight_name

        def weighted_mean(read: np.ndarray) -> np.ndarray:
            numerator = np.zeros(len(names))
            denominator = np.zeros(len(names))
            for name, values in dict(parts, name=read).items():
                present = ~np.isnan(values)
                weight = weights[name] * factors.get(name, 1.0)
                numerator += np.where(present, values, 0.0) * weight
                denominator += present * weight
            denominator = np.maximum(denominator, floor)
            return np.divide(
                numerator, denominator, out=np.zeros(len(names)), where=denominator > 0
            )

        total = weighted_mean(read_names)
        if bridged.any():
            # The bridge adds evidence; it never lowers a pair whose other parts agree more.
            with_bridge = weighted_mean(np.where(bridged, BRIDGED_NAME_SCORE, read_names))
            total = np.where(bridged, np.fmax(total, with_bridge), total)
        penalty = (
            np.where(
                (concept == 0.0) & both_concepts & ~weak, settings.penalty_concept_conflict, 0.0
            )
            + np.where(
                ~np.isnan(hs) & (level == 0) & (certainty > 0),
                settings.penalty_hs_conflict * certainty,
                0.0,
            )
            # Two declared subheadings of one heading that differ (part_rules.hs_part).
            + np.where(
                (hs == 0.0) & (level == 4) & (certainty == 1.0), settings.penalty_hs_conflict, 0.0
            )
            + conflicts * settings.penalty_attribute_conflict
        )
        # Offers of the good asked for, named in the request's script, lacking the grade
        # words of the request (a grade orders the offers of one good).
        grade = grade_results.column(0)
        grade_points = np.where(
            (concept >= 100) & ~np.isnan(names) & ~np.isnan(grade),
            settings.penalty_grade * (1 - np.nan_to_num(grade) / 100.0),
            0.0,
        )
        # Two editions of one article ("upgrade" / full, "academic" / retail, "Pro" /
        # plain) named in one script: another article unless a model code says otherwise.
        edition_results = self.edition.results(pair_demand, pair_product)
        edition_points = np.where(
            (edition_results.column(0, bool) > 0) & ~shared & ~np.isnan(names),
            EDITION_POINTS,
            0.0,
        )
        penalty = penalty + grade_points + designation_points + edition_points
        score = np.round(np.clip(total - penalty, 0.0, 100.0), 1)
        return PartValues(
            parts=parts,
            concept_results=concept_results,
            hs_results=hs_results,
            attribute_results=attribute_results,
            model_results=model_results,
            grade_results=grade_results,
            grade_points=grade_points,
            designation_points=designation_points,
            edition_results=edition_results,
            edition_points=edition_points,
            weak=weak,
            score=score,
            settings=settings,
            article=~np.isnan(names) & ~(self.goods[0][pair_demand] | self.goods[1][pair_product]),
        )
