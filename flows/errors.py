"""Errors of the flow layer (config, run, warehouse access from a night).

    DiplowatchError          base of what the CLI reports as a one-line message and exit code 2
    ├── ConfigError          the config file is missing, not TOML, or has an unknown key or bad value
    ├── RunError             the night could not run at all (e.g. the warehouse cannot be opened)
    └── UsageError           a command-line option has a bad value

Per-feed and per-article failures are not exceptions here: they are outcomes recorded in `fetches`.
"""


class DiplowatchError(Exception):
    """Base class: a failure the user must act on; the CLI prints it without a traceback."""


class ConfigError(DiplowatchError):
    """The config file is invalid; the message names the file, the key and what is expected."""


class RunError(DiplowatchError):
    """The night could not run."""


class UsageError(DiplowatchError):
    """A command-line option has a bad value; the message names the option and the expected form."""
