"""Apply source replacements to notebooks' code cells (used when khlib names move).

    python tools/nb_replace.py notebooks/05_transactions.ipynb 'old=>new' ...

Only sources change; re-execute with `make execute` afterwards (outputs are never edited)."""

import sys

import nbformat


def main(path: str, pairs: list[str]) -> None:
    nb = nbformat.read(path, as_version=4)
    subs = [p.split("=>", 1) for p in pairs]
    hits = {old: 0 for old, _ in subs}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for old, new in subs:
            if old in cell.source:
                hits[old] += cell.source.count(old)
                cell.source = cell.source.replace(old, new)
    missing = [o for o, n in hits.items() if n == 0]
    if missing:
        sys.exit(f"not found in {path}: {missing}")
    nbformat.write(nb, path)
    print(path, hits)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
