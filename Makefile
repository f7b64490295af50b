# ExportMatch developer commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export QT_API := pyside6

.PHONY: install run doctor test test-quick lint format bench bench-quick screenshots translations package package-test clean

$(BIN)/python:
	@echo "==> Creating the virtual environment $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "==> Installing ExportMatch and its libraries into $(VENV) (Qt, SQLAlchemy, openpyxl, ...)."
	@echo "    The first time this downloads a few hundred MB and takes a minute or two; later runs skip it."
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --progress-bar off -e ".[dev]"
	touch $(STAMP)
	@echo "==> Installed. Checking the system libraries Qt needs for a window (make doctor):"
	-@$(BIN)/python -m desktop_app.ui.platform_check

install: $(STAMP)

run: install
	@echo "==> Starting ExportMatch"
	$(BIN)/exportmatch

# Which system libraries Qt's X11 plugin needs, and the Debian packages of those missing.
doctor: install
	$(BIN)/python -m desktop_app.ui.platform_check

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# tests/core runs with PySide6 made unimportable: the core must work on a machine without Qt.
NO_QT := -p tests.block_qt -p no:pytest-qt

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --ignore=tests/core
	$(BIN)/python -m pytest $(NO_QT) tests/core

# Everything but the tests marked slow (over about 3 s each).
test-quick: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not slow" --ignore=tests/core
	$(BIN)/python -m pytest -m "not slow" $(NO_QT) tests/core

bench: install
	$(BIN)/python benchmarks/run_all.py

bench-quick: install
	$(BIN)/python benchmarks/run_all.py --quick

screenshots: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m desktop_app.ui.screenshots docs/screenshots

translations: install
	$(BIN)/python -m desktop_app.ui.i18n_build

# The standalone application (PyInstaller, one folder) and its archive in dist/; see
# docs/packaging.md. package-test runs the built binary, offscreen, as a user would.
PACKAGE_STAMP := $(VENV)/.package-stamp
APP_BINARY := dist/ExportMatch/exportmatch

$(PACKAGE_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,package]"
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	$(BIN)/python packaging/build.py

package-test:
	$(APP_BINARY) --version
	cd /tmp && QT_QPA_PLATFORM=offscreen $(CURDIR)/$(APP_BINARY) --self-test

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache .import_linter_cache
