"""aleppo: a timeline and entity explorer for news coverage."""

__version__ = "0.1.0"
