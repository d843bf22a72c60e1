"""What planning a batch run costs: keying each input, looking it up in the cache and writing the request files.

    python benchmarks/llm_batches.py [--inputs 1000000]

`submit_batch(..., submit=False)` over a generator of `--inputs` prompts (one system message, `temperature=0`), with a
disk cache that holds none of them: every input is keyed by `plan_call` as the online call would be, looked up in
the cache, and written to the request files, split by OpenAI's limits (50,000 requests, 200 MB a file). Beside it, in
the same run, the cost of keying alone (`batch_input` of each input, nothing looked up or written). Nothing is uploaded.

Prints inputs a second for both, the planning's share of time spent keying, the process's peak memory (RSS, litellm
included) and its growth during the planning, and the files' sizes against the limits; the last line is the same as
JSON. Targets: >= 10,000 inputs a second, peak < 300 MB.
"""
import argparse, contextlib, json, os, resource, sys, tempfile, time
from pathlib import Path

from _support import ProviderProcess  # first: the environment (offline, a ledger and cache of the benchmark's own)


def rss_mb() -> float:
    "The process's peak resident memory so far, in MB: Linux's VmHWM (`ru_maxrss` survives `exec`: it would count the parent's)."
    with contextlib.suppress(OSError):
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"): return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform != "darwin" else 2**20)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=1_000_000)
    n = parser.parse_args().inputs
    from adulib.llm.batches import PROVIDER_LIMITS, _fold, batch_input, submit_batch
    work = Path(tempfile.mkdtemp(prefix="adulib-bench-batches-"))
    shared = dict(model="gpt-4o-mini", api_key="sk-bench-0123456789", temperature=0,  # OpenAI itself: nothing is sent
                  cache_path=str(work / "cache"))
    prompts = lambda: (f"Summarise row {i} of the table in one sentence." for i in range(n))
    batch_input("warm up", shared)
    start = time.perf_counter()
    for prompt in prompts(): batch_input(prompt, shared, system="You are concise.")
    keying = time.perf_counter() - start
    before = rss_mb()
    start = time.perf_counter()
    run = submit_batch(prompts(), run=work / "run", system="You are concise.", submit=False, **shared)
    planning = time.perf_counter() - start
    peak = rss_mb()
    parts = _fold(run.journal.events())[0]["parts"]
    limits = PROVIDER_LIMITS["openai"]
    result = {"inputs": n, "keying_per_s": round(n / keying), "planning_per_s": round(n / planning),
              "keying_share": round(keying / planning, 2), "peak_rss_mb": round(peak), "rss_growth_mb": round(peak - before),
              "files": len(parts), "largest_file_requests": max(p["requests"] for p in parts),
              "largest_file_mb": round(max(p["bytes"] for p in parts) / 2**20, 1), "requests": sum(p["requests"] for p in parts),
              "within_limits": all(p["requests"] <= limits.max_requests and p["bytes"] <= limits.max_bytes for p in parts)}
    print(f"keying alone: {result['keying_per_s']:,} inputs/s; planning (keying, cache lookup, writing): "
          f"{result['planning_per_s']:,} inputs/s, keying is {result['keying_share']:.0%} of it")
    print(f"peak memory: {result['peak_rss_mb']} MB RSS (litellm included), {result['rss_growth_mb']} MB more during the planning")
    print(f"{result['files']} request files, {result['requests']:,} requests, the largest {result['largest_file_requests']:,} "
          f"requests and {result['largest_file_mb']} MB; within OpenAI's limits: {result['within_limits']}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
