"""adulib's main job in a few lines, offline: answer a list of prompts concurrently, cached on disk.

    python examples/quickstart.py

With no API key and no network, the prompts go to adulib's fake OpenAI-compatible provider on 127.0.0.1. To use
a real model, drop the provider and pass e.g. model="gpt-4o-mini" with OPENAI_API_KEY set.
"""
import asyncio, tempfile

from adulib.asynchronous import batch_executor
from adulib.llm.completions import async_single
from adulib.llm.testing import FakeProvider

PROMPTS = ["What is the capital of France?", "What is the capital of Italy?", "What is the capital of Spain?"]


async def answer_all(provider, cache_dir):
    return await batch_executor(
        async_single,
        constant_kwargs=dict(model="openai/fake-model", api_base=provider.api_base, api_key="sk-offline",
                             system="You are a helpful assistant.", cache_path=cache_dir),
        batch_kwargs=[{"prompt": p} for p in PROMPTS],
        concurrency_limit=2,
        progress_bar_desc="Answering",
    )


def main():
    cache_dir = tempfile.mkdtemp(prefix="adulib-quickstart-")
    with FakeProvider(answers={"What is the capital of France?": "Paris.", "What is the capital of Italy?": "Rome.",
                               "What is the capital of Spain?": "Madrid."}, latency=0.05) as provider:
        first = asyncio.run(answer_all(provider, cache_dir))
        requests_after_first = provider.request_count
        again = asyncio.run(answer_all(provider, cache_dir))
    for prompt, answer in zip(PROMPTS, first): print(f"{prompt} -> {answer}")
    print(f"first run: {requests_after_first} provider requests; second run: "
          f"{provider.request_count - requests_after_first} (answered from the cache in {cache_dir})")
    assert again == first and provider.request_count == requests_after_first == len(PROMPTS)


if __name__ == "__main__":
    main()
