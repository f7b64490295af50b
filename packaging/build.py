"""Build the standalone ExportMatch and its archive: ``make package`` runs this.

    .venv/bin/python packaging/build.py [--skip-archive]

1. writes ``packaging/version_info.txt`` from the version (the Windows version resource)
   and compiles translations whose ``.qm`` is missing or stale;
2. runs PyInstaller on ``packaging/exportmatch.spec`` into ``dist/ExportMatch/``
   (``dist/ExportMatch.app`` on macOS);
3. adds the user-facing extras beside the executable (on Linux the script that adds the
   application to the desktop menu, and a README);
4. packs ``dist/ExportMatch-<version>-<platform>-<machine>.tar.gz`` (``.zip`` on Windows)
   and prints the sizes.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop_app import APP_NAME, __version__  # noqa: E402

DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
SPEC = ROOT / "packaging" / "exportmatch.spec"
LINUX_EXTRAS = (ROOT / "packaging" / "linux" / "install-desktop-entry.sh",)
BUNDLE_README = ROOT / "packaging" / "linux" / "README.txt"


def platform_tag() -> str:
    """``linux-x86_64``, ``windows-amd64``, ``macos-arm64``: the archive name's platform."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower()}"


def folder_size(path: Path) -> int:
    """Bytes of every file under ``path``, each symbolic link counted once, as a link."""
    return sum(item.lstat().st_size for item in path.rglob("*") if not item.is_dir())


def compile_missing_translations() -> None:
    """Compile each ``.ts`` whose ``.qm`` is missing or older, as ``make translations`` would.

    Only compiles (never extracts strings), so a build does not change the sources.
    """
    folder = ROOT / "resources" / "translations"
    for source in sorted(folder.glob("*.ts")):
        compiled = source.with_suffix(".qm")
        if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
            continue
        lrelease = Path(sys.executable).with_name("pyside6-lrelease")
        command = str(lrelease) if lrelease.exists() else "pyside6-lrelease"
        subprocess.run([command, "-silent", str(source), "-qm", str(compiled)], check=True)
        print(f"compiled {compiled.name}")


def run_pyinstaller() -> Path:
    """Build the one-folder application; returns its folder."""
    subprocess.run([sys.executable, str(ROOT / "packaging" / "version_info.py")], check=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
            str(SPEC),
        ],
        check=True,
        cwd=ROOT,
    )
    return DIST / (f"{APP_NAME}.app" if sys.platform == "darwin" else APP_NAME)


def add_extras(bundle: Path) -> None:
    """Copy the files a person unpacking the archive needs next to the executable."""
    if sys.platform.startswith("linux"):
        for extra in LINUX_EXTRAS:
            target = bundle / extra.name
            shutil.copy2(extra, target)
            target.chmod(0o755)
        text = BUNDLE_README.read_text(encoding="utf-8").format(name=APP_NAME, version=__version__)
        (bundle / "README.txt").write_text(text, encoding="utf-8")


def make_archive(bundle: Path) -> Path:
    """The archive people download: a tarball that keeps the executable bit, or a zip."""
    stem = f"{APP_NAME}-{__version__}-{platform_tag()}"
    if sys.platform == "win32":
        return Path(shutil.make_archive(str(DIST / stem), "zip", DIST, bundle.name))
    archive = DIST / f"{stem}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=bundle.name)
    return archive


def main(argv: list[str]) -> int:
    """Build, add the extras, archive, and report the sizes."""
    compile_missing_translations()
    bundle = run_pyinstaller()
    add_extras(bundle)
    print(f"built {bundle}: {folder_size(bundle) / 2**20:.0f} MiB")
    if "--skip-archive" not in argv:
        archive = make_archive(bundle)
        print(f"packed {archive}: {archive.stat().st_size / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
