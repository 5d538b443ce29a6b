"""nianbao (年报): a publishing system for organisations' work reports.

The package is plain Python and never imports MkDocs; `hooks/nianbao_hook.py`
wires MkDocs events to it.
"""
from __future__ import annotations

__version__ = "0.1.0"
