"""Run snippets and capture what they print and plot.

    snippets/<topic>/<name>_<fw>.py  --run-->  docs/outputs/<topic>/<name>_<fw>.txt   (stdout)
                                                docs/outputs/<topic>/<name>_<fw>.svg   (figures)
                                                docs/outputs/<topic>/<name>_<fw>.json  (manifest)

`<fw>` is `torch` or `tf`: `train_loop_torch.py` and `train_loop_tf.py` are the two tabs of the
example `clipping/train_loop`. Files whose name starts with `_` are helpers, not snippets.

The manifest records a hash of the snippet source (and of the local files it imports) and the
library versions it ran with. A snippet whose manifest still matches is not run again, and a
file is only written when its content changes. Usage (`nox -s outputs` wraps it):

    python -m pipeline.run              # rerun what changed
    python -m pipeline.run --force      # rerun everything
    python -m pipeline.run clipping/train_loop_torch   # only these
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import hashlib
import io
import json
import os
import pickle
import runpy
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
OUTPUTS = ROOT / "docs" / "outputs"

FRAMEWORKS = {"torch": "PyTorch", "tf": "TensorFlow"}  # file suffix -> tab label
LIBRARIES = {  # distributions whose version decides a snippet's output
    "torch": ("torch", "numpy", "matplotlib"),
    "tf": ("tensorflow-cpu", "keras", "numpy", "matplotlib"),
}
# Bump when the capture format or the figure style below changes: every output is regenerated.
FORMAT = 1

# One palette for both site themes: transparent background, mid-grey text and axes,
# line colours that keep their contrast on white and on Material's dark slate.
FIGURE_STYLE = {
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.transparent": True,
    "savefig.bbox": "tight",
    "text.color": "#808080",
    "axes.labelcolor": "#808080",
    "axes.edgecolor": "#808080",
    "xtick.color": "#808080",
    "ytick.color": "#808080",
    "grid.color": "#808080",
    "grid.alpha": 0.35,
    "axes.grid": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "axes.prop_cycle": "cycler(color=['#f76707', '#339af0', '#37b24d', '#e64980', '#ae3ec9'])",
    "font.size": 10,
    "svg.fonttype": "path",  # glyphs as paths: identical on every machine and browser
    "svg.hashsalt": "exploding-gradients",  # stable element ids
}


class SnippetError(Exception):
    """A snippet is misnamed, raised an exception, or its outputs are missing or stale."""


@dataclass(frozen=True)
class Snippet:
    path: Path

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    @property
    def id(self) -> str:  # "clipping/train_loop_torch"
        return self.path.relative_to(SNIPPETS).with_suffix("").as_posix()

    @property
    def framework(self) -> str:  # "torch" or "tf"
        return self.path.stem.rsplit("_", 1)[1]

    @property
    def example(self) -> str:  # "clipping/train_loop"
        return self.id.rsplit("_", 1)[0]

    @property
    def out_dir(self) -> Path:
        return OUTPUTS / self.path.parent.relative_to(SNIPPETS)

    @property
    def manifest_path(self) -> Path:
        return self.out_dir / f"{self.path.stem}.json"


@dataclass
class Result:
    snippet: Snippet
    stdout: str
    figures: list[bytes]
    namespace: dict = field(repr=False)
    seconds: float = 0.0


def discover(root: Path = SNIPPETS) -> list[Snippet]:
    """Every snippet under snippets/, sorted. Misnamed files are an error, not silently skipped."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name.startswith("_") or "__pycache__" in path.parts:
            continue
        stem = path.stem
        if "_" not in stem or stem.rsplit("_", 1)[1] not in FRAMEWORKS:
            raise SnippetError(
                f"{path.relative_to(ROOT).as_posix()}: a snippet's name must end in _torch.py or "
                "_tf.py (helpers start with _). Rename the file."
            )
        found.append(Snippet(path))
    return found


def find(snippet_id: str) -> Snippet:
    path = SNIPPETS / f"{snippet_id}.py"
    if not path.is_file():
        raise SnippetError(f"snippets/{snippet_id}.py does not exist")
    return Snippet(path)


def local_imports(path: Path, seen: set[Path] | None = None) -> list[Path]:
    """Files under snippets/ that `path` imports, directly or through each other."""
    seen = set() if seen is None else seen
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        for name in names:
            candidate = path.parent / (name.split(".")[0] + ".py")
            if candidate.is_file() and candidate not in seen:
                seen.add(candidate)
                local_imports(candidate, seen)
    return sorted(seen)


def source_hash(snippet: Snippet) -> str:
    digest = hashlib.sha256()
    for path in [snippet.path, *local_imports(snippet.path)]:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def library_versions(framework: str) -> dict[str, str]:
    return {name: metadata.version(name) for name in LIBRARIES[framework]}


def read_manifest(snippet: Snippet) -> dict | None:
    try:
        return json.loads(snippet.manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def staleness(snippet: Snippet, versions: bool = True) -> str | None:
    """Why the committed outputs of `snippet` are out of date, or None when they are current.

    With versions=False only the source is compared, which needs no torch or TensorFlow
    installed (the docs build uses that).
    """
    manifest = read_manifest(snippet)
    if manifest is None:
        return f"{snippet.rel} has no captured output yet"
    if manifest.get("format") != FORMAT:
        return f"the outputs of {snippet.rel} were captured in an older format"
    if manifest.get("source_sha256") != source_hash(snippet):
        return f"{snippet.rel} changed after its output was captured"
    if versions:
        installed = library_versions(snippet.framework)
        if manifest.get("versions") != installed:
            return (
                f"the output of {snippet.rel} was captured with {manifest.get('versions')}, "
                f"but {installed} are installed"
            )
    missing = [
        name
        for name in [manifest.get("stdout"), *manifest.get("figures", [])]
        if name and not (snippet.out_dir / name).is_file()
    ]
    if missing:
        return f"outputs of {snippet.rel} are missing: {', '.join(missing)}"
    return None


_prepared = False


def _prepare_process() -> None:
    """Once per process: quiet TensorFlow, headless matplotlib with the site's figure style."""
    global _prepared
    if _prepared:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ["MPLBACKEND"] = "Agg"
    import matplotlib

    matplotlib.use("Agg", force=True)
    _prepared = True


def _reset_frameworks() -> None:
    """Undo global state one snippet could leak into the next (names, debug modes)."""
    if "keras" in sys.modules:
        sys.modules["keras"].utils.clear_session()
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].debugging.disable_check_numerics()
    if "torch" in sys.modules:
        sys.modules["torch"].autograd.set_detect_anomaly(False)


# Snippets that must start from a fresh interpreter: TensorFlow's devices can only be configured
# before it first runs, and process groups want a clean process. They run in a child process.
NEEDS_OWN_PROCESS = ("set_logical_device_configuration", "torch.distributed", "mp.spawn")


def needs_own_process(snippet: Snippet) -> bool:
    source = snippet.path.read_text(encoding="utf-8")
    return any(marker in source for marker in NEEDS_OWN_PROCESS)


def execute(snippet: Snippet) -> Result:
    """Run one snippet and capture its stdout and figures.

    Snippets run in a fresh namespace of this process, so torch and TensorFlow are imported
    once for all of them; the few that need a fresh interpreter (NEEDS_OWN_PROCESS) run in a
    child process, which sends back the picklable part of their namespace.
    """
    if needs_own_process(snippet):
        return _execute_in_child(snippet)
    return _execute_here(snippet)


def _picklable(namespace: dict) -> dict:
    kept = {}
    for name, value in namespace.items():
        if name.startswith("__"):
            continue
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001 - modules, functions of __main__, framework objects
            continue
        kept[name] = value
    return kept


def _execute_in_child(snippet: Snippet) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        out, err = Path(tmp) / "result.pickle", Path(tmp) / "error.txt"
        code = (
            "import pickle\n"
            "from pathlib import Path\n"
            "from pipeline import run\n"
            "try:\n"
            f"    r = run._execute_here(run.Snippet(Path({str(snippet.path)!r})))\n"
            "except run.SnippetError as exc:\n"
            f"    Path({str(err)!r}).write_text(str(exc))\n"
            "    raise SystemExit(3)\n"
            "data = (r.stdout, r.figures, run._picklable(r.namespace), r.seconds)\n"
            f"Path({str(out)!r}).write_bytes(pickle.dumps(data))\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if err.is_file():
            raise SnippetError(err.read_text())
        if proc.returncode != 0 or not out.is_file():
            tail = "\n".join(proc.stderr.strip().splitlines()[-8:])
            raise SnippetError(f"{snippet.rel} crashed its process:\n{tail}")
        stdout, figures, namespace, seconds = pickle.loads(out.read_bytes())
    return Result(snippet, stdout, figures, namespace, seconds)


def _execute_here(snippet: Snippet) -> Result:
    """Run one snippet in a fresh namespace of this process."""
    _prepare_process()
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.rcdefaults()
    matplotlib.rcParams.update(FIGURE_STYLE)
    plt.close("all")
    _reset_frameworks()

    stdout = io.StringIO()
    saved_argv, saved_path, saved_modules = sys.argv[:], sys.path[:], set(sys.modules)
    sys.argv = [str(snippet.path)]
    sys.path.insert(0, str(snippet.path.parent))
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(stdout):
            namespace = runpy.run_path(str(snippet.path), run_name="__main__")
    except BaseException as exc:  # noqa: BLE001 - a snippet's SystemExit is a failure too
        tb = traceback.format_exception(type(exc), exc, exc.__traceback__)
        frames = [line for line in tb if snippet.path.name in line or not line.startswith("  ")]
        raise SnippetError(
            f"{snippet.rel} raised {type(exc).__name__}: {exc}\n"
            + "".join(frames[-6:])
            + f"Run `python {snippet.rel}` to reproduce it, fix the snippet, "
            "then run `nox -s outputs`."
        ) from exc
    finally:
        seconds = time.perf_counter() - start
        sys.argv, sys.path[:] = saved_argv, saved_path
        local = {p.stem for p in local_imports(snippet.path)}
        for name in set(sys.modules) - saved_modules:
            if name.split(".")[0] in local:
                del sys.modules[name]

    figures = []
    for number in plt.get_fignums():
        buffer = io.BytesIO()
        plt.figure(number).savefig(buffer, format="svg", metadata={"Date": None})
        figures.append(buffer.getvalue())
    plt.close("all")
    _reset_frameworks()
    return Result(snippet, stdout.getvalue(), figures, namespace, seconds)


def figure_names(snippet: Snippet, count: int) -> list[str]:
    stem = snippet.path.stem
    if count == 1:
        return [f"{stem}.svg"]
    return [f"{stem}-{i}.svg" for i in range(1, count + 1)]


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_outputs(result: Result) -> list[Path]:
    """Write the captured outputs and the manifest; return the files whose content changed."""
    snippet = result.snippet
    files: dict[str, bytes] = {}
    stdout_name = f"{snippet.path.stem}.txt" if result.stdout else None
    if stdout_name:
        files[stdout_name] = result.stdout.encode("utf-8")
    names = figure_names(snippet, len(result.figures))
    files.update(zip(names, result.figures, strict=True))
    manifest = {
        "snippet": snippet.rel,
        "format": FORMAT,
        "source_sha256": source_hash(snippet),
        "versions": library_versions(snippet.framework),
        "stdout": stdout_name,
        "figures": names,
    }
    files[snippet.manifest_path.name] = (json.dumps(manifest, indent=2) + "\n").encode()

    changed = [
        snippet.out_dir / n
        for n, data in files.items()
        if _write_if_changed(snippet.out_dir / n, data)
    ]
    # Drop outputs this snippet no longer produces (one figure fewer, no more printing).
    for old in snippet.out_dir.glob(f"{snippet.path.stem}*"):
        if old.name not in files and old.stem.split("-")[0] == snippet.path.stem:
            old.unlink()
            changed.append(old)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="*", help="snippet ids such as clipping/train_loop_torch")
    parser.add_argument("--force", action="store_true", help="rerun even if nothing changed")
    args = parser.parse_args(argv)

    try:
        snippets = [find(i) for i in args.ids] if args.ids else discover()
    except SnippetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    todo = [s for s in snippets if args.force or staleness(s)]
    print(f"{len(snippets)} snippets, {len(todo)} to run")
    failures = 0
    for snippet in todo:
        try:
            result = execute(snippet)
        except SnippetError as exc:
            failures += 1
            print(f"FAILED {exc}", file=sys.stderr)
            continue
        changed = write_outputs(result)
        note = ", ".join(p.relative_to(ROOT).as_posix() for p in changed) or "no change"
        print(f"  ran {snippet.rel} in {result.seconds:.1f} s: {note}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
