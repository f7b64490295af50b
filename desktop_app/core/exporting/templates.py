"""Export templates: which columns, in which order, headed in which languages.

A template is a TOML file in ``resources/export_templates/`` (or anywhere, given by
path). It names its header languages, its sheet names and, for each export kind, the
columns as field keys; a column may also be an inline table that overrides the header::

    columns = ["product_name_en", { field = "hs_code", en = "HS", zh = "HS编码" }]

Headers in two languages are written one above the other in the header cell.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from desktop_app.core.errors import InputError, Location
from desktop_app.core.exporting.fields import (
    FIELDS_BY_KIND,
    HEADER_LANGUAGES,
    ExportField,
    ExportKind,
)
from desktop_app.core.i18n import tr
from desktop_app.core.paths import resource

DEFAULT_TEMPLATE = "aggregator"
TEMPLATE_SUFFIX = ".toml"


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template: its field and its header text."""

    field: ExportField
    header: str


@dataclass(frozen=True)
class ExportTemplate:
    """A loaded, checked template."""

    id: str
    name: str
    description: str
    header_languages: tuple[str, ...]
    sheet_names: dict[str, str]
    columns: dict[ExportKind, tuple[TemplateColumn, ...]] = field(default_factory=dict)

    def columns_for(self, kind: ExportKind) -> tuple[TemplateColumn, ...]:
        """The columns this template shows for ``kind``."""
        return self.columns[kind]

    def sheet_name(self, purpose: str) -> str:
        """The sheet name for ``catalogue``, ``matches`` or ``summary``."""
        return self.sheet_names.get(purpose, purpose.capitalize())

    @property
    def summary_language(self) -> str:
        """The first human language of the headers, used for the summary sheet."""
        human = [language for language in self.header_languages if language != "key"]
        return human[0] if human else "en"


def templates_dir() -> Path:
    """The folder of the built-in templates."""
    return resource("export_templates")


def column_header(spec: ExportField, languages: tuple[str, ...]) -> str:
    """The header of ``spec`` in ``languages``, one line per language (as templates write it)."""
    return _header(spec, languages, {})


def _header(spec: ExportField, languages: tuple[str, ...], override: dict[str, Any]) -> str:
    lines: list[str] = []
    for language in languages:
        text = str(override.get(language) or spec.label(language))
        if text not in lines:
            lines.append(text)
    return "\n".join(lines)


def _parse_columns(
    raw: Any, kind: ExportKind, languages: tuple[str, ...], path: Path
) -> tuple[TemplateColumn, ...]:
    where = Location(file=str(path), field=f"{kind.value}.columns")
    if not isinstance(raw, list) or not raw:
        raise InputError(tr("a template needs a non-empty list of columns"), where)
    registry = FIELDS_BY_KIND[kind]
    columns: list[TemplateColumn] = []
    for entry in raw:
        override: dict[str, Any] = {}
        if isinstance(entry, dict):
            override = entry
            key = entry.get("field")
        else:
            key = entry
        if not isinstance(key, str) or key not in registry:
            raise InputError(
                tr("unknown {kind} column {key!r}; known columns: {known}").format(
                    kind=kind.value, key=key, known=", ".join(registry)
                ),
                where,
            )
        spec = registry[key]
        columns.append(TemplateColumn(spec, _header(spec, languages, override)))
    return tuple(columns)


def parse_template(path: Path) -> ExportTemplate:
    """Read and check one template file; a mistake names the file and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(
            tr("cannot read the template: {reason}").format(reason=exc.strerror or exc),
            Location(file=str(path)),
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            tr("not a valid TOML template: {reason}").format(reason=exc), Location(file=str(path))
        ) from exc
    languages = tuple(data.get("header_languages") or ("en",))
    unknown = [language for language in languages if language not in HEADER_LANGUAGES]
    if unknown:
        raise InputError(
            tr("unknown header language {language}; use {known}").format(
                language=", ".join(map(str, unknown)), known=", ".join(HEADER_LANGUAGES)
            ),
            Location(file=str(path), field="header_languages"),
        )
    columns = {
        kind: _parse_columns(data.get(kind.value, {}).get("columns"), kind, languages, path)
        for kind in ExportKind
    }
    return ExportTemplate(
        id=path.stem,
        name=str(data.get("name") or path.stem),
        description=str(data.get("description") or ""),
        header_languages=languages,
        sheet_names={str(k): str(v) for k, v in (data.get("sheets") or {}).items()},
        columns=columns,
    )


@cache
def _builtin(path: Path) -> ExportTemplate:
    return parse_template(path)


def builtin_templates() -> list[ExportTemplate]:
    """Every template shipped in ``resources/export_templates/``, by file name."""
    return [_builtin(path) for path in sorted(templates_dir().glob(f"*{TEMPLATE_SUFFIX}"))]


def load_template(name: str | Path | None = None) -> ExportTemplate:
    """A template by id (``aggregator``), display name, or the path of a TOML file.

    ``None`` gives the default, the Aggregator template.
    """
    if name is None:
        name = DEFAULT_TEMPLATE
    path = Path(name)
    if path.suffix == TEMPLATE_SUFFIX and path.is_file():
        return parse_template(path)
    wanted = str(name).strip().casefold()
    templates = builtin_templates()
    for template in templates:
        if wanted in (template.id.casefold(), template.name.casefold()):
            return template
    # "Aggregator" finds "Aggregator (EN + 中文)": the first word is enough.
    matches = [t for t in templates if t.name.casefold().startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    raise InputError(
        tr("no export template {name!r}; built in: {known}").format(
            name=str(name), known=", ".join(f"{t.id} ({t.name})" for t in templates)
        ),
        Location(field="template"),
    )
