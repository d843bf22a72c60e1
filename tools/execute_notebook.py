"""Execute notebooks in place as a contributor commits them, then clean them with nbdev-clean.

    python tools/execute_notebook.py nbs/02_asynchronous.ipynb [more.ipynb ...]

Each notebook runs in its own folder (as Jupyter runs it), with a 900 s limit per cell. Stream outputs are kept as
Jupyter itself saves them: one output per stream, and text that a later carriage return overwrote (a text progress
bar's updates) removed, so a bar commits as the line it ends on.
"""
import subprocess, sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3", coalesce_streams=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)


if __name__ == "__main__":
    paths = [Path(p).resolve() for p in sys.argv[1:]]
    if not paths: sys.exit(__doc__)
    for path in paths:
        print(f"executing {path.name}", flush=True)
        execute(path)
    sys.exit(subprocess.run(["nbdev-clean"]).returncode)
