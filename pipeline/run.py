"""Run snippets and walkthroughs and capture what they print and plot.

    snippets/<topic>/<name>_<fw>.py  --run-->  docs/outputs/<topic>/<name>_<fw>.txt   (stdout)
                                                docs/outputs/<topic>/<name>_<fw>.svg   (figures)
                                                docs/outputs/<topic>/<name>_<fw>.json  (manifest)

    docs/walkthroughs/<name>.py      --run-->  docs/outputs/walkthroughs/<name>.txt   (stdout,
                                                                         cell by cell)
                                                docs/outputs/walkthroughs/<name>-<n>.svg (figures)
                                                docs/outputs/walkthroughs/<name>.ipynb (the
                                                       executed code cells and their outputs)
                                                docs/outputs/walkthroughs/<name>.json (manifest)

`<fw>` is `torch` or `tf`: `train_loop_torch.py` and `train_loop_tf.py` are the two tabs of the
example `clipping/train_loop`. Files whose name starts with `_` are helpers, not snippets. A
walkthrough is a notebook in jupytext's percent format; its code cells run in order in one
namespace, as in a kernel, with the same figure style and reset as a snippet.

The manifest records a hash of the source (a snippet and the local files it imports; the code
cells of a walkthrough), of the figure style, and the library releases it ran with. Whatever
still matches its manifest is not run again, and a file is only written when its content
changes. Usage (`nox -s outputs` wraps it):

    python -m pipeline.run              # rerun what changed
    python -m pipeline.run --force      # rerun everything
    python -m pipeline.run clipping/train_loop_torch walkthroughs/keras-rnn   # only these
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import linecache
import os
import pickle
import re
import runpy
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.outputs import (
    CELL_MARK,
    FIGURE_STYLE,
    FORMAT,
    ROOT,
    Snippet,
    SnippetError,
    Source,
    Walkthrough,
    discover_all,
    figure_names,
    find,
    library_versions,
    local_imports,
    source_hash,
    staleness,
    style_hash,
)


@dataclass
class Result:
    snippet: Source
    stdout: str
    figures: list[bytes]
    namespace: dict = field(repr=False)
    seconds: float = 0.0
    # Walkthroughs: per code cell, its outputs in order: ("stream", text), ("figure", svg bytes)
    # or ("result", repr of the cell's last expression).
    cells: list[list[tuple[str, object]]] | None = field(default=None, repr=False)


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
    """Undo global state one snippet could leak into the next (names, debug modes, dtypes)."""
    if "keras" in sys.modules:
        keras = sys.modules["keras"]
        keras.utils.clear_session()  # also resets the dtype policy to follow floatx
        keras.config.set_floatx("float32")
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].debugging.disable_check_numerics()
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        torch.autograd.set_detect_anomaly(False)
        torch.set_default_dtype(torch.float32)


def _start_figures() -> None:
    """A clean matplotlib with the site's figure style, as every run starts."""
    _prepare_process()
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.rcdefaults()
    matplotlib.rcParams.update(FIGURE_STYLE)
    plt.close("all")


def _take_figures() -> list[bytes]:
    """Every open figure as SVG, in the order they were made; then close them."""
    import matplotlib.pyplot as plt

    figures = []
    for number in plt.get_fignums():
        buffer = io.BytesIO()
        plt.figure(number).savefig(buffer, format="svg", metadata={"Date": None})
        figures.append(buffer.getvalue())
    plt.close("all")
    return figures


# Snippets that must start from a fresh interpreter: TensorFlow's devices can only be configured
# before it first runs, and process groups want a clean process. They run in a child process.
NEEDS_OWN_PROCESS = ("set_logical_device_configuration", "torch.distributed", "mp.spawn")


def needs_own_process(snippet: Source) -> bool:
    if isinstance(snippet, Walkthrough):
        return False
    source = snippet.path.read_text(encoding="utf-8")
    return any(marker in source for marker in NEEDS_OWN_PROCESS)


def execute(snippet: Source) -> Result:
    """Run one snippet or walkthrough and capture its stdout and figures.

    Snippets run in a fresh namespace of this process, so torch and TensorFlow are imported
    once for all of them; the few that need a fresh interpreter (NEEDS_OWN_PROCESS) run in a
    child process, which sends back the picklable part of their namespace.
    """
    if isinstance(snippet, Walkthrough):
        return _execute_walkthrough(snippet)
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
    _start_figures()
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

    figures = _take_figures()
    _reset_frameworks()
    return Result(snippet, stdout.getvalue(), figures, namespace, seconds)


def _execute_walkthrough(walkthrough: Walkthrough) -> Result:
    """Run a notebook's code cells in order in one namespace, as a kernel does: each cell's
    printed text, its figures (at `plt.show()` and at the end of the cell, as the inline
    backend shows them) and the value of its last expression become the cell's outputs. A cell
    that raises or writes to stderr (a warning) is an error: the page would show it."""
    import warnings

    import matplotlib.pyplot as plt

    _start_figures()
    _reset_frameworks()
    rel = walkthrough.rel
    namespace: dict = {"__name__": "__main__"}
    cells: list[list[tuple[str, object]]] = []
    start = time.perf_counter()
    saved_show = plt.show
    try:
        for number, cell in enumerate(walkthrough.code_cells(), start=1):
            outputs: list[tuple[str, object]] = []
            stdout, stderr = io.StringIO(), io.StringIO()
            printed = 0

            def flush(*_args, outputs=outputs, stdout=stdout, **_kwargs) -> None:
                nonlocal printed
                text = stdout.getvalue()[printed:]
                printed += len(text)
                if text:
                    outputs.append(("stream", text))
                outputs.extend(("figure", svg) for svg in _take_figures())

            plt.show = flush
            filename = f"<{walkthrough.path.name} cell {number}>"
            # Register the source so that inspect (tf.function's AutoGraph) can read it.
            lines = cell.source.splitlines(keepends=True)
            linecache.cache[filename] = (len(cell.source), None, lines, filename)
            try:
                tree = ast.parse(cell.source, filename)
                last = (
                    tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
                )
                with (
                    contextlib.redirect_stdout(stdout),
                    contextlib.redirect_stderr(stderr),
                    warnings.catch_warnings(),
                ):
                    warnings.simplefilter("always")
                    exec(compile(tree, filename, "exec"), namespace)  # noqa: S102
                    value = None
                    if last is not None:
                        expression = ast.Expression(last.value)
                        value = eval(compile(expression, filename, "eval"), namespace)  # noqa: S307
                    flush()
            except Exception as exc:  # noqa: BLE001 - any error of a cell is the reader's error
                raise SnippetError(
                    f"{rel}: code cell {number} raised {type(exc).__name__}: {exc}\n"
                    + "".join(traceback.format_exception(exc)[-3:])
                    + f"Run `python {rel}` to reproduce it (the file is a plain script), fix the "
                    "cell, then run `nox -s outputs`."
                ) from exc
            if value is not None:
                outputs.append(("result", repr(value)))
            if stderr.getvalue():
                raise SnippetError(
                    f"{rel}: code cell {number} wrote to stderr: {stderr.getvalue()[:300]!r}. "
                    "Silence or fix the warning: the page must not show it."
                )
            cells.append(outputs)
    finally:
        plt.show = saved_show
        plt.close("all")
        _reset_frameworks()
    seconds = time.perf_counter() - start
    text = []
    figures = []
    for number, outputs in enumerate(cells, start=1):
        printed_text = "".join(str(data) for kind, data in outputs if kind != "figure")
        if printed_text:
            text.append(CELL_MARK.format(number) + "\n" + printed_text.rstrip("\n") + "\n")
        figures += [data for kind, data in outputs if kind == "figure"]
    return Result(walkthrough, "".join(text), figures, namespace, seconds, cells)


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def executed_notebook(result: Result) -> str:
    """The code cells of a walkthrough with the outputs of this run, as .ipynb (nbformat 4).

    It holds no prose: the site adds the Markdown cells of the page's language (see
    pipeline/docsite/notebooks.py) and publishes the whole notebook as the page's download."""
    import nbformat

    walkthrough = result.snippet
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for number, (cell, outputs) in enumerate(
        zip(walkthrough.code_cells(), result.cells, strict=True), start=1
    ):
        code = nbformat.v4.new_code_cell(cell.source, execution_count=number)
        code.id = f"code-{number}"
        for kind, data in outputs:
            if kind == "stream":
                code.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=data))
            elif kind == "figure":
                svg = data.decode("utf-8")
                code.outputs.append(
                    nbformat.v4.new_output("display_data", data={"image/svg+xml": svg})
                )
            else:
                code.outputs.append(
                    nbformat.v4.new_output(
                        "execute_result", data={"text/plain": data}, execution_count=number
                    )
                )
        notebook.cells.append(code)
    return nbformat.writes(notebook)


def _belongs_to(name: str, stem: str) -> bool:
    """`name` is an output file of the snippet or walkthrough `stem` (stem.txt, stem-2.svg)."""
    return re.fullmatch(re.escape(stem) + r"(-\d+)?\.(txt|svg|json|ipynb)", name) is not None


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
        "source": snippet.rel,
        "format": FORMAT,
        "source_sha256": source_hash(snippet),
        "style": style_hash(),
        "versions": library_versions(snippet.frameworks),
        "stdout": stdout_name,
        "figures": names,
    }
    if isinstance(snippet, Walkthrough):
        manifest["notebook"] = snippet.notebook_path.name
        files[snippet.notebook_path.name] = executed_notebook(result).encode("utf-8")
    files[snippet.manifest_path.name] = (json.dumps(manifest, indent=2) + "\n").encode()

    changed = [
        snippet.out_dir / n
        for n, data in files.items()
        if _write_if_changed(snippet.out_dir / n, data)
    ]
    # Drop outputs this snippet no longer produces (one figure fewer, no more printing).
    for old in snippet.out_dir.glob(f"{snippet.path.stem}*"):
        if old.name not in files and _belongs_to(old.name, snippet.path.stem):
            old.unlink()
            changed.append(old)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "ids", nargs="*", help="ids such as clipping/train_loop_torch or walkthroughs/keras-rnn"
    )
    parser.add_argument("--force", action="store_true", help="rerun even if nothing changed")
    args = parser.parse_args(argv)

    try:
        snippets = [find(i) for i in args.ids] if args.ids else discover_all()
    except SnippetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    todo = [s for s in snippets if args.force or staleness(s)]
    print(f"{len(snippets)} snippets and walkthroughs, {len(todo)} to run")
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
