"""Loading the interface language: Qt's own strings, ours, and the core's messages."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_app.core import i18n
from desktop_app.core.paths import resource

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "ru": "Русский", "zh_CN": "简体中文"}

_installed: list[QTranslator] = []
_language = ["en"]


def interface_language() -> str:
    """The interface language now installed: ``en``, ``ru`` or ``zh_CN``."""
    return _language[0]


def date_format() -> str:
    """The short date format of the system's locale, with a four-digit year.

    Without a system locale (the C locale, whose "7 01 2027" nobody writes) the interface
    language decides: 07.01.2027 in Russian, 2027/1/7 in Chinese, 2027-01-07 in English.
    """
    locale = QLocale.system()
    if locale.language() == QLocale.Language.C:
        if interface_language() == "en":
            return "yyyy-MM-dd"
        locale = QLocale(interface_language())
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def current_language() -> str:
    """The interface language as a two-letter code: ``en``, ``ru`` or ``zh``."""
    return interface_language().split("_")[0]


def install_language(app: QCoreApplication, language: str) -> bool:
    """Switch the interface to ``language`` (``en``, ``ru``, ``zh_CN``); True if loaded."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _language[0] = language
    i18n.install_translator(None)
    # Amounts in the core's messages and rows: the interface language's grouping and mark.
    number_locale = QLocale(language)
    i18n.install_number_format(
        lambda value, decimals: number_locale.toString(float(value), "f", decimals)
    )
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
