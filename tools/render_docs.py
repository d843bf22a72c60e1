"""Render the docs offline: HTML pages in `_docs/` and `README.md`, both from the executed notebooks.

    python tools/render_docs.py           # write _proc/, _docs/*.html and README.md
    python tools/render_docs.py --check   # also fail when README.md is stale or the docs checks find anything

The published site is built by Quarto (`nbdev-docs`, see .github/workflows/deploy.yaml). Quarto cannot be installed
on every machine, so this script does the same two steps with what pip installs: nbdev's own notebook processing
(what `nbdev-proc-nbs` runs: directives, `show_doc`, front matter) into `_proc/`, then nbconvert for the HTML pages
and the README. Cell outputs are the ones committed in the notebooks; nothing is executed here. Headings get the ids
Quarto (pandoc) gives them on the published site, so a link that works here works there.

`--check` then runs `tools/docs_checks.py` over what it rendered: links and anchors, markdown shown as text, the API
reference (private names, `__main__.`, object reprs, `(*args, **kwargs)`), and text progress bars in outputs.
"""
import argparse, copy, html, os, re, sys
from pathlib import Path

# nbdev runs the notebooks' import cells to render the API docs: keep litellm off the network there too
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("LITELLM_OFFLINE_MODE", "true")

import nbformat, yaml
from nbconvert import HTMLExporter, MarkdownExporter
from traitlets.config import Config
from nbdev.config import get_config
from nbdev.quarto import nbdev_sidebar
from nbdev.serve import proc_nbs

sys.path.insert(0, str(Path(__file__).parent))
from docs_checks import report, run_checks, set_pandoc_ids


DIRECTIVE = re.compile(r"^#\|\s*([\w-]+)\s*:?\s*(.*)$")
HIDE_INPUTS = Config({"TagRemovePreprocessor": {"enabled": True, "remove_input_tags": ["remove_input"]}})
QUARTO_ATTRIBUTES = re.compile(r"(\]\([^)]*\))\{[^}]*\}")  # [text](url){target="_blank"}: Quarto-only syntax


def as_quarto_shows_it(cell):
    "Drop the `#|` directive lines that Quarto reads, and hide the input of `echo: false` cells, as Quarto does."
    cell.metadata.pop("execution", None)  # nbdev's timings do not validate as nbformat
    if cell.cell_type != "code": return
    lines = cell.source.splitlines()
    directives = dict(m.groups() for m in map(DIRECTIVE.match, lines) if m)
    cell.source = "\n".join(line for line in lines if not DIRECTIVE.match(line)).strip("\n")
    if directives.get("echo") == "false": cell.metadata.setdefault("tags", []).append("remove_input")
    cell.execution_count = None
    for output in cell.get("outputs", []):
        if "execution_count" in output: output.execution_count = None
        if "text/markdown" in output.get("data", {}):
            output.data["text/markdown"] = QUARTO_ATTRIBUTES.sub(r"\1", output.data["text/markdown"])


def front_matter(nb):
    "The title and description nbdev moved into a raw YAML cell, and the notebook without that cell."
    nb = copy.deepcopy(nb)
    nb.metadata["language_info"] = {"name": "python"}  # fenced code blocks get their language
    for cell in nb.cells: as_quarto_shows_it(cell)
    meta = {}
    if nb.cells and nb.cells[0].cell_type == "raw" and nb.cells[0].source.startswith("---"):
        meta = yaml.safe_load(nb.cells[0].source.strip().strip("-")) or {}
        nb.cells = nb.cells[1:]
    title, description = meta.get("title", ""), meta.get("description", "")
    heading = f"# {title}" + (f"\n\n> {description}" if description else "")
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(heading))
    return nb, title


def html_pages(proc, out):
    "Write one HTML page per processed notebook, with a navigation bar, and return their paths."
    notebooks = sorted(proc.rglob("*.ipynb"), key=lambda p: (p.name != "index.ipynb", str(p)))
    pages = [(nb_path, *front_matter(nbformat.read(nb_path, as_version=4))) for nb_path in notebooks]
    exporter = HTMLExporter(config=HIDE_INPUTS, template_name="lab", exclude_input_prompt=True, exclude_output_prompt=True)
    written = []
    for nb_path, nb, title in pages:
        rel = nb_path.relative_to(proc).with_suffix(".html")
        up = "../" * (len(rel.parts) - 1)
        links = " | ".join(f'<a href="{up}{p.relative_to(proc).with_suffix(".html").as_posix()}">{html.escape(t)}</a>'
                           for p, _, t in pages)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        body = re.sub(r'href="([^":#]+)\.ipynb', r'href="\1.html', body)
        body = set_pandoc_ids(body.replace("<body", f'<body data-page="{rel.as_posix()}"', 1))
        body = re.sub(r"(<body[^>]*>)", rf'\1<nav style="padding:.5rem 1rem;border-bottom:1px solid #ddd">{links}</nav>',
                      body, count=1)
        dest = out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(body, encoding="utf-8")
        written.append(dest)
    return written


def site_url(cfg, notebook: str) -> str:
    "The published page of a notebook: nbdev drops the numbers in front of names (`llm/00_completions.ipynb`)."
    parts = [re.sub(r"^\d+[a-z]?_", "", part) for part in notebook.split("/")]
    return cfg.doc_url.rstrip("/") + "/" + "/".join(parts).removesuffix(".ipynb") + ".html"


def readme_text(proc, cfg):
    "README.md as GitHub Markdown, made from the processed index notebook, its links pointing at the docs site."
    nb, _ = front_matter(nbformat.read(proc / "index.ipynb", as_version=4))
    text, _ = MarkdownExporter(config=HIDE_INPUTS).from_notebook_node(nb)
    text = re.sub(r"\]\(([\w/.-]+\.ipynb)\)", lambda m: f"]({site_url(cfg, m.group(1))})", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="fail if README.md is stale (instead of rewriting it) or the docs checks find anything")
    args = parser.parse_args()
    cfg = get_config()
    nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
    proc = proc_nbs(cfg.nbs_path, n_workers=2)
    pages = html_pages(proc, cfg.doc_path)
    print(f"Rendered {len(pages)} pages into {cfg.doc_path.relative_to(cfg.config_path)}/")
    readme, fresh = cfg.config_path / "README.md", readme_text(proc, cfg)
    if args.check:
        stale = not readme.exists() or readme.read_text(encoding="utf-8") != fresh
        print("README.md is stale: run `python tools/render_docs.py` and commit README.md." if stale
              else "README.md is up to date with nbs/index.ipynb")
        failed = report(run_checks(cfg.doc_path, proc, cfg.nbs_path, cfg.doc_url, cfg.lib_name, readme))
        sys.exit(1 if stale or failed else 0)
    else:
        readme.write_text(fresh, encoding="utf-8")
        print("Wrote README.md from nbs/index.ipynb")


if __name__ == "__main__":
    main()
