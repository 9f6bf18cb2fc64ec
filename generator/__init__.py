"""artsite: a static-site generator for artists who publish AI-assisted work."""

__version__ = "0.1.0"
