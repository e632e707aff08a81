"""Reading an analyst's CSV/TXT or Excel file (读取文件) into a frame that keeps what the file
says: ids as text (``00123``), the header found under title rows, totals rows left out (with a
warning), and the spreadsheet row of every row for the error messages of
:func:`khlib.prepare_orders`.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from .._deprecation import renamed_kwargs
from .._errors import fail
from ._layout import choose_header, finish_frame

_ENCODINGS = ("utf-8", "gb18030")
_SAMPLE_ROWS = 60
_STRIP = " \t\r\n\u00a0\u3000\ufeff"


@renamed_kwargs(data="raw")
def detect_encoding(raw: bytes) -> str:
    """Guess the text encoding of a file's bytes (文件编码识别).

    UTF-8 with or without a byte-order mark, UTF-16 with a BOM (Excel's "Unicode text"), and
    GBK / GB18030 (GBK is a subset of GB18030, so GBK files are read as GB18030).

    >>> detect_encoding("客户".encode("gbk"))
    'gb18030'
    >>> detect_encoding("\\ufeff客户".encode("utf-8"))
    'utf-8-sig'
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for enc in _ENCODINGS:
        try:
            raw.decode(enc)
        except UnicodeDecodeError:
            continue
        return enc
    raise fail(
        "无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030。请用 encoding= 指定编码。",
        f"Cannot detect the file's encoding: tried {', '.join(_ENCODINGS)} (and BOMs). "
        "Pass encoding=... explicitly.",
    )


def sniff_sep(text: str) -> str:
    """The separator that splits the most lines into the same number (> 1) of fields."""
    lines = [ln for ln in text[:50000].splitlines()[:_SAMPLE_ROWS] if ln.strip()]
    best, score = ",", (0.0, 0)
    for sep in (",", ";", "\t", "|"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=sep)]
        except csv.Error:
            continue
        if not counts:
            continue
        mode, hits = Counter(counts).most_common(1)[0]
        if mode > 1 and (hits / len(counts), mode) > score:
            best, score = sep, (hits / len(counts), mode)
    return best


def _empty_file(p: Path) -> Exception:
    return fail(f"文件是空的（没有任何内容）：{p}。请检查导出是否成功。",
                f"The file is empty (no content): {p}. Check that the export worked.")


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    sep: str | None = None,
    sheet_name: str | int = 0,
    header: int | str = "auto",
    **kwargs,
) -> pd.DataFrame:
    """Read a CSV/TXT or Excel file into a DataFrame (读取 CSV / Excel 文件).

    CSV: the encoding is detected (:func:`detect_encoding`) unless given, and the separator
    (comma, semicolon, tab or bar) is sniffed unless given. Excel (``.xlsx``, ``.xlsm``;
    ``.xls`` with xlrd): ``sheet_name`` selects one sheet (a name or its position);
    ``sheet_name=None`` (every sheet) is refused: read the sheets one at a time.

    What the file says is kept: every CSV cell is read as text and only columns of plain
    numbers (integers without leading zeros, decimals with a point) become numbers, so ids
    such as ``00123`` stay text; Excel cells keep their type (an integer formatted ``00000``
    keeps its zeros). Numbers and dates in other formats (``1.234,50``, ``20.03.2025``) stay
    text for :func:`khlib.prepare_orders`, which reads them per column.

    ``header="auto"`` finds the header under title rows (the first row mostly filled with text
    labels and followed by data; a warning names the rows skipped); ``header=2`` says the
    header is the third row (0-based, as in pandas). Blank rows are left out; trailing totals
    rows (合计, 总计, 小计, Total, Sum, or a last row equal to the column sums) are left out with
    a warning naming their spreadsheet rows.

    ``df.attrs`` keeps ``source_encoding`` (``"xlsx"`` for workbooks), ``source_file``,
    ``source_rows`` (the spreadsheet row of every row, used to name rows in error messages),
    for workbooks ``source_sheet`` and ``source_sheets`` (the columns of every sheet, so that a
    missing-column error can say which sheet has them), and the number and date conventions the
    file proves (``number_decimal``, ``date_dayfirst``). Other keyword arguments go to
    :func:`pandas.read_csv` (CSV); ``dtype=`` is applied to the result.
    """
    p = Path(path)
    if not p.exists():
        raise fail(f"找不到文件：{p}", f"File not found: {p}")
    if p.is_dir():
        raise fail(f"这是文件夹，不是文件：{p}", f"This is a folder, not a file: {p}")
    user_dtype = kwargs.pop("dtype", None)
    suffix = p.suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".xls"}:
        from ._workbook import read_sheet

        return read_sheet(p, sheet_name=sheet_name, header=header, user_dtype=user_dtype, **kwargs)
    raw = p.read_bytes()
    if suffix == ".gz":
        import gzip

        raw = gzip.decompress(raw)
    if not raw.strip():
        raise _empty_file(p)
    enc = encoding or detect_encoding(raw)
    try:
        text = raw.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise fail(f"文件不能按 {enc} 解码：{exc}", f"File cannot be decoded as {enc}: {exc}") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip(_STRIP):
        raise _empty_file(p)
    sep = sep or sniff_sep(text)
    sample = list(itertools.islice(csv.reader(io.StringIO(text[:200000]), delimiter=sep), _SAMPLE_ROWS))
    given = isinstance(kwargs.get("skiprows"), int)  # the caller says where the header is: no title-row warning
    h = int(kwargs.pop("skiprows")) if given else choose_header(sample, header)
    skipped = [next((c for c in r if c.strip()), "") for r in sample[:h] if any(c.strip() for c in r)]
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, header=0, skiprows=h, dtype=str, keep_default_na=False,
                         na_values=[""], skip_blank_lines=False, **kwargs)
    except pd.errors.EmptyDataError:
        raise _empty_file(p) from None
    except pd.errors.ParserError as exc:
        raise fail(f"CSV 文件有一行的字段数与表头不同（{exc}）。请检查分隔符（sep=）、该行多出的分隔符或引号。",
                   f"A line of the CSV file has more fields than the header ({exc}); check the separator "
                   "(sep=) and that line's separators or quotes.") from None
    rows = np.arange(len(df), dtype=np.int64) + h + 2
    return finish_frame(df, rows, sheet=None, encoding=enc, sep=sep, user_dtype=user_dtype,
                        skipped=skipped if header == "auto" and not given else [], header_at=h + 1, path=p)
