"""Where ../shared is, for tests that read the development sets; they skip when it is absent."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is only beside the repository in development and CI)")
    return path


def score(fmt: str, gold: Path, work: Path) -> dict:
    """The scorer's round trip on a gold set: docs -> `eventpipe code` -> score (its JSON result)."""
    scorer = shared_file("tools", "score.py")
    docs, pred = work / "docs.jsonl", work / "pred.jsonl"
    docs.write_bytes(subprocess.run([sys.executable, scorer, "docs", "--format", fmt, gold],
                                    check=True, capture_output=True).stdout)
    pred.write_bytes(subprocess.run([sys.executable, "-m", "eventpipe.flows.cli", "code", docs],
                                    check=True, capture_output=True).stdout)
    out = subprocess.run([sys.executable, scorer, "score", "--format", fmt, gold, pred, "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out[:out.rindex("}") + 1])  # the headline line follows the JSON
