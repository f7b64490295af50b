"""The spec's lists match the source tree: what the app needs is in, nothing it uses is out."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from desktop_app.cli.self_test import REQUIRED_FILES
from tests.packaging.conftest import PACKAGING, REPO, load_packaging_script

contents = load_packaging_script("bundle_contents")


def _imported_modules() -> set[str]:
    names: set[str] = set()
    for path in (REPO / "desktop_app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_spec_takes_its_lists_from_bundle_contents() -> None:
    spec = (PACKAGING / "exportmatch.spec").read_text(encoding="utf-8")
    assert "datas=data_files()" in spec
    assert "excludes=list(EXCLUDES)" in spec
    assert "keep_collected_data(entry[0])" in spec
    assert "*COMMAND_MODULES" in spec


def test_resources_and_migrations_go_to_the_bundle_root() -> None:
    assert set(contents.DATA_FOLDERS) == {"resources", "db"}
    destinations = {
        Path(source).relative_to(REPO).as_posix(): folder
        for source, folder in contents.data_files()
    }
    # Where install_root() looks: the same relative path as in the source tree.
    for name in REQUIRED_FILES:
        assert destinations.get(name) == Path(name).parent.as_posix(), name
    migrations = sorted((REPO / "db" / "versions").glob("*.py"))
    assert migrations
    for migration in migrations:
        assert destinations[migration.relative_to(REPO).as_posix()] == "db/versions"


def test_developer_files_stay_out() -> None:
    shipped = [Path(source) for source, _ in contents.data_files()]
    assert not [path for path in shipped if path.suffix in {".ts", ".pyc"}]
    assert not [path for path in shipped if "__pycache__" in path.parts]
    assert not [path for path in shipped if path.name == "build_tnved_csv.py"]


@pytest.mark.slow
def test_nothing_the_application_imports_is_excluded() -> None:
    imported = _imported_modules()
    clashes = [
        name
        for name in imported
        for excluded in contents.EXCLUDES
        if name == excluded or name.startswith(f"{excluded}.")
    ]
    assert clashes == []


def test_developer_modules_exist() -> None:
    for module in contents.DEVELOPER_MODULES:
        assert (REPO / (module.replace(".", "/") + ".py")).is_file(), module


def test_only_the_interface_languages_of_qt_translations_are_kept() -> None:
    keep = contents.keep_collected_data
    assert keep("PySide6/Qt/translations/qtbase_ru.qm")
    assert keep("PySide6\\Qt\\translations\\qtbase_zh_CN.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert keep("PySide6/Qt/plugins/platforms/libqxcb.so")


def test_version_info_is_current() -> None:
    version_info = load_packaging_script("version_info")
    assert version_info.main(["--check"]) == 0
    text = (PACKAGING / "version_info.txt").read_text(encoding="utf-8")
    ast.parse(text, mode="eval")
    assert version_info.version_numbers("1.2rc3") == (1, 2, 0, 0)
    assert version_info.version_numbers("2.0.1.5.6") == (2, 0, 1, 5)
    assert re.search(r"filevers=\(\d+, \d+, \d+, \d+\)", text)
