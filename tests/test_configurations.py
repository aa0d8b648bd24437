"""The outputs reproduce on other CPUs: a reader's machine is not the one that wrote them.

Each configuration of tests/configurations.py changes the kernels that compute the same numbers
(vector width, the portable code paths of torch, MKL and TensorFlow, the number of threads and
so the order of reductions), as another machine would. For each, a child process reruns every
snippet and walkthrough and their behaviour tests, and requires what the fresh-run test
requires here: outputs equal to docs/outputs/ to the precision shown (pipeline/compare.py),
every claim true, with the margin tests/margins.py asks for.
"""

from __future__ import annotations

import re

import pytest
from configurations import CHILD_TESTS, CONFIGURATIONS, result


@pytest.mark.parametrize("name", CONFIGURATIONS)
def test_outputs_and_claims_hold_on_another_configuration(name):
    code, log, margins = result(name)
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
    assert margins.is_file(), f"{name}: the child wrote no margins (EGV_MARGINS)"
