"""The side-by-side card: the buyer's request and the offered product, matched terms
highlighted on both sides, the score parts as bars, the verdict and the decision."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.core.i18n import money_text, quantity_text
from desktop_app.core.matching.explain import pair_reasons, score_meaning
from desktop_app.core.services.glossary_terms import concept_words
from desktop_app.core.services.review import CandidateView, shown_score
from desktop_app.core.text import fold
from desktop_app.core.validation import format_hs_code
from desktop_app.ui.confidence import confidence_colour
from desktop_app.ui.deal_fit_table import DealFitTable
from desktop_app.ui.labels import status_title, verdict_title
from desktop_app.ui.record_table_model import display_value
from desktop_app.ui.score_bars import ScoreBars

_CJK = re.compile(r"[\u3400-\u9fff]")


def highlight(text: str, terms: list[str]) -> str:
    """``text`` as HTML with every recognised term marked.

    Chinese terms are found as substrings; other terms word by word, each word matching
    the start of a word (so "масло подсолнечное" marks "подсолнечного масла").
    """
    # Folded a character at a time, so that every folded position knows its character.
    folded_chars = [fold(char) for char in text]
    folded = "".join(folded_chars)
    owner = [index for index, piece in enumerate(folded_chars) for _ in piece]
    marks = [False] * len(text)
    for term in terms:
        pieces = [term] if _CJK.search(term) else term.split()
        for piece in pieces:
            needle = fold(piece)
            if not needle:
                continue
            stem = needle if _CJK.search(needle) else needle[: max(3, len(needle) - 2)]
            pattern = re.escape(stem) if _CJK.search(needle) else rf"\b{re.escape(stem)}\w*"
            for match in re.finditer(pattern, folded):
                for position in range(match.start(), match.end()):
                    marks[owner[position]] = True
    out: list[str] = []
    inside = False
    for char, marked in zip(text, marks, strict=True):
        if marked != inside:
            out.append(
                "<span style='background-color:#ffe082;color:#000'>" if marked else "</span>"
            )
            inside = marked
        out.append(html.escape(char))
    if inside:
        out.append("</span>")
    return "".join(out)


def _no_gloss(_text: str, _hs_code: str) -> str:
    return ""


class MatchCard(QWidget):
    """Demand on the left, product on the right, the reasons below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("match_card")
        self.demand = QTextBrowser(self)
        self.product = QTextBrowser(self)
        for browser in (self.demand, self.product):
            browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            browser.setMinimumHeight(120)
        demand_box = QGroupBox(self.tr("Buyer wants"), self)
        QVBoxLayout(demand_box).addWidget(self.demand)
        product_box = QGroupBox(self.tr("Exporter offers"), self)
        QVBoxLayout(product_box).addWidget(self.product)
        self.score = QLabel(self)
        self.score.setObjectName("card_score")
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.bars = ScoreBars(self)
        # Why the score is what it is: what agreed, and what lowered it.
        self.reasons = QLabel(self)
        self.reasons.setObjectName("card_reasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout(self)
        grid.addWidget(demand_box, 0, 0)
        grid.addWidget(product_box, 0, 1)
        grid.addWidget(self.score, 1, 0)
        grid.addWidget(self.verdict, 1, 1)
        grid.addWidget(self.bars, 2, 0, 1, 2)
        grid.addWidget(self.reasons, 3, 0, 1, 2)
        # Can the deal happen: a second judgement beside the score, never part of it.
        self.deal_fit = DealFitTable(self)
        grid.addWidget(self.deal_fit, 4, 0, 1, 2)
        self.view: CandidateView | None = None
        # What a demand text (with the line's HS code) means in the interface language;
        # the Review page sets it.
        self.gloss_of: Callable[[str, str], str] = _no_gloss
        # A glossary concept by its name in the interface language. The page that owns
        # the card reads it on the worker (the glossary is not loaded on the GUI thread);
        # until then the key is shown as words.
        self.concept_title_of: Callable[[str], str] = concept_words

    def show_candidate(self, view: CandidateView | None) -> None:
        """Show ``view``, or clear the card."""
        self.view = view
        if view is None:
            for widget in (self.demand, self.product):
                widget.clear()
            self.score.clear()
            self.verdict.clear()
            self.bars.set_parts({})
            self.reasons.clear()
            self.deal_fit.show_fit(None)
            return
        demand_terms, product_terms = view.highlighted_terms()
        self.demand.setHtml(self._demand_html(view, demand_terms))
        self.product.setHtml(self._product_html(view, product_terms))
        colour = confidence_colour(view.score, view.verdict).name()
        self.score.setText(
            f"<span style='font-size:20pt;font-weight:bold;color:{colour}'>"
            f"{shown_score(view.score)}</span>"
        )
        reviewer = self.tr(" by {name}").format(name=view.reviewer) if view.reviewer else ""
        self.verdict.setText(
            self.tr("Verdict: {verdict} · Status: {status}{reviewer}").format(
                verdict=verdict_title(view.verdict),
                status=status_title(view.status),
                reviewer=reviewer,
            )
        )
        self.bars.set_parts(view.parts)
        # Concepts by their name in the interface language, never by their key.
        agreeing, lowering = pair_reasons(view.evidence, self.concept_title_of)
        meaning = score_meaning(view.score)
        lines = [f"<i>{html.escape(meaning)}</i>"] if meaning else []
        lines += [html.escape(line.strip()) for line in agreeing]
        lines += [
            f"<span style='color:#b71c1c'>{html.escape(line.strip())}</span>" for line in lowering
        ]
        self.reasons.setText("<br>".join(lines))

    def _rows(self, rows: list[tuple[str, object]]) -> str:
        return "".join(
            f"<tr><td><b>{html.escape(label)}</b></td><td>{html.escape(display_value(value))}</td></tr>"
            for label, value in rows
            if value not in (None, "")
        )

    def _demand_html(self, view: CandidateView, terms: list[str]) -> str:
        rows = self._rows(
            [
                (self.tr("Buyer"), view.buyer_name),
                (self.tr("Province"), view.province),
                (self.tr("HS code"), format_hs_code(view.demand_hs or "")),
                (
                    self.tr("Quantity"),
                    (
                        f"{quantity_text(view.quantity)} {view.demand_unit or ''}".strip()
                        if view.quantity is not None
                        else ""
                    ),
                ),
                (self.tr("Deadline"), view.deadline),
            ]
        )
        gloss = self.gloss_of(view.demand_text, view.demand_hs or "")
        shown = f"<p><i>{html.escape(gloss)}</i></p>" if gloss else ""
        return f"<h3>{highlight(view.demand_text, terms)}</h3>{shown}<table>{rows}</table>"

    def _product_html(self, view: CandidateView, terms: list[str]) -> str:
        names = [n for n in (view.product_name_ru, view.product_name_en, view.product_name_zh) if n]
        title = "<br>".join(highlight(name, terms) for name in names)
        price = "–".join(
            dict.fromkeys(money_text(p) for p in (view.price_min, view.price_max) if p is not None)
        )
        rows = self._rows(
            [
                (self.tr("Supplier"), view.company_name),
                (self.tr("Region"), view.region),
                (self.tr("HS code"), format_hs_code(view.product_hs or "")),
                (self.tr("Price"), f"{price} {view.currency or ''}".strip() if price else ""),
            ]
        )
        return f"<h3>{title}</h3><table>{rows}</table>"
