"""Benchmark: a memoized hit against the floor, `diskcache.Cache.get` of the same value, measured in one run.

    python benchmarks/caching.py [--calls 2000] [--rounds 31]

The three contenders are timed round-robin (a batch of calls each, many rounds) so that a noisy machine slows them
alike; each figure is the median over rounds of the mean time per call, and the ratios to the floor are the result.
Targets (issue #3): a hit from disk within 1.5x the floor; a hit from the memory tier below the floor.
"""
import argparse, statistics, tempfile

import diskcache

from _support import VALUE, per_call  # first: the environment (a default cache of the benchmark's own)
from adulib.caching import DEFAULT_MEMORY_TIER, memoize, set_memory_tier


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000, help="calls per batch")
    parser.add_argument("--rounds", type=int, default=31, help="batches per contender")
    args = parser.parse_args()

    floor_cache = diskcache.Cache(tempfile.mkdtemp())
    floor_cache.set("key", VALUE)

    @memoize(temp=True)
    def answer(question):
        return VALUE

    answer("What is the capital of France?")  # stored: every call below is a hit

    def disk_hit():
        set_memory_tier(0)  # memory tier off: every hit reads SQLite
        try: return per_call(lambda: answer("What is the capital of France?"), args.calls)
        finally: set_memory_tier(DEFAULT_MEMORY_TIER)

    contenders = {
        "floor: diskcache.Cache.get": lambda: per_call(lambda: floor_cache.get("key"), args.calls),
        "memoize hit, disk tier": disk_hit,
        "memoize hit, memory tier": lambda: per_call(lambda: answer("What is the capital of France?"), args.calls),
    }
    times = {name: [] for name in contenders}
    for _ in range(args.rounds):
        for name, run in contenders.items(): times[name].append(run())

    floor = statistics.median(times["floor: diskcache.Cache.get"])
    print(f"{'contender':<28} {'median per call':>16} {'ratio to floor':>15}")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"{name:<28} {median * 1e6:>13.2f} µs {median / floor:>14.2f}x")
    disk, memory = (statistics.median(times[n]) / floor for n in ("memoize hit, disk tier", "memoize hit, memory tier"))
    print(f"disk tier {disk:.2f}x the floor (target <= 1.5x): {'met' if disk <= 1.5 else 'MISSED'}")
    print(f"memory tier {memory:.2f}x the floor (target < 1x): {'met' if memory < 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
