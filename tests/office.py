"""LibreOffice (Debian's libreoffice-writer-nogui, installed by .ci/run) writing the office files the importer meets."""
from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
# --convert-to arguments: the extension and, where LibreOffice's default is not what offices use, the filter.
FORMATS = {
    "docx": "docx:MS Word 2007 XML", "doc": "doc:MS Word 97", "odt": "odt", "rtf": "rtf",
    "pdf": "pdf:writer_pdf_Export", "html": "html:HTML (StarWriter)",
}


def write_with_libreoffice(sources: list[Path], fmt: str, outdir: Path) -> list[Path]:
    """Have one headless LibreOffice process write every source as `fmt` into outdir; return the files, in order."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                   "--convert-to", FORMATS.get(fmt, fmt), "--outdir", str(outdir)]
        if sources and sources[0].suffix == ".html":  # open web pages in Writer, not Writer/Web, to save them as documents
            command.append("--infilter=HTML (StarWriter)")
        done = subprocess.run([*command, *map(str, sources)], capture_output=True, text=True, timeout=300)
    written = [outdir / f"{source.stem}.{fmt.split(':')[0]}" for source in sources]
    missing = [p.name for p in written if not p.is_file()]
    assert not missing, f"LibreOffice did not write {missing}: {done.stdout}{done.stderr}"
    return written


def write_html(path: Path, paragraphs: list[str], *, indent: bool = True) -> Path:
    """A plain document as HTML for LibreOffice to open: one paragraph per line, indented two characters as in 公文."""
    style = ' style="text-indent:24pt"' if indent else ""  # two characters of 12 pt text (LibreOffice ignores em)
    body = "\n".join(f"<p{style}>{html.escape(p)}</p>" if p.strip() else "" for p in paragraphs)
    path.write_text(f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(path.stem)}</title></head>'
                    f"<body>\n{body}\n</body></html>\n", encoding="utf-8")
    return path
