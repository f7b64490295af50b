"""File > Back up database… and File > Restore from backup…, the GUI of ``exportmatch db``.

A backup is a SQLite file copy (SQLite's online backup API: safe while the app runs) or a
portable dump (restores into SQLite or PostgreSQL). A restore first says what the chosen
file holds and what it will replace; the core takes a safety copy of the current database
before replacing anything. Both run on the worker thread with progress.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.database.backup import (
    backup_sqlite,
    sqlite_schema_revision,
    timestamped_backup_path,
)
from desktop_app.core.database.portable import DUMP_SUFFIX, dump_database, read_manifest
from desktop_app.core.database.restore import (
    BackupKind,
    RestoreOutcome,
    backup_kind,
    restore_from_file,
)
from desktop_app.core.database.retention import automatic_backups_dir
from desktop_app.core.database.session import Database
from desktop_app.core.errors import UserError
from desktop_app.core.progress import ProgressReporter
from desktop_app.ui.error_reporting import show_user_error
from desktop_app.ui.operations import Operations


def default_backup_path(operations: Operations, kind: BackupKind) -> Path:
    """Where a backup goes unless the user chooses otherwise: beside the file, or backups/."""
    source = operations.sqlite_file
    if source is not None:
        copy = timestamped_backup_path(source)
        return copy if kind is BackupKind.SQLITE_FILE else copy.with_suffix(DUMP_SUFFIX)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return automatic_backups_dir() / f"{operations.database_name}.backup-{stamp}{DUMP_SUFFIX}"


class BackupDialog(QDialog):
    """Choose the kind of backup and its file."""

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Back up database"))
        self.operations = operations
        on_sqlite = operations.sqlite_file is not None
        self.sqlite_copy = QRadioButton(
            self.tr("A copy of the SQLite file (restores into SQLite)"), self
        )
        self.portable = QRadioButton(
            self.tr("A portable dump (restores into SQLite or PostgreSQL)"), self
        )
        kinds = QButtonGroup(self)
        kinds.addButton(self.sqlite_copy)
        kinds.addButton(self.portable)
        self.sqlite_copy.setEnabled(on_sqlite)
        (self.sqlite_copy if on_sqlite else self.portable).setChecked(True)
        self.path = QLineEdit(str(default_backup_path(operations, self.kind())), self)
        choose = QPushButton(self.tr("Choose…"), self)
        choose.clicked.connect(self.choose_file)
        self.sqlite_copy.toggled.connect(self._kind_changed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Back up"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Database: {name}").format(name=operations.description)))
        layout.addWidget(self.sqlite_copy)
        layout.addWidget(self.portable)
        layout.addWidget(QLabel(self.tr("File:"), self))
        layout.addLayout(where)
        layout.addWidget(buttons)

    def kind(self) -> BackupKind:
        """The kind of backup chosen."""
        return BackupKind.SQLITE_FILE if self.sqlite_copy.isChecked() else BackupKind.PORTABLE_DUMP

    def target(self) -> Path:
        """The file chosen, with the dump suffix added for a dump without one."""
        path = Path(self.path.text().strip())
        if self.kind() is BackupKind.PORTABLE_DUMP and path.suffix != DUMP_SUFFIX:
            path = path.with_name(path.name + DUMP_SUFFIX)
        return path

    def _kind_changed(self) -> None:
        self.path.setText(str(default_backup_path(self.operations, self.kind())))

    def choose_file(self) -> None:
        """Pick the backup's file name."""
        filters = (
            self.tr("SQLite databases (*.sqlite3)")
            if self.kind() is BackupKind.SQLITE_FILE
            else self.tr("ExportMatch dumps (*.emdump)")
        )
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Back up database"), self.path.text(), filters
        )
        if name:
            self.path.setText(name)


def describe_backup(path: Path) -> str:
    """What a backup file holds, for the confirmation before restoring it."""
    if backup_kind(path) is BackupKind.SQLITE_FILE:
        stamp = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        return QCoreApplication.translate(
            "DatabaseBackups",
            "A copy of an ExportMatch SQLite database, schema {revision}, {size} KB, saved {at}.",
        ).format(
            revision=sqlite_schema_revision(path) or "-",
            size=f"{path.stat().st_size // 1024:,}",
            at=stamp,
        )
    manifest = read_manifest(path)
    counts = ", ".join(f"{t.name} {t.rows:,}" for t in manifest.tables if t.rows)
    return QCoreApplication.translate(
        "DatabaseBackups",
        "A portable dump written by ExportMatch {version} from {backend} at {at}, schema "
        "{revision}: {rows} rows ({counts}).",
    ).format(
        version=manifest.app_version,
        backend=manifest.source_backend,
        at=manifest.created_at[:16].replace("T", " "),
        revision=manifest.schema_revision or "-",
        rows=f"{manifest.total_rows:,}",
        counts=counts or "-",
    )


class DatabaseBackups(QObject):
    """The backup and restore actions of the File menu and the work behind them."""

    status_message = Signal(str)
    backed_up = Signal(object)  # Path
    restored = Signal(object)  # RestoreOutcome

    def __init__(self, operations: Operations, window: QWidget) -> None:
        super().__init__(window)
        self.operations = operations
        self.window = window

    def actions(self) -> list[QAction]:
        """File > Back up database… and File > Restore from backup…."""
        backup = QAction(self.tr("&Back up database…"), self.window)
        backup.triggered.connect(self.back_up)
        restore = QAction(self.tr("&Restore from backup…"), self.window)
        restore.triggered.connect(self.restore)
        return [backup, restore]

    def back_up(self) -> None:
        """Ask what kind of backup and where, then write it."""
        dialog = BackupDialog(self.operations, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.back_up_to(dialog.kind(), dialog.target())

    def back_up_to(self, kind: BackupKind, target: Path) -> None:
        """Write a backup of ``kind`` to ``target`` on the worker thread."""
        source = self.operations.sqlite_file
        copying = self.tr("Copying the database…")

        def work(database: Database, progress: ProgressReporter) -> Path:
            if kind is BackupKind.SQLITE_FILE and source is not None:
                progress.start(None, copying)
                return backup_sqlite(source, target)
            dump_database(database.engine, target, progress)
            return target

        def done(path: Path) -> None:
            self.status_message.emit(self.tr("Backup written: {path}").format(path=path))
            self.backed_up.emit(path)

        self.operations.on_database(
            work,
            done,
            parent=self.window,
            label=self.tr("Backing up the database…"),
            cancelled=(
                (lambda: self.status_message.emit(self.tr("Backup cancelled.")))
                if kind is BackupKind.PORTABLE_DUMP
                else None
            ),
        )

    def restore(self) -> None:
        """Choose a backup, show what it holds, confirm, then restore it."""
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Restore from backup"),
            str(automatic_backups_dir()),
            self.tr("ExportMatch backups (*.emdump *.sqlite3);;All files (*)"),
        )
        if not name:
            return
        path = Path(name)
        try:
            description = describe_backup(path)
        except UserError as error:
            show_user_error(self.window, error)
            return
        answer = QMessageBox.warning(
            self.window,
            self.tr("Restore from backup"),
            self.tr(
                "{file}\n{description}\n\nEverything now in {database} will be replaced by the "
                "backup's data; changes made since the backup are lost. A safety copy of the "
                "current database is taken first.\n\nRestore it?"
            ).format(file=path.name, description=description, database=self.operations.description),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_from(path)

    def restore_from(self, path: Path) -> None:
        """Restore ``path`` over the open database on the worker thread."""

        actor = self.operations.actor()

        def work(database: Database, progress: ProgressReporter) -> RestoreOutcome:
            return restore_from_file(
                database.engine, path, replace=True, progress=progress, actor=actor
            )

        def done(outcome: RestoreOutcome) -> None:
            text = self.tr("Restored {file}.").format(file=path.name)
            if outcome.safety_backup is not None:
                text += " " + self.tr("The previous data was saved to {path}.").format(
                    path=outcome.safety_backup
                )
            self.status_message.emit(text)
            self.restored.emit(outcome)

        self.operations.on_database(
            work,
            done,
            parent=self.window,
            label=self.tr("Restoring the database…"),
            cancelled=lambda: self.status_message.emit(self.tr("Restore cancelled.")),
        )
