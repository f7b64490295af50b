"""Where ExportMatch finds its shipped files and keeps the user's data."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

import platformdirs

from desktop_app import APP_ID, APP_NAME


@cache
def install_root() -> Path:
    """The folder holding ``resources/`` and ``db/``: the source tree or a frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    override = os.environ.get("EXPORTMATCH_HOME")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    """Shipped data: HS and TN VED nomenclatures, glossary, demo data, templates."""
    return install_root() / "resources"


def resource(*parts: str) -> Path:
    """Path of one shipped file, e.g. ``resource("hs", "hs2022.csv")``."""
    return resources_dir().joinpath(*parts)


def migrations_dir() -> Path:
    """The Alembic environment with the schema migrations."""
    return install_root() / "db"


def user_data_dir() -> Path:
    """Per-user folder for the embedded database and its backups."""
    override = os.environ.get("EXPORTMATCH_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_cache_dir() -> Path:
    """Per-user folder for what the program can make again (the built glossary)."""
    override = os.environ.get("EXPORTMATCH_DATA_DIR")
    default = Path(platformdirs.user_cache_dir(APP_NAME, False))
    path = Path(override) / "cache" if override else default
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_log_dir() -> Path:
    """Per-user folder for the rotating log."""
    override = os.environ.get("EXPORTMATCH_DATA_DIR")
    base = Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, False))
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_database_path() -> Path:
    """The embedded SQLite database used when no URL is given."""
    return user_data_dir() / f"{APP_ID}.sqlite3"
