"""The typed parts and evidence of one pair's score, as the scorer writes them and the
review reads them back (:mod:`.explain`); they become JSON only where a candidate is
stored. Kept apart from :mod:`.parts` so that reading them needs no NumPy (Review and
Matches show them without loading the scorer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PART_NAMES = ("name", "concept", "hs", "attributes", "model")


@dataclass(frozen=True, slots=True)
class ScoreParts:
    """The parts of one pair's score, 0..100, ``None`` where a part is absent."""

    name: float | None = None
    concept: float | None = None
    hs: float | None = None
    attributes: float | None = None
    model: float | None = None

    def get(self, part: str) -> float | None:
        """One part by its name (``"name"``, ``"concept"`` ...)."""
        value: float | None = getattr(self, part)
        return value

    def as_json(self) -> dict[str, float]:
        """The parts present, as stored with a candidate."""
        return {part: value for part in PART_NAMES if (value := getattr(self, part)) is not None}


@dataclass(frozen=True, slots=True)
class Penalty:
    """Points taken off a pair and why: ``different_goods``, ``hs_conflict``,
    ``subheading_conflict`` (two declared subheadings of one heading),
    ``attribute_conflict`` (detail: the two states), ``grade_missing`` (detail: the
    request's grade words the offer lacks), ``designation_differs``, ``edition_differs``
    (detail: the editions only one side states)."""

    reason: str
    points: float
    detail: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The penalty as stored with a candidate (no detail key when there is none)."""
        out: dict[str, Any] = {"reason": self.reason, "points": self.points}
        if self.detail:
            out["detail"] = list(self.detail)
        return out


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """What the two sides share: concepts met, the HS level agreeing, model codes, the
    penalties taken, and the points the line's calibration added or took (``None``: the
    pair is not calibrated, see :func:`.scoring.margin_points`) and those the product
    side's pass added or took after the run (:mod:`.calibration`; ``None``: none)."""

    concepts_met: tuple[str, ...] = ()
    hs_level: str | None = None
    codes_shared: tuple[str, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    calibration: float | None = None
    calibration_product: float | None = None

    def as_json(self) -> dict[str, Any]:
        """The evidence as stored with a candidate (the sides are added by the store)."""
        out: dict[str, Any] = {
            "concepts_met": list(self.concepts_met),
            "hs_level": self.hs_level,
            "codes_shared": list(self.codes_shared),
            "penalties": [penalty.as_json() for penalty in self.penalties],
        }
        if self.calibration is not None:
            out["calibration"] = self.calibration
        if self.calibration_product is not None:
            out["calibration_product"] = self.calibration_product
        return out
