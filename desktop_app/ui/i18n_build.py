"""Extract translatable strings into Qt ``.ts`` files and compile them to ``.qm``.

``make translations`` runs it. It finds, in the core, ``tr("...")`` (context ``core``, or
the ``context=`` given) and the titles of declared settings (``Option(key, default,
title)``); in the UI, ``self.tr("...")`` and ``<widget>.tr("...")`` (context: the
enclosing class, which is what PySide's ``QObject.tr`` uses); anywhere,
``QApplication.translate("context", "...")``. Existing translations in
``resources/translations/exportmatch_<lang>.ts`` are kept; new strings are added as
unfinished and strings no longer in the code are dropped. Then ``pyside6-lrelease``
writes the ``.qm`` files the application loads.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.paths import install_root, resource

LANGUAGES = ("ru", "zh_CN")
# English is the source language; its file only gives plural messages their forms
# ("1 record", "5 records" for "%n record(s)").
PLURALS_ONLY = "en"
TRANSLATE_FUNCTIONS = {"translate"}


@dataclass(frozen=True, order=True)
class Message:
    """One translatable string in its context."""

    context: str
    source: str
    numerus: bool
    location: str


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


class _Collector(ast.NodeVisitor):
    def __init__(self, path: Path, in_core: bool) -> None:
        self.path = path
        self.in_core = in_core
        self.classes: list[str] = []
        self.messages: list[Message] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        where = f"{self.path.as_posix()}:{node.lineno}"
        if isinstance(func, ast.Name) and func.id == "Option" and self.in_core:
            # A declared setting's title is shown through tr(option.title) in Settings.
            title = _literal(node.args[2]) if len(node.args) > 2 else None
            for keyword in node.keywords:
                if keyword.arg == "title":
                    title = _literal(keyword.value)
            if title:
                self.messages.append(Message("core", title, False, where))
        elif isinstance(func, ast.Name) and func.id == "tr" and self.in_core:
            text = _literal(node.args[0]) if node.args else None
            context = "core"
            for keyword in node.keywords:
                if keyword.arg == "context":
                    context = _literal(keyword.value) or context
            if len(node.args) > 1:
                context = _literal(node.args[1]) or context
            if text:
                self.messages.append(Message(context, text, False, where))
        elif isinstance(func, ast.Attribute) and func.attr == "tr" and not self.in_core:
            text = _literal(node.args[0]) if node.args else None
            if text and self.classes:
                self.messages.append(Message(self.classes[-1], text, len(node.args) >= 3, where))
        elif (
            isinstance(func, ast.Attribute)
            and func.attr in TRANSLATE_FUNCTIONS
            and len(node.args) >= 2
        ):
            given_context, source = _literal(node.args[0]), _literal(node.args[1])
            if given_context and source:
                self.messages.append(Message(given_context, source, len(node.args) >= 4, where))
        self.generic_visit(node)


def collect_messages(package: Path) -> list[Message]:
    """Every translatable string under ``package`` (the ``desktop_app`` folder)."""
    found: dict[tuple[str, str], Message] = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent)
        in_core = relative.parts[1] != "ui"
        collector = _Collector(relative, in_core)
        collector.visit(ast.parse(path.read_text(encoding="utf-8")))
        for message in collector.messages:
            found.setdefault((message.context, message.source), message)
    return sorted(found.values())


def _existing(ts_path: Path) -> dict[tuple[str, str], ET.Element]:
    if not ts_path.exists():
        return {}
    result = {}
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            result[(name, message.findtext("source") or "")] = message.find("translation")
    return {key: value for key, value in result.items() if value is not None}


def write_ts(ts_path: Path, language: str, messages: list[Message]) -> tuple[int, int]:
    """Write the ``.ts`` file; returns (strings, untranslated)."""
    old = _existing(ts_path)
    root = ET.Element("TS", version="2.1", language=language)
    contexts: dict[str, ET.Element] = {}
    untranslated = 0
    for message in messages:
        context = contexts.get(message.context)
        if context is None:
            context = ET.SubElement(root, "context")
            ET.SubElement(context, "name").text = message.context
            contexts[message.context] = context
        element = ET.SubElement(context, "message")
        if message.numerus:
            element.set("numerus", "yes")
        path, _, line = message.location.rpartition(":")
        ET.SubElement(element, "location", filename=f"../../{path}", line=line)
        ET.SubElement(element, "source").text = message.source
        previous = old.get((message.context, message.source))
        translation = ET.SubElement(element, "translation")
        if previous is not None and (previous.text or len(previous)):
            translation.text = previous.text
            for form in previous.findall("numerusform"):
                ET.SubElement(translation, "numerusform").text = form.text
            if previous.get("type") == "unfinished":
                translation.set("type", "unfinished")
                untranslated += 1
        else:
            translation.set("type", "unfinished")
            untranslated += 1
    ET.indent(root)
    ts_path.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(root, encoding="unicode")
    ts_path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return len(messages), untranslated


def lrelease_binary() -> str:
    """The ``lrelease`` shipped with PySide6."""
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    if beside.exists():
        return str(beside)
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease not found: install PySide6")
    return found


def main() -> int:
    """Update the .ts files from the code and compile them."""
    messages = collect_messages(install_root() / "desktop_app")
    folder = resource("translations")
    plurals = [message for message in messages if message.numerus]
    for language, wanted in [(PLURALS_ONLY, plurals), *[(lang, messages) for lang in LANGUAGES]]:
        ts_path = folder / f"exportmatch_{language}.ts"
        total, missing = write_ts(ts_path, language, wanted)
        subprocess.run(
            [lrelease_binary(), "-silent", str(ts_path), "-qm", str(ts_path.with_suffix(".qm"))],
            check=True,
        )
        print(f"{ts_path.name}: {total} strings, {missing} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
