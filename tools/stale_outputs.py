"""Compare the outputs a notebook run makes with the outputs committed in the notebook.

`tools/test_notebooks.py` uses this: the run that tests a notebook also records each executed cell's fresh outputs,
and any difference from the committed ones fails the notebook. What is compared, per code cell that ran:

- the cell's stdout (all its stream outputs to stdout, joined, as Jupyter shows it: text a later `\r` overwrote is gone), and
- the `text/plain` and `text/markdown` of each displayed value and of the cell's result, in order.

Not compared: stderr (warnings, text progress bars), HTML, images, and widgets (a run without a notebook front end
makes text bars where Jupyter makes widgets). Before comparing, both sides go through `mask`, which replaces what
differs on every run with a placeholder (see MASKS). A cell whose output varies in some other way carries the
directive `#| varies`: its outputs are not compared.
"""
import difflib, re, tempfile
from pathlib import Path

import nbdev.test
from execnb.shell import CaptureShell
from fastcore.nbio import read_nb

WIDGET = "application/vnd.jupyter.widget-view+json"
COMPARED = ("text/markdown", "text/plain")
VARIES = "varies"  # the cell directive `#| varies`

_tmp = re.escape(tempfile.gettempdir().rstrip("/"))
MASKS = [  # (what, pattern, placeholder), applied in this order
    ("uuid", r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b", "<uuid>"),
    ("memory address", r"\b0x[0-9a-fA-F]{6,}\b", "<address>"),
    ("temporary path", rf"(?:{_tmp}|/tmp|/var/folders)/[^\s'\"),\]}}]*", "<tmp>"),
    ("loopback port", r"\b(127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\]):\d{2,5}\b", r"\1:<port>"),
    ("date and time", r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", "<time>"),
    ("clock time", r"\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b", "<time>"),
    ("Unix time", r"\b(?:1[6-9]|20)\d{8}(?:\.\d+)?\b", "<time>"),
    ("measured duration", r"\b\d+\.\d+ ?(?:ns|µs|us|ms|s|sec|secs|seconds|min|minutes)\b", "<duration>"),
    ("progress bar's drawing", r"(\d+%)\|[^|\n]*\|", r"\1|<bar>|"),  # its characters depend on the output's encoding
    ("progress bar's clock and rate", r"\[\d{2}:\d{2}(?::\d{2})?<[^,\]]*, *(?:\?|[\d.]+)[^\s,\]]*/s", "[<elapsed>, <rate>"),
]
CARRIAGE_RETURN = re.compile(r"[^\n]*\r(?=[^\n])")  # a line a later `\r` overwrote: Jupyter shows only the last
_MASKS = [(re.compile(pattern), placeholder) for _, pattern, placeholder in MASKS]


def mask(text: str) -> str:
    "`text` with every run-dependent part (MASKS) replaced by its placeholder."
    for pattern, placeholder in _MASKS: text = pattern.sub(placeholder, text)
    return text


def _text(value) -> str: return "".join(value) if isinstance(value, list) else str(value)


def compared_text(outputs) -> str:
    "The part of a cell's outputs that must not go stale, masked, as one text."
    stdout = "".join(_text(o.get("text", "")) for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stdout")
    stdout = CARRIAGE_RETURN.sub("", stdout)  # a text bar's updates: what is left on screen is compared
    parts = [f"[stdout]\n{stdout}"] if stdout else []
    for o in outputs:
        data = o.get("data", {})
        if o.get("output_type") not in ("display_data", "execute_result") or WIDGET in data: continue
        parts += [f"[{mime}]\n{_text(data[mime])}" for mime in COMPARED if mime in data]
    return mask("\n".join(part.rstrip("\n") for part in parts).replace("\r\n", "\n"))


def stale_cells(committed_nb, executed_nb, ran: list[int], notebook: str, max_lines: int = 40) -> list[str]:
    "A report for each cell that ran (indices `ran`) whose fresh outputs differ from the committed ones."
    reports = []
    for i in ran:
        fresh, old = executed_nb.cells[i], committed_nb.cells[i]
        if VARIES in (getattr(fresh, "directives_", None) or {}): continue
        before, after = compared_text(old.get("outputs", [])), compared_text(fresh.get("outputs", []))
        if before == after: continue
        first = next((l for l in old.source.splitlines() if l.strip() and not l.startswith("#|")), "")
        diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), "committed", "this run", lineterm="", n=1))
        if len(diff) > max_lines: diff = diff[:max_lines] + [f"... ({len(diff) - max_lines} more lines)"]
        reports.append(f"STALE {notebook} cell {i} (id {old.get('id', '?')}): {first[:80]}\n" + "\n".join("    " + l for l in diff))
    return reports


# ---- the run that tests a notebook also records its outputs --------------------------------------------------------
# This lives in a module (not in the script) so that worker processes find `run_notebook` by its module name: a
# notebook's shell replaces `sys.modules["__main__"]`.

class RecordingShell(CaptureShell):
    "nbdev's test shell, keeping the notebook it ran and which cells it executed."
    last = None

    def run_all(self, nb, *args, **kwargs):
        RecordingShell.last = (nb, [])
        return super().run_all(nb, *args, **kwargs)

    def cell(self, cell, *args, **kwargs):
        if cell.cell_type == "code": RecordingShell.last[1].append(cell.idx_)
        return super().cell(cell, *args, **kwargs)


nbdev.test.CaptureShell = RecordingShell  # `test_nb` makes its shell by this name: one run both tests and records


def run_notebook(fn, compare=True, **kwargs):
    "Test one notebook with nbdev's `test_nb`; also return the reports of its stale cells (when it passed)."
    RecordingShell.last = None
    ok, seconds = nbdev.test.test_nb(fn, **kwargs)
    stale = []
    if ok and compare and RecordingShell.last is not None:
        executed, ran = RecordingShell.last
        stale = stale_cells(read_nb(fn), executed, ran, Path(fn).name)
    return ok, seconds, stale
