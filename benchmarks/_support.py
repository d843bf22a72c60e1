"""What the benchmarks share: litellm offline, a ledger of their own (their fake calls never reach the user's), and the
fake provider in a process of its own (so that serving is not counted as the benchmark's CPU).

    from _support import ProviderProcess   # first, before adulib.llm: it sets the environment
"""
import json, os, subprocess, sys, tempfile, time

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("LITELLM_OFFLINE_MODE", "true")
_own = tempfile.mkdtemp(prefix="adulib-benchmark-")
os.environ.setdefault("ADULIB_LEDGER", os.path.join(_own, "ledger.db"))
os.environ.setdefault("ADULIB_CACHE_DIR", os.path.join(_own, "cache"))  # nothing of theirs (answers, endpoints) in the user's cache

VALUE = {"text": "The capital of France is Paris.", "tokens": list(range(20)), "model": "gpt-4o-mini"}  # a cached value's size


def per_call(fn, calls: int) -> float:
    "Seconds per call of `fn`, over `calls` calls in a row."
    start = time.perf_counter()
    for _ in range(calls): fn()
    return (time.perf_counter() - start) / calls


SERVER = """
import json, sys
from adulib.llm.testing import FakeProvider
provider = FakeProvider(**json.loads(sys.argv[1])).start()
print(provider.api_base, flush=True)
for line in sys.stdin:  # "log": print the log as one JSON line; end of input: stop
    print(json.dumps([(r.at, r.tokens, r.status) for r in provider.log]), flush=True)
provider.stop()
"""


class ProviderProcess:
    "`adulib.llm.testing.FakeProvider(**settings)` in a process of its own, serving at `api_base` until `close()`."
    def __init__(self, **settings):
        self.process = subprocess.Popen([sys.executable, "-c", SERVER, json.dumps(settings)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        self.api_base = self.process.stdout.readline().strip()

    def log(self) -> list[tuple[float, int, int | None]]:
        "The provider's log: `(time, tokens, status)` per request received."
        self.process.stdin.write("log\n"), self.process.stdin.flush()
        return [tuple(entry) for entry in json.loads(self.process.stdout.readline())]

    def close(self):
        self.process.stdin.close(), self.process.wait(10)
