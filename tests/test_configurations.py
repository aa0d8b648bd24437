"""The outputs reproduce on other CPUs: a reader's machine is not the one that wrote them.

Each configuration below changes the kernels that compute the same numbers (vector width,
the portable code paths of torch, MKL and TensorFlow, the number of threads and so the order of
reductions), as another machine would. For each, one child process reruns every snippet and
walkthrough and their behaviour tests, and requires what the fresh-run test requires here:
outputs equal to docs/outputs/ to the precision shown (pipeline/compare.py), every claim true,
with the margin tests/margins.py asks for.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
X86 = platform.machine().lower() in ("x86_64", "amd64")
CONFIGURATIONS = {
    # the reference C++ kernels of ATen, MKL's compatible code path, TensorFlow without oneDNN
    "portable": {
        "ATEN_CPU_CAPABILITY": "default",
        "MKL_CBWR": "COMPATIBLE",
        "TF_ENABLE_ONEDNN_OPTS": "0",
    },
    # one thread (another reduction order), and AVX2 kernels where the CPU has wider ones
    "one thread": {
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "TF_NUM_INTRAOP_THREADS": "1",
        "TF_NUM_INTEROP_THREADS": "1",
        **(
            {"ATEN_CPU_CAPABILITY": "avx2", "MKL_ENABLE_INSTRUCTIONS": "AVX2"}
            | {"ONEDNN_MAX_CPU_ISA": "AVX2"}
            if X86
            else {}
        ),
    },
}
# What each child runs: the behaviour tests of snippets and walkthroughs, and the comparison of
# every fresh run with docs/outputs/.
CHILD_TESTS = [
    "tests/examples",
    "tests/test_walkthroughs.py",
    "tests/test_outputs.py::test_outputs_match_a_fresh_run",
]
_children: dict[str, subprocess.Popen] = {}
# The children's logs and margins; `nox -s bench` sets EGV_MARGINS_DIR to read the margins.
_tmp = Path(os.environ.get("EGV_MARGINS_DIR") or tempfile.mkdtemp(prefix="egv-configurations-"))


def _start_all() -> None:
    """Start every configuration at once: the children share the cores."""
    if _children:
        return
    for name, settings in CONFIGURATIONS.items():
        slug = name.replace(" ", "-")
        env = {
            **os.environ,
            **settings,
            "EGV_MARGINS": str(_tmp / f"{slug}.json"),
            "PYTHONPYCACHEPREFIX": str(_tmp / f"{slug}-pycache"),
        }
        log = (_tmp / f"{slug}.log").open("w")
        _children[name] = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CHILD_TESTS],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def run_configuration(name: str) -> tuple[int, str, dict]:
    _start_all()
    slug = name.replace(" ", "-")
    code = _children[name].wait(timeout=1800)
    log = (_tmp / f"{slug}.log").read_text("utf-8", "replace")
    margins_file = _tmp / f"{slug}.json"
    margins = json.loads(margins_file.read_text("utf-8")) if margins_file.is_file() else {}
    return code, log, margins


@pytest.mark.parametrize("name", CONFIGURATIONS)
def test_outputs_and_claims_hold_on_another_configuration(name):
    code, log, margins = run_configuration(name)
    failures = re.findall(r"^(?:FAILED|ERROR) .*$", log, re.M)
    summary = log.strip().splitlines()[-1] if log.strip() else "(no output)"
    details = "\n".join(line for line in log.splitlines() if line.startswith("E   "))[:6000]
    assert code == 0, (
        f"with {CONFIGURATIONS[name]}, as on another CPU: {summary}\n"
        + "\n".join(failures)
        + f"\n{details}\nReproduce it with these variables set and `nox -s tests -- "
        + " ".join(CHILD_TESTS)
        + "`. A number that changes in the digits shown needs fewer digits or a better "
        "conditioned computation (CONTRIBUTING.md, 'Numbers that reproduce')."
    )
    assert margins, f"{name}: the child wrote no margins (EGV_MARGINS)"
