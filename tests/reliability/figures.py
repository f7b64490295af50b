"""Figures the reliability tests produce, collected by ``benchmarks/reliability_figures.py``.

A test calls :func:`record` with what it proved (processes run, conflicts detected, kills
survived, inputs tried). When ``EXPORTMATCH_FIGURES_FILE`` is set, each record is
appended to that file as one JSON line; otherwise recording does nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ENV_FIGURES_FILE = "EXPORTMATCH_FIGURES_FILE"


def record(figure: str, amount: int = 1, **details: object) -> None:
    """Add ``amount`` to ``figure`` (e.g. ``"conflicts detected"``)."""
    target = os.environ.get(ENV_FIGURES_FILE)
    if not target:
        return
    line = json.dumps({"figure": figure, "amount": amount, **details}, ensure_ascii=False)
    with Path(target).open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
