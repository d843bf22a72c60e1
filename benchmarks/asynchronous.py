"""Benchmarks for adulib.asynchronous.batch_executor, each measured against a baseline in the same run.

    python benchmarks/asynchronous.py [--rounds 15]

1. Speed: 20,000 no-op coroutines at concurrency 100, against a bare `asyncio.Semaphore` + `gather` baseline.
   Runs alternate so that a noisy machine slows both alike; the figure is the ratio of the medians.
   Target (issue #5): batch_executor <= 1.1x the baseline (progress bar off; the bar's cost is reported too).
2. Memory: how far the peak RSS of a fresh process rises while it runs a batch over 1,000,000 generated inputs,
   against 100,000 (Linux: the peak is reset just before the run). The growth is compared with what the result list
   itself needs: a fresh process that only builds the same results from the same generator.
   Target: the growth is no more than the result list needs.
"""
import argparse, asyncio, statistics, subprocess, sys, time

from adulib.asynchronous import batch_executor

N_CALLS, CONCURRENCY = 20_000, 100


async def noop(i):
    return i


async def semaphore_gather(n):
    semaphore = asyncio.Semaphore(CONCURRENCY)
    async def limited(i):
        async with semaphore: return await noop(i)
    return await asyncio.gather(*(limited(i) for i in range(n)))


def timed(make_coro) -> float:
    start = time.perf_counter()
    asyncio.run(make_coro())
    return time.perf_counter() - start


def speed(rounds: int):
    contenders = {
        "baseline: Semaphore + gather": lambda: semaphore_gather(N_CALLS),
        "batch_executor, no bar": lambda: batch_executor(noop, batch_args=range(N_CALLS), concurrency_limit=CONCURRENCY, verbose=False),
        "batch_executor, with bar": lambda: batch_executor(noop, batch_args=range(N_CALLS), concurrency_limit=CONCURRENCY,
                                                           progress_bar_desc="bench"),
    }
    times = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, make in contenders.items(): times[name].append(timed(make))
    base = statistics.median(times["baseline: Semaphore + gather"])
    print(f"Speed: {N_CALLS:,} no-op calls at concurrency {CONCURRENCY}, median of {rounds} rounds")
    for name, samples in times.items():
        print(f"  {name:<30} {statistics.median(samples) * 1000:8.1f} ms  {statistics.median(samples) / base:5.2f}x")
    ratio = statistics.median(times["batch_executor, no bar"]) / base
    print(f"  batch_executor {ratio:.2f}x the baseline (target <= 1.1x): {'met' if ratio <= 1.1 else 'MISSED'}")


MEMORY_PROBE = """
import asyncio, sys
from adulib.asynchronous import batch_executor
n, mode = int(sys.argv[1]), sys.argv[2]
async def noop(i): return i
async def only_results(): return [await noop(i) for i in (i for i in range(n))]
def status(field): return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith(field + ":"))
asyncio.run(asyncio.sleep(0))  # the event loop's own setup is not part of the measure
open("/proc/self/clear_refs", "w").write("5")  # reset the peak (VmHWM) to the current RSS
before = status("VmRSS")
if mode == "batch": results = asyncio.run(batch_executor(noop, batch_args=(i for i in range(n)), concurrency_limit=100, verbose=False))
else: results = asyncio.run(only_results())
assert len(results) == n
print(status("VmHWM") - before)
"""


def peak_rss_kib(n: int, mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(n), mode], capture_output=True, text=True, check=True)
    return int(out.stdout)


def memory():
    peaks = {(n, mode): peak_rss_kib(n, mode) for mode in ("results", "batch") for n in (100_000, 1_000_000)}
    needed = peaks[(1_000_000, "results")] - peaks[(100_000, "results")]
    grown = peaks[(1_000_000, "batch")] - peaks[(100_000, "batch")]
    print("Memory: rise of the peak RSS during the run (MiB)")
    for (n, mode), kib in peaks.items():
        print(f"  {'batch_executor' if mode == 'batch' else 'result list only':<18} {n:>9,} inputs  {kib / 1024:7.1f}")
    print(f"  growth 100k -> 1M: batch_executor {grown / 1024:.1f} MiB, the result list alone {needed / 1024:.1f} MiB "
          f"({grown / needed:.2f}x; target <= 1x plus noise): {'met' if grown <= needed * 1.05 else 'MISSED'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    speed(args.rounds)
    memory()
