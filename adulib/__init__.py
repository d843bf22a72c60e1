"""adulib: cached, retried and batched LLM calls for notebooks and scripts.

Importing adulib is cheap: it does not import litellm (the modules that call models import it when
they are first imported) and it never touches the network. litellm fetches its model price map from
the internet when it is imported; adulib asks it to use the copy bundled with the installed litellm
instead, unless you have chosen otherwise by setting `LITELLM_LOCAL_MODEL_COST_MAP` yourself.
"""
import os as _os

_os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

__version__ = "0.1.0"
