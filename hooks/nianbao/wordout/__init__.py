"""Reports as official-format Word documents (GB/T 9704-2012): one per report, and a year's compilation (年度汇编)."""
from __future__ import annotations

from .compilation import render_compilation_docx
from .report import render_report_docx

__all__ = ["render_compilation_docx", "render_report_docx"]
