"""What recording every call in the ledger costs a batch, measured against the same batch unrecorded in the same run.

    python benchmarks/llm_ledger.py [--rounds 7] [--calls 2000]

`--calls` calls of `batch_executor(async_single, ...)` at concurrency 100 against the fake provider (in its own
process) answering after 50 ms, with the cache on and cold (new prompts each run):

- off: the ledger's watcher is not registered at all (nothing recorded, nothing counted);
- on: the ledger records every call into a file, inside a `track()` that adds them up, and the run's time
  includes writing out the last records (`flush`).

Runs alternate, the order flipping each round, so that a shared machine whose speed drifts slows both alike; the
figure is the median of the per-round ratios on/off. Target: <= 1.03. On a busy shared machine the ratios scatter
by more than the ledger's cost, so the work recording adds per call is also measured directly (20,000 records
through the watcher, a track and the writer) and set against a call's share of the batch's time; and again in a
forked child process, which writes each record itself before its call returns (a child may end without `atexit`).
"""
import argparse, asyncio, multiprocessing, os, statistics, tempfile, time

from _support import ProviderProcess  # first: the environment (offline, a ledger of the benchmark's own)



async def batch(api_base, prompts):
    from adulib.asynchronous import batch_executor
    from adulib.llm.completions import async_single
    return await batch_executor(async_single, constant_kwargs=dict(model="gpt-4o-mini", api_base=api_base, api_key="sk-bench",
                                                                  cache_path=tempfile.mkdtemp()),
                                batch_kwargs=[{"prompt": p} for p in prompts], concurrency_limit=100, verbose=False)


def run(api_base, prompts, recorded: bool):
    "One batch; with `recorded`, in a track, the ledger on, its last records written before the clock stops."
    from adulib.llm import completions, ledger
    completions.watch_calls(ledger.watcher, watch=recorded)
    start = time.perf_counter()
    if recorded:
        with ledger.track() as totals: answers = asyncio.run(batch(api_base, prompts))
        ledger.flush()
        assert totals.calls == len(prompts), totals
    else: answers = asyncio.run(batch(api_base, prompts))
    elapsed = time.perf_counter() - start
    assert answers == [f"You said: {p}" for p in prompts]
    return elapsed


def recording_cost(n: int = 20000) -> float:
    "Seconds of work per call that recording takes, measured directly: the watcher's share in the call, and the writer's."
    from adulib.llm import ledger
    from adulib.llm.completions import CHAT, CallEnded, call_options, completion, plan_call
    messages = [{"role": "user", "content": "What is the capital of France?"}]
    response = completion(model="gpt-4o-mini", messages=messages, mock_response="Paris", cache_enabled=False)
    plan = plan_call(CHAT, call_options((), dict(model="gpt-4o-mini", messages=messages, tags="bench")))
    ended = CallEnded(time.time(), 0.05, 1, False, response, None)
    ledger.flush()
    start = time.perf_counter()
    with ledger.track():
        for _ in range(n):
            ledger.watcher.before_send(plan, plan.request)
            ledger.watcher.call_ended(plan, ended)
    ledger.flush()
    return (time.perf_counter() - start) / n


def _cost_in_child(n: int, pipe):
    pipe.send(recording_cost(n))


def child_recording_cost(n: int = 5000) -> float:
    "`recording_cost` in a forked child process, where each record is written (its own transaction) before the call returns."
    context = multiprocessing.get_context("fork")
    here, there = context.Pipe()
    child = context.Process(target=_cost_in_child, args=(n, there))
    child.start()
    cost = here.recv()
    child.join()
    return cost


def main(calls: int, rounds: int):
    from adulib.llm import ledger
    path = os.path.join(tempfile.mkdtemp(), "ledger.db")
    ledger.set_ledger_path(path)
    server = ProviderProcess(latency=0.05)
    api_base = server.api_base
    times = {True: [], False: []}
    try:
        run(api_base, [f"warm up {i}" for i in range(200)], True)
        for r in range(rounds):
            for recorded in ((True, False) if r % 2 else (False, True)):
                prompts = [f"round {r} prompt {i} {'on' if recorded else 'off'}" for i in range(calls)]
                times[recorded].append(run(api_base, prompts, recorded))
    finally:
        server.close()
    recorded_calls = len(ledger.calls(since=0))
    ratios = [on / off for on, off in zip(times[True], times[False])]
    ratio = statistics.median(ratios)
    print(f"Ledger overhead: {calls} calls at concurrency 100, provider latency 50 ms, cache on (cold), {rounds} rounds")
    print(f"  ledger off: median {statistics.median(times[False]):.2f} s   ledger on (+ track, + flush): median {statistics.median(times[True]):.2f} s")
    print(f"  per-round ratios on/off: {', '.join(f'{r:.3f}' for r in ratios)}")
    print(f"  records written: {recorded_calls} (expected {200 + rounds * calls})")
    print(f"  ledger on / off: {ratio:.3f}x (target <= 1.03x): {'met' if ratio <= 1.03 else 'MISSED'}")
    per_call, share = recording_cost(), statistics.median(times[False]) / calls
    print(f"  measured directly: recording takes {per_call * 1e6:.1f} µs of work per call (watcher, track, writer thread), "
          f"{per_call / share:.2%} of a call's {share * 1e3:.2f} ms share of the batch's time")
    in_child = child_recording_cost()
    print(f"  in a child process (each record written before its call returns): {in_child * 1e6:.1f} µs per call, "
          f"{in_child / per_call:.1f}x the parent's; {in_child / share:.2%} of a call's share of the batch's time")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    main(args.calls, args.rounds)
