"""The LLM-call family of adulib in one import: `from adulib.llm import completion, single, embedding, ...`.

Names are loaded on first use, so `import adulib.llm` alone stays cheap, and none of them imports litellm: it is
imported when a request is first sent or one of its objects first built, never for a cache hit that returns text or vectors.
Docs: https://adulib.github.io/adulib/llm/catalog.html
"""
import importlib

_WHERE = {
    **dict.fromkeys(["completion", "async_completion", "single", "async_single", "prompt", "async_prompt", "text_completion",
                     "async_text_completion", "Conversation"], "adulib.llm.completions"),
    **dict.fromkeys(["check_messages", "is_cache_hit", "response_cache_key"], "adulib.llm.requests"),
    "watch_calls": "adulib.llm.watching",
    "resolve_endpoint": "adulib.llm.endpoints",
    **dict.fromkeys(["embedding", "async_embedding"], "adulib.llm.embeddings"),
    **dict.fromkeys(["token_count", "models", "ModelInfo"], "adulib.llm.catalog"),
    **dict.fromkeys(["set_rate_limit", "remove_rate_limit", "rate_limits", "clear_rate_limits", "rate_limit_wait", "RateLimit"],
                    "adulib.llm.limits"),
    **dict.fromkeys(["track", "budget", "BudgetExceeded", "set_ledger_path"], "adulib.llm.ledger"),
    **dict.fromkeys(["submit_batch", "BatchRun", "BatchStatus", "BatchError"], "adulib.llm.batches"),  # imports litellm: a batch is sent
    "ledger": "adulib.llm.ledger",  # the module itself: `adulib.llm.ledger.calls()`, `.summary()`
}
__all__ = list(_WHERE)

def __getattr__(name: str):
    if name not in _WHERE: raise AttributeError(f"module 'adulib.llm' has no attribute {name!r}")
    module = importlib.import_module(_WHERE[name])
    value = module if module.__name__ == f"{__name__}.{name}" else getattr(module, name)  # a module, or a name in it
    globals()[name] = value  # found once, then an ordinary attribute
    return value

def __dir__(): return sorted([*globals(), *__all__])
