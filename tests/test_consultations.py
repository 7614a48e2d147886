"""The public-comment tracker end to end: intake import, workflow, results, privacy guard."""

from __future__ import annotations

import csv
import io
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BUILD_DATE, ROOT, run_kohyo, write
from kohyo.privacy import SAMPLE_KEY

HEADER = ["受付番号", "受付日", "提出方法", "氏名", "住所", "電話番号", "メールアドレス", "年代", "個人・団体",
          "意見の対象", "意見"]
ROWS = [  # 3 submissions, 4 opinions: P-1 has two
    ["P-1", "2026-11-20", "電子メール", "見本 太郎", "札幌市中央区見本町1丁目2-3", "011-000-0001",
     "mihon.taro@example.jp", "40代", "個人", "第1章1", "目標の数値をもっと分かりやすく示してほしい。"],
    ["P-1", "2026-11-20", "電子メール", "見本 太郎", "札幌市中央区見本町1丁目2-3", "011-000-0001",
     "mihon.taro@example.jp", "40代", "個人", "第2章", "第2章の説明がよく分かった。連絡は011-000-0001へ。"],
    ["P-2", "2026/11/25", "郵送", "例題 花子", "札幌市北区見本町3丁目4-5", "011-000-0002", "", "70代以上", "個人",
     "第1章", "<script>alert('x')</script> & 高齢者にも分かる説明を。"],
    ["P-3", "2026-12-01", "ウェブフォーム", "札幌見本協議会 代表 仮名次郎", "札幌市東区見本町5-6", "011-000-0003",
     "kamei@example.jp", "", "団体", "全体", "全体として賛成である。"],
]
DEMO_KEY = SAMPLE_KEY  # the fictional sample's published demo key


@pytest.fixture(autouse=True)
def _privacy_key(monkeypatch):
    """The import fingerprints each opinion with this key (the sample's demo key)."""
    monkeypatch.setenv("KOHYO_PRIVACY_KEY", DEMO_KEY)


PRIVATE_VALUES = ["見本 太郎", "札幌市中央区見本町1丁目2-3", "011-000-0002", "mihon.taro@example.jp", "kamei@example.jp"]


def _consultation(mini, status="検討中", extra=""):
    write(mini / "content/consultations/plan/index.md",
          f"---\ntype: consultation\ntitle: テスト計画（素案）に関する意見募集\nconsultation_status: {status}\n"
          "targets: [plan]\nstart: 2026-11-16\nend: 2026-12-16\nchannels: [郵送, 電子メール, ウェブフォーム]\n"
          f"publicity: [広報さっぽろ]\npublished: 2026-11-16\ndepartment: climate-policy\n{extra}---\n\n"
          "テスト計画の素案について意見を募集します。\n")
    return mini / "content/consultations/plan"


def _sheet(path, rows=ROWS, encoding="utf-8-sig"):
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        for row in [HEADER, *rows]:
            book.active.append(row)
        book.save(path)
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows([HEADER, *rows])
        path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _import(mini, sheet, private="private"):
    return run_kohyo("consult", "import", str(sheet), "--consultation", "plan", "--private", private, cwd=mini)


def _records(folder):
    return yaml.safe_load((folder / "opinions.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name,encoding", [("in.csv", "utf-8"), ("in.csv", "utf-8-sig"), ("in.csv", "cp932"),
                                           ("in.xlsx", None)])
def test_import_in_every_format_keeps_private_data_out_of_content(mini, tmp_path, name, encoding):
    folder = _consultation(mini)
    result = _import(mini, _sheet(tmp_path / name, encoding=encoding))
    assert result.returncode == 0, result.stderr
    records = _records(folder)
    assert [(r["id"], r["submission"], r["target"], r["status"]) for r in records] == [
        (1, 1, "第1章1", "未対応"), (2, 1, "第2章", "未対応"), (3, 2, "第1章", "未対応"), (4, 3, "全体", "未対応")]
    assert records[2]["received"].isoformat() == "2026-11-25" and records[3]["age"] == "不明"
    public = "".join(p.read_text(encoding="utf-8") for p in (mini / "content").rglob("*") if p.is_file())
    for value in PRIVATE_VALUES + ["目標の数値をもっと分かりやすく示してほしい"]:
        assert value not in public
    store = (mini / "private/plan/submissions.json").read_text(encoding="utf-8")
    assert all(v in store for v in PRIVATE_VALUES)
    assert oct((mini / "private/plan/submissions.json").stat().st_mode)[-3:] == "600"


def test_every_invalid_row_is_reported_and_nothing_is_written(mini, tmp_path):
    folder = _consultation(mini)
    bad = [list(ROWS[0]) for _ in range(4)]
    bad[0][2] = "伝書鳩"  # unknown channel
    bad[1][1] = "2026-13-40"  # bad date
    bad[2][10] = ""  # empty opinion
    bad[3][9] = "第9章"  # unknown target
    result = _import(mini, _sheet(tmp_path / "bad.csv", [*bad, ROWS[2]]))
    assert result.returncode != 0
    lines = re.findall(r"bad\.csv:(\d+): \[intake-row\] (.+)", result.stderr)
    expected = [(2, "2行目: 提出方法「伝書鳩」"), (3, "3行目: 受付日「2026-13-40」"), (4, "4行目: 意見が空"),
                (5, "5行目: 意見の対象「第9章」")]
    assert [(int(n), m[:len(e)]) for (n, m), (_, e) in zip(lines, expected)] == expected
    assert "何も書き込んでいません" in result.stderr
    assert not (folder / "opinions.yml").exists() and not (mini / "private").exists()


def test_reimport_is_idempotent_and_keeps_what_staff_wrote(mini, tmp_path):
    folder = _consultation(mini)
    sheet = _sheet(tmp_path / "in.csv")
    assert _import(mini, sheet).returncode == 0
    text = (folder / "opinions.yml").read_text(encoding="utf-8")
    text = text.replace("summary: ''", "summary: 目標を分かりやすく示してほしい。", 1)
    text = text.replace("status: 未対応", "status: 回答案", 1)
    (folder / "opinions.yml").write_text(text, encoding="utf-8")
    before = (folder / "opinions.yml").read_bytes(), (mini / "private/plan/submissions.json").read_bytes()
    assert _import(mini, sheet).returncode == 0
    assert ((folder / "opinions.yml").read_bytes(), (mini / "private/plan/submissions.json").read_bytes()) == before
    more = _import(mini, _sheet(tmp_path / "more.csv", ROWS + [["P-4", "2026-12-10", "FAX", "試験 三郎", "", "", "",
                                                                  "30代", "個人", "その他", "追加の意見。"]]))
    assert "新しい意見 1 件" in more.stdout
    records = _records(folder)
    assert records[0]["summary"] == "目標を分かりやすく示してほしい。" and records[0]["status"] == "回答案"
    assert records[4]["id"] == 5 and records[4]["submission"] == 4


def _respond(folder, groups=True):
    records = _records(folder)
    for r in records:
        r.update(summary=f"意見{r['id']}の概要。", response=f"意見{r['id']}への市の考え方。", status="確定",
                 category="今後の参考")
    records[0].update(category="修正", change="C1")
    if groups:
        records[1]["group"] = records[2]["group"] = "G1"
    records[3]["summary"] = "<script>alert('x')</script>を表示しないこと & 説明を。"
    (folder / "opinions.yml").write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    write(folder / "changes.yml", "- id: C1\n  target: 第1章1\n  location: 第1章 1 目標\n  before: 目標を定める。\n"
          "  after: 2030年度の目標を、表1-1のとおり定める。\n  reason: 目標の数値を明示するため。\n")


def test_publishing_with_open_opinions_fails_and_lists_them(mini, tmp_path):
    folder = _consultation(mini)
    assert _import(mini, _sheet(tmp_path / "in.csv")).returncode == 0
    result = run_kohyo("consult", "publish", "--consultation", "plan", "--date", "2027-01-20", cwd=mini)
    assert result.returncode != 0
    assert "No.1（未対応）、No.2（未対応）、No.3（未対応）、No.4（未対応）" in result.stderr
    assert "consultation_status: 検討中" in (folder / "index.md").read_text(encoding="utf-8")
    _respond(folder)
    status = run_kohyo("consult", "status", "--consultation", "plan", cwd=mini)
    assert "確定 4" in status.stdout and "第1章　最初の章: 1 / 1" in status.stdout
    published = run_kohyo("consult", "publish", "--consultation", "plan", "--date", "2027-01-20", cwd=mini)
    assert published.returncode == 0, published.stderr
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert "consultation_status: 結果公表" in index and "results_date: 2027-01-20" in index
    assert all(r["status"] == "公表" for r in _records(folder))


@pytest.fixture
def published(mini, tmp_path):
    folder = _consultation(mini)
    assert _import(mini, _sheet(tmp_path / "in.csv")).returncode == 0
    _respond(folder)
    assert run_kohyo("consult", "publish", "--consultation", "plan", "--date", "2027-01-20", cwd=mini).returncode == 0
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr
    return mini


def _cells(table):
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.select("tbody tr")]


def test_results_page_counts_match_the_records(published):
    page = BeautifulSoup((published / "build/site/consultations/plan/results/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    tables = {re.sub(r"^表[\d-]+\s*", "", t.caption.get_text(" ", strip=True)): t for t in page.select("article figure.kohyo-table table")}
    counts = dict(_cells(tables["意見提出者数と意見件数"]))
    assert counts["意見提出者数"] == "3人・団体（個人 2人、団体 1団体）"
    assert counts["意見件数"] == "4件"
    assert counts["類似意見"] == "同じ趣旨の意見 2件を 1件にまとめて掲載"
    assert _cells(tables["提出方法別の提出者数と意見件数"]) == [["郵送", "1", "1"], ["電子メール", "1", "2"],
                                                       ["ウェブフォーム", "1", "1"]]
    ages = dict(_cells(tables["年代別の提出者数（個人は年代別、団体は一括）"]))
    assert ages["40代"] == "1" and ages["70代以上"] == "1" and ages["団体"] == "1"
    assert dict(_cells(tables["反映区分別の意見件数"]))["修正"] == "1"
    assert dict(_cells(tables["反映区分別の意見件数"]))["今後の参考"] == "3"
    change = _cells(tables["素案からの主な修正点"])[0]
    assert change[2:] == ["目標を定める。", "2030年度の目標を、表1-1のとおり定める。", "目標の数値を明示するため。"]
    opinion_rows = [r for t in page.select("article figure.kohyo-table table") if "意見と市の考え方" in t.caption.get_text()
                    for r in _cells(t)]
    assert [r[0] for r in opinion_rows] == ["1", "2", "3"], "grouped opinions are shown once"
    assert any("（ほか同趣旨1件）" in r[1] for r in opinion_rows)
    link = page.select_one('article a[href*="01-first/#"]')
    assert link is not None, "該当箇所 links to the draft section"
    csv_text = (published / "build/site/consultations/plan/results.csv").read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.reader(io.StringIO(csv_text.decode("utf-8-sig"))))) == 5


def test_opinion_text_is_escaped_in_site_and_pdf(published):
    from pypdf import PdfReader

    html = (published / "build/site/consultations/plan/results/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    text = "".join(p.extract_text() for p in PdfReader(
        published / "build/site/consultations/plan/plan-results.pdf").pages)
    assert "<script>alert('x')</script>を表示しないこと" in re.sub(r"\s", "", text).replace("&", "")


def test_private_data_in_a_response_stops_the_build(published):
    folder = published / "content/consultations/plan"
    text = (folder / "opinions.yml").read_text(encoding="utf-8").replace("意見1への市の考え方。",
                                                                           "見本 太郎様のご意見のとおり修正します。")
    (folder / "opinions.yml").write_text(text, encoding="utf-8")
    before = (published / "build/site/consultations/plan/results/index.html").read_bytes()
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=published)
    assert result.returncode != 0
    assert "[privacy-leak]" in result.stderr and "受付番号 P-1 の氏名" in result.stderr
    assert "見本 太郎" not in result.stderr, "the report never repeats the private value"
    assert (published / "build/site/consultations/plan/results/index.html").read_bytes() == before


def test_contact_details_in_a_summary_fail_unless_allowed(published):
    folder = published / "content/consultations/plan"
    text = (folder / "opinions.yml").read_text(encoding="utf-8")
    leaked = text.replace("意見2の概要。", "連絡先は 011-000-0099 とのこと。")
    (folder / "opinions.yml").write_text(leaked, encoding="utf-8")
    result = run_kohyo("check", cwd=published)
    assert result.returncode != 0 and "[opinion-contact]" in result.stderr and "電話番号" in result.stderr
    allowed = leaked.replace("- id: 2\n", "- id: 2\n  pii_allowed: 市の窓口の番号で、公表してよいもの\n")
    (folder / "opinions.yml").write_text(allowed, encoding="utf-8")
    assert run_kohyo("check", cwd=published).returncode == 0


def test_a_consultation_with_no_opinions_says_so(mini):
    _consultation(mini, status="結果公表", extra="results_date: 2027-01-20\n")
    undeclared = run_kohyo("check", "--build-date", BUILD_DATE, cwd=mini)
    assert undeclared.returncode != 0 and "[consultation-publish]" in undeclared.stderr, "an empty record is no answer"
    write(mini / "content/_data/consultations.yml", "no_opinions: [plan]\n")
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr
    page = (mini / "build/site/consultations/plan/results/index.html").read_text(encoding="utf-8")
    assert "提出された意見はありませんでした" in page


def test_review_page_is_built_only_on_request_and_never_in_the_site(published):
    assert not list((published / "build").rglob("*review*"))
    result = run_kohyo("consult", "review", "--consultation", "plan", cwd=published)
    assert result.returncode == 0, result.stderr
    review = published / "private/review/plan-review.html"
    assert "目標の数値をもっと分かりやすく示してほしい" in review.read_text(encoding="utf-8")
    assert "【庁内限り" in review.read_text(encoding="utf-8")
    assert not list((published / "build").rglob("*review*"))


# The bundled sample, as citizens see it.

def test_sample_open_consultation_says_how_and_until_when(site):
    page = BeautifulSoup((site / "consultations/climate-plan/index.html").read_text(encoding="utf-8"), "html.parser")
    submit = page.select_one(".kohyo-submit").get_text(" ", strip=True)
    assert "令和8年（2026年）12月16日（水曜日）（消印有効）" in submit
    for channel in ("郵送", "持参", "FAX", "電子メール", "ウェブフォーム"):
        assert channel in submit
    assert page.select_one('.kohyo-submit a[href^="mailto:kankyo-seisaku@city.sapporo.jp?subject="]')
    assert page.select_one('a[href$="climate-plan.pdf"]'), "the draft's PDF is linked while open"


def test_sample_results_are_published_with_every_table(site):
    page = BeautifulSoup((site / "consultations/ict-strategy/results/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    captions = [t.caption.get_text(" ", strip=True) for t in page.select("article figure.kohyo-table table")]
    for name in ("意見募集の概要", "意見提出者数と意見件数", "提出方法別", "年代別", "章・節別", "反映区分別",
                 "素案からの主な修正点"):
        assert any(name in c for c in captions), name
    records = yaml.safe_load((ROOT / "content/consultations/ict-strategy/opinions.yml").read_text(encoding="utf-8"))
    counts = dict(_cells(page.select("article figure.kohyo-table table")[1]))
    assert counts["意見件数"] == f"{len(records)}件"
    assert counts["意見提出者数"].startswith(f"{len({r['submission'] for r in records})}人・団体")
    changes = yaml.safe_load((ROOT / "content/consultations/ict-strategy/changes.yml").read_text(encoding="utf-8"))
    assert len(changes) >= 3
    portal = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    listing = portal.select_one("#kohyo-consultations").find_parent("section").get_text(" ", strip=True)
    assert listing.index("募集中") < listing.index("気候変動") < listing.index("結果公表") < listing.index("ICT")


def test_sample_content_holds_no_submitter_data():
    sheet = (ROOT / "samples/intake/ict-strategy-pubcom.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(sheet)))
    # Binary attachments (a seminar's PDF handout) are read for whatever text they hold.
    content = "".join(p.read_bytes().decode("utf-8", errors="ignore") for p in (ROOT / "content").rglob("*")
                      if p.is_file())
    for row in rows:
        for column in ("氏名", "住所", "電話番号", "メールアドレス"):
            if row[column]:
                assert row[column] not in content, column
        assert row["意見"].strip() not in content


def test_the_documented_import_on_a_fresh_clone_changes_nothing_and_leaks_nothing(tmp_path):
    """README: importing the sample intake again, on a machine without private/, finds every
    record (受付番号 is kept on it), keeps what staff wrote, and the guarded build passes."""
    import shutil

    for name in ("mkdocs.yml", "sites.yml", "overrides", "content", "samples"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    opinions = tmp_path / "content/consultations/ict-strategy/opinions.yml"
    before = opinions.read_bytes()
    result = run_kohyo("consult", "import", "samples/intake/ict-strategy-pubcom.csv", "--consultation",
                       "ict-strategy", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "新しい意見 0 件、前回からの意見 39 件" in result.stdout
    assert opinions.read_bytes() == before
    assert (tmp_path / "private/ict-strategy/submissions.json").is_file()
    built = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=tmp_path)
    assert built.returncode == 0, built.stderr  # the privacy guard ran against 26 submitters' data


def test_results_workbook_has_one_row_per_opinion_and_correct_sums(published):
    import datetime as dt

    from openpyxl import load_workbook

    path = published / "build/site/consultations/plan/results.xlsx"
    book = load_workbook(path)
    rows = list(book["意見一覧"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert isinstance(rows[2][2], dt.datetime) and rows[2][2].date().isoformat() == "2026-11-25"
    sheet = book["意見一覧"]  # as an official sorts, filters and prints it
    assert sheet.auto_filter.ref == sheet.dimensions
    assert all(c.alignment.wrap_text for row in sheet.iter_rows(min_row=2) for c in row)
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    assert rows[0][6] == "第1章　最初の章　1 目標" and rows[0][9] == "修正"
    summary = list(book["集計"].iter_rows(min_row=2, values_only=True))
    counts = {r[0]: r[1] for r in summary if r and r[0]}
    assert counts["意見提出者数"] == 3 and counts["意見件数"] == 4
    assert counts["　うち個人"] + counts["　うち団体"] == counts["意見提出者数"]
    start = next(i for i, r in enumerate(summary) if r[0] == "提出方法") + 1
    channels = [r for r in summary[start:start + 3]]
    assert sum(r[2] for r in channels) == counts["意見件数"]
    assert sum(r[1] for r in channels) == counts["意見提出者数"]
    link = BeautifulSoup((published / "build/site/consultations/plan/index.html").read_text(encoding="utf-8"),
                         "html.parser").select_one('a[href$="results.xlsx"]')
    assert re.fullmatch(r"意見の概要と市の考え方（Excel：\d+KB）", link.get_text(strip=True))
    for name in ("results.xlsx", "results.csv"):  # same content, same bytes: builds repeat
        before = (published / "build/site/consultations/plan" / name).read_bytes()
        assert run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=published).returncode == 0
        assert (published / "build/site/consultations/plan" / name).read_bytes() == before
