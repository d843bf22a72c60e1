"""Benchmarks for a cache on Redis (adulib.redis_cache), each against a baseline measured in the same run.

    python benchmarks/redis_cache.py [--rounds 31] [--calls 1000] [--batch-rounds 5] [--misses 20000]

Each starts its own `redis-server` on a loopback port (Debian: apt-get install redis-server).

1. A hit. A memoized hit from Redis with the memory tier off, against the floor: `redis.Redis.get` of the stored
   value plus its decoding (`json.loads`), the least any Redis cache does. Alternating batches, the median of the
   paired ratios (a shared VM's speed drifts). Target (issue #15): at most 1.5x.
2. A batch shared by machines. 4 processes (standing in for 4 machines) answer the same 400 prompts, each in its
   own shuffled order, 20 at a time, through one Redis and the LLM layer, against the fake provider answering after
   100 ms; against a perfect split: the same 4 processes each given a disjoint quarter of the prompts (nothing to
   share). Wall time from a common start to the last process's end, after a warm-up run; the runs alternate, each with prompts never
   asked before; the median of the per-round ratios. Target (issue #15): at most 1.3x, with exactly one provider
   request per prompt in the shared runs.
3. An outage. The memory (tracemalloc) that 20,000 cache misses, each on a new key, leave held while the server is
   away. Target (issue #19): none per key, under 100 bytes a miss (a notice per key held 1.7 KB: 33 MiB in all).
"""
import argparse, json, os, random, statistics, subprocess, sys, tempfile, textwrap, time, tracemalloc, warnings

import _support  # first: the environment (offline, a ledger of the benchmark's own)

import redis

from adulib.caching import DEFAULT_MEMORY_TIER, cache_key, cached_call, json_codec, memoize, set_default_cache_path, set_memory_tier
from adulib.redis_cache import RedisServer

VALUE = {"text": "The capital of France is Paris.", "tokens": list(range(20)), "model": "gpt-4o-mini"}


def per_call(fn, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls): fn()
    return (time.perf_counter() - start) / calls


def hit_benchmark(url: str, calls: int, rounds: int) -> float:
    @memoize(cache=url, codec=json_codec)
    def answer(question):
        return VALUE

    answer("What is the capital of France?")  # stored: every call below is a hit
    stored_key = "adulib:" + answer.cache_key("What is the capital of France?")
    client = redis.Redis.from_url(url)
    assert json.loads(client.get(stored_key)) == VALUE

    def floor(): return per_call(lambda: json.loads(client.get(stored_key)), calls)
    def hit(): return per_call(lambda: answer("What is the capital of France?"), calls)

    set_memory_tier(0)  # memory tier off: every hit asks Redis
    try:
        pairs = [(floor(), hit()) if i % 2 else tuple(reversed((hit(), floor()))) for i in range(rounds)]
    finally: set_memory_tier(DEFAULT_MEMORY_TIER)
    ratio = statistics.median(h / f for f, h in pairs)
    print(f"floor: redis.Redis.get + json.loads  {statistics.median(f for f, _ in pairs) * 1e6:8.1f} µs")
    print(f"memoize hit from Redis, memory off   {statistics.median(h for _, h in pairs) * 1e6:8.1f} µs")
    print(f"hit {ratio:.2f}x the floor (target <= 1.5x): {'met' if ratio <= 1.5 else 'MISSED'}")
    return ratio


WORKER = textwrap.dedent("""
    import asyncio, json, random, sys, time
    from adulib.llm import async_single
    url, api_base, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3])
    async def answer_all(prompts):
        slots = asyncio.Semaphore(concurrency)
        async def one(prompt):
            async with slots:
                return prompt, await async_single(prompt, model="openai/fake", api_base=api_base, api_key="none", cache_path=url)
        return await asyncio.gather(*[one(p) for p in prompts])
    print("ready", flush=True)
    for line in sys.stdin:  # one run: a JSON list of prompts, answered in that order
        cpu = time.process_time()
        answers = asyncio.run(answer_all(json.loads(line)))
        print(sum(answer == f"You said: {prompt}" for prompt, answer in answers), time.process_time() - cpu, flush=True)
""")


def timed_run(workers, prompts_of: list) -> tuple[float, list, float]:
    "Send each worker its prompts at once: the wall time until the last one is done, each one's right answers, their CPU time."
    lines = [json.dumps(prompts) + "\n" for prompts in prompts_of]
    start = time.perf_counter()
    for worker, line in zip(workers, lines): worker.stdin.write(line); worker.stdin.flush()
    replies = [worker.stdout.readline().split() for worker in workers]
    return time.perf_counter() - start, [int(r[0]) for r in replies], sum(float(r[1]) for r in replies)


def batch_benchmark(url: str, rounds: int, processes: int = 4, prompts: int = 400, concurrency: int = 20) -> float:
    from adulib.llm.testing import FakeProvider
    ratios = []
    with FakeProvider(latency=0.1) as provider:
        workers = [subprocess.Popen([sys.executable, "-c", WORKER, url, provider.api_base, str(concurrency)], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True) for _ in range(processes)]
        for worker in workers: assert worker.stdout.readline().strip() == "ready"
        try:
            timed_run(workers, [[f"warm-up {w}: question {i}" for i in range(40)] for w in range(processes)])  # first calls set litellm up
            for r in range(rounds):
                split_prompts = [f"round {r} split: question {i}" for i in range(prompts)]
                provider.reset()
                split, right, split_cpu = timed_run(workers, [split_prompts[w::processes] for w in range(processes)])
                assert right == [prompts // processes] * processes and provider.request_count == prompts, (right, provider.request_count)
                shared_prompts = [f"round {r} shared: question {i}" for i in range(prompts)]
                orders = [random.Random(f"{r}/{w}").sample(shared_prompts, prompts) for w in range(processes)]
                provider.reset()
                shared, right, shared_cpu = timed_run(workers, orders)
                assert right == [prompts] * processes, right
                requests = provider.request_count
                ratios.append(shared / split)
                print(f"round {r}: perfect split {split:.2f} s ({split_cpu:.2f} s CPU), shared {shared:.2f} s ({shared_cpu:.2f} s CPU), "
                      f"ratio {shared / split:.2f}x; provider requests in the shared run {requests} (want {prompts})")
                assert requests == prompts, requests
        finally:
            for worker in workers: worker.stdin.close(); worker.wait(60)
    ratio = statistics.median(ratios)
    print(f"shared batch {ratio:.2f}x a perfect split (target <= 1.3x): {'met' if ratio <= 1.3 else 'MISSED'}")
    return ratio


def outage_benchmark(misses: int) -> float:
    "The bytes a miss leaves held while the server is away: each call on a new key, computed and not cached."
    with RedisServer() as server: cached_call(cache_key("outage", "opened"), lambda: 0, cache=server.url)  # opened, then stopped
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the outage's one warning
        tracemalloc.start()
        start_bytes, start = tracemalloc.get_traced_memory()[0], time.perf_counter()
        computed = sum(not cached_call(cache_key("outage", i), lambda: i, cache=server.url).hit for i in range(misses))
        held, seconds = tracemalloc.get_traced_memory()[0] - start_bytes, time.perf_counter() - start
        tracemalloc.stop()
    assert computed == misses, computed
    per_miss = max(held, 0) / misses
    print(f"{misses:,} misses during an outage: {held / 2**20:.2f} MiB held, {per_miss:.0f} bytes a miss "
          f"({seconds / misses * 1e6:.0f} µs a miss under tracemalloc)")
    print(f"memory per missed key {per_miss:.0f} bytes (target < 100): {'met' if per_miss < 100 else 'MISSED'}")
    return per_miss


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=1000, help="calls per batch of the hit benchmark")
    parser.add_argument("--rounds", type=int, default=31, help="pairs of batches of the hit benchmark")
    parser.add_argument("--batch-rounds", type=int, default=5, help="rounds (a split run and a shared run) of the batch benchmark")
    parser.add_argument("--misses", type=int, default=20_000, help="missed keys of the outage benchmark")
    args = parser.parse_args()
    set_default_cache_path(tempfile.mkdtemp())  # nothing here touches the user's own cache
    with RedisServer() as server:
        print("1. a hit from Redis")
        hit_benchmark(server.url, args.calls, args.rounds)
        print("\n2. 4 processes, 400 prompts: shared through Redis against a perfect split")
        batch_benchmark(server.url, args.batch_rounds)
    print("\n3. memory held during an outage")
    outage_benchmark(args.misses)


if __name__ == "__main__":
    main()
