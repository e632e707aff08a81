"""Chinese renders without any system CJK font, and no notebook output shows a missing glyph."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r'''
import warnings, logging, io
warnings.simplefilter("error")          # any "Glyph ... missing from font" becomes an error
stream = io.StringIO()
logging.getLogger("matplotlib").addHandler(logging.StreamHandler(stream))
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager
import khlib as kh
kh.setup_notebook()
fig, ax = plt.subplots()
ax.set_title("客户分级：重要价值客户 −12% ℃ ￥1,234（测试）", fontweight="bold")
ax.plot([-1, 0, 1], [-2, 0, 2]); ax.set_xlabel("鸿文办公设备有限公司 乌鲁木齐 喆 赟")
fig.canvas.draw()
used = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"]))
print(used)
print("LOG:" + stream.getvalue())
'''


def test_chinese_plot_without_system_font():
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "NotoSansCJK" in r.stdout
    assert "findfont" not in r.stdout.split("LOG:")[1]
    assert "missing from font" not in r.stderr


def test_no_committed_output_has_missing_glyphs():
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = json.dumps(json.loads(nb.read_text(encoding="utf-8"))["cells"], ensure_ascii=False)
        assert "missing from font" not in text, nb.name
        assert "findfont" not in text, nb.name


def test_web_font_covers_every_chinese_character_in_the_course(tmp_path):
    """The browser-side font (JupyterLab custom.css, later slides/HTML) has a glyph for every
    character the notebooks and data show."""
    from fontTools.ttLib import TTFont

    import khlib as kh

    css = kh.install_lab_font(tmp_path)
    font = css.parent / kh._setup.WEB_FONT_FILE
    assert f'url("{font.name}")' in css.read_text(encoding="utf-8")
    assert "--jp-content-font-family" in css.read_text(encoding="utf-8")
    cmap = TTFont(str(font)).getBestCmap()
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "notebooks").glob("*.ipynb"))
    text += (ROOT / "data" / "customers.csv").read_text(encoding="utf-8")
    missing = sorted({ch for ch in text if ord(ch) >= 0x2E80 and ord(ch) not in cmap})
    assert not missing, missing
