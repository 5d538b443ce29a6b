"""Older and other office formats (.doc, .wps, .odt, .rtf) become .docx through LibreOffice, run headless."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from .common import ImportFailure

OFFICE_SUFFIXES = (".doc", ".wps", ".odt", ".rtf")
INSTALL_HINT = ("需要 LibreOffice 才能导入 .doc、.wps、.odt、.rtf 文件：Debian/Ubuntu 上运行 sudo apt-get install libreoffice-writer-nogui，"
                "Windows 和 macOS 从 https://zh-cn.libreoffice.org/ 下载安装；也可以在 Word 或 WPS 中“另存为” .docx 后再导入")
_CANDIDATES = ("/usr/bin/soffice", "/usr/local/bin/soffice", "/opt/libreoffice/program/soffice",
               "/Applications/LibreOffice.app/Contents/MacOS/soffice", r"C:\Program Files\LibreOffice\program\soffice.exe")
SECONDS_PER_FILE, SECONDS_TO_START = 30, 60
_FAILED = "LibreOffice 无法转换该文件（文件可能已损坏、有密码保护，或不是它声称的格式）"
_TIMED_OUT = f"LibreOffice 转换超时（超过 {SECONDS_TO_START + SECONDS_PER_FILE} 秒），文件可能已损坏"


def find_soffice() -> str | None:
    """LibreOffice's command, on PATH or where its installers put it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((c for c in _CANDIDATES if os.access(c, os.X_OK)), None)


def convert_to_docx(files: list[Path], outdir: Path) -> dict[Path, Path | str]:
    """Each file's .docx in outdir, or the Chinese reason it could not be converted; one LibreOffice for all of them.

    Files are linked in under numbered names first, so that a.doc and sub/a.doc cannot overwrite each other's result.
    A batch that hangs (a damaged file can do that) is ended, and the files it left are converted one by one.
    """
    soffice = find_soffice()
    if soffice is None:
        return {file: INSTALL_HINT for file in files}
    inbox = outdir / "in"
    inbox.mkdir(parents=True, exist_ok=True)
    results: dict[Path, Path | str] = {}
    staged: dict[Path, Path] = {}
    for index, file in enumerate(files):
        try:
            staged[file] = _stage(file, inbox / f"{index:05d}{file.suffix.lower()}")
        except OSError as exc:
            results[file] = f"无法读取文件（{exc.strerror or exc}）"
    if not staged:
        return results
    finished = _run(soffice, list(staged.values()), outdir, SECONDS_TO_START + SECONDS_PER_FILE * len(staged))
    _collect(list(staged), staged, outdir, results, failure=None if not finished else _FAILED)
    for file in [f for f in staged if f not in results]:  # the batch hung: find the file that did it
        finished = _run(soffice, [staged[file]], outdir, SECONDS_TO_START + SECONDS_PER_FILE)
        _collect([file], staged, outdir, results, failure=_FAILED if finished else _TIMED_OUT)
    return results


def _stage(file: Path, link: Path) -> Path:
    """A numbered name for the file in the inbox (a hard link when possible, else a copy)."""
    try:
        os.link(file, link)
    except OSError:
        shutil.copyfile(file, link)
    return link


def _run(soffice: str, files: list[Path], outdir: Path, timeout: float) -> bool:
    """One headless LibreOffice with a throw-away profile; False when it had to be stopped."""
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as profile:
        command = [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                   f"-env:UserInstallation={Path(profile).as_uri()}",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), *map(str, files)]
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        try:
            process.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            _stop(process)
            return False
        except BaseException:  # Ctrl-C: LibreOffice must not outlive the import
            _stop(process)
            raise


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End LibreOffice and whatever it started (it runs in its own session)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(5)
            return
        except subprocess.TimeoutExpired:
            time.sleep(0.1)


def _collect(files: list[Path], staged: dict[Path, Path], outdir: Path, results: dict[Path, Path | str], *, failure: str | None) -> None:
    """Record the .docx LibreOffice wrote for each file, or `failure` for each it did not (None: try again)."""
    for file in files:
        written = outdir / f"{staged[file].stem}.docx"
        if written.is_file() and written.stat().st_size > 0:
            results[file] = written
        elif failure:
            results[file] = failure


def require(result: Path | str | None) -> Path:
    """The converted file, or the ImportFailure that says why there is none."""
    if isinstance(result, Path):
        return result
    raise ImportFailure(result or "没有转换结果")
