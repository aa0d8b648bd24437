"""The outputs contract, shared by the runner (pipeline/run.py) and the site (pipeline/docsite/).

    snippets/<topic>/<name>_<fw>.py   -> docs/outputs/<topic>/<name>_<fw>.{txt,svg,json}
    docs/walkthroughs/<name>.py       -> docs/outputs/walkthroughs/<name>.{txt,svg,ipynb,json}

Where sources and outputs live, what a manifest records (a hash of the source, of the figure
style, and the library releases) and when committed outputs are stale. It imports nothing but
the standard library (jupytext to read a walkthrough's cells), so the docs build, which must not
need torch or TensorFlow, checks staleness with the same code that writes the manifests.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
OUTPUTS = ROOT / "docs" / "outputs"

WALKTHROUGHS = ROOT / "docs" / "walkthroughs"

FRAMEWORKS = {"torch": "PyTorch", "tf": "TensorFlow"}  # file suffix -> tab label
LIBRARIES = {  # libraries whose release decides an output, per framework
    "torch": ("torch", "numpy", "matplotlib"),
    "tf": ("tensorflow", "keras", "numpy", "matplotlib"),
}
# TensorFlow is published under several names: the CPU-only wheel is tensorflow-cpu.
DISTRIBUTIONS = {"tensorflow": ("tensorflow-cpu", "tensorflow", "tensorflow-macos")}
# Bump when the capture format changes: every output is regenerated. The figure style below is
# hashed into every manifest, so a change of style needs no bump.
FORMAT = 2

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
    """A snippet or walkthrough is misnamed, raised an exception, or its outputs are missing or
    stale."""


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
    def frameworks(self) -> tuple[str, ...]:  # ("torch",) or ("tf",)
        return (self.path.stem.rsplit("_", 1)[1],)

    @property
    def framework(self) -> str:  # "torch" or "tf"
        return self.frameworks[0]

    @property
    def example(self) -> str:  # "clipping/train_loop"
        return self.id.rsplit("_", 1)[0]

    @property
    def out_dir(self) -> Path:
        return OUTPUTS / self.path.parent.relative_to(SNIPPETS)

    @property
    def manifest_path(self) -> Path:
        return self.out_dir / f"{self.path.stem}.json"

    def hashed_files(self) -> list[Path]:
        return [self.path, *local_imports(self.path)]


@dataclass(frozen=True)
class Walkthrough:
    """A notebook under docs/walkthroughs/ (jupytext percent format), run like a snippet."""

    path: Path

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    @property
    def id(self) -> str:  # "walkthroughs/keras-rnn"
        return f"walkthroughs/{self.path.stem}"

    @property
    def out_dir(self) -> Path:
        return OUTPUTS / "walkthroughs"

    @property
    def manifest_path(self) -> Path:
        return self.out_dir / f"{self.path.stem}.json"

    @property
    def notebook_path(self) -> Path:
        return self.out_dir / f"{self.path.stem}.ipynb"

    def code_cells(self) -> list:
        return code_cells(self.path)

    @property
    def frameworks(self) -> tuple[str, ...]:
        code = "\n".join(cell.source for cell in self.code_cells())
        found = []
        if re.search(r"^\s*(import|from) torch\b", code, re.M):
            found.append("torch")
        if re.search(r"^\s*(import|from) (tensorflow|keras)\b", code, re.M):
            found.append("tf")
        return tuple(found)


Source = Snippet | Walkthrough


def code_cells(path: Path) -> list:
    """The code cells of a notebook file (.py in jupytext percent format, or .ipynb)."""
    import jupytext

    return [cell for cell in jupytext.read(path).cells if cell.cell_type == "code"]


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


def walkthroughs(root: Path = WALKTHROUGHS) -> list[Walkthrough]:
    """The walkthrough notebooks, sorted; translations (`<name>.zh-TW.py`) share their outputs."""
    return [Walkthrough(p) for p in sorted(root.glob("*.py")) if "." not in p.stem]


def discover_all() -> list[Source]:
    return [*discover(), *walkthroughs()]


def find(source_id: str) -> Source:
    """A snippet ("clipping/train_loop_torch") or a walkthrough ("walkthroughs/keras-rnn")."""
    if source_id.startswith("walkthroughs/"):
        path = WALKTHROUGHS / f"{source_id.removeprefix('walkthroughs/')}.py"
        if not path.is_file():
            raise SnippetError(f"docs/{source_id}.py does not exist")
        return Walkthrough(path)
    path = SNIPPETS / f"{source_id}.py"
    if not path.is_file():
        raise SnippetError(f"snippets/{source_id}.py does not exist")
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


def source_hash(source: Source) -> str:
    """What decides the output: a snippet's files, or a walkthrough's code cells (its prose does
    not: editing it, or translating it, needs no rerun)."""
    digest = hashlib.sha256()
    digest.update(source.rel.encode())
    if isinstance(source, Walkthrough):
        for cell in source.code_cells():
            digest.update(b"\0" + cell.source.encode())
        return digest.hexdigest()
    for path in source.hashed_files():
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def style_hash() -> str:
    return hashlib.sha256(json.dumps(FIGURE_STYLE, sort_keys=True).encode()).hexdigest()[:16]


def release(version: str) -> str:
    """The release of a version: `2.13.0+cpu` (a local build label) is release `2.13.0`."""
    return version.split("+", 1)[0]


def library_versions(frameworks: str | tuple[str, ...]) -> dict[str, str]:
    """The releases of the libraries that decide an output; installs that differ only in their
    build label (`+cpu`, `+cu128`) are the same release and give the same outputs."""
    names: list[str] = []
    for framework in (frameworks,) if isinstance(frameworks, str) else frameworks:
        names += [n for n in LIBRARIES[framework] if n not in names]
    versions = {}
    for name in names:
        for distribution in DISTRIBUTIONS.get(name, (name,)):
            try:
                versions[name] = release(metadata.version(distribution))
                break
            except metadata.PackageNotFoundError:
                continue
        else:
            versions[name] = "not installed"
    return versions


def read_manifest(source: Source) -> dict | None:
    try:
        return json.loads(source.manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def staleness(source: Source, versions: bool = True) -> str | None:
    """Why the committed outputs of `source` are out of date, or None when they are current.

    With versions=False only the source and the figure style are compared, which needs no torch
    or TensorFlow installed (the docs build uses that).
    """
    manifest = read_manifest(source)
    if manifest is None:
        return f"{source.rel} has no captured output yet"
    if manifest.get("format") != FORMAT:
        return f"the outputs of {source.rel} were captured in an older format"
    if manifest.get("source_sha256") != source_hash(source):
        if isinstance(source, Walkthrough):
            return f"the code cells of {source.rel} changed after their output was captured"
        return f"{source.rel} changed after its output was captured"
    if manifest.get("style") != style_hash():
        return f"the figures of {source.rel} were drawn with another FIGURE_STYLE"
    if versions:
        installed = library_versions(source.frameworks)
        if manifest.get("versions") != installed:
            return (
                f"the output of {source.rel} was captured with {manifest.get('versions')}, "
                f"but {installed} are installed"
            )
    missing = [
        name
        for name in [manifest.get("stdout"), manifest.get("notebook"), *manifest.get("figures", [])]
        if name and not (source.out_dir / name).is_file()
    ]
    if missing:
        return f"outputs of {source.rel} are missing: {', '.join(missing)}"
    return None


CELL_MARK = "--- code cell {} ---"  # heads each cell's printed output in <name>.txt


def figure_names(snippet: Source, count: int) -> list[str]:
    stem = snippet.path.stem
    if count == 1:
        return [f"{stem}.svg"]
    return [f"{stem}-{i}.svg" for i in range(1, count + 1)]


def svg_size_of(data: bytes) -> tuple[int, int] | None:
    """Width and height in CSS pixels of a matplotlib SVG (its size is given in points)."""
    head = data[:2000].decode("utf-8", "replace")
    w = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', head)
    h = re.search(r'<svg[^>]*\sheight="([\d.]+)pt"', head)
    if w and h:
        return round(float(w[1]) * 4 / 3), round(float(h[1]) * 4 / 3)
    return None
