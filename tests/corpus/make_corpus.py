"""Generate the corpus of analysts' files (分析人员文件样本) that issue 11 found giving silently
wrong numbers or dead ends, with their true numbers.

    python tests/corpus/make_corpus.py            # writes tests/corpus/files/ and expected.json
    python tests/corpus/make_corpus.py --check    # fails unless the files are what it writes

One set of 80 order lines (7 customers whose codes have leading zeros, orders of 1-3 lines,
amounts from a fixed seed, whole cents) is written in the formats ERP exports use: semicolons
and decimal commas, GBK, ids with stray spaces, placeholders, duplicates, returns, times of
day, title and totals rows, two sheets, 万 amounts and Excel serial dates, time zones, missing
order ids, an empty file. ``expected.json`` holds, per file, how to read it, the true total,
the number of customers and what else the test checks, or the words the error must contain
(the column and the spreadsheet rows, 1-based with the header line counted, as Excel shows
them). The files are deterministic to the byte (fixed seed; xlsx with fixed zip times and
document dates), so ``--check`` can prove nobody edited them by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import zipfile
from pathlib import Path

import numpy as np

SEED = 20250311
N_LINES = 80
CUSTOMERS = ["00123", "00456", "00789", "01011", "02020", "03300", "10001"]
HERE = Path(__file__).resolve().parent
FIXED_TIME = (2025, 1, 1, 0, 0, 0)
EXCEL_ORIGIN = dt.date(1899, 12, 30)


# ------------------------------------------------------------------ the true lines
def base_lines(seed: int = SEED, n: int = N_LINES) -> list[dict]:
    """The 80 true order lines: customer, day, seconds after midnight, order, line, cents."""
    rng = np.random.default_rng(seed)
    lines, order = [], 0
    days = np.sort(rng.integers(0, 365, size=n))
    weights = np.array([5, 4, 3, 2, 2, 1, 1], dtype=float)
    i = 0
    while i < n:
        size = min(int(rng.integers(1, 4)), n - i)
        cust = CUSTOMERS[order] if order < len(CUSTOMERS) else CUSTOMERS[int(rng.choice(7, p=weights / weights.sum()))]
        order += 1
        day, seconds = dt.date(2025, 1, 1) + dt.timedelta(days=int(days[i])), int(rng.integers(8 * 3600, 20 * 3600))
        for ln in range(1, size + 1):
            cents = int(round(float(rng.lognormal(9.2, 0.9)) * 100))
            lines.append({"customer": cust, "day": day, "seconds": seconds, "order": f"SO2025{order:04d}",
                          "line": ln, "cents": cents})
            i += 1
    return lines


def total(lines: list[dict]) -> float:
    return round(sum(x["cents"] for x in lines) / 100, 2)


def date_checksum(lines: list[dict]) -> int:
    """Sum over the lines of the day number in 2025 (catches day/month swaps)."""
    return sum((x["day"] - dt.date(2025, 1, 1)).days for x in lines)


# ------------------------------------------------------------------ number and date formats
def euro(cents: int, thousands: str = ".") -> str:
    """27.352,17 (decimal comma, thousands ``thousands``)."""
    whole, frac = divmod(abs(cents), 100)
    g = f"{whole:,}".replace(",", thousands)
    return ("-" if cents < 0 else "") + f"{g},{frac:02d}"


def plain(cents: int) -> str:
    whole, frac = divmod(abs(cents), 100)
    return ("-" if cents < 0 else "") + f"{whole}.{frac:02d}"


def grouped(cents: int) -> str:
    whole, frac = divmod(abs(cents), 100)
    return ("-" if cents < 0 else "") + f"{whole:,}.{frac:02d}"


def wan(cents: int) -> str:
    """Amount in 万 (10,000 yuan), exact: 12345.67 -> '1.234567万'."""
    s = f"{cents / 1_000_000:.6f}".rstrip("0").rstrip(".")
    return s + "万"


def serial(day: dt.date) -> int:
    return (day - EXCEL_ORIGIN).days


def csv_text(header: list[str], rows: list[list[str]], sep: str = ",") -> str:
    def cell(v: str) -> str:
        v = str(v)
        return f'"{v}"' if (sep in v or '"' in v) else v

    return "\r\n".join(sep.join(cell(v) for v in r) for r in [header, *rows]) + "\r\n"


def row_of(index: int, header_rows: int = 1) -> int:
    """Spreadsheet row of data line ``index`` (0-based) under ``header_rows`` lines."""
    return index + header_rows + 1


# ------------------------------------------------------------------ deterministic xlsx
def save_xlsx(wb, path: Path) -> None:
    """Save an openpyxl workbook with fixed document dates and zip times (byte-deterministic)."""
    fixed = dt.datetime(*FIXED_TIME)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "make_corpus.py"
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-01-01T00:00:00Z", data)
                data = re.sub(rb"(<dcterms:created[^>]*>)[^<]*", rb"\g<1>2025-01-01T00:00:00Z", data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    path.write_bytes(out.getvalue())


# ------------------------------------------------------------------ the files
HEAD_CN = ["单据编号", "行号", "日期", "客户代码", "价税合计"]
MAP_CN = {"customer": "客户代码", "date": "日期", "amount": "价税合计", "order": "单据编号", "line": "行号"}


def _cn_rows(lines, amount=grouped, date=lambda x: x["day"].strftime("%Y/%m/%d"), ids=None):
    ids = ids or [x["customer"] for x in lines]
    return [[x["order"], str(x["line"]), date(x), ids[i], amount(x["cents"])] for i, x in enumerate(lines)]


def build(out_dir: Path) -> dict:
    """Write every corpus file into ``out_dir``; return the expected results."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = base_lines()
    exp: dict[str, dict] = {}
    good = {"total": total(lines), "customers": len(CUSTOMERS), "lines": len(lines),
            "orders": len({x["order"] for x in lines}), "date_checksum": date_checksum(lines)}

    def put(name: str, data: bytes | str, encoding: str = "utf-8", **expected):
        p = out_dir / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
        exp[name] = expected

    # 1. semicolons, decimal commas with thousands dots, dotted day-first dates (UTF-8 BOM)
    rows = [[x["customer"], x["day"].strftime("%d.%m.%Y"), euro(x["cents"]), x["order"], str(x["line"])] for x in lines]
    put("01_semicolon_decimal_comma.csv",
        "\ufeff" + csv_text(["Kunde", "Belegdatum", "Betrag", "Auftrag", "Position"], rows, ";"),
        issue=1, prepare={"customer": "Kunde", "date": "Belegdatum", "amount": "Betrag", "order": "Auftrag",
                          "line": "Position"}, **good)
    # 2. semicolons, decimal commas without thousands separators (GBK)
    put("02_decimal_comma_gbk.csv",
        csv_text(HEAD_CN, _cn_rows(lines, amount=lambda c: plain(c).replace(".", ",")), ";"), "gbk",
        issue=2, prepare=MAP_CN, **good)
    # 3. ids with a trailing, a full-width, a no-break space, leading spaces, full-width digits
    variants = ["{} ", "{}\u3000", " {}", "{}\u00a0", "\t{}", "{}", "{}  "]
    ids = [variants[i % len(variants)].format(x["customer"]) for i, x in enumerate(lines)]
    ids[10] = "".join(chr(ord(c) + 0xFEE0) for c in lines[10]["customer"])  # ００１２３
    put("03_id_spaces.csv", csv_text(HEAD_CN, _cn_rows(lines, ids=ids)), issue=3, prepare=MAP_CN, **good)
    # 4. placeholder ids: blank-looking, '-', '#N/A', 'null' -> an error naming the rows
    ids = [x["customer"] for x in lines]
    bad = {5: "   ", 17: "-", 33: "#N/A", 60: "null"}
    for i, v in bad.items():
        ids[i] = v
    put("04_placeholder_ids.csv", csv_text(HEAD_CN, _cn_rows(lines, ids=ids)), issue=4, prepare=MAP_CN,
        error={"contains": ["'客户代码'", "4 行", *[f"{row_of(i)}" for i in sorted(bad)], "customer id"],
               "rows": [row_of(i) for i in sorted(bad)]})
    # 5. leading zeros: CSV, and xlsx with text cells and numbers formatted 00000
    put("05_leading_zeros.csv", csv_text(["order_id", "line_no", "order_date", "customer_id", "amount"],
                                         _cn_rows(lines, amount=plain)),
        issue=5, prepare={}, ids=sorted(CUSTOMERS), **good)
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "订单"
    ws.append(HEAD_CN)
    for i, x in enumerate(lines):
        ws.append([x["order"], x["line"], dt.datetime.combine(x["day"], dt.time()), None, x["cents"] / 100])
        c = ws.cell(row=i + 2, column=4)
        if i % 2:
            c.value, c.number_format = int(x["customer"]), "00000"
        else:
            c.value = x["customer"]
    save_xlsx(wb, out_dir / "05_leading_zeros.xlsx")
    exp["05_leading_zeros.xlsx"] = {"issue": 5, "prepare": MAP_CN, "ids": sorted(CUSTOMERS), **good}
    # 6. the same two order lines twice (a repeated export) -> customer_summary refuses
    dup = lines + [lines[8], lines[41]]
    put("06_duplicates.csv", csv_text(HEAD_CN, _cn_rows(dup)), issue=6, prepare=MAP_CN,
        error={"contains": ["重复", "duplicated", *[str(r) for r in (row_of(8), row_of(41), row_of(80), row_of(81))]],
               "rows": [row_of(8), row_of(41), row_of(80), row_of(81)]})
    # 7. returns on their own return orders: a third of three lines back, and one customer
    #    returns everything it bought (net 0: it stays in the table with sales 0)
    counts = {c: sum(x["customer"] == c for x in lines) for c in CUSTOMERS}
    gives_back = min(CUSTOMERS, key=lambda c: (counts[c], c))
    ret = []
    for i, x in enumerate(lines):
        if x["customer"] == gives_back or i in (3, 12, 25):
            part = x["cents"] if x["customer"] == gives_back else x["cents"] // 3
            ret.append({**x, "order": f"RT2025{len(ret) + 1:04d}", "line": 1, "cents": -part,
                        "day": min(x["day"] + dt.timedelta(days=9), dt.date(2025, 12, 31))})
    with_ret = lines + ret
    put("07_returns.csv", csv_text(HEAD_CN, _cn_rows(with_ret, amount=grouped)), issue=7, prepare=MAP_CN,
        summary={"allow_negative": True}, total=total(with_ret), customers=len(CUSTOMERS), lines=len(lines),
        orders=good["orders"], date_checksum=date_checksum(with_ret),
        customer_sales={gives_back: 0.0}, customer_orders={gives_back: len({x["order"] for x in lines
                                                                            if x["customer"] == gives_back})},
        error={"contains": ["allow_negative", "负数", *[str(row_of(N_LINES + k)) for k in range(min(3, len(ret)))]],
               "rows": [row_of(N_LINES + k) for k in range(len(ret))]})
    # 8. times of day; the last day's late orders must stay in end="2025-12-31"; early 2026 must not
    timed = [dict(x) for x in lines]
    for x in timed[-4:]:
        x["day"], x["seconds"] = dt.date(2025, 12, 31), 23 * 3600 + 15 * 60
    extra = [{**timed[0], "order": "SO20269999", "line": 1, "day": dt.date(2026, 1, 1), "seconds": 300, "cents": 99999}]

    def stamp(x):
        t = dt.datetime.combine(x["day"], dt.time()) + dt.timedelta(seconds=x["seconds"])
        return t.strftime("%Y-%m-%d %H:%M:%S")

    put("08_time_of_day.csv", csv_text(HEAD_CN, _cn_rows(timed + extra, date=stamp)), "gbk", issue=8,
        prepare=MAP_CN, summary={"start": "2025-01-01", "end": "2025-12-31"}, total=total(timed),
        customers=len(CUSTOMERS), lines=len(timed), orders=len({x["order"] for x in timed}),
        date_checksum=date_checksum(timed + extra))
    # 9. xlsx: title rows above the header, a 合计 row at the bottom; CSV: an unlabelled sum row
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "销售明细"
    ws.append(["2025年度销售明细表"])
    ws.append(["单位：元", None, None, "导出日期：2026-01-05"])
    ws.append(HEAD_CN)
    for x in lines:
        ws.append([x["order"], x["line"], x["day"].strftime("%Y-%m-%d"), x["customer"], x["cents"] / 100])
    ws.append([None] * 5)
    ws.append(["合计", None, None, None, total(lines)])
    save_xlsx(wb, out_dir / "09_title_and_totals.xlsx")
    exp["09_title_and_totals.xlsx"] = {"issue": 9, "prepare": MAP_CN, **good,
                                       "warnings": ["合计", f"第 {N_LINES + 5} 行", "表头在第 3 行"]}
    rows = _cn_rows(lines) + [["", "", "", "", grouped(sum(x["cents"] for x in lines))]]
    put("09_sum_row.csv", csv_text(HEAD_CN, rows), "gbk", issue=9, prepare=MAP_CN, **good,
        warnings=["合计", f"第 {N_LINES + 2} 行"])
    # 10. two sheets, the summary first
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["客户代码", "销售额"])
    for c in CUSTOMERS:
        ws.append([c, sum(x["cents"] for x in lines if x["customer"] == c) / 100])
    ws2 = wb.create_sheet("订单明细")
    ws2.append(HEAD_CN)
    for x in lines:
        ws2.append([x["order"], x["line"], dt.datetime.combine(x["day"], dt.time()), x["customer"], x["cents"] / 100])
    save_xlsx(wb, out_dir / "10_two_sheets.xlsx")
    exp["10_two_sheets.xlsx"] = {"issue": 10, "prepare": MAP_CN, "read": {"sheet_name": "订单明细"}, **good,
                                 "error_first_sheet": {"contains": ["汇总", "订单明细", "sheet_name='订单明细'", "日期"]},
                                 "error_all_sheets": {"contains": ["sheet_name=None", "汇总", "订单明细"]}}
    # 11. amounts in 万 (and 元), Excel serial dates; the period given as 2025年1月1日
    amounts = [wan(x["cents"]) + ("元" if i % 3 == 0 else "") if i % 2 == 0 else f"{grouped(x['cents'])}元"
               for i, x in enumerate(lines)]
    rows = [[x["order"], str(x["line"]), str(serial(x["day"])), x["customer"], amounts[i]] for i, x in enumerate(lines)]
    put("11_wan_and_serial_dates.csv", "\ufeff" + csv_text(HEAD_CN, rows), issue=11, prepare=MAP_CN,
        summary={"start": "2025年1月1日", "end": "2025年12月31日"}, **good)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD_CN)
    for i, x in enumerate(lines):
        ws.append([x["order"], x["line"], serial(x["day"]), x["customer"], amounts[i]])
    save_xlsx(wb, out_dir / "11_serial_dates.xlsx")
    exp["11_serial_dates.xlsx"] = {"issue": 11, "prepare": MAP_CN, "summary": {"start": "20250101", "end": "2025/12/31"},
                                   **good}
    # 12. an empty file; a header without lines
    put("12_empty.csv", b"", issue=12, error={"contains": ["文件是空的", "empty", "12_empty.csv"]})
    put("12_header_only.csv", csv_text(HEAD_CN, []), issue=12, prepare=MAP_CN,
        error={"contains": ["空", "empty (0 rows)"]})
    # 13. UTC offsets: local (+08:00) times; some orders just after local midnight (the UTC day before)
    tz_lines = [dict(x) for x in lines]
    for k, x in enumerate(tz_lines):
        if k % 4 == 0:
            x["seconds"] = 30 * 60  # 00:30 local = 16:30 UTC the day before
    rows = [[x["order"], str(x["line"]),
             (dt.datetime.combine(x["day"], dt.time()) + dt.timedelta(seconds=x["seconds"])).strftime("%Y-%m-%dT%H:%M:%S+08:00"),
             x["customer"], plain(x["cents"])] for x in tz_lines]
    freq = {}
    for c in CUSTOMERS:
        days = sorted({x["day"] for x in tz_lines if x["customer"] == c})
        freq[c] = len(days) - 1
    put("13_timezones.csv", csv_text(HEAD_CN, rows), issue=13, prepare=MAP_CN, **good, btyd_frequency=freq,
        warnings=["时区", "+08:00"])
    # 14. order lines without an order id
    rows = _cn_rows(lines)
    gone = [6, 29, 70]
    for i in gone:
        rows[i][0] = ""
    put("14_missing_order_id.csv", csv_text(HEAD_CN, rows), "gbk", issue=14, prepare=MAP_CN,
        error={"contains": ["'单据编号'", "order id", *[str(row_of(i)) for i in gone]], "rows": [row_of(i) for i in gone]})
    return exp


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args(argv)
    if args.check:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp)
            exp = build(fresh / "files")
            (fresh / "expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            differ = [p.name for p in sorted((fresh / "files").iterdir())
                      if not (args.out / "files" / p.name).exists()
                      or (args.out / "files" / p.name).read_bytes() != p.read_bytes()]
            if (args.out / "expected.json").read_bytes() != (fresh / "expected.json").read_bytes():
                differ.append("expected.json")
        print("corpus differs: " + ", ".join(differ) if differ else "corpus matches")
        return 1 if differ else 0
    exp = build(args.out / "files")
    (args.out / "expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(exp)} files to {args.out / 'files'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
