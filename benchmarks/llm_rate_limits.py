"""Benchmark for adulib.llm.limits: a batch against a provider that enforces rate limits, with and without `set_rate_limit`.

    python benchmarks/llm_rate_limits.py [--calls 400] [--tpm 25000]

The fake provider runs in its own process and answers 429 with `Retry-After` beyond its limits; its log (the time
and tokens of every request received, and the status it answered) is what is measured. Each run is a batch of
`--calls` distinct prompts through `batch_executor(async_completion, concurrency_limit=100)`, with a fresh cache.

1. Requests: the provider takes 20 requests in any second.
   a. `set_rate_limit(rpm=1140)` (19 a second). Targets: at most 1% of requests get a 429; wall time within 1.1x
      of calls/19 s.
   b. No limit: the 429 count and the wall time (the shared cooldown still pauses every worker after a 429).
   c. No limit and no cooldown (the watcher removed): each worker finds out about the limit on its own.
2. Tokens: the provider takes `--tpm` tokens in any 60 s; prompts of 5 to 150 words; `set_rate_limit(tpm=--tpm)`.
   Target: the tokens received in any 60 s window (every request received, 429s included) exceed `--tpm` by at
   most 5%. The run lasts several minutes, so real 60 s windows are checked.
"""
import argparse, asyncio, random, tempfile, time

from _support import ProviderProcess  # first: the environment (offline, a ledger of the benchmark's own)

MODEL, CONCURRENCY = "openai/fake-model", 100


async def batch(api_base: str, prompts: list[str]) -> list:
    from adulib.asynchronous import batch_executor
    from adulib.llm.completions import async_completion
    cache = tempfile.mkdtemp()
    calls = [dict(model=MODEL, messages=[{"role": "user", "content": p}], api_base=api_base, api_key="sk-bench", cache_path=cache)
             for p in prompts]
    return await batch_executor(async_completion, batch_kwargs=calls, concurrency_limit=CONCURRENCY, verbose=False, return_exceptions=True)


def run(prompts: list[str], **limits) -> tuple[float, list, list]:
    "Wall time, results and the provider's log of one batch against a provider with `limits`."
    provider = ProviderProcess(**limits)
    try:
        asyncio.run(batch(provider.api_base, ["warm up"]))  # litellm's client set up before the clock starts
        start = time.perf_counter()
        results = asyncio.run(batch(provider.api_base, prompts))
        seconds = time.perf_counter() - start
        return seconds, results, provider.log()[1:]
    finally: provider.close()


def worst_window(log: list, seconds: float, tokens: bool) -> int:
    "The most requests (or tokens) received within any `seconds`."
    arrivals, best, total, first = sorted((at, n if tokens else 1) for at, n, _ in log), 0, 0, 0
    for at, weight in arrivals:
        total += weight
        while arrivals[first][0] <= at - seconds: total, first = total - arrivals[first][1], first + 1
        best = max(best, total)
    return best


def report(name: str, seconds: float, results: list, log: list):
    rejected, errors = sum(status == 429 for _, _, status in log), sum(isinstance(r, Exception) for r in results)
    print(f"{name}: {seconds:.1f} s, {len(log)} requests, {rejected} answered 429 ({rejected / len(log):.1%}), "
          f"{errors} calls failed, busiest second {worst_window(log, 1.0, False)} requests")
    return rejected


def main(n_calls: int, tpm: int):
    from adulib.llm import limits
    from adulib.llm.completions import watch_calls
    ideal = n_calls / 19
    print(f"1. {n_calls} calls at concurrency {CONCURRENCY}, provider limit 20 requests/s; ideal at 19/s: {ideal:.1f} s")
    limits.set_rate_limit(MODEL, rpm=1140)
    seconds, results, log = run([f"Limited prompt {i}" for i in range(n_calls)], rps=20)
    rejected = report("   a. set_rate_limit(rpm=1140)", seconds, results, log)
    print(f"      429s {rejected / len(log):.2%} (target <= 1%), wall time {seconds / ideal:.3f}x calls/19 s (target <= 1.1x)")
    limits.clear_rate_limits()
    report("   b. no limit (shared cooldown on)", *run([f"Unlimited prompt {i}" for i in range(n_calls)], rps=20))
    watch_calls(limits.rate_limiter, watch=False)
    try: report("   c. no limit, no cooldown", *run([f"Alone prompt {i}" for i in range(n_calls)], rps=20))
    finally: watch_calls(limits.rate_limiter)

    rng = random.Random(14)
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma".split()
    prompts = [f"{i}: " + " ".join(rng.choice(words) for _ in range(rng.randint(5, 150))) for i in range(n_calls)]
    print(f"2. {n_calls} calls, prompts of 5 to 150 words, provider limit {tpm} tokens in any 60 s; set_rate_limit(tpm={tpm})")
    limits.set_rate_limit(MODEL, tpm=tpm)
    seconds, results, log = run(prompts, tpm=tpm)
    limits.clear_rate_limits()
    report("   tpm", seconds, results, log)
    sent, largest = sum(n for _, n, _ in log), max(n for _, n, _ in log)
    worst, worst_answered = worst_window(log, 60, True), worst_window([e for e in log if e[2] == 200], 60, True)
    print(f"      tokens sent {sent} in {seconds:.1f} s (at the limit: {sent / tpm * 60:.1f} s); largest request {largest}")
    print(f"      busiest 60 s: {worst} tokens received = {worst / tpm:.3f}x the limit (target <= 1.05x); answered: {worst_answered}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--tpm", type=int, default=25_000)
    args = parser.parse_args()
    main(args.calls, args.tpm)
