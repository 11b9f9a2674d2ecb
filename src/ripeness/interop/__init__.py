"""Interoperability with other negotiation tools: GENIUS XML import and export."""

from .genius import GeniusFormatError, dump_yaml, list_domain_files
from .genius_read import read_genius
from .genius_write import write_genius

__all__ = ["GeniusFormatError", "dump_yaml", "list_domain_files", "read_genius", "write_genius"]
