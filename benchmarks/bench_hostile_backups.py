"""Time and memory to refuse hostile backups and damaged database files (goal: 10 s, 300 MB).

Builds, in a temporary folder, a demo database, its SQLite copy and its portable dump,
then hostile variants: a member that unpacks 1,000 times its packed size (200 MB of
zeros), a 20 MB line, 100,000 good rows followed by one with a NUL (refused only at the
end), a copy with a trigger, and a database file of random bytes. Each is restored (or
opened) in a fresh subprocess into a new SQLite database, so that its peak memory
(VmHWM) is its own; a good dump of the same rows is restored the same way as the
baseline. The last line is ``max_seconds=<n> max_peak_mb=<n> baseline_seconds=<n>``.

    .venv/bin/python benchmarks/bench_hostile_backups.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ROWS = 100_000


def _peak_mb() -> float:
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rewrite(dump: Path, target: Path, table: str, lines: list[bytes]) -> None:
    with zipfile.ZipFile(dump) as source:
        manifest = json.loads(source.read("manifest.json"))
        members = {e["member"]: source.read(e["member"]) for e in manifest["tables"]}
    entry = next(e for e in manifest["tables"] if e["name"] == table)
    data = b"".join(lines)
    members[entry["member"]] = data
    entry["rows"], entry["sha256"] = len(lines), hashlib.sha256(data).hexdigest()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for member, content in members.items():
            out.writestr(member, content)
        out.writestr("manifest.json", json.dumps(manifest))


def build(folder: Path) -> dict[str, Path]:
    """The good backups and their hostile variants."""
    from desktop_app.core.database.backup import backup_sqlite
    from desktop_app.core.database.portable import dump_database
    from desktop_app.core.database.session import open_database
    from desktop_app.core.services.demo import load_demo_data

    source = folder / "source.sqlite3"
    database = open_database(str(source))
    with database.session(actor="bench") as session:
        load_demo_data(session)
    good = folder / "good.emdump"
    dump_database(database.engine, good)
    database.dispose()
    copy = backup_sqlite(source, folder / "good-copy.sqlite3")
    with zipfile.ZipFile(good) as archive:
        first = json.loads(archive.read("tables/companies.jsonl").splitlines()[0])
    cases = {"good copy": copy}

    def company(number: int, **change: object) -> bytes:
        row = {
            **first,
            "id": number,
            "inn": None,
            "name_ru": f"ООО Компания {number}",
            # Each its own identity (companies without an INN are unique by this key).
            "name_key": f"компания {number}",
            **change,
        }
        return json.dumps(row, ensure_ascii=False).encode() + b"\n"

    many = [company(n) for n in range(1, ROWS + 1)]
    _rewrite(good, folder / "many.emdump", "companies", many)
    cases["good dump, 100k rows"] = folder / "many.emdump"
    _rewrite(good, folder / "bad-last.emdump", "companies", [*many, company(ROWS + 1, notes="\0")])
    cases["100k rows, the last with a NUL"] = folder / "bad-last.emdump"
    _rewrite(good, folder / "bomb.emdump", "companies", [b" " * 200_000_000 + b"\n"])
    cases["a member packed 1,000 times"] = folder / "bomb.emdump"
    noise = os.urandom(15_000_000).hex()[:20_000_000]
    _rewrite(good, folder / "long.emdump", "companies", [company(1, notes=noise)])
    cases["a 20 MB line"] = folder / "long.emdump"
    trigger = folder / "trigger.sqlite3"
    trigger.write_bytes(copy.read_bytes())
    with sqlite3.connect(trigger) as connection:
        connection.execute(
            "CREATE TRIGGER rewrite AFTER INSERT ON audit_events BEGIN "
            "UPDATE products SET name_ru = 'pwned'; END"
        )
    connection.close()
    cases["a copy with a trigger"] = trigger
    random_file = folder / "random.sqlite3"
    random_file.write_bytes(os.urandom(50_000_000))
    cases["a database file of random bytes"] = random_file
    return cases


def run_case(path: Path, folder: Path) -> dict[str, object]:
    """Restore ``path`` (or open it, when it is no backup) in this process; time and memory."""
    from desktop_app.core.database.restore import restore_from_file
    from desktop_app.core.database.session import open_database
    from desktop_app.core.errors import UserError

    started = time.perf_counter()
    outcome = "restored"
    try:
        if path.name == "random.sqlite3":
            open_database(str(path)).dispose()
        else:
            target = open_database(str(folder / f"target-{os.getpid()}.sqlite3"))
            try:
                restore_from_file(target.engine, path)
            finally:
                target.dispose()
    except UserError as exc:
        outcome = "refused: " + exc.message[:100]
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "outcome": outcome}


def main() -> int:
    """Build the cases, run each in its own process, print a table and the summary line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.folder)))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as name:
        folder = Path(name)
        os.environ.setdefault("EXPORTMATCH_DATA_DIR", str(folder / "data"))
        cases = build(folder)
        results = {}
        for label, path in cases.items():
            done = subprocess.run(
                [sys.executable, __file__, "--case", str(path), "--folder", str(folder)],
                capture_output=True,
                text=True,
                check=True,
                env=dict(os.environ),
            )
            results[label] = json.loads(done.stdout.strip().splitlines()[-1])
            row = results[label]
            print(
                f"| {label} | {row['seconds']:.2f} s | {row['peak_mb']:.0f} MB | {row['outcome']} |"
            )
    refused = [r for label, r in results.items() if not label.startswith("good")]
    baseline = results["good dump, 100k rows"]["seconds"]
    print(
        f"max_seconds={max(float(r['seconds']) for r in refused):.2f} "  # type: ignore[arg-type]
        f"max_peak_mb={max(float(r['peak_mb']) for r in refused):.0f} "  # type: ignore[arg-type]
        f"baseline_seconds={baseline:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
