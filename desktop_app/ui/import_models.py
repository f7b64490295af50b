"""Table models of the import wizard: the file preview, the column mapping, the problems."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_app.core.domain.enums import ImportKind
from desktop_app.core.importing.fields import field_specs
from desktop_app.core.importing.guards import column_letter
from desktop_app.core.importing.rows import CellProblem
from desktop_app.core.validation.result import Severity
from desktop_app.ui.import_state import ImportDraft, problem_letter, shown_cell

Index = QModelIndex | QPersistentModelIndex
ERROR_COLOUR = QColor(240, 128, 128, 140)
WARNING_COLOUR = QColor(240, 200, 80, 140)
HEADER_COLOUR = QColor(120, 160, 230, 90)


class PreviewModel(QAbstractTableModel):
    """The first rows of a sheet; the header row stands out, problem cells are coloured."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, list[Any]]] = []
        self._width = 0
        self.header_row = 0
        # (row number, column letter) -> (severity, reason)
        self._problems: dict[tuple[int, str], tuple[Severity, str]] = {}

    def set_rows(self, rows: list[tuple[int, list[Any]]], header_row: int) -> None:
        """Show ``rows`` with ``header_row`` marked."""
        self.beginResetModel()
        self._rows = list(rows)
        self._width = max((len(cells) for _, cells in rows), default=0)
        self.header_row = header_row
        self.endResetModel()

    def set_problems(self, problems: list[CellProblem]) -> None:
        """Colour the cells named by ``problems`` (errors win over warnings)."""
        marked: dict[tuple[int, str], tuple[Severity, str]] = {}
        for problem in problems:
            key = (problem.row, problem_letter(problem))
            if key not in marked or problem.severity is Severity.ERROR:
                marked[key] = (problem.severity, problem.reason)
        self._problems = marked
        if self._rows and self._width:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, self._width - 1)
            )

    def row_number(self, row: int) -> int:
        """The spreadsheet row number shown at ``row``."""
        return self._rows[row][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._width

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        number, cells = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = cells[column] if column < len(cells) else None
            text = shown_cell(value)
            problem = self._problems.get((number, column_letter(column)))
            if role == Qt.ItemDataRole.ToolTipRole:
                return problem[1] if problem else (text or None)
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            problem = self._problems.get((number, column_letter(column)))
            if problem:
                colour = ERROR_COLOUR if problem[0] is Severity.ERROR else WARNING_COLOUR
                return QBrush(colour)
            if number == self.header_row:
                return QBrush(HEADER_COLOUR)
        if role == Qt.ItemDataRole.FontRole and number == self.header_row:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return column_letter(section) if 0 <= section < self._width else None
        return str(self._rows[section][0]) if 0 <= section < len(self._rows) else None


class MappingModel(QAbstractTableModel):
    """One row per column of the file: letter, header, a sample value, and its field."""

    FIELD_COLUMN = 3

    def __init__(self, draft: ImportDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self._columns: list[int] = []

    def reload(self) -> None:
        """Rebuild from the draft's sheet, header row and mapping."""
        self.beginResetModel()
        self._columns = list(range(self.draft.column_count()))
        self.endResetModel()

    def field_titles(self) -> dict[str, str]:
        """Field name -> title shown in the combo box ("" = not imported)."""
        titles = {"": self.tr("(not imported)")}
        # Qt's QT_LAYOUT_DIRECTION idiom: each translation names the language of its
        # titles, so the field names follow the interface language (FieldSpec has all three).
        language = self.tr("FIELD_TITLE_LANGUAGE")
        for name, spec in field_specs(self.draft.kind).items():
            title = {"ru": spec.title_ru, "zh": spec.title_zh}.get(language, spec.title_en)
            # The title only: the field's key is for the tooltip, never the label.
            titles[name] = title
        return titles

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.row()]
        name = self.draft.mapping.get(column, "")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return column_letter(column)
            if index.column() == 1:
                return self.draft.headers().get(column, "")
            if index.column() == 2:
                return self.draft.sample(column)
            if role == Qt.ItemDataRole.EditRole:
                return name
            return self.field_titles().get(name, name)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3 and name:
            return self.tr("Field “{title}” (key {name})").format(
                title=self.field_titles().get(name, name), name=name
            )
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 and not name:
            return QBrush(QColor(128, 128, 128))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 3 or role != Qt.ItemDataRole.EditRole:
            return False
        column = self._columns[index.row()]
        name = str(value or "")
        if name and name not in field_specs(self.draft.kind):
            return False
        if name:
            self.draft.mapping[column] = name
        else:
            self.draft.mapping.pop(column, None)
        self.dataChanged.emit(index, index)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 3:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = [self.tr("Column"), self.tr("Header"), self.tr("First value"), self.tr("Field")]
        return titles[section] if 0 <= section < len(titles) else None


class FieldComboDelegate(QStyledItemDelegate):
    """Edits the field of a column with a combo box of the fields of the file's kind."""

    def __init__(self, model: MappingModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mapping_model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for name, title in self.mapping_model.field_titles().items():
            combo.addItem(title, name)
            if name:
                combo.setItemData(combo.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        # Commit at once so the model (and the next page) sees the choice without Enter.
        combo.currentIndexChanged.connect(lambda _=0, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.blockSignals(True)
        editor.setCurrentIndex(max(position, 0))
        editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ProblemsModel(QAbstractTableModel):
    """The problems of a dry run or an import: row, column, field, value, severity, reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._problems: list[CellProblem] = []

    def set_problems(self, problems: list[CellProblem]) -> None:
        """Show ``problems``."""
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def problem(self, row: int) -> CellProblem:
        """The problem shown at ``row``."""
        return self._problems[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

    def _field_title(self, name: str) -> str:
        """The field's title in the interface language (the same idiom as the mapping)."""
        language = QCoreApplication.translate("MappingModel", "FIELD_TITLE_LANGUAGE")
        for kind in ImportKind:
            spec = field_specs(kind).get(name)
            if spec is not None:
                return {"ru": spec.title_ru, "zh": spec.title_zh}.get(language, spec.title_en)
        return name

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        problem = self._problems[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            severity = (
                self.tr("error") if problem.severity is Severity.ERROR else self.tr("warning")
            )
            values = [
                str(problem.row),
                problem.column,
                self._field_title(problem.field),
                problem.value,
                severity,
                problem.reason,
            ]
            return values[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 4:
            error = problem.severity is Severity.ERROR
            return QBrush(ERROR_COLOUR if error else WARNING_COLOUR)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = [
            self.tr("Row"),
            self.tr("Column"),
            self.tr("Field"),
            self.tr("Value"),
            self.tr("Severity"),
            self.tr("Reason"),
        ]
        return titles[section] if 0 <= section < len(titles) else None
