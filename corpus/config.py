"""The config file (``corpus/sources.toml`` unless another is named): sources, client settings and limits."""

import tomllib
from pathlib import Path

from .text import configure_limits

DEFAULT_CONFIG = Path(__file__).with_name("sources.toml")


def load_config(path=None) -> dict:
    """The source list: ``corpus/sources.toml`` unless another file is named. Its ``[limits]`` (PDF pages,
    HTML size) apply to every document read from then on; a wrong one raises ValueError."""
    with open(path or DEFAULT_CONFIG, "rb") as fh:
        config = tomllib.load(fh)
    configure_limits(config.get("limits", {}))
    return config
