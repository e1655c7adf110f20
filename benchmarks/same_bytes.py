"""Do two versions of gapreport make the same bytes? Build, then compare.

    python benchmarks/same_bytes.py build DIR     # every output of this checkout, into DIR
    python benchmarks/same_bytes.py compare A B   # the same files, byte for byte?

For a change that should not change what gapreport writes (a refactoring): build before it,
build after it, compare. Each build is of the shipped data (with a brief per region) and of
the made-up fixture, with PDFs, no cache and ``SOURCE_DATE_EPOCH`` set, so nothing but the
code can differ.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILDS = {
    "shipped": (ROOT / "data", ["--by", "region"]),
    "ruritania": (ROOT / "tests" / "fixtures" / "ruritania", []),
}
EPOCH = "1764547200"  # 2025-12-01


def build(folder: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "GAPREPORT_CACHE": "off"}
    for name, (data, extra) in BUILDS.items():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "gapreport",
                "build",
                "--data",
                str(data),
                "--out",
                str(folder / name),
                "--quiet",
                *extra,
            ],
            check=True,
            env=env,
            cwd=ROOT,
        )


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def compare(first: Path, second: Path) -> list[str]:
    """What differs: files only one side has, and files whose bytes differ."""
    a, b = files(first), files(second)
    return (
        [f"only in {first}: {name}" for name in sorted(a.keys() - b.keys())]
        + [f"only in {second}: {name}" for name in sorted(b.keys() - a.keys())]
        + [f"differs: {name}" for name in sorted(a.keys() & b.keys()) if a[name] != b[name]]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build").add_argument("folder", type=Path)
    both = commands.add_parser("compare")
    both.add_argument("first", type=Path)
    both.add_argument("second", type=Path)
    args = parser.parse_args()
    if args.command == "build":
        build(args.folder)
        print(f"built {len(files(args.folder))} files into {args.folder}")
        return 0
    differences = compare(args.first, args.second)
    for line in differences:
        print(line)
    count = len(files(args.first))
    print(f"{count} files, {'all the same' if not differences else f'{len(differences)} differ'}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
