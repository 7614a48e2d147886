"""Questions and answers (kohyo.qa), read as a bidder and a site visitor would: numbered,
dated, each question linkable and found by the site search; faults named at their line."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from conftest import BUILD_DATE, run_kohyo, write

QA = """
    ---
    type: qa
    title: 業務委託の質問及び回答
    published: 2026-11-06
    department: climate-policy
    ---

    受け付けた質問と回答です。

    /// question | 成果品の形式は自由ですか。
        category: 成果品
        asked: 2026-10-23
        answered: 2026-11-06
        id: q-format

    Word か PowerPoint で編集できる形式にしてください。

    - PDF も納品します。
    ///

    /// question | 打合せはオンラインでよいですか。
        category: 進め方
        answered: 2026-11-06

    着手時と最終回は対面です。
    ///

    /// question | 謝礼は委託料に含めますか。
        category: 成果品

    含めてください。[最初の質問](#q-format)も参照してください。
    ///
    """


def test_questions_are_numbered_dated_linkable_and_searchable(mini):
    write(mini / "content/bids/qa.md", QA)
    result = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stdout + result.stderr
    site = mini / "build/site"
    article = BeautifulSoup((site / "bids/qa/index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")
    questions = [(h["id"], h.get_text("", strip=True).replace("¶", "")) for h in article.select("h2[id]")
                 if h["id"] != "categories"]
    assert questions == [("q-format", "質問1\u3000成果品の形式は自由ですか。"),
                         ("q2", "質問2\u3000打合せはオンラインでよいですか。"),
                         ("q3", "質問3\u3000謝礼は委託料に含めますか。")]
    meta = [p.get_text() for p in article.select(".kohyo-qa-meta")]
    assert meta[0] == "分類：成果品\u3000／\u3000受付日：令和8年（2026年）10月23日（金曜日）\u3000／\u3000回答日：令和8年（2026年）11月6日（金曜日）"
    assert meta[2] == "分類：成果品"
    assert article.select_one("#q-format ~ ul li").get_text() == "PDF も納品します。"  # the answer is Markdown
    # The category index links every question of its category, and every link lands on a question.
    index = {li.get_text().split("：")[0]: [a["href"] for a in li.select("a")]
             for li in article.select("#categories + ul li")}
    assert index == {"成果品": ["#q-format", "#q3"], "進め方": ["#q2"]}
    ids = {el["id"] for el in article.select("[id]")}
    assert all(a["href"][1:] in ids for a in article.select('a[href^="#"]'))
    # Each question is its own search result, with its anchor.
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    found = {d["location"]: d["title"] for d in docs if d["location"].startswith("bids/qa/#")}
    assert found["bids/qa/#q2"].startswith("質問2") and "bids/qa/#q3" in found and "bids/qa/#q-format" in found


def test_question_faults_are_named_at_their_line(mini):
    write(mini / "content/bids/qa.md", """
        ---
        type: qa
        title: 質問及び回答
        published: 2026-11-06
        department: climate-policy
        ---

        /// question | 日付が違う質問
            asked: 2026-13-40
            colour: red

        回答です。
        ///

        /// question | 回答のない質問
            id: Q_1
        ///

        /// question | 閉じていない質問
        回答です。
        """)
    result = run_kohyo("check", "--build-date", BUILD_DATE, cwd=mini)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in out
    assert "content/bids/qa.md:9: [qa-block]" in out and "「2026-13-40」が日付になっていません" in out
    assert "content/bids/qa.md:10: [qa-block]" in out and "「colour」は使えません" in out
    assert "content/bids/qa.md:16: [qa-block]" in out and "「Q_1」" in out
    assert "content/bids/qa.md:15: [qa-block] 回答がありません" in out
    assert "content/bids/qa.md:19: [qa-block]" in out and "閉じられていません" in out


def test_sample_questions_and_answers_on_both_sites(site):
    for path, first in (("bids/climate-survey-qa/index.html", "q-format"), ("center/faq/index.html", "fee")):
        article = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser").select_one("article")
        assert article.select_one(f"h2#{first}").get_text().startswith("質問1")
        assert article.select(".kohyo-qa-meta")
