"""The score of one request against one offer, as the scorer gives it with the shipped
glossary and the default settings: shared by the matching tests that judge pairs."""

from __future__ import annotations

from desktop_app.core.matching.config import MatchSettings
from desktop_app.core.matching.features import record_features
from desktop_app.core.matching.glossary import shipped_glossary
from desktop_app.core.matching.scoring import PairScore, score_pair


def scored_pair(
    request: str, offer: str, request_hs: str | None = None, offer_hs: str | None = None
) -> PairScore:
    """The scorer's whole result for ``request`` (declaring ``request_hs``) against
    ``offer`` (declaring ``offer_hs``)."""
    glossary = shipped_glossary()
    return score_pair(
        record_features((request,), request_hs, glossary),
        record_features((offer,), offer_hs, glossary),
        None,
        glossary,
        MatchSettings(),
    )


def pair_score(
    request: str, offer: str, offer_hs: str | None = None, *, request_hs: str | None = None
) -> float:
    """The total score of ``request`` against ``offer`` (declaring ``offer_hs``)."""
    return scored_pair(request, offer, request_hs, offer_hs).score
