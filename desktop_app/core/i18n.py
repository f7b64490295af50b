"""Translation hook for strings produced by the core.

The core never imports Qt, yet its messages reach the user. It wraps them in :func:`tr`,
which by default returns the English text; the GUI installs Qt's translator at start-up
so the same call returns Russian or Chinese. ``scripts`` that extract strings look for
``tr("...")`` calls in the core the way ``lupdate`` looks for ``self.tr`` in the UI.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity


def install_translator(translator: Translator | None) -> None:
    """Route :func:`tr` through ``translator(context, text)``; ``None`` restores English."""
    global _translator
    _translator = translator or _identity


def tr(text: str, context: str = "core") -> str:
    """Return ``text`` translated into the interface language."""
    return _translator(context, text)
