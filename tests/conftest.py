import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    # Tests never read the user's corpus setting or cache.
    monkeypatch.delenv("ALEPPO_CORPUS", raising=False)
    monkeypatch.setenv("ALEPPO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NO_COLOR", raising=False)


def seed_text(prefix: str) -> str:
    path = next(SEEDS.glob(prefix + "*.txt"))
    return path.read_text(encoding="utf-8")


def run_cli(*args, input_bytes=None, env=None):
    """Run aleppo in a real subprocess (for pipes and exit codes)."""
    import subprocess

    full_env = {**os.environ, **(env or {})}
    full_env.pop("ALEPPO_CORPUS", None)
    return subprocess.run([sys.executable, "-m", "aleppo_cli", *args], input=input_bytes,
                          capture_output=True, cwd=ROOT, env=full_env, timeout=300)
