"""Chapter 07's complaint texts (投诉文本): segmentation with the domain words, TF-IDF keywords
against arithmetic done by hand, Fisher's exact test on a hand-made 2×2 table, the company's
keywords and slow words, every input error, and jieba's global tokenizer left alone."""

import logging
from math import log, sqrt

import jieba
import numpy as np
import pandas as pd
import pytest

import khlib as kh
from khlib import KhlibInputError
from khlib.complaints import text as T
from khlib.complaints.text import DOMAIN_WORDS, STOPWORDS, keywords, slow_words, tokenize


@pytest.fixture(scope="module")
def complaints():
    return kh.datasets.load_complaints()


@pytest.fixture(scope="module")
def company_slow(complaints):
    """slow = resolved more than 5 days after receipt; open cases slow when older than 5 days on
    2026-01-01, else unknown (NA)."""
    c = complaints
    days = (c["resolved"] - c["received"]).dt.total_seconds() / 86400
    age = (pd.Timestamp("2026-01-01") - c["received"]).dt.total_seconds() / 86400
    slow = pd.Series(np.where(c["resolved"].notna(), days > 5, np.where(age > 5, True, None)), index=c.index)
    return c.assign(slow=slow.astype("boolean"))


# ------------------------------------------------------------------ tokenize
def test_domain_words_stay_whole_and_stop_words_go():
    assert tokenize(["硒鼓漏粉"]) == [["硒鼓", "漏粉"]]
    assert tokenize(["对账单多算了一批货"])[0][0] == "对账单"
    assert tokenize(["服务热线一直打不通"]) == [["服务", "热线", "打不通"]]  # 一直: a complaint stop word
    # 你们好 / 的 / 请 are stop words; punctuation and single characters (卡) are dropped
    assert tokenize(["你们好，复合机的碳粉漏粉，请尽快换货！"]) == [["复合机", "碳粉", "漏粉", "换货"]]
    assert {"的", "了", "我们", "你们", "您好", "你好", "请", "，", "。"} <= STOPWORDS
    assert {"卡纸", "硒鼓", "碳粉", "漏粉", "复合机", "返利", "账期", "对账单", "发票", "税号", "热线", "上门",
            "工程师", "包装破损", "送错", "法务"} <= set(DOMAIN_WORDS)


def test_line_breaks_numbers_and_order_ids():
    text = "机器经常卡纸，要求换货。\n补充：订单号 SO2024000344，共 3 台。"
    assert tokenize([text]) == [["机器", "经常", "卡纸", "换货", "补充", "订单号", "SO2024000344"]]
    assert tokenize(["机器\n卡纸"]) == tokenize(["机器 卡纸"]) == [["机器", "卡纸"]]


def test_extra_words_and_own_stop_list():
    assert tokenize(["漏墨严重"]) == [["严重"]]  # 漏 / 墨: single characters, dropped
    assert tokenize(["漏墨严重"], extra_words=["漏墨"]) == [["漏墨", "严重"]]
    assert tokenize(["漏墨严重"]) == [["严重"]]  # the extra word stays with that call
    assert tokenize(["请尽快换货"], stopwords=STOPWORDS | {"尽快"}) == [["换货"]]
    assert tokenize(["请尽快换货"], stopwords=()) == [["尽快", "换货"]]  # 请: a single character


def test_tokenize_takes_series_and_keeps_order_and_input():
    s = pd.Series(["送货延迟", "发票税号不对"], index=[10, 11], name="text")
    before = s.copy()
    assert tokenize(s) == [["送货", "延迟"], ["发票", "税号"]]  # 不对 → 不 / 对: single characters
    pd.testing.assert_series_equal(s, before)


@pytest.mark.parametrize("bad, rows", [(["卡纸", ""], "1"), (["卡纸", " \n "], "1"), (["卡纸", None], "1"),
                                       (["卡纸", float("nan"), "漏粉", None], "1, 3")])
def test_empty_or_missing_texts_name_the_rows(bad, rows):
    with pytest.raises(KhlibInputError, match=rows):
        tokenize(bad)


def test_text_errors_name_index_labels_and_column():
    s = pd.Series(["卡纸", None], index=["TS1", "TS2"], name="内容")
    with pytest.raises(KhlibInputError, match="(?s)内容.*TS2"):
        tokenize(s)
    with pytest.raises(KhlibInputError, match="strings"):
        tokenize(["卡纸", 3])
    with pytest.raises(KhlibInputError, match="single string|not str"):
        tokenize("硒鼓漏粉")
    with pytest.raises(KhlibInputError, match="extra_words"):
        tokenize(["卡纸"], extra_words="漏墨")


def test_jieba_global_tokenizer_untouched_and_quiet(caplog):
    initialized = jieba.dt.initialized
    level = logging.getLogger("jieba").level
    caplog.set_level(logging.DEBUG)  # jieba's records propagate to caplog's handler on the root logger
    tokenize(["这台复合机漏墨严重"], extra_words=["只在本测试中的词"])  # a new private tokenizer
    assert not [r for r in caplog.records if r.name == "jieba"]  # no "Building prefix dict ..." on stderr
    assert jieba.dt.initialized == initialized
    assert "只在本测试中的词" not in jieba.dt.FREQ
    assert logging.getLogger("jieba").level == level
    assert T._tokenizer(("只在本测试中的词",)) is not jieba.dt


# ------------------------------------------------------------------ keywords, by hand
HAND = pd.DataFrame({"text": ["送货，司机，送货。", "送货，赔偿。", "工程师，赔偿。", "您好，\n工程师的态度。"],
                     "complaint_type": ["运输", "运输", "服务", "服务"]})


def test_keywords_by_hand():
    # tokens: d1 送货 送货 司机 | d2 送货 赔偿 | d3 工程师 赔偿 | d4 工程师 态度 (您好, 的: stop words)
    # N = 4; df: 送货 2, 赔偿 2, 工程师 2, 司机 1, 态度 1
    a = 1 + log(5 / 3)  # idf of 送货 / 赔偿 / 工程师 = ln((1 + 4) / (1 + 2)) + 1 = 1.5108256
    b = 1 + log(5 / 2)  # idf of 司机 / 态度     = ln((1 + 4) / (1 + 1)) + 1 = 1.9162907
    n1 = sqrt((2 * a) ** 2 + b ** 2)  # d1 = (送货 2a, 司机 b), length 3.5780646
    n4 = sqrt(a ** 2 + b ** 2)  # d4 = (工程师 a, 态度 b), length 2.4402386
    r = 1 / sqrt(2)  # d2 = (a, a) and d3 = (a, a) normalise to (1/√2, 1/√2)
    expected = pd.DataFrame({
        "complaint_type": ["服务", "服务", "服务", "运输", "运输", "运输"],  # groups sorted, then rank
        "rank": [1, 2, 3, 1, 2, 3],
        "word": ["工程师", "态度", "赔偿", "送货", "赔偿", "司机"],
        "tfidf": [(r + a / n4) / 2, (b / n4) / 2, r / 2,  # 0.6631185, 0.3926441, 0.3535534
                  (2 * a / n1 + r) / 2, r / 2, (b / n1) / 2],  # 0.7758000, 0.3535534, 0.2677831
        "share": [1.0, 0.5, 0.5, 1.0, 0.5, 0.5]})
    got = keywords(HAND)
    assert got["tfidf"].round(7).tolist() == [0.6631185, 0.3926441, 0.3535534, 0.7758, 0.3535534, 0.2677831]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False, rtol=1e-12)
    assert list(got.columns) == ["complaint_type", "rank", "word", "tfidf", "share"]


def test_keywords_top_ties_and_other_columns():
    got = keywords(HAND, top_n=1)
    assert got["word"].tolist() == ["工程师", "送货"] and got["rank"].tolist() == [1, 1]
    # within 服务, 态度 (0.39) beats 赔偿 (0.35) at top_n=2
    assert keywords(HAND, top_n=2)["word"].tolist() == ["工程师", "态度", "送货", "赔偿"]
    d = HAND.rename(columns={"text": "内容", "complaint_type": "kind"})
    assert keywords(d, text="内容", by="kind")["kind"].tolist() == ["服务"] * 3 + ["运输"] * 3
    # a document of stop words only is a zero vector: it still counts in N and in its group
    more = pd.concat([HAND, pd.DataFrame({"text": ["你好！"], "complaint_type": ["运输"]})], ignore_index=True)
    k = keywords(more).set_index(["complaint_type", "word"])
    # N = 5, but 送货 and 赔偿 still share a df of 2, so d2 is still (1/√2, 1/√2): 赔偿 = (1/√2) / 3 documents
    assert k.loc[("运输", "赔偿"), "tfidf"] == pytest.approx((1 / sqrt(2)) / 3, rel=1e-12)
    assert k.loc[("运输", "赔偿"), "share"] == pytest.approx(1 / 3)


def test_keywords_does_not_mutate_and_validates():
    d = HAND.copy()
    keywords(d)
    pd.testing.assert_frame_equal(d, HAND)
    with pytest.raises(KhlibInputError, match="'txt'"):
        keywords(HAND, text="txt")
    with pytest.raises(KhlibInputError, match="'kind'"):
        keywords(HAND, by="kind")
    with pytest.raises(KhlibInputError, match="top_n"):
        keywords(HAND, top_n=0)
    with pytest.raises(KhlibInputError, match="(?s)'text'.*2"):
        keywords(HAND.assign(text=["卡纸", "卡纸", "", "卡纸"]))
    with pytest.raises(KhlibInputError, match="(?s)'complaint_type'.*1"):
        keywords(HAND.assign(complaint_type=["运输", None, "服务", "服务"]))
    with pytest.raises(KhlibInputError, match="DataFrame"):
        keywords(HAND["text"])


# ------------------------------------------------------------------ slow_words, by hand
def _slow_frame():
    # 返利: 5 complaints, 4 slow; 发票: 7 complaints, 1 slow; 2 open ones (NA) left out
    return pd.DataFrame({"text": ["返利。"] * 5 + ["发票。"] * 7 + ["返利。", "返利。"],
                         "slow": pd.array([True] * 4 + [False] + [True] + [False] * 6 + [None, None],
                                          dtype="boolean")})


def test_slow_words_fisher_by_hand():
    # 2×2 for 返利 (N = 12, slow 5): with the word 4 slow / 1 not, without 1 slow / 6 not.
    # Hypergeometric: P(k slow among the 5 with 返利) = C(5,k) C(7,5-k) / C(12,5), C(12,5) = 792:
    # k = 0..5 → 21, 175, 350, 210, 35, 1 (/792). Two-sided p = tables as likely or less than the
    # observed k = 4 (35): k = 0, 4, 5 → (21 + 35 + 1) / 792 = 57/792 = 0.0719697
    got = slow_words(_slow_frame(), slow="slow", min_docs=5)
    assert list(got.columns) == ["docs", "slow_with", "slow_without", "risk_ratio", "p_value", "q_value"]
    assert got.index.name == "word" and got.index.tolist() == ["返利", "发票"]
    assert got["docs"].tolist() == [5, 7]
    assert got.loc["返利", "slow_with"] == pytest.approx(4 / 5)
    assert got.loc["返利", "slow_without"] == pytest.approx(1 / 7)
    assert got.loc["返利", "risk_ratio"] == pytest.approx(5.6)  # (4/5) / (1/7)
    assert got.loc["发票", "risk_ratio"] == pytest.approx((1 / 7) / (4 / 5))
    assert round(got.loc["返利", "p_value"], 6) == 0.071970  # scipy.stats.fisher_exact([[4, 1], [1, 6]])
    assert got.loc["返利", "p_value"] == pytest.approx(57 / 792)
    assert got.loc["发票", "p_value"] == pytest.approx(57 / 792)  # the same table, mirrored
    # BH with two equal p: q = min(p·2/2, p·2/1) = p
    assert got["q_value"].tolist() == pytest.approx([57 / 792, 57 / 792])


def test_slow_words_min_docs_and_boolean_like_columns():
    d = _slow_frame()
    assert slow_words(d, slow="slow", min_docs=6).index.tolist() == ["发票"]
    ints = d.assign(slow=[1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, None, None])  # 0/1 with NaN
    pd.testing.assert_frame_equal(slow_words(ints, slow="slow", min_docs=5), slow_words(d, slow="slow", min_docs=5))
    plain = d.iloc[:12].assign(slow=lambda x: x["slow"].astype(bool))
    pd.testing.assert_frame_equal(slow_words(plain, slow="slow", min_docs=5), slow_words(d, slow="slow", min_docs=5))


def test_slow_words_errors_and_no_mutation():
    d = _slow_frame()
    before = d.copy()
    slow_words(d, slow="slow", min_docs=5)
    pd.testing.assert_frame_equal(d, before)
    with pytest.raises(KhlibInputError, match="(?s)'状态'.*(是|boolean)"):
        slow_words(d.assign(状态=["是"] * 7 + ["否"] * 7), slow="状态")
    with pytest.raises(KhlibInputError, match="'slow'.*2"):
        slow_words(d.assign(slow=[0, 1, 2] + [0] * 11), slow="slow")
    with pytest.raises(KhlibInputError, match="'late'"):
        slow_words(d, slow="late")
    with pytest.raises(KhlibInputError, match="'txt'"):
        slow_words(d, slow="slow", text="txt")
    with pytest.raises(KhlibInputError, match="True"):
        slow_words(d.assign(slow=True), slow="slow")
    with pytest.raises(KhlibInputError, match="min_docs"):
        slow_words(d, slow="slow", min_docs=0)
    with pytest.raises(KhlibInputError, match="(?s)'text'.*3"):
        slow_words(d.assign(text=d["text"].where(d.index != 3)), slow="slow")
    # the text of a left-out (NA) row is not looked at
    assert len(slow_words(d.assign(text=d["text"].where(d.index != 13)), slow="slow", min_docs=5)) == 2


# ------------------------------------------------------------------ the company's complaints
def test_company_keywords_name_the_causes(complaints):
    before = complaints.copy()
    k = keywords(complaints)
    pd.testing.assert_frame_equal(complaints, before)
    assert k.groupby("complaint_type").size().tolist() == [8, 8, 8, 8]
    top = {g: d["word"].tolist() for g, d in k.groupby("complaint_type")}
    assert top["运输"][:2] == ["送货", "几天"]  # observed: 送货 几天 注意 赔偿 送到 到货 查不到 物流
    assert top["销售合同"][:3] == ["合同", "发票", "财务"]  # 合同 发票 财务 更正 核实 答复 单价 合同价
    assert top["服务"][:3] == ["报修", "修好", "工程师"]
    assert top["产品质量"][0] == "换货"
    assert k["share"].between(0, 1).all() and (k["tfidf"] > 0).all()


def test_company_slow_words(company_slow):
    got = slow_words(company_slow, slow="slow")
    assert (got["docs"] >= 20).all()
    assert got.index[0] == "返利"  # 36 of 38 complaints about 返利 were slow
    assert got.loc["返利", "risk_ratio"] > 3 and got.loc["返利", "q_value"] < 1e-10
    assert {"死机", "老毛病", "催款"} <= set(got.index[:10])
    assert got.loc["热线", "risk_ratio"] < 0.2  # 热线打不通 is settled in about a day
    assert (got["q_value"] >= got["p_value"] - 1e-15).all()
