"""Files too big for pandas in the report command (大文件：DuckDB): a Parquet or CSV file opened
as a DuckDB relation with khlib's column names, never loaded into memory. The heavy step then
runs inside DuckDB (:mod:`khlib.summary.engines`, DuckDB's memory limit, spilling to disk) and
only per-customer rows reach pandas.

What is checked, and how it differs from the pandas path (:func:`khlib.read_table` +
:func:`khlib.prepare_orders`):

* **CSV** (``.csv``, ``.txt``, ``.tsv``, gzip-compressed too): the encoding is detected on the
  first 4 MB as in :func:`khlib.detect_encoding` (UTF-8 with or without BOM, GBK/GB18030);
  GBK files are transcoded to a temporary UTF-8 copy in 16 MB blocks (DuckDB reads UTF-8
  only without a download). The separator and the header row under title rows are found
  on the first 60 rows with the course's own rules. Every cell is read as text, so ids keep
  their leading zeros.
* **Amounts** in text are read after removing thousands separators, spaces and currency signs
  (``1,234.50``, ``¥1,234.50``); **dates** in text in the year-first formats
  (``2025-03-01``, ``2025/3/1``, ``2025.03.01``, ``20250301``, ``2025年3月1日``, each with an
  optional time). A value that cannot be read is an error naming how many there are and a
  few examples — day-first and month-first dates (``01/03/2025``) are refused here, because
  deciding between them needs the pandas path's look at the whole column: use
  ``--engine pandas`` or convert them first.
* Missing ids, dates or amounts and negative amounts are errors (the engine's scalar pass).
  Totals rows and duplicated lines are **not** looked for: at this size, clean the export
  first (a totals row has no customer id, so it stops the run as a missing value).
"""

from __future__ import annotations

import codecs
import csv
import gzip
from pathlib import Path

from .._errors import fail
from ..io._layout import header_row
from ..io._read import detect_encoding, sniff_sep

#: Year-first date formats read in SQL (DuckDB ``strptime``), tried in this order.
DATE_FORMATS = [f"{d}{t}" for d in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
                for t in ("", " %H:%M:%S", " %H:%M", "T%H:%M:%S")]
#: Characters removed from amounts in text before reading them (currency signs, spaces) …
AMOUNT_NOISE = "[\\s¥￥$\u00a0\u3000]"
#: … and what must be left: a plain number, commas only as thousands separators (so that a
#: decimal comma, 1.234,50, is refused rather than read as 1.2345).
AMOUNT_PATTERN = r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[+-]?\.\d+"
_SPACES = " \t\r\n\u00a0\u3000\u200b\ufeff"
_CSV = {".csv", ".txt", ".tsv"}
_HEAD = 4 * 2**20
_BLOCK = 16 * 2**20


def is_big_candidate(path: Path) -> bool:
    """Whether the DuckDB path reads this kind of file (Parquet, CSV/TXT, gzip-compressed CSV)."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    return bool(suffixes) and (suffixes[-1] == ".parquet" or suffixes[-1] in _CSV
                               or (suffixes[-1] == ".gz" and len(suffixes) == 2 and suffixes[0] in _CSV))


def _open(path: Path):
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")


def _utf8_copy(path: Path, encoding: str, folder: Path) -> Path:
    """The file as UTF-8 in ``folder`` (GBK -> UTF-8 in blocks, memory bounded)."""
    out = folder / "orders_utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with _open(path) as src, open(out, "wb") as dst:
            while block := src.read(_BLOCK):
                dst.write(decoder.decode(block).encode("utf-8"))
            dst.write(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeDecodeError as exc:
        raise fail(f"文件不能按 {encoding} 解码（第 {exc.start} 个字节附近）：{exc.reason}。请用 --encoding 指定编码。",
                   f"The file cannot be decoded as {encoding} (near a byte {exc.start} of a block): {exc.reason}. "
                   "Name the encoding with --encoding.") from exc
    return out


def _csv_relation(con, path: Path, encoding: str | None, folder: Path):
    with _open(path) as f:
        head = f.read(_HEAD)
    if not head.strip():
        raise fail(f"文件是空的（没有任何内容）：{path}。", f"The file is empty (no content): {path}.")
    cut = head[: head.rfind(b"\n") + 1] or head  # whole lines only: no character cut in two
    enc = (encoding or detect_encoding(cut)).lower().replace("_", "-")
    text = cut.decode(enc, errors="replace").lstrip("\ufeff")
    sep = sniff_sep(text)
    rows = list(csv.reader(text.splitlines()[:60], delimiter=sep))
    skip = header_row([[c.strip(_SPACES) or None for c in r] for r in rows if any(c.strip(_SPACES) for c in r)])
    blank_before = 0  # header_row counts non-blank rows: add the blank ones above the header
    seen = 0
    for r in rows:
        if any(c.strip(_SPACES) for c in r):
            if seen == skip:
                break
            seen += 1
        blank_before += 1
    source = path
    if enc not in {"utf-8", "utf8", "utf-8-sig", "ascii"}:
        source = _utf8_copy(path, enc, folder)
    return con.read_csv(str(source), delimiter=sep, header=True, skiprows=blank_before, all_varchar=True,
                        quotechar='"')


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def duckdb_orders(path: str | Path, cols: dict, read: dict | None = None, *, directory: str | Path,
                  memory_limit: str | None = None):
    """A Parquet or CSV order file as a DuckDB relation with khlib's column names
    (``customer_id``, ``order_date``, ``amount`` and ``order_id`` when named or present): text
    columns are read as in the module notes and every unreadable value is an error. ``directory``
    holds the UTF-8 copy of a GBK file and the parsed table of a CSV: a temporary folder of the
    caller's, which must outlive the relation; DuckDB spills there too. ``memory_limit`` (e.g.
    ``"1700MB"``) caps DuckDB's memory (default: DuckDB's own, 80% of RAM)."""
    import duckdb

    p = Path(path)
    if not p.exists():
        raise fail(f"找不到文件 {p}。", f"File not found: {p}.")
    if not is_big_candidate(p):
        raise fail(f"DuckDB 只读 Parquet 和 CSV 文件，不读 {p.suffix}。", f"DuckDB reads Parquet and CSV files, not {p.suffix}.")
    scratch = Path(directory)
    csv_file = p.suffix.lower() != ".parquet"
    # A CSV is parsed once into a table on disk (in ``directory``): every later step scans that
    # table instead of parsing the text again. A Parquet file is scanned in place.
    con = duckdb.connect(str(scratch / "lines.duckdb")) if csv_file else duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET temp_directory = '{scratch.as_posix()}'")
    if memory_limit:
        try:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        except duckdb.Error as err:
            raise fail(f"内存上限 {memory_limit!r} 无法识别（例如 '1700MB'、'4GB'）。",
                       f"Memory limit {memory_limit!r} not understood (e.g. '1700MB', '4GB').") from err
    if csv_file:
        rel = _csv_relation(con, p, (read or {}).get("encoding"), scratch)
    else:
        rel = con.read_parquet(str(p))
    columns = list(rel.columns)
    names = {"customer_id": cols.get("customer") or "customer_id", "order_date": cols.get("date") or "order_date",
             "amount": cols.get("amount") or "amount"}
    if cols.get("order") or "order_id" in columns:
        names["order_id"] = cols.get("order") or "order_id"
    loose = {c.strip(_SPACES).casefold(): c for c in columns}
    found = {k: v if v in columns else loose.get(v.strip(_SPACES).casefold()) for k, v in names.items()}
    missing = [names[k] for k, v in found.items() if v is None]
    if missing:
        raise fail(f"缺少列：{missing}。文件中的列：{columns}。请用 --customer、--date、--amount 指定。",
                   f"Missing column(s): {missing}. Columns in the file: {columns}. Name them with --customer, "
                   "--date, --amount.")
    types = dict(zip(columns, (str(t).upper() for t in rel.types)))
    exprs, checks = {}, {}
    for key in ("customer_id", "order_id"):
        if key in found:
            c = _q(found[key])
            exprs[key] = f"NULLIF(trim(CAST({c} AS VARCHAR), '{_SPACES}'), '')"
    a, a_type = _q(found["amount"]), types[found["amount"]]
    if a_type == "VARCHAR":
        text = f"NULLIF(trim({a}, '{_SPACES}'), '')"
        bare = f"regexp_replace({text}, '{AMOUNT_NOISE}', '', 'g')"  # no currency signs, no spaces
        exprs["amount"] = (f"CASE WHEN regexp_full_match({bare}, '{AMOUNT_PATTERN}') "
                           f"THEN TRY_CAST(replace({bare}, ',', '') AS DOUBLE) END")
        checks["amount"] = (f"{text} IS NOT NULL AND {exprs['amount']} IS NULL", text)
    else:
        exprs["amount"] = f"CAST({a} AS DOUBLE)"
    d, d_type = _q(found["order_date"]), types[found["order_date"]]
    if d_type == "VARCHAR":
        text = f"NULLIF(trim({d}, '{_SPACES}'), '')"
        formats = "[" + ", ".join(f"'{f}'" for f in DATE_FORMATS) + "]"
        exprs["order_date"] = f"try_strptime({text}, {formats})"
        checks["order_date"] = (f"{text} IS NOT NULL AND {exprs['order_date']} IS NULL", text)
    elif d_type.startswith(("DATE", "TIMESTAMP")):
        exprs["order_date"] = f"CAST({d} AS TIMESTAMP)"
    else:
        raise fail(f"列 '{found['order_date']}'（订单日期）的类型是 {d_type}，需要日期或文本日期。",
                   f"Column '{found['order_date']}' (order date) is of type {d_type}; dates or dates in text expected.")
    select = ", ".join(f"{e} AS {k}" for k, e in exprs.items())
    if not checks:
        return rel.project(select)
    # The unreadable values are flagged in the same pass (their text kept only where bad).
    flags = ", ".join(f"CASE WHEN {cond} THEN {text} END AS _bad_{k}" for k, (cond, text) in checks.items())
    if csv_file:
        con.execute(f"CREATE TABLE lines AS SELECT {select}, {flags} FROM ({rel.sql_query()})")
        table = con.table("lines")
    else:
        table = rel.project(f"{select}, {flags}")
    _refuse_unreadable(table, list(checks), found)
    return table.project(", ".join(exprs))


def _refuse_unreadable(table, keys: list[str], found: dict) -> None:
    """Count the values flagged unreadable (``_bad_<column>``); an error with examples."""
    counts = table.aggregate(", ".join(f"count(_bad_{k}) AS {k}" for k in keys)).fetchall()[0]
    bad = {k: int(n) for k, n in zip(keys, counts) if n}
    if not bad:
        return
    what = {"amount": ("金额", "amount"), "order_date": ("订单日期", "order date")}
    parts_zh, parts_en = [], []
    for k, n in bad.items():
        examples = [r[0] for r in table.filter(f"_bad_{k} IS NOT NULL").project(f"_bad_{k}").limit(3).fetchall()]
        parts_zh.append(f"列 '{found[k]}'（{what[k][0]}）有 {n:,} 个值无法读取，例如 {examples}")
        parts_en.append(f"column '{found[k]}' ({what[k][1]}) has {n:,} value(s) that cannot be read, e.g. {examples}")
    raise fail("；".join(parts_zh) + "。大文件路径只读年在前的日期（2025-03-01、2025/3/1、2025年3月1日）"
               "和普通数字（可带千分位与货币符号）；其他格式请先转换，或用 --engine pandas。",
               "; ".join(parts_en) + ". The big-file path reads year-first dates (2025-03-01, 2025/3/1, 2025年3月1日) "
               "and plain numbers (thousands separators and currency signs allowed); convert other formats first, "
               "or use --engine pandas.")
