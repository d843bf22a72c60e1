"""Benchmark: what an entry's description costs, and a replay hit against a disk-tier hit, measured in one run.

    python benchmarks/cache_replay.py [--calls 2000] [--rounds 21]

Contenders are timed round-robin (a batch of calls each, many rounds); each figure is the median over rounds of the
mean time per call. Targets (issue #22): a warm hit and a store cost the same before and after entries carry a
description (compare runs of this script on the old and the new code; on the new code it also times, in one run, a
store with and without the description an LLM call writes); a replay hit (a JSONL file as the cache,
`ADULIB_CACHE_MODE=replay`) costs at most 1.5x a disk-tier hit.
"""
import argparse, itertools, os, statistics, tempfile

from _support import VALUE, per_call  # first: the environment (a default cache of the benchmark's own)
from adulib.caching import DEFAULT_MEMORY_TIER, cached_call, json_codec, set_memory_tier


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000, help="calls per batch")
    parser.add_argument("--rounds", type=int, default=21, help="batches per contender")
    args = parser.parse_args()
    disk = tempfile.mkdtemp()
    cached_call("k", lambda: VALUE, disk, json_codec)
    fresh = itertools.count()

    def without_memory(fn):
        def run():
            set_memory_tier(0)  # memory tier off: every hit reads the backend
            try: return per_call(fn, args.calls)
            finally: set_memory_tier(DEFAULT_MEMORY_TIER)
        return run

    contenders = {
        "hit, memory tier": lambda: per_call(lambda: cached_call("k", lambda: VALUE, disk, json_codec), args.calls),
        "hit, disk tier": without_memory(lambda: cached_call("k", lambda: VALUE, disk, json_codec)),
        "store (miss), disk": lambda: per_call(lambda: cached_call(f"new-{next(fresh)}", lambda: VALUE, disk, json_codec), args.calls // 10),
    }
    if "about" in cached_call.__kwdefaults__:  # the code of issue #22: the same store, with the description an LLM call writes
        about = {"kind": "chat", "model": "gpt-4o-mini", "endpoint": "https://api.openai.com/v1", "text": "What is the capital of France?"}
        contenders["store (miss), disk, described"] = lambda: per_call(
            lambda: cached_call(f"new-{next(fresh)}", lambda: VALUE, disk, json_codec, about=about), args.calls // 10)
    try: from adulib.replay import export_cache
    except ImportError: export_cache = None  # the code before issue #22: no replay to compare
    if export_cache is not None:
        replay = os.path.join(tempfile.mkdtemp(), "answers.jsonl")
        export_cache(replay, disk)
        contenders["hit, replay file"] = without_memory(lambda: cached_call("k", lambda: VALUE, replay, json_codec, cache_mode="replay"))
    times = {name: [] for name in contenders}
    for _ in range(args.rounds):
        for name, run in contenders.items(): times[name].append(run())
    print(f"{'contender':<22} {'median per call':>16}")
    for name, samples in times.items(): print(f"{name:<22} {statistics.median(samples) * 1e6:>13.2f} µs")
    if "store (miss), disk, described" in times:
        ratio = statistics.median(times["store (miss), disk, described"]) / statistics.median(times["store (miss), disk"])
        print(f"a store with its description {ratio:.2f}x one without (same run)")
    if export_cache is not None:
        ratio = statistics.median(times["hit, replay file"]) / statistics.median(times["hit, disk tier"])
        print(f"replay hit {ratio:.2f}x a disk-tier hit (target <= 1.5x): {'met' if ratio <= 1.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
