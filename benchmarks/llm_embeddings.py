"""Benchmark for adulib.llm.embeddings against bare litellm, measured in the same run.

    python benchmarks/llm_embeddings.py [--rounds 3] [--texts 10000]

`--texts` texts, every fifth one (20%) already in the cache, against the fake provider (in its own process)
answering each request after 20 ms: `async_embedding(texts, batch_size=96, concurrency_limit=4)` against bare
`litellm.aembedding` over the uncached 80% in the same chunks of 96 at the same concurrency (an
`asyncio.Semaphore`). Target: <= 1.1x. The runs alternate, in an order that rotates each round; medians of the rounds.
"""
import argparse, asyncio, statistics, tempfile, time

from _support import ProviderProcess  # first: the environment (offline, a ledger of the benchmark's own)

MODEL, BATCH, CONCURRENCY = "openai/text-embedding-3-small", 96, 4


async def bare(api_base, texts):
    import litellm
    limit = asyncio.Semaphore(CONCURRENCY)
    async def one(chunk):
        async with limit:
            response = await litellm.aembedding(model=MODEL, input=chunk, api_base=api_base, api_key="sk-bench")
            return [d["embedding"] for d in response.data]
    chunks = [texts[i:i + BATCH] for i in range(0, len(texts), BATCH)]
    return [v for vectors in await asyncio.gather(*(one(c) for c in chunks)) for v in vectors]


async def adulib(api_base, texts, cache):
    from adulib.llm.embeddings import async_embedding
    response = await async_embedding(MODEL, texts, api_base=api_base, api_key="sk-bench", cache_path=cache,
                                     batch_size=BATCH, concurrency_limit=CONCURRENCY)
    return [d["embedding"] for d in response.data]


def main(n_texts: int, rounds: int):
    server = ProviderProcess(latency=0.02)
    api_base = server.api_base
    times = {"bare litellm.aembedding, the 80% uncached": [], "async_embedding, all, 20% cached": []}
    try:
        asyncio.run(bare(api_base, ["warm up"] * 200))
        for r in range(rounds):
            texts = [f"round {r} text {i}" for i in range(n_texts)]
            cached, uncached = texts[::5], [t for i, t in enumerate(texts) if i % 5]
            cache = tempfile.mkdtemp()
            asyncio.run(adulib(api_base, cached, cache))  # the 20% already cached, before the clock starts
            runs = [("bare litellm.aembedding, the 80% uncached", lambda: bare(api_base, uncached)),
                    ("async_embedding, all, 20% cached", lambda: adulib(api_base, texts, cache))]
            for name, run in runs[r % 2:] + runs[:r % 2]:
                start = time.perf_counter()
                vectors = asyncio.run(run())
                times[name].append(time.perf_counter() - start)
                assert len(vectors) == (len(uncached) if name.startswith("bare") else len(texts))
    finally:
        server.close()
    base = statistics.median(times["bare litellm.aembedding, the 80% uncached"])
    print(f"Embeddings: {n_texts} texts, 20% cached, chunks of {BATCH}, {CONCURRENCY} at a time, latency 20 ms, median of {rounds} rounds")
    for name, samples in times.items():
        print(f"  {name:<44} {statistics.median(samples):6.2f} s  {statistics.median(samples) / base:5.2f}x")
    ratio = statistics.median(times["async_embedding, all, 20% cached"]) / base
    print(f"  async_embedding: {ratio:.2f}x (target <= 1.1x): {'met' if ratio <= 1.1 else 'MISSED'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--texts", type=int, default=10_000)
    args = parser.parse_args()
    main(args.texts, args.rounds)
