"""Loading the interface language: Qt's own strings, ours, and the core's messages."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_app.core import i18n
from desktop_app.core.paths import resource

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "ru": "Русский", "zh_CN": "简体中文"}

_installed: list[QTranslator] = []
# The interface language last installed, as a two-letter code (en, ru, zh).
_current = ["en"]


def current_language() -> str:
    """The interface language as a two-letter code: ``en``, ``ru`` or ``zh``."""
    return _current[0]


def install_language(app: QCoreApplication, language: str) -> bool:
    """Switch the interface to ``language`` (``en``, ``ru``, ``zh_CN``); True if loaded."""
    _current[0] = (language or "en").split("_")[0]
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    i18n.install_translator(None)
    if language == "en":
        # English needs only the plural forms of "%n record(s)" and the like.
        plurals = QTranslator(app)
        if plurals.load(str(resource("translations", "exportmatch_en.qm"))):
            app.installTranslator(plurals)
            _installed.append(plurals)
        return True
    ours = QTranslator(app)
    if not ours.load(str(resource("translations", f"exportmatch_{language}.qm"))):
        log.warning("no translation for %s", language)
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    qt_base = QTranslator(app)
    if qt_base.load(
        QLocale(language),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
    i18n.install_translator(lambda context, text: QCoreApplication.translate(context, text))
    return True
