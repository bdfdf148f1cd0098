"""Entry point: ``python bench/eligibility.py`` is ``python -m bench.eligibility`` (see there)."""

import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
runpy.run_module("bench.eligibility", run_name="__main__")
