#!/bin/sh
# Add ExportMatch to the desktop's application menu for the current user.
# Run it from the unpacked ExportMatch folder; run it again after moving the folder.
# It writes only under ~/.local/share (XDG_DATA_HOME): nothing needs root.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bundle="$here/_internal/resources"
[ -x "$here/exportmatch" ] || { echo "run this script from the ExportMatch folder" >&2; exit 1; }

mkdir -p "$data/applications"
# The shipped entry expects `exportmatch` on PATH; point it at this folder instead.
sed -e "s|^Exec=.*|Exec=\"$here/exportmatch\"|" -e "s|^TryExec=.*|TryExec=$here/exportmatch|" \
    "$bundle/linux/exportmatch.desktop" > "$data/applications/exportmatch.desktop"

for icon in "$bundle"/icons/hicolor/*/apps/exportmatch.*; do
    size=$(basename "$(dirname "$(dirname "$icon")")")
    mkdir -p "$data/icons/hicolor/$size/apps"
    cp "$icon" "$data/icons/hicolor/$size/apps/"
done

command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "ExportMatch added to the application menu ($data/applications/exportmatch.desktop)"
