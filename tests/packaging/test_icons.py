"""The icon files are well-formed containers holding PNGs of the sizes they claim."""

from __future__ import annotations

import configparser
import struct
import xml.etree.ElementTree as ET

from tests.packaging.conftest import PACKAGING, REPO, load_packaging_script

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HICOLOR = REPO / "resources" / "icons" / "hicolor"
make_icons = load_packaging_script("make_icons")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_svg_source_is_square_and_valid() -> None:
    root = ET.parse(REPO / "resources" / "icons" / "exportmatch.svg").getroot()
    assert root.get("viewBox") == "0 0 256 256"
    assert (HICOLOR / "scalable" / "apps" / "exportmatch.svg").read_bytes() == (
        REPO / "resources" / "icons" / "exportmatch.svg"
    ).read_bytes()


def test_hicolor_pngs_have_their_folder_size() -> None:
    for size in make_icons.LINUX_SIZES:
        data = (HICOLOR / f"{size}x{size}" / "apps" / "exportmatch.png").read_bytes()
        assert png_size(data) == (size, size)


def test_ico_directory_points_at_pngs_of_each_size() -> None:
    data = (PACKAGING / "exportmatch.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    sizes = []
    for index in range(count):
        entry = data[6 + 16 * index : 22 + 16 * index]
        width, height, _, _, planes, bits, length, offset = struct.unpack("<BBBBHHII", entry)
        image = data[offset : offset + length]
        side = png_size(image)[0]
        assert (width or 256, height or 256) == (side, side)
        assert (planes, bits) == (1, 32)
        sizes.append(side)
    assert sorted(sizes) == sorted(make_icons.ICO_SIZES)


def test_icns_members_are_pngs_of_their_type_size() -> None:
    data = (PACKAGING / "exportmatch.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    found = {}
    position = 8
    while position < len(data):
        kind, length = (
            data[position : position + 4],
            struct.unpack(">I", data[position + 4 : position + 8])[0],
        )
        found[kind] = png_size(data[position + 8 : position + length])[0]
        position += length
    assert position == len(data)
    assert found == dict(make_icons.ICNS_TYPES)


def test_containers_round_trip_what_make_icons_writes() -> None:
    fake = {16: PNG_SIGNATURE + b"a", 256: PNG_SIGNATURE + b"bb"}
    ico = make_icons.ico_container(fake)
    assert ico.endswith(fake[16] + fake[256])
    assert ico[6] == 16 and ico[22] == 0  # 256 is written as 0


def test_desktop_entry_names_the_icon_and_the_command() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(REPO / "resources" / "linux" / "exportmatch.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Icon"] == "exportmatch"
    assert entry["Exec"] == "exportmatch"
    assert entry["StartupWMClass"] == "exportmatch"
    assert {"Name", "Comment[ru]", "Comment[zh_CN]"} <= set(entry)
