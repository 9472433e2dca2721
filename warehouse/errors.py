"""Errors of the warehouse layer.

    WarehouseError        the warehouse cannot be opened, read or written
    └── MigrationError    a migration is malformed or failed (its transaction was rolled back)
"""


class WarehouseError(Exception):
    """The warehouse cannot be used."""


class MigrationError(WarehouseError):
    """A migration failed; nothing of it was applied."""
