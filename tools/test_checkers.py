"""Tests of the docs checks and the stale-output comparison: each must flag a planted defect and pass a clean case.

    python tools/test_checkers.py      # a few seconds; prints `checkers: N passed`
"""
import json, sys, tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fastcore.nbio import dict2nb
from docs_checks import api_problems, check_progress, check_site, pandoc_id, set_pandoc_ids
from stale_outputs import compared_text, mask, stale_cells

passed = 0
def check(got, expected, what):
    global passed
    assert got == expected, f"{what}: got {got!r}, expected {expected!r}"
    passed += 1

# pandoc's ids, with the examples of pandoc's manual
for text, ident in [("Heading identifiers in HTML", "heading-identifiers-in-html"), ("Maître d'hôtel", "maître-dhôtel"),
                    ("Dogs?--in my house?", "dogs--in-my-house"), ("[HTML], [S5], or [RTF]?", "html-s5-or-rtf"),
                    ("3. Applications", "applications"), ("33", "section"), ("Guarantees, tested", "guarantees-tested"),
                    ("CacheBackend.lease", "cachebackend.lease")]:
    check(pandoc_id(text), ident, f"pandoc_id({text!r})")
page = set_pandoc_ids('<h2 id="Using-it">Using it<a class="anchor-link" href="#Using-it">¶</a></h2><h2 id="x">Using it</h2>')
check(('id="using-it"' in page, 'href="#using-it"' in page, 'id="using-it-1"' in page), (True, True, True), "set_pandoc_ids")

# links and raw markdown, on a two-page site
site = Path(tempfile.mkdtemp())
(site / "a.html").write_text('<h2 id="top-part">Top part</h2><p><a href="b.html#end">ok</a> <a href="#top-part">ok</a> '
                             '<a href="https://example.org/x#y">external</a> <code>[x](y)</code></p>')
(site / "b.html").write_text('<h2 id="end">End</h2><p><a href="https://docs.example/lib/a.html#top-part">ok</a></p>')
check(check_site(site, "https://docs.example/lib/", {"a.html": "a.html", "b.html": "b.html"}), [], "a clean site")
(site / "b.html").write_text('<h2 id="end">End</h2><p>[<a href="x">name</a>](a.ipynb) <a href="c.html">gone</a> '
                             '<a href="a.html#Top-part">case</a> <a href="https://docs.example/lib/a.html#nope">api</a></p>')
found = check_site(site, "https://docs.example/lib/", {"a.html": "a.html", "b.html": "b.html"})
check(len(found), 5, "planted link defects")  # raw markup, missing page x and c.html, a wrong-case anchor, an api anchor
check(sum("[markdown]" in f for f in found), 1, "raw markdown link")

# the API reference
check(api_problems("summarise", "def summarise(\n    codec:Codec=Codec('pickle'), # how\n)->list[Row]:"), [], "a clean entry")
for name, sig, what in [("_Totals.__enter__", "def __enter__():", "private name"),
                        ("Provider.__enter__", "def __enter__()->Provider:", "bold"),
                        ("f", "def f(\n    x:__main__.Codec\n):", "__main__."),
                        ("f", "def f(\n    codec:Codec=Codec(name='pickle', encode=functools.partial(<built-in function dumps>)),\n):", "repr"),
                        ("f", "def f(\n    since:NoneType=None, # from\n):", "NoneType"),
                        ("f", "def f()->_Private:", "private name in the signature"),
                        ("Rec", "def Rec(\n    *args, **kwargs\n):", "(*args, **kwargs)")]:
    problems = api_problems(name, sig)
    check(len(problems) == 1 and what.split()[0].strip("_.") in problems[0], True, f"api: {what}: {problems}")
check(api_problems("ConnectionError", "def ConnectionError(\n    *args, **kwargs\n):", "builtins"), [],
      "an exception keeps (*args, **kwargs)")  # the entry's object is found through its notebook's module

# text progress bars in committed outputs
nbs = Path(tempfile.mkdtemp())
cell = {"cell_type": "code", "id": "c1", "metadata": {}, "source": "x", "execution_count": None,
        "outputs": [{"output_type": "stream", "name": "stderr", "text": "warning: fine\n"}]}
nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
(nbs / "n.ipynb").write_text(json.dumps(nb))
check(check_progress(nbs), [], "a stderr warning is not a progress bar")
cell["outputs"][0]["text"] = "\rWorking:   0%|          | 0/3 [00:00<?, ?it/s]"
(nbs / "n.ipynb").write_text(json.dumps(nb))
check(len(check_progress(nbs)), 1, "a text progress bar")
cell["outputs"] = [{"output_type": "display_data", "metadata": {}, "data": {
    "application/vnd.jupyter.widget-view+json": {"model_id": "b40d", "version_major": 2, "version_minor": 0},
    "text/plain": "Looking up:   0%|          | 0/20 [00:00<?, ?call/s]"}}]
(nbs / "n.ipynb").write_text(json.dumps(nb))
check(len(check_progress(nbs)), 1, "a widget progress bar")
cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "Looking up: 100%|##########| 20/20 [00:00<00:00, 99.1call/s]\n"}]
(nbs / "n.ipynb").write_text(json.dumps(nb))
check(check_progress(nbs), [], "a text bar on stdout, as it ended, is output")

# stale outputs: masking, what is compared, `#| varies`
check(mask("http://127.0.0.1:44457/v1 at 2026-12-03T12:57:53Z took 0.13 s, 3 s, id chatcmpl-c5ba41e0-b538-4208-b2ec-5344e426a6d2, "
           "<object at 0x7f3a2c1b9d00>, /tmp/tmpk3j_x9/ledger.db, created=1795976181"),
      "http://127.0.0.1:<port>/v1 at <time> took <duration>, 3 s, id chatcmpl-<uuid>, <object at <address>>, <tmp>, created=<time>",
      "mask")
out = lambda text, err="": [{"output_type": "stream", "name": "stdout", "text": text},
                            {"output_type": "stream", "name": "stderr", "text": err}]
check(compared_text(out("entries: 60\n", "bar 10%")), compared_text(out("entries: 60\n", "bar 90%")), "stderr is not compared")
bar = lambda end, hits: out(f"\rRun:   0%|  | 0/20 [00:00<?, ?call/s]\rRun: 100%|##| 20/20 [{end}, hits={hits}]\n")
check(compared_text(bar("00:00<00:00, 8098.68call/s", 7)), compared_text(out("Run: 100%|██| 20/20 [00:01<00:00, 17.2call/s, hits=7]\n")),
      "a text bar: the line it ends on, its clock and rate masked")
check(compared_text(bar("00:00<00:00, 8098.68call/s", 7)) == compared_text(bar("00:00<00:00, 8098.68call/s", 6)), False,
      "a text bar's counts are compared")
mk = lambda outputs, source="x": dict2nb({"cells": [{"cell_type": "code", "id": "c1", "metadata": {}, "source": source,
                                                      "outputs": outputs, "execution_count": None}], "metadata": {}})
committed = mk(out("entries: 60\n"))
check(stale_cells(committed, mk(out("entries: 60\n")), [0], "n.ipynb"), [], "same output")
check(len(stale_cells(committed, mk(out("entries: 72\n")), [0], "n.ipynb")), 1, "stale output")
check(stale_cells(committed, mk(out("entries: 60\n")), [], "n.ipynb"), [], "a cell that did not run")
varies = mk(out("entries: 72\n"), "#| varies\nx")
varies.cells[0].directives_ = {"varies": []}
check(stale_cells(committed, varies, [0], "n.ipynb"), [], "#| varies")
print(f"checkers: {passed} passed")
