"""The built-in demo corpus and its local server."""
