"""Checks that the rendered docs can be trusted; `tools/render_docs.py --check` runs them after rendering.

    python tools/docs_checks.py            # check the _docs/ and _proc/ that render_docs.py last wrote, and nbs/
    python tools/docs_checks.py --site DIR --proc DIR --nbs DIR   # check another copy (e.g. one with a planted defect)

Each finding is one line, `page: [check] what is wrong (where)`; the exit code is 1 when there is any.

- links:   every relative link reaches a page of the site, and every `#anchor` (also in links to the published site,
           `doc_url` in pyproject.toml, and in README.md's links there) is an id on the target page. Heading ids are
           the ones Quarto (pandoc) gives the published site: the heading's text lowercased, spaces to `-`, only
           letters, digits, `_`, `-`, `.` kept ("Guarantees, tested" -> `guarantees-tested`; nbconvert's own ids keep
           case and punctuation, `Guarantees,-tested`); `render_docs.py` gives the offline pages pandoc's ids.
- markdown: no markdown link syntax (`[text](url)`, `](url)`) shows as text on a page: it does when a link is
           written inside another, e.g. around a backticked name that nbdev already turns into a link.
- api:     the API reference (the `show_doc` entries nbdev writes into `_proc/`) shows public names only, no `__main__.`,
           no object reprs as defaults, no `(*args, **kwargs)` for a class that takes fields, and no dunder name whose
           underscores markdown turns into bold.
- progress: no committed output is a text progress bar on stderr (a runner without widgets wrote tqdm's text bar),
  nor a widget (a progress bar that renders blank: the widget's state is not committed).
"""
import argparse, importlib, json, re, sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString


# ---- ids as pandoc (Quarto) makes them ---------------------------------------------------------------------------

def pandoc_id(text: str) -> str:
    "The id pandoc's `auto_identifiers` gives a heading whose text (formatting removed) is `text`."
    kept = "".join(c for c in text.lower() if c.isalnum() or c in "_-." or c.isspace())
    ident = "-".join(kept.split())
    ident = ident[next((i for i, c in enumerate(ident) if c.isalpha()), len(ident)):]
    return ident or "section"


def heading_text(tag) -> str:
    "A heading's text as a reader sees it, without nbconvert's `¶` anchor link."
    return "".join(s for s in tag.find_all(string=True) if not (s.parent.name == "a" and "anchor-link" in s.parent.get("class", [])))


def set_pandoc_ids(page_html: str) -> str:
    "Give every heading of an nbconvert page the id pandoc would give it (duplicates get `-1`, `-2`, ...)."
    soup = BeautifulSoup(page_html, "html.parser")
    seen = {}
    for h in soup.find_all(re.compile(r"^h[1-6]$")):
        base = pandoc_id(heading_text(h))
        ident = base if base not in seen else f"{base}-{seen[base]}"
        seen[base] = seen.get(base, 0) + 1
        h["id"] = ident
        for a in h.find_all("a", class_="anchor-link"): a["href"] = f"#{ident}"
    return str(soup)


# ---- the rendered site ---------------------------------------------------------------------------------------------

NOT_PROSE = {"pre", "code", "script", "style", "textarea"}
RAW_LINK = re.compile(r"\[[^\]\n]*\]\([^)\s]*\)|\]\([^)\s]+\)")


def page_ids(soup) -> set:
    return {t["id"] for t in soup.find_all(id=True)} | {t["name"] for t in soup.find_all("a", attrs={"name": True})}


def section_of(tag) -> str:
    "The heading a tag sits under, to say where on the page a finding is."
    h = tag.find_previous(re.compile(r"^h[1-6]$"))
    return f'under "{heading_text(h).strip()}"' if h else "at the top"


def check_site(site: Path, doc_url: str = "", published: dict | None = None, readme: Path | None = None) -> list[str]:
    """Findings of the `links` and `markdown` checks over the HTML pages in `site` (and the links of `readme`).
    `published` maps a page's path on the published site (`llm/completions.html`) to its path in `site`."""
    pages = {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
             for p in sorted(site.rglob("*.html"))}
    ids = {name: page_ids(soup) for name, soup in pages.items()}
    doc_url = doc_url.rstrip("/") + "/" if doc_url else ""
    findings = []
    for name, soup in pages.items():
        findings += _link_findings(name, [(a["href"], lambda a=a: section_of(a)) for a in soup.find_all("a", href=True)],
                                   pages, ids, site, doc_url, published)
        for text in soup.find_all(string=RAW_LINK):
            if isinstance(text, NavigableString) and not any(p.name in NOT_PROSE for p in text.parents):
                for m in RAW_LINK.finditer(text):
                    findings.append(f"{name}: [markdown] raw link markup shown as text: {m.group()!r} ({section_of(text)})")
    if readme and readme.exists():  # README.md links to the published site
        links = [(m[1], f"line {readme.read_text(encoding='utf-8')[:m.start()].count(chr(10)) + 1}")
                 for m in re.finditer(r"\]\((https?://[^)\s]+)\)", readme.read_text(encoding="utf-8"))]
        findings += _link_findings(readme.name, links, pages, ids, site, doc_url, published, external_only=True)
    return findings


def _link_findings(name, links, pages, ids, site, doc_url, published, external_only=False) -> list[str]:
    "Findings for the links `(href, where)` of page `name`: each must reach a page, and its anchor an id there."
    findings = []
    for href, where in links:
        url, at = urlsplit(href), (where if callable(where) else lambda where=where: where)
        if doc_url and href.startswith(doc_url):  # a link to the published site, as nbdev writes API links
            target = (published or {}).get(url.path.removeprefix(urlsplit(doc_url).path))
            if target is None:
                findings.append(f"{name}: [links] {href} is not a page of the published site ({at()})")
                continue
        elif external_only or url.scheme or url.netloc or href.startswith(("mailto:", "javascript:")): continue
        elif not url.path: target = name
        else:
            target = "/".join(_normalise((Path(name).parent / unquote(url.path)).as_posix().split("/")))
            if target not in pages and not (site / target).exists():
                findings.append(f"{name}: [links] {href}: no page {target} ({at()})")
                continue
        if url.fragment and target in ids and unquote(url.fragment) not in ids[target]:
            findings.append(f"{name}: [links] {href}: {target} has no id #{url.fragment} ({at()})")
    return findings


def _normalise(parts):
    out = []
    for part in parts:
        if part == "..": out = out[:-1]
        elif part not in (".", ""): out.append(part)
    return out


# ---- the API reference in _proc/ -----------------------------------------------------------------------------------

SHOW_DOC = re.compile(r"^#{2,4} (?P<name>.+?)\n\n```python\n(?P<sig>.*?)\n```", re.S | re.M)
OBJECT_REPR = re.compile(r"<[\w .]+ at 0x[0-9a-f]+>|<(built-in )?(function|method|bound method|module|class) [^>]*>|"
                         r"functools\.partial\(|=[A-Z]\w*\((\w+=|\*)")
PRIVATE = re.compile(r"(?<![\w])_[A-Za-z]\w*")  # `_Totals`, `adulib._x`; `__main__` and dunders are not matched
DUNDER, BOLD = re.compile(r"__(\w+?)__"), r"\1"


def notebook_module(nb_path: Path, package: str) -> str | None:
    "The module a notebook exports to (`#| default_exp`), as an import path."
    if not nb_path.exists(): return None
    for cell in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]:
        if m := re.search(r"^#\|\s*default_exp\s+(\S+)", "".join(cell["source"]), re.M): return f"{package}.{m.group(1)}"


def _documented(module: str | None, name: str):
    "The object an API entry documents, if it can be imported."
    try: obj = importlib.import_module(module)
    except Exception: return None
    for part in name.split("."):
        obj = getattr(obj, part, None)
        if obj is None: return None
    return obj


def check_api(proc: Path, nbs: Path, package: str) -> list[str]:
    "Findings of the `api` check over the `show_doc` entries of the processed notebooks in `proc`."
    findings = []
    for nb_path in sorted(proc.rglob("*.ipynb")):
        rel = nb_path.relative_to(proc).as_posix()
        module = notebook_module(nbs / rel, package)
        for cell in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]:
            for out in cell.get("outputs", []):
                text = "".join(out.get("data", {}).get("text/markdown", ""))
                if "```python" not in text: continue
                for m in SHOW_DOC.finditer(text):
                    findings += [f"{rel}: [api] {m['name']}: {problem}" for problem in api_problems(m["name"], m["sig"], module)]
    return findings


def api_problems(name: str, sig: str, module: str | None = None) -> list[str]:
    "What is wrong with one API entry: its heading `name` and its signature block `sig`."
    problems, shown = [], name.strip("`")
    if any(p.startswith("_") and not (p.startswith("__") and p.endswith("__")) for p in shown.split(".")):
        problems.append("a private name in the API reference (export its cell with `#| exporti`, or make it public)")
    elif not name.startswith("`") and DUNDER.search(shown):
        problems.append(f"markdown turns the dunder's underscores into bold: the heading reads {DUNDER.sub(BOLD, shown)!r} "
                        f"(name it in backticks, `show_doc(..., name=...)`, or export the cell with `#| exporti`)")
    code = "\n".join(line.split(" # ")[0] for line in sig.splitlines())  # the docments are prose
    if "__main__." in code:
        problems.append(f"`__main__.` in the signature: {_around(sig, '__main__.')}")
    for line in code.splitlines():
        if m := OBJECT_REPR.search(line): problems.append(f"an object's repr as a default: {_around(sig, m.group())}")
    for m in PRIVATE.finditer(code.split("(", 1)[-1]):
        problems.append(f"a private name in the signature: {_around(sig, m.group())}")
    for m in re.finditer(r"(\w+):NoneType=None", code):
        problems.append(f"`{m[1]}` has no annotation, so it shows as `NoneType`: {_around(sig, m.group())}")
    if re.search(r"\(\s*\*args, \*\*kwargs\s*\):?$", code.strip()):
        obj = _documented(module, shown)
        if not (isinstance(obj, type) and issubclass(obj, BaseException)) and "." not in shown:
            problems.append("the signature shows `(*args, **kwargs)`, not the fields a caller passes")
    return problems


def _around(text: str, needle: str, width: int = 60) -> str:
    "The line of `text` that holds `needle`, cut to a readable length around it."
    line = next((l for l in text.splitlines() if needle in l), text).strip()
    i = line.find(needle)
    return repr(("..." if i > width else "") + line[max(0, i - width):i + len(needle) + width] + ("..." if i + len(needle) + width < len(line) else ""))


# ---- committed outputs ---------------------------------------------------------------------------------------------

TEXT_BAR = re.compile(r"\d+%\|[^|\n]*\|")
WIDGET = "application/vnd.jupyter.widget-view+json"  # an ipywidget: its state is not committed, so nothing renders


def check_progress(nbs: Path) -> list[str]:
    "Findings of the `progress` check: stderr text progress bars and widgets among the committed outputs."
    findings = []
    for nb_path in sorted(nbs.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in nb_path.parts: continue
        rel = nb_path.relative_to(nbs).as_posix()
        for i, cell in enumerate(json.loads(nb_path.read_text(encoding="utf-8"))["cells"]):
            for out in cell.get("outputs", []):
                text = "".join(out.get("text", "")) if out.get("output_type") == "stream" and out.get("name") == "stderr" else ""
                if WIDGET in out.get("data", {}):
                    findings.append(f"{rel}: [progress] cell {i} (id {cell.get('id', '?')}) shows a widget, blank outside a "
                                    f"live kernel (pass `verbose=False`, or `tqdm_class=` a text bar on stdout)")
                if m := TEXT_BAR.search(text):
                    line = next(l for l in re.split(r"[\r\n]", text) if m.group() in l).strip()
                    findings.append(f"{rel}: [progress] cell {i} (id {cell.get('id', '?')}) shows a text progress bar on "
                                    f"stderr: {line[:80]!r} (pass `verbose=False`, or run it where widgets render)")
    return findings


# ---- all of them ---------------------------------------------------------------------------------------------------

def published_pages(nbs: Path) -> dict:
    "The published path of each notebook's page (nbdev drops the numbers in front of names) -> its page in `site`."
    res = {}
    for nb_path in nbs.rglob("*.ipynb"):
        rel = nb_path.relative_to(nbs).with_suffix(".html")
        published = "/".join(re.sub(r"^\d+[a-z]?_", "", part) for part in rel.parts)
        res[published] = rel.as_posix()
    return res


def run_checks(site: Path, proc: Path, nbs: Path, doc_url: str, package: str, readme: Path | None = None) -> list[str]:
    return (check_site(site, doc_url, published_pages(nbs), readme) + check_api(proc, nbs, package)
            + check_progress(nbs))


def report(findings: list[str]) -> int:
    "Print the findings and a closing count; the exit code to use."
    for f in findings: print(f)
    kinds = {}
    for f in findings:
        kind = re.search(r"\[(\w+)\]", f).group(1)
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"docs checks: {len(findings)} findings" + (f" ({', '.join(f'{k}: {n}' for k, n in kinds.items())})" if kinds else ""))
    return 1 if findings else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", help="rendered HTML pages (default: the doc_path, _docs/)")
    parser.add_argument("--proc", help="processed notebooks (default: _proc/)")
    parser.add_argument("--nbs", help="the notebooks (default: nbs/)")
    args = parser.parse_args()
    from nbdev.config import get_config
    cfg = get_config()
    site, proc, nbs = Path(args.site or cfg.doc_path), Path(args.proc or cfg.config_path / "_proc"), Path(args.nbs or cfg.nbs_path)
    sys.exit(report(run_checks(site, proc, nbs, cfg.doc_url, cfg.lib_name, cfg.config_path / "README.md")))


if __name__ == "__main__":
    main()
