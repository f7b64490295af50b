"""Does this Linux machine have the system libraries Qt's X11 (xcb) platform plugin needs?

Qt's own message when one is missing ("could not load the Qt platform plugin xcb") names
only libxcb-cursor0, whatever is missing. Here the plugin that PySide6 installed is read
with ``ldd``, every library it needs that the system does not have is looked up in
:data:`DEBIAN_PACKAGES`, and the message names the packages to install. ``make doctor``
prints the check; the application runs it before Qt would abort, and a test keeps the
table and the README's package list complete for the plugin installed.

Run as ``python -m desktop_app.ui.platform_check``: exit 0 when nothing is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.i18n import tr

# The library sonames the xcb plugin and the Qt libraries it loads need, and the Debian /
# Ubuntu package of each. ``None``: part of every Debian system, or pulled in by the apt
# dependencies of a package listed here (so never missing on its own).
DEBIAN_PACKAGES: dict[str, str | None] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    # The C and C++ runtimes and what the packages above depend on.
    "ld-linux-x86-64.so.2": None,
    "ld-linux-aarch64.so.1": None,
    "linux-vdso.so.1": None,
    "libc.so.6": None,
    "libm.so.6": None,
    "libdl.so.2": None,
    "libpthread.so.0": None,
    "librt.so.1": None,
    "libgcc_s.so.1": None,
    "libstdc++.so.6": None,
    "libz.so.1": None,
    "libGLX.so.0": None,
    "libGLdispatch.so.0": None,
    "libXau.so.6": None,
    "libXdmcp.so.6": None,
    "libbsd.so.0": None,
    "libmd.so.0": None,
    "libbrotlicommon.so.1": None,
    "libbrotlidec.so.1": None,
    "libcap.so.2": None,
    "libexpat.so.1": None,
    "libgcrypt.so.20": None,
    "libgpg-error.so.0": None,
    "liblz4.so.1": None,
    "liblzma.so.5": None,
    "libpcre2-8.so.0": None,
    "libpng16.so.16": None,
    "libsystemd.so.0": None,
    "libzstd.so.1": None,
    "libffi.so.8": None,
    "libmount.so.1": None,
    "libblkid.so.1": None,
    "libselinux.so.1": None,
}

_LDD_LINE = re.compile(r"^\s*(\S+)\s*(?:=>\s*(\S+))?")


@dataclass(frozen=True)
class XcbCheck:
    """What ``ldd`` says about the xcb plugin: every library it needs, and the missing."""

    plugin: Path
    needed: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def missing_packages(self) -> list[str]:
        """The Debian packages to install, in order, for the missing libraries."""
        packages = [DEBIAN_PACKAGES.get(name) or name for name in self.missing]
        return sorted(set(packages))

    @property
    def unknown(self) -> list[str]:
        """Libraries needed that :data:`DEBIAN_PACKAGES` does not know."""
        return sorted(name for name in self.needed if name not in DEBIAN_PACKAGES)


def xcb_plugin() -> Path | None:
    """The xcb platform plugin PySide6 installed, if there is one (Linux only)."""
    try:
        import PySide6
    except ImportError:
        return None
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def check_xcb(plugin: Path | None = None) -> XcbCheck | None:
    """Read the plugin with ``ldd``; None when there is no plugin or no ``ldd``."""
    plugin = plugin or xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return None
    try:
        output = subprocess.run(
            [ldd, str(plugin)], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    qt_folder = plugin.parents[2]  # .../PySide6/Qt: Qt's own libraries come with the wheel
    needed: list[str] = []
    missing: list[str] = []
    for line in output.splitlines():
        match = _LDD_LINE.match(line)
        if match is None or match.group(1).endswith(":"):
            continue
        name, target = Path(match.group(1)).name, match.group(2)
        if (target and target.startswith(str(qt_folder))) or name.startswith("libQt6"):
            continue
        if name not in needed:
            needed.append(name)
        if target == "not" and name not in missing:
            missing.append(name)
    return XcbCheck(plugin, tuple(needed), tuple(missing))


def missing_message(check: XcbCheck) -> str:
    """What to tell a person whose machine lacks some of the plugin's libraries."""
    return tr(
        "ExportMatch cannot open its window: Qt's X11 (xcb) platform plugin needs "
        "system libraries that are missing ({libraries}).\n"
        "On Debian or Ubuntu install them with:\n\n"
        "    sudo apt-get install {packages}\n\n"
        "(`make doctor` checks again.)"
    ).format(libraries=", ".join(check.missing), packages=" ".join(check.missing_packages))


def xcb_will_be_used() -> bool:
    """True when Qt is about to use the xcb plugin on this Linux desktop."""
    if not sys.platform.startswith("linux"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    wayland = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("XDG_SESSION_TYPE") == "wayland"
    return bool(os.environ.get("DISPLAY")) and not wayland


def startup_problem() -> str | None:
    """The message to show instead of Qt's abort when xcb will be used and cannot load."""
    if not xcb_will_be_used():
        return None
    check = check_xcb()
    if check is None or not check.missing:
        return None
    return missing_message(check)


def main() -> int:
    """``make doctor``: list what the xcb plugin needs and name missing packages."""
    check = check_xcb()
    if check is None:
        print("No xcb platform plugin or no ldd here: nothing to check (not Linux?).")
        return 0
    print(f"Qt's xcb platform plugin: {check.plugin}")
    print(f"needs {len(check.needed)} system libraries.")
    if check.unknown:
        print("Libraries with no known Debian package: " + ", ".join(check.unknown))
    if not check.missing:
        print("All of them are installed.")
        return 0
    print(missing_message(check))
    return 1


if __name__ == "__main__":
    sys.exit(main())
