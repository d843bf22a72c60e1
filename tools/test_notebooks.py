"""Run the notebooks in `nbs/` as the test suite, every test tier included, and print `notebooks: N passed, M failed`.

    python tools/test_notebooks.py                 # every notebook, every tier
    python tools/test_notebooks.py nbs/index.ipynb # one notebook
    python tools/test_notebooks.py --skip slow     # leave out the cells flagged `#| slow`
    python tools/test_notebooks.py --no-compare    # do not compare outputs with the committed ones

Each notebook runs in its own process with `nbs/` as the working directory, as `nbdev-test` runs it; unlike
`nbdev-test` this prints one line per notebook and a closing count, and it runs the flagged tiers by default.
The same run compares each executed cell's text output with the one committed in the notebook
(`tools/stale_outputs.py`: stdout, `text/plain`, `text/markdown`, masked for times, ports, ids, temp paths and
addresses; cells marked `#| varies` are left out): a notebook whose outputs are stale fails, and the report shows
the cell and both outputs. The exit code is non-zero when any notebook fails.
"""
import argparse, os, sys, time
from pathlib import Path

# Tests never reach the internet: litellm keeps to its bundled price map and never downloads tokenizers.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("LITELLM_OFFLINE_MODE", "true")

from fastcore.parallel import parallel
from nbdev.config import get_config
from nbdev.doclinks import nbglob

sys.path.insert(0, str(Path(__file__).parent))
from stale_outputs import run_notebook


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="notebooks or folders to test (default: the nbs/ folder)")
    parser.add_argument("--skip", nargs="*", default=[], help="test flags whose cells are left out")
    parser.add_argument("--workers", type=int, default=2, help="notebooks run at once")
    parser.add_argument("--no-compare", action="store_true", help="do not fail on outputs that differ from the committed ones")
    args = parser.parse_args()

    cfg = get_config()
    tiers = [f for f in cfg.tst_flags if f != "notest"]
    skip_flags = ["notest", *args.skip]
    force_flags = [f for f in tiers if f not in args.skip]
    notebooks = sorted(p.absolute() for path in (args.paths or [cfg.nbs_path])
                       for p in ([Path(path)] if str(path).endswith(".ipynb") else nbglob(path, as_path=True)))
    if not notebooks: sys.exit("No notebooks found to test.")
    print(f"Testing {len(notebooks)} notebooks (tiers run: {', '.join(force_flags) or 'none'})", flush=True)

    start = time.perf_counter()
    os.chdir(cfg.nbs_path)
    results = parallel(run_notebook, notebooks, compare=not args.no_compare, skip_flags=skip_flags, force_flags=force_flags,
                       basepath=cfg.config_path, n_workers=min(args.workers, len(notebooks)), pause=0.01)
    failed = 0
    for nb, (ok, seconds, stale) in zip(notebooks, results):
        for report in stale: print(report)
        failed += not ok or bool(stale)
        verdict = "PASS" if ok and not stale else "FAIL" if not ok else f"STALE ({len(stale)} cells)"
        print(f"{verdict}  {nb.relative_to(cfg.nbs_path)}  ({seconds:.0f} s)", flush=True)
    print(f"Finished in {time.perf_counter() - start:.0f} s")
    print(f"notebooks: {len(notebooks) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
