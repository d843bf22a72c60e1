"""The first cached answer in a fresh process: what "restart and run all", a script rerun or `adulib run` over a file
already answered pays before its first answer.

    python benchmarks/llm_fresh_process.py [--processes 15]

Three kinds of fresh process, timed whole (interpreter start to exit) and run in rotation, so that a shared machine's
drift slows all alike; medians, and ratios to the floor:
- floor: open the diskcache and read one entry (`diskcache.Cache(directory).get(key)`);
- adulib: `from adulib.llm import single; single(...)` answered from the cache (target <= 8x the floor), which must
  leave no litellm module in `sys.modules`;
- CLI: `adulib run` over a 4-line file whose answers are all cached, into a new output file (target <= 12x the floor).
The answers are made first by a process of their own, against the fake provider in a process of its own.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

from _support import ProviderProcess  # first: the environment (offline, a ledger and a default cache of the benchmark's own)

PROMPTS = ["What is the capital of France?", "What is the capital of Italy?", "Name a prime number.", "Say hello."]
SETTINGS = dict(model="openai/fake-model", api_key="sk-bench")  # with `api_base`, the fake provider's

FILL = """
import json, sys
from adulib.llm import single
from adulib.caching import get_cache
settings, prompts = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for prompt in prompts: single(prompt, **settings)
key = single(prompts[0], **settings, return_cache_key=True)
get_cache(settings.get("cache_path")).close()
print(key)
"""

FLOOR = """
import sys, diskcache
assert diskcache.Cache(sys.argv[1]).get(sys.argv[2]) is not None
"""

SINGLE = """
import json, sys
from adulib.llm import single
settings = json.loads(sys.argv[1])
print(json.dumps([single(sys.argv[2], **settings), sorted({m.split(".")[0] for m in sys.modules} & {"litellm", "openai", "tiktoken", "pydantic", "tqdm", "tenacity", "fastcore"})]))
"""

CLI = "import sys; from adulib.cli import main; sys.exit(main())"


def timed(arguments: list[str]) -> tuple[float, str]:
    "Seconds a fresh process took from start to exit, and what it printed."
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *arguments], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode: raise RuntimeError(f"{arguments[:2]} failed: {done.stderr[-2000:]}")
    return elapsed, done.stdout


def main(processes: int):
    server = ProviderProcess()
    work = tempfile.mkdtemp(prefix="adulib-fresh-")
    cache = os.path.join(work, "cache")
    settings = {**SETTINGS, "api_base": server.api_base, "cache_path": cache}
    try:
        key = subprocess.run([sys.executable, "-c", FILL, json.dumps(settings), json.dumps(PROMPTS)], capture_output=True, text=True,
                             check=True).stdout.strip().splitlines()[-1]
        prompts = os.path.join(work, "prompts.jsonl")
        with open(prompts, "w") as file: file.writelines(json.dumps({"prompt": p}) + "\n" for p in PROMPTS)
        cli = ["run", prompts, "--model", SETTINGS["model"], "--api-base", server.api_base, "--api-key", SETTINGS["api_key"],
               "--cache-dir", cache, "--quiet"]
        kinds = {
            "floor": lambda i: ["-c", FLOOR, cache, key],
            "adulib single": lambda i: ["-c", SINGLE, json.dumps(settings), PROMPTS[0]],
            "adulib run": lambda i: ["-c", CLI, *cli, "-o", os.path.join(work, f"answers-{i}.jsonl")],
        }
        times, printed = {name: [] for name in kinds}, {}
        names = list(kinds)
        for i in range(processes):
            for name in names[i % 3:] + names[:i % 3]:
                elapsed, printed[name] = timed(kinds[name](i))
                times[name].append(elapsed)
        requests = len(server.log())
    finally:
        server.close()
    answer, heavy = json.loads(printed["adulib single"])
    answered = [json.loads(line)["answer"] for line in open(os.path.join(work, f"answers-{processes - 1}.jsonl"))]
    assert answer == f"You said: {PROMPTS[0]}" and answered == [f"You said: {p}" for p in PROMPTS], (answer, answered)
    assert requests == len(PROMPTS), f"the provider was asked {requests} times: the cache missed"
    floor = statistics.median(times["floor"])
    print(f"The first cached answer in a fresh process: medians of {processes} processes each, timed whole")
    for name, target in (("floor", None), ("adulib single", 8), ("adulib run", 12)):
        median = statistics.median(times[name])
        verdict = "" if target is None else f" (target <= {target}x): {'met' if median / floor <= target else 'MISSED'}"
        print(f"  {name:<14} {median * 1e3:7.0f} ms  {median / floor:5.1f}x{verdict}")
    print(f"  heavy packages imported by the cached single: {', '.join(heavy) or 'none'}; "
          f"litellm: {'imported' if 'litellm' in heavy else 'not imported'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=15)
    main(parser.parse_args().processes)
