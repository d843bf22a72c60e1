"""Benchmarks for adulib.llm.completions, each against a baseline measured in the same run.

    python benchmarks/llm_completions.py [--rounds 5] [--calls 2000]

1. Cache hits. The floor is `diskcache.Cache.get` of a pickled `ModelResponse` (what a naive cache would do).
   - a repeated hit of `completion` in one process (memory tier): target <= 1.5x the floor, the median of the
     ratios of 120 pairs of alternating batches (a shared VM's speed drifts by 2x within a minute: batches measured
     far apart compare two machines). Each hit is recorded in the ledger, and each batch of hits ends by writing
     its records out (`ledger.flush()`), so the writer thread's work counts as the hits'; then again with the
     ledger off;
   - the first hit of `completion` in a fresh process (disk tier, cache opened by the call): target <= 2.5x the
     first `diskcache.Cache.get` in a fresh process (cache opened likewise). Medians over fresh processes.
     litellm is imported before the timer in both (unpickling a `ModelResponse` needs it; adulib imports it on the
     first response it builds): `benchmarks/llm_fresh_process.py` measures a fresh process whole.
2. Throughput. `--calls` calls at concurrency 100 against the fake provider (in its own process) answering after
   50 ms: `batch_executor(async_single, ...)` against bare `litellm.acompletion` under an `asyncio.Semaphore`,
   with the cache off (target <= 1.05x) and on, cold (target <= 1.10x). Runs alternate, in an order that rotates
   each round; medians of the rounds.
"""
import argparse, asyncio, os, pickle, statistics, subprocess, sys, tempfile, time

from _support import ProviderProcess  # first: the environment (offline, a ledger of the benchmark's own)

MESSAGES = [{"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "What is the capital of France?"}]


def paired(baseline, contender, calls=300, pairs=120, settle=lambda: None):
    """Per-call times of `baseline` and `contender`, measured in alternating batches (the order flips each pair), so
    that a machine whose speed drifts (a shared VM) slows both alike; returns the medians and the paired ratios.
    `settle()` ends each batch of `contender`, inside its time: the work it left to background threads is its own."""
    def batch(fn, end=lambda: None):
        start = time.perf_counter()
        for _ in range(calls): fn()
        end()
        return (time.perf_counter() - start) / calls
    base, cont, ratios = [], [], []
    for i in range(pairs):
        if i % 2: b, c = batch(baseline), batch(contender, settle)
        else: c, b = batch(contender, settle), batch(baseline)
        base.append(b), cont.append(c), ratios.append(c / b)
    return statistics.median(base), statistics.median(cont), ratios


FRESH_PROCESS = """
import os, sys, time, pickle
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
kind, directory = sys.argv[1], sys.argv[2]
messages = [{"role": "system", "content": "You are a helpful assistant."}, {"role": "user", "content": "What is the capital of France?"}]
if kind == "floor":
    import diskcache, litellm
    start = time.perf_counter(); diskcache.Cache(directory).get("response"); elapsed = time.perf_counter() - start
else:
    import litellm  # a `ModelResponse` is asked for: litellm's import is its price, paid before the timer as in the floor
    from adulib.llm.completions import completion
    start = time.perf_counter(); completion(model="gpt-4o-mini", messages=messages, mock_response="Paris", cache_path=directory)
    elapsed = time.perf_counter() - start
print(elapsed)
"""


def cache_hits(processes: int):
    import diskcache, litellm
    from adulib.llm.completions import completion
    floor_dir, adulib_dir = tempfile.mkdtemp(), tempfile.mkdtemp()
    response = completion(model="gpt-4o-mini", messages=MESSAGES, mock_response="Paris", cache_path=adulib_dir)
    floor_cache = diskcache.Cache(floor_dir)
    floor_cache.set("response", response)  # pickled by diskcache
    from adulib.llm import ledger
    hit = lambda: completion(model="gpt-4o-mini", messages=MESSAGES, mock_response="Paris", cache_path=adulib_dir)
    floor, repeated, ratios = paired(lambda: floor_cache.get("response"), hit, settle=ledger.flush)  # each hit written down
    ledger_path = ledger.get_ledger_path()
    ledger.set_ledger_path(None)
    _, unrecorded, unrecorded_ratios = paired(lambda: floor_cache.get("response"), hit)
    ledger.set_ledger_path(ledger_path)
    fresh = {kind: statistics.median(float(subprocess.run([sys.executable, "-c", FRESH_PROCESS, kind, directory], capture_output=True,
                                                         text=True, check=True).stdout) for _ in range(processes))
             for kind, directory in (("floor", floor_dir), ("adulib", adulib_dir))}
    print("Cache hits (floor: diskcache.Cache.get of a pickled ModelResponse)")
    ratio, (q1, _, q3) = statistics.median(ratios), statistics.quantiles(ratios, n=4)
    print(f"  repeated, one process: floor {floor * 1e6:7.1f} µs, completion {repeated * 1e6:7.1f} µs  "
          f"{ratio:.2f}x, quartiles {q1:.2f}-{q3:.2f} (target <= 1.5x): {'met' if ratio <= 1.5 else 'MISSED'}")
    ratio, (q1, _, q3) = statistics.median(unrecorded_ratios), statistics.quantiles(unrecorded_ratios, n=4)
    print(f"    the same, ledger off:                  completion {unrecorded * 1e6:7.1f} µs  "
          f"{ratio:.2f}x, quartiles {q1:.2f}-{q3:.2f}")
    ratio = fresh["adulib"] / fresh["floor"]
    print(f"  first, fresh process:  floor {fresh['floor'] * 1e3:7.2f} ms, completion {fresh['adulib'] * 1e3:7.2f} ms  "
          f"{ratio:.2f}x (target <= 2.5x): {'met' if ratio <= 2.5 else 'MISSED'}")




async def bare_acompletion(api_base, prompts):
    import litellm
    semaphore = asyncio.Semaphore(100)
    async def one(p):
        async with semaphore:
            r = await litellm.acompletion(model="openai/fake-model", api_base=api_base, api_key="sk-bench",
                                          messages=[{"role": "user", "content": p}], max_retries=0)
            return r.choices[0].message.content
    return await asyncio.gather(*(one(p) for p in prompts))


async def batch_of_bare(api_base, prompts):
    "batch_executor over bare litellm.acompletion: separates the batch runner's share from async_single's."
    import litellm
    from adulib.asynchronous import batch_executor
    async def one(p):
        r = await litellm.acompletion(model="openai/fake-model", api_base=api_base, api_key="sk-bench",
                                      messages=[{"role": "user", "content": p}], max_retries=0)
        return r.choices[0].message.content
    return await batch_executor(one, batch_args=prompts, concurrency_limit=100, verbose=False)


async def adulib_batch(api_base, prompts, cache_enabled):
    from adulib.asynchronous import batch_executor
    from adulib.llm.completions import async_single
    return await batch_executor(async_single, constant_kwargs=dict(model="openai/fake-model", api_base=api_base, api_key="sk-bench",
                                                                  cache_enabled=cache_enabled, cache_path=tempfile.mkdtemp()),
                                batch_kwargs=[{"prompt": p} for p in prompts], concurrency_limit=100, verbose=False)


def throughput(calls: int, rounds: int):
    server = ProviderProcess(latency=0.05)
    api_base = server.api_base
    try:
        contenders = {
            "bare litellm.acompletion + Semaphore": lambda prompts: bare_acompletion(api_base, prompts),
            "batch_executor(bare acompletion)": lambda prompts: batch_of_bare(api_base, prompts),
            "batch_executor(async_single), cache off": lambda prompts: adulib_batch(api_base, prompts, False),
            "batch_executor(async_single), cache on, cold": lambda prompts: adulib_batch(api_base, prompts, True),
        }
        asyncio.run(bare_acompletion(api_base, ["warm up"] * 100))
        times = {name: [] for name in contenders}
        names = list(contenders)
        for r in range(rounds):
            # litellm finishes each call's logging in the background, and what one run leaves is done during the next
            # (a new event loop inherits it): rotate the order so that no contender always pays for another's
            for name in names[r % len(names):] + names[:r % len(names)]:
                run = contenders[name]
                prompts = [f"round {r} prompt {i} for {name}" for i in range(calls)]
                start = time.perf_counter()
                answers = asyncio.run(run(prompts))
                times[name].append(time.perf_counter() - start)
                assert answers == [f"You said: {p}" for p in prompts]
    finally:
        server.close()
    base = statistics.median(times["bare litellm.acompletion + Semaphore"])
    print(f"Throughput: {calls} calls at concurrency 100, provider latency 50 ms, median of {rounds} rounds")
    for name, samples in times.items():
        print(f"  {name:<46} {statistics.median(samples):6.2f} s  {statistics.median(samples) / base:5.2f}x")
    for name, target in (("batch_executor(async_single), cache off", 1.05), ("batch_executor(async_single), cache on, cold", 1.10)):
        ratio = statistics.median(times[name]) / base
        print(f"  {name}: {ratio:.2f}x (target <= {target}x): {'met' if ratio <= target else 'MISSED'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=9, help="fresh processes for the first-hit figures")
    args = parser.parse_args()
    cache_hits(args.processes)
    throughput(args.calls, args.rounds)
