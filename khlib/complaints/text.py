"""Complaint texts (投诉文本, chapter 07): Chinese word segmentation (分词) with jieba, keywords
per kind of complaint by TF-IDF (关键词), and the words that go with a slow resolution
(处理慢的投诉用词) with Fisher's exact test and Benjamini–Hochberg q-values.

Segmentation uses a private ``jieba.Tokenizer`` with the office-equipment words of
:data:`DOMAIN_WORDS` added, so an analyst's own jieba (``jieba.dt``, ``jieba.add_word``) is
neither used nor changed; jieba's "Building prefix dict ..." log lines are silenced while it loads.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse

from .._errors import examples, fail, need_columns

if TYPE_CHECKING:  # jieba takes 0.15 s to import: loaded on the first segmentation only
    import jieba

#: Office-equipment and complaint words (行业词) added to jieba's dictionary, so that e.g.
#: "硒鼓漏粉" is cut into 硒鼓 / 漏粉 and "对账单" stays one word.
DOMAIN_WORDS: tuple[str, ...] = (
    # equipment and consumables (设备与耗材)
    "复合机", "一体机", "打印机", "激光打印机", "喷墨打印机", "标签打印机", "针式打印机", "票据打印机",
    "扫描仪", "高拍仪", "投影仪", "投影幕布", "交互平板", "碎纸机", "装订机", "塑封机", "考勤机",
    "门禁", "硒鼓", "墨盒", "碳粉", "色带", "复印纸", "标签纸", "纸盒", "电源线", "说明书",
    # product faults (产品质量)
    "卡纸", "漏粉", "重影", "底灰", "黑线", "发淡", "死机", "报错", "不兼容", "非原装", "旧款", "老毛病",
    # contract and invoices (销售合同)
    "返利", "到账", "账期", "对账", "对账单", "发票", "税号", "抬头", "入账", "催款", "合同价", "结算价", "折扣",
    # delivery (运输)
    "送货", "到货", "送错", "少送", "包装破损", "外包装", "摔裂", "压坏", "划痕", "受潮", "签收", "卸货",
    "司机",
    # service (服务)
    "热线", "占线", "打不通", "报修", "上门", "工程师", "乱收费", "维修",
    # claims and escalation (诉求与升级)
    "换货", "退货", "赔偿", "法务", "供应商", "业务员", "客服",
)

#: A small Chinese stop list (停用词): pronouns, greetings, particles and punctuation. Single
#: characters and tokens without any letter (punctuation, spaces, digits) are dropped as well.
STOPWORDS: frozenset[str] = frozenset((
    "的", "了", "着", "过", "吗", "呢", "吧", "啊", "和", "与", "及", "或", "也", "都", "就", "还", "又",
    "在", "是", "有", "把", "被", "给", "对", "从", "向", "让",
    "我", "你", "您", "他", "她", "它", "我们", "你们", "您们", "他们", "她们", "咱们", "自己",
    "你好", "您好", "你们好", "请", "请问", "谢谢", "麻烦",
    "这个", "那个", "这些", "那些", "这样", "那样", "一个", "一些", "一下", "什么", "怎么",
    "已经", "还是", "就是", "但是", "而且", "并且", "因为", "所以", "如果", "然后", "以及", "或者",
    "以后", "之后", "目前", "现在",
    # what nearly every complaint says (its request and its time reference): no information on the kind
    "尽快", "要求", "处理", "希望", "一直", "订单", "影响", "说法", "给个", "上周", "本周", "昨天", "前几天", "这个月",
    "，", "。", "！", "？", "、", "；", "：", "“", "”", "‘", "’", "（", "）", "《", "》", "【", "】", "…",
    "—", "～", ",", ".", "!", "?", ";", ":", "'", '"', "(", ")", "[", "]", "-", "~", "/",
    " ", "\n", "\t", "\r", "\u3000",
))

# jieba's own block pattern (Han characters, letters, digits and +#&._%-): jieba cuts each such
# block on its own and yields everything between blocks (punctuation, spaces, line breaks) as
# single characters, which the filter drops anyway. Cutting block by block therefore gives
# exactly jieba's result and lets repeated phrases ("请尽快处理") be cut once.
_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")


@contextmanager
def _quiet_jieba() -> Iterator[None]:
    """Silence jieba's logger ("Building prefix dict ...", on stderr) and restore its level."""
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


@functools.lru_cache(maxsize=4)
def _tokenizer(extra_words: tuple[str, ...] = ()) -> jieba.Tokenizer:
    """A private jieba tokenizer with DOMAIN_WORDS (+ ``extra_words``), built once per word set.

    Loading the dictionary takes about 0.6 s, from jieba's cache file (``jieba.cache`` in
    ``tempfile.gettempdir()``, shared with the global tokenizer) or, the first time, from jieba's
    dictionary, writing that cache (``benchmarks/bench_text.py``)."""
    import jieba

    tok = jieba.Tokenizer()
    with _quiet_jieba():
        tok.initialize()
    for word in DOMAIN_WORDS + extra_words:
        tok.add_word(word)
    return tok


def _keep(token: str, stop: Collection[str]) -> bool:
    return len(token) > 1 and any(ch.isalpha() for ch in token) and token not in stop


def _as_texts(texts: pd.Series | Sequence[str], zh: str, en: str) -> pd.Series:
    """Validate the texts (非空字符串); name the rows (index labels) that are not. ``zh``/``en``
    name the texts in the message, e.g. "列 'text'" / "Column 'text'"."""
    if isinstance(texts, (str, bytes)) or not isinstance(texts, (pd.Series, Sequence, pd.Index, np.ndarray)):
        raise fail(f"{zh} 应是一列文字（Series 或字符串列表），而不是 {type(texts).__name__}。",
                   f"{en} must be a column of texts (a Series or a list of strings), not {type(texts).__name__}.")
    s = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype=object)
    missing = s.isna().to_numpy(dtype=bool)
    if missing.any():
        raise fail(f"{zh} 有缺失的文字（NaN/None），行：{examples(s.index[missing])}。",
                   f"{en} has missing texts (NaN/None) at rows {examples(s.index[missing])}.")
    not_str = ~s.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    if not_str.any():
        raise fail(f"{zh} 应是文字（字符串），这些行不是：{examples(s.index[not_str], s[not_str])}。",
                   f"{en} must hold texts (strings); these rows do not: {examples(s.index[not_str], s[not_str])}.")
    blank = (s.astype(str).str.strip() == "").to_numpy(dtype=bool)
    if blank.any():
        raise fail(f"{zh} 有空白的文字，行：{examples(s.index[blank])}。",
                   f"{en} has empty (or whitespace-only) texts at rows {examples(s.index[blank])}.")
    return s


def _segment(s: pd.Series, extra_words: Sequence[str], stopwords: Collection[str] | None) -> list[list[str]]:
    if isinstance(extra_words, str):
        raise fail("extra_words 应是词的列表，例如 ['漏墨']，而不是一个字符串。",
                   "extra_words must be a list of words, e.g. ['漏墨'], not a single string.")
    extra = tuple(sorted({str(w).strip() for w in extra_words} - {""}))
    stop = STOPWORDS if stopwords is None else frozenset(stopwords)
    tok = _tokenizer(extra)
    # HMM=False: only dictionary (and domain) words come out. With the HMM jieba guesses new
    # words from leftover characters, and on the complaints it guesses junk such as 要卡好, 时乱,
    # 天账期, 改了, 没到 — words glued to particles, which split the counts of the real word and
    # crowd the keyword lists; the words it does find (漏粉, 账期, 占线) are in DOMAIN_WORDS.
    blocks: dict[str, list[str]] = {}
    out = []
    for text in s.tolist():  # line breaks, like spaces and punctuation, separate blocks
        words: list[str] = []
        for blk in _BLOCK.findall(text):
            cut = blocks.get(blk)
            if cut is None:
                cut = blocks[blk] = [w for w in tok.cut(blk, HMM=False) if _keep(w, stop)]
            words.extend(cut)
        out.append(words)
    return out


def tokenize(texts: pd.Series | Sequence[str], *, extra_words: Sequence[str] = (),
             stopwords: Collection[str] | None = None) -> list[list[str]]:
    """Cut each text into words (分词) with jieba (dictionary words only, ``HMM=False``), one list
    of words per text, in the order of ``texts``.

    :data:`DOMAIN_WORDS` (+ ``extra_words``) are added to a private jieba tokenizer, so they stay
    whole ("硒鼓漏粉" → 硒鼓, 漏粉); jieba's global tokenizer is not touched. Stop words
    (停用词: ``stopwords``, default :data:`STOPWORDS`; pass e.g. ``STOPWORDS | {"机器"}`` to add
    some), single characters and tokens without a letter (punctuation, spaces, numbers) are
    dropped. Line breaks separate words like spaces. Missing, non-text or empty texts raise an
    error naming the rows.

    >>> tokenize(["硒鼓漏粉，请尽快换货。"])
    [['硒鼓', '漏粉', '换货']]
    """
    if isinstance(texts, pd.Series) and texts.name is not None:
        zh, en = f"texts（列 '{texts.name}'）", f"texts (column '{texts.name}')"
    else:
        zh = en = "texts"
    return _segment(_as_texts(texts, zh, en), extra_words, stopwords)


def _need_column(data: pd.DataFrame, column: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise fail(f"data 应是投诉表（DataFrame），而不是 {type(data).__name__}。",
                   f"data must be a complaints table (DataFrame), not {type(data).__name__}.")
    need_columns(data, [column], "投诉表", "complaints")


def _counts(tokens: list[list[str]]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Document × word counts (词频矩阵, CSR) and the vocabulary, sorted."""
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    flat = np.array([w for words in tokens for w in words], dtype=object)
    codes, vocab = pd.factorize(flat, sort=True)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    x = sparse.csr_matrix((np.ones(len(flat)), codes, indptr), shape=(len(tokens), len(vocab)))
    x.sum_duplicates()  # repeated words of a document → one entry with their count
    return x, np.asarray(vocab, dtype=object)


def _positive_int(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise fail(f"{name} 应是正整数，而不是 {value!r}。", f"{name} must be a positive integer, not {value!r}.")
    return int(value)


def keywords(data: pd.DataFrame, *, text: str = "text", by: str = "complaint_type", top_n: int = 8,
             extra_words: Sequence[str] = (), stopwords: Collection[str] | None = None) -> pd.DataFrame:
    """The ``top_n`` keywords (关键词) of each group by mean TF-IDF (词频-逆文档频率).

    Each complaint is a document, cut by :func:`tokenize`. For word *w* in document *d* of *N*:
    tf = count of *w* in *d*, idf = ln((1 + N) / (1 + df)) + 1 with df the documents containing
    *w* — scikit-learn's smooth idf (``TfidfVectorizer(smooth_idf=True)``, see its user guide,
    "Tf–idf term weighting"); each document's tf × idf vector is L2-normalised (length 1), then
    averaged over the documents of the group (``by``): a word scores high when it is frequent in
    the group's complaints and rare in the others'. Documents left without words (only stop
    words) count as zero vectors.

    Returns one row per group and rank (by group, then rank 1..``top_n``; fewer when a group has
    fewer words): ``[by, "rank", "word", "tfidf", "share"]``, ``share`` being the share of the
    group's complaints that contain the word (含该词的投诉占比). Ties are broken by the word.
    """
    _need_column(data, text)
    _need_column(data, by)
    top_n = _positive_int(top_n, "top_n")
    if by in ("rank", "word", "tfidf", "share"):
        raise fail(f"by='{by}' 与结果的列名重复，请先给该列改名。",
                   f"by='{by}' clashes with a column of the result; rename that column first.")
    codes, groups = pd.factorize(data[by], sort=True)
    if (codes < 0).any():
        rows = data.index[codes < 0]
        raise fail(f"列 '{by}' 有缺失的分组，行：{examples(rows)}。",
                   f"Column '{by}' has missing groups at rows {examples(rows)}.")
    texts = _as_texts(data[text], f"列 '{text}'", f"Column '{text}'")
    x, vocab = _counts(_segment(texts, extra_words, stopwords))
    n = x.shape[0]
    present = x.copy()
    present.data[:] = 1.0
    df = np.asarray(present.sum(axis=0)).ravel()
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    w = x @ sparse.diags(idf)
    norm = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
    w = sparse.diags(np.divide(1.0, norm, out=np.zeros(n), where=norm > 0)) @ w
    member = sparse.csr_matrix((np.ones(n), (codes, np.arange(n))), shape=(len(groups), n))  # group × document
    size = np.asarray(member.sum(axis=1)).ravel()
    per_doc = sparse.diags(1.0 / size) @ member
    mean = np.asarray((per_doc @ w).todense())
    share = np.asarray((per_doc @ present).todense())
    order = np.argsort(-mean, axis=1, kind="stable")[:, :top_n]  # vocabulary is sorted: ties by word
    score = np.take_along_axis(mean, order, axis=1)
    keep = score > 0
    g, r = np.nonzero(keep)
    cols = order[g, r]
    out = pd.DataFrame({by: groups.take(g), "rank": r + 1, "word": vocab[cols], "tfidf": mean[g, cols],
                        "share": share[g, cols]})
    return out.astype({"word": "str"})


def _slow_flags(column: pd.Series, slow: str) -> pd.Series:
    """The ``slow`` column as True/False/NA (nullable boolean); fail on anything else."""
    na = column.isna()
    values = column[~na]
    if not pd.api.types.is_bool_dtype(values):
        ok = values.isin([True, False])  # also 1/0 and 1.0/0.0 (True == 1), not "1" or 2
        if not ok.all():
            bad = values[~ok]
            raise fail(f"列 '{slow}'（slow=）应是布尔值（True/False、1/0，缺失为 NA），这些行不是："
                       f"{examples(bad.index, bad)}。",
                       f"Column '{slow}' (slow=) must be boolean (True/False or 1/0, NA when unknown); these rows "
                       f"are not: {examples(bad.index, bad)}.")
    return column.astype(object).where(~na, None).astype("boolean")


def slow_words(data: pd.DataFrame, *, slow: str, text: str = "text", min_docs: int = 20,
               extra_words: Sequence[str] = (), stopwords: Collection[str] | None = None) -> pd.DataFrame:
    """Which words go with a slow resolution (处理慢的投诉用词)?

    ``slow`` names a boolean column built by the caller (True = resolved later than the service
    level); rows where it is missing (NA, e.g. complaints still open but within the target) are
    left out. For every word in at least ``min_docs`` of the remaining complaints (cut by
    :func:`tokenize`), the 2×2 table word present/absent × slow/not slow gives:

    * ``docs``: complaints containing the word;
    * ``slow_with`` / ``slow_without``: share slow among complaints with / without the word;
    * ``risk_ratio`` (相对风险) = slow_with / slow_without (inf when no complaint without the
      word is slow);
    * ``p_value``: Fisher's exact test (精确检验, two-sided, ``scipy.stats.fisher_exact``);
    * ``q_value``: Benjamini–Hochberg adjusted p (错误发现率, ``multipletests(method="fdr_bh")``)
      over the words tested — read q, not p, when scanning many words.

    Index ``word``, sorted by risk_ratio (descending), then p_value.
    """
    from scipy.stats import fisher_exact
    from statsmodels.stats.multitest import multipletests

    _need_column(data, slow)
    _need_column(data, text)
    min_docs = _positive_int(min_docs, "min_docs")
    flags = _slow_flags(data[slow], slow)
    used = flags.notna().to_numpy()
    y = flags[used].to_numpy(dtype=bool)
    if y.all() or not y.any():
        raise fail(f"列 '{slow}' 在有值的行中应既有 True 也有 False（现在有 {int(y.sum())} 个 True、"
                   f"{int((~y).sum())} 个 False）。",
                   f"Column '{slow}' must hold both True and False among its non-missing rows "
                   f"(it has {int(y.sum())} True, {int((~y).sum())} False).")
    texts = _as_texts(data.loc[used, text], f"列 '{text}'", f"Column '{text}'")
    x, vocab = _counts(_segment(texts, extra_words, stopwords))
    x.data[:] = 1.0  # presence: a word counts once per complaint
    docs = np.asarray(x.sum(axis=0)).ravel()
    with_slow = x.T @ y.astype(float)
    n, n_slow = len(y), int(y.sum())
    pick = np.flatnonzero(docs >= min_docs)
    docs, with_slow, vocab = docs[pick].astype(int), with_slow[pick].round().astype(int), vocab[pick]
    without = n - docs
    slow_with = with_slow / docs
    slow_without = np.divide(n_slow - with_slow, without, out=np.full(len(pick), np.nan), where=without > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        risk = slow_with / slow_without
    # one exact test per word (not per complaint): the words over min_docs are a few hundred at most
    p = np.array([fisher_exact([[a, d - a], [n_slow - a, (n - n_slow) - (d - a)]])[1]
                  for a, d in zip(with_slow, docs, strict=True)], dtype=float)
    q = multipletests(p, method="fdr_bh")[1] if len(p) else p
    out = pd.DataFrame({"docs": docs, "slow_with": slow_with, "slow_without": slow_without, "risk_ratio": risk,
                        "p_value": p, "q_value": q}, index=pd.Index(vocab, name="word", dtype="str"))
    return out.sort_values(["risk_ratio", "p_value"], ascending=[False, True], kind="stable", na_position="last")
