"""Other kernel configurations, as another machine would compute: the children of
tests/test_configurations.py. Started once per test session, as early as possible (conftest.py
starts them when the session begins, so they run while the other tests do).

Each child reruns every snippet and walkthrough, their behaviour tests and the comparison of
each fresh run with docs/outputs/, with the configuration's environment variables set. It
writes its log, the margins of its assertions (tests/margins.py) and its exit code to FOLDER.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
X86 = platform.machine().lower() in ("x86_64", "amd64")
CONFIGURATIONS = {
    # the reference C++ kernels of ATen, MKL's compatible code path, TensorFlow without oneDNN
    "portable": {
        "ATEN_CPU_CAPABILITY": "default",
        "MKL_CBWR": "COMPATIBLE",
        "TF_ENABLE_ONEDNN_OPTS": "0",
    },
    # one thread (another reduction order), and AVX2 kernels of torch and MKL where the CPU
    # has wider ones. Not ONEDNN_MAX_CPU_ISA=AVX2: on a CPU with AVX-512 BF16, TensorFlow 2.21
    # still dispatches bfloat16 matmuls to oneDNN, which then crashes (SIGSEGV in
    # snippets/detecting/fp16_overflow_tf.py); a real AVX2 CPU takes TensorFlow's Eigen path.
    "one thread": {
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "TF_NUM_INTRAOP_THREADS": "1",
        "TF_NUM_INTEROP_THREADS": "1",
        **({"ATEN_CPU_CAPABILITY": "avx2", "MKL_ENABLE_INSTRUCTIONS": "AVX2"} if X86 else {}),
    },
}
CHILD_TESTS = [
    "tests/examples",
    "tests/test_walkthroughs.py",
    "tests/test_outputs.py::test_outputs_match_a_fresh_run",
]
# Where the children write; `nox -s bench` sets it to keep their margins.
VARIABLE = "EGV_CONFIGURATIONS_DIR"


def slug(name: str) -> str:
    return name.replace(" ", "-")


def start_all() -> Path:
    """Start every configuration's child (once per session: the folder records it)."""
    folder = os.environ.get(VARIABLE)
    if folder and (Path(folder) / "started").is_file():
        return Path(folder)
    folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="egv-configurations-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[VARIABLE] = str(folder)  # the xdist workers, started later, inherit it
    for name, settings in CONFIGURATIONS.items():
        env = {
            **os.environ,
            **settings,
            "EGV_MARGINS": str(folder / f"{slug(name)}.json"),
            "PYTHONPYCACHEPREFIX": str(folder / f"{slug(name)}-pycache"),
        }
        env.pop(VARIABLE)
        pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0"]
        wrapper = (  # writes the child's exit code to a file once it ends
            "import subprocess, sys; "
            "open(sys.argv[1], 'w').write(str(subprocess.call(sys.argv[2:])))"
        )
        with (folder / f"{slug(name)}.log").open("w") as log:
            subprocess.Popen(
                [sys.executable, "-c", wrapper, str(folder / f"{slug(name)}.rc"), *pytest,
                 *CHILD_TESTS],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
    (folder / "started").write_text("")
    return folder


def result(name: str, timeout: float = 2400) -> tuple[int, str, Path]:
    """Wait for a configuration's child: (exit code, log, margins file)."""
    folder = start_all()
    rc = folder / f"{slug(name)}.rc"
    deadline = time.monotonic() + timeout
    while not rc.is_file() or not rc.read_text().strip():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the {name!r} configuration did not finish in {timeout:.0f} s")
        time.sleep(2)
    log = (folder / f"{slug(name)}.log").read_text("utf-8", "replace")
    return int(rc.read_text()), log, folder / f"{slug(name)}.json"
