"""Red team: submitters' private data is stopped everywhere, on a clone without private/ (as CI),
in every variant staff type, in every output format; the build folder never half-publishes."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUILD_DATE, ROOT, run_kohyo

# The bundled sample's fictional submitter P-001 (samples/intake/ict-strategy-pubcom.csv).
VARIANTS = {
    "surname with 様": "見本様からの意見",
    "surname with さん": "見本さんからの意見",
    "name with ・": "見本・太郎",
    "full-width e-mail": "ＭＩＨＯＮ．ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＪＰ",
    "upper-case e-mail": "Mihon.Taro@Example.JP",
    "phone with minus signs": "０１１−０００−０００１",
    "phone with dashes": "011‐000‐0001",
    "phone in brackets": "(011)000-0001",
    "address without city and ward": "見本町1丁目2番3号",
    "address in full width": "札幌市中央区見本町１－２－３",
}
OPINIONS = "content/consultations/ict-strategy/opinions.yml"


def _clone(dest: Path) -> Path:
    """The sample as CI checks it out: what git tracks, without private/ or build/."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in files.decode().split("\0"):
        if rel and (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    for rel in ("privacy",):  # new files not yet committed while developing
        if (ROOT / rel).is_dir() and not (dest / rel).exists():
            shutil.copytree(ROOT / rel, dest / rel)
    assert not (dest / "private").exists()
    return dest


@pytest.fixture
def clone(tmp_path) -> Path:
    return _clone(tmp_path / "clone")


def _append_to_summary(clone: Path, text: str) -> int:
    """Add text to the first opinion summary; returns the line it is on."""
    path = clone / OPINIONS
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("summary:")) + 1
    lines[index] += f" {text}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


def _problems(stderr: str) -> list[tuple[str, str]]:
    return re.findall(r"^(\S+?): \[([a-z-]+)\]", stderr, flags=re.M)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_check_stops_each_variant_at_its_source_line_without_private(clone, variant):
    line = _append_to_summary(clone, VARIANTS[variant])
    result = run_kohyo("check", "--build-date", BUILD_DATE, cwd=clone, env={"KOHYO_PRIVACY_KEY": ""})
    assert result.returncode != 0
    assert (f"{OPINIONS}:{line}", "privacy-leak") in _problems(result.stderr), result.stderr
    assert "受付番号 P-001" in result.stderr, "names the kind of value and whose"
    assert VARIANTS[variant] not in result.stderr and "見本" not in result.stderr.replace(OPINIONS, ""), \
        "the report never repeats the value"


def test_a_name_in_publication_keywords_is_stopped_at_its_line(clone):
    index = clone / "content/ict-strategy/index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("keywords: [ICT,", "keywords: [見本 太郎, ICT,"), encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("keywords:"))
    result = run_kohyo("check", "--build-date", BUILD_DATE, cwd=clone)
    assert ("content/ict-strategy/index.md:" + str(line), "privacy-leak") in _problems(result.stderr), result.stderr


def test_the_sample_itself_passes_the_guard_on_a_clean_clone(clone):
    result = run_kohyo("check", "--build-date", BUILD_DATE, cwd=clone, env={"KOHYO_PRIVACY_KEY": ""})
    assert result.returncode == 0, result.stderr
    assert "個人情報の照合ができません" not in result.stderr


def test_a_value_split_by_markup_is_found_in_the_built_site_and_nothing_is_kept(clone):
    """The source line does not hold the name as written; the page a citizen reads does."""
    good = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=clone)
    assert good.returncode == 0, good.stderr
    before = sorted(p.relative_to(clone / "build/site") for p in (clone / "build/site").rglob("*"))
    chapter = clone / "content/ict-strategy/01-purpose.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n見本<span>・</span>太郎\n", encoding="utf-8")
    bad = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=clone)
    assert bad.returncode != 0
    found = _problems(bad.stderr)
    assert ("site/ict-strategy/01-purpose/index.html", "privacy-leak") in found, bad.stderr
    assert "前回のビルドのまま" in bad.stderr
    assert sorted(p.relative_to(clone / "build/site") for p in (clone / "build/site").rglob("*")) == before
    assert not (clone / "build/.cache").exists(), "nothing made from the leaked value stays in the cache"
    assert [p.name for p in (clone / "build/releases").iterdir()] == [os.readlink(clone / "build/current").split("/")[-1]]


def test_build_fails_without_fingerprints_while_check_only_warns(clone):
    (clone / "privacy/ict-strategy.json").unlink()
    check = run_kohyo("check", "--build-date", BUILD_DATE, cwd=clone)
    assert check.returncode == 0, check.stderr
    assert "注意" in check.stderr and "privacy-setup" in check.stderr
    build = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=clone)
    assert build.returncode != 0
    assert (OPINIONS, "privacy-setup") in _problems(build.stderr), build.stderr
    assert not (clone / "build/site").exists()


def test_a_real_consultation_needs_its_key(clone):
    """Without the sample's published key, fingerprints are useless without KOHYO_PRIVACY_KEY."""
    path = clone / "privacy/ict-strategy.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["sample_key"], data["sample"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    missing = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=clone, env={"KOHYO_PRIVACY_KEY": ""})
    assert missing.returncode != 0 and "KOHYO_PRIVACY_KEY" in missing.stderr
    wrong = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=clone,
                      env={"KOHYO_PRIVACY_KEY": "x" * 40})
    assert wrong.returncode != 0 and "鍵が、この照合データを作った鍵と違います" in wrong.stderr
    right = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=clone,
                      env={"KOHYO_PRIVACY_KEY": "kohyo-sample-demo-key-not-secret-2026"})
    assert right.returncode == 0, right.stderr


def test_fingerprints_in_git_reveal_no_value(clone):
    text = (clone / "privacy/ict-strategy.json").read_text(encoding="utf-8")
    sheet = (ROOT / "samples/intake/ict-strategy-pubcom.csv").read_text(encoding="utf-8-sig")
    import csv
    import hashlib

    from kohyo.privacy.fold import fold

    for row in csv.DictReader(io.StringIO(sheet)):
        for field in ("氏名", "住所", "電話番号", "メールアドレス"):
            value = row[field]
            for form in {f for f in (value, fold(value), re.sub(r"\D", "", value)) if len(f) >= 6}:
                assert form not in text
                for digest in (hashlib.sha256, hashlib.md5, hashlib.sha1):
                    assert digest(form.encode()).hexdigest()[:16] not in text, "no plain hash of a value"


# Every format a reader can get text from: the guard reads each of them.

def _pdf_with(tmp_path: Path, body: str, keywords: str = "", attach: bytes | None = None) -> bytes:
    import pikepdf
    from weasyprint import HTML

    meta = f'<meta name="keywords" content="{keywords}">' if keywords else ""
    data = HTML(string=f"<html lang=ja><head><title>t</title>{meta}</head><body><p>{body}</p></body></html>").write_pdf()
    if attach is None:
        return data
    pdf = pikepdf.open(io.BytesIO(data))
    pdf.attachments["submissions.json"] = pikepdf.AttachedFileSpec(pdf, attach)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _matcher():
    from kohyo.privacy import fingerprints

    loaded = fingerprints.load(ROOT, "", [("ict-strategy", OPINIONS, True)])
    assert not loaded.problems
    return loaded.matcher


def _found(name: str, data: bytes) -> list[str]:
    from kohyo.privacy.guard import scan_bytes

    return [p.message for p in scan_bytes(_matcher(), name, data, f"site/{name}")]


def test_pdf_text_metadata_and_attachments_are_read(tmp_path):
    assert not _found("clean.pdf", _pdf_with(tmp_path, "公開してよい本文です。"))
    assert any("氏名" in m for m in _found("text.pdf", _pdf_with(tmp_path, "見本　太郎")))
    assert any("氏名" in m for m in _found("meta.pdf", _pdf_with(tmp_path, "本文", keywords="ミホン,見本 太郎")))
    attached = _pdf_with(tmp_path, "本文", attach=json.dumps({"メール": "mihon.taro@example.jp"}).encode())
    assert any("メールアドレス" in m for m in _found("attach.pdf", attached))


def test_office_files_are_read(tmp_path):
    import docx
    import openpyxl

    document = docx.Document()
    document.add_paragraph("意見提出者: ")
    document.paragraphs[0].add_run("見本").bold = True
    document.paragraphs[0].add_run("様")
    out = io.BytesIO()
    document.save(out)
    assert any("氏名" in m for m in _found("results.docx", out.getvalue()))

    book = openpyxl.Workbook()
    book.active["A1"], book.active["B1"] = "電話", "011-000-0001"
    out = io.BytesIO()
    book.save(out)
    assert any("電話番号" in m for m in _found("results.xlsx", out.getvalue()))


def test_markup_escapes_json_and_calendar_folding_do_not_hide_a_value():
    assert _found("a.html", "<p>見本&#x30FB;太郎</p>".encode())
    assert _found("b.html", '<img src="x.png" alt="見本 太郎の写真">'.encode())
    assert _found("search_index.json", json.dumps({"docs": [{"text": "見本 太郎"}]}).encode())
    assert _found("c.ics", "BEGIN:VCALENDAR\r\nDESCRIPTION:連絡先 mihon.taro@exa\r\n mple.jp\r\nEND:VCALENDAR\r\n".encode())
    assert not _found("d.html", "<p>見本市の会場</p><p>太郎冠者</p>".encode()), "a surname alone is not matched"


# The build folder: one switch, one build at a time, no leftovers.

def test_a_second_build_at_the_same_time_is_refused(mini):
    import fcntl

    (mini / "build").mkdir()
    with open(mini / "build/.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        busy = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert busy.returncode != 0 and "別のビルド" in busy.stderr
    assert "Traceback" not in busy.stderr


def test_killed_builds_leave_nothing_behind_and_site_is_one_switch(mini):
    first = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert first.returncode == 0, first.stderr
    build = mini / "build"
    assert (build / "site").is_symlink() and os.readlink(build / "site") == "current/site"
    assert os.readlink(build / "current").startswith("releases/")
    # What a killed build leaves: an unfinished release and a stage of the older layout.
    (build / "releases/deadbeef/site").mkdir(parents=True)
    (build / ".staging-old").mkdir()
    second = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert second.returncode == 0, second.stderr
    assert not (build / ".staging-old").exists()
    assert [p.name for p in (build / "releases").iterdir()] == [os.readlink(build / "current").split("/")[1]]
    assert (build / "site/index.html").is_file()


def test_a_read_only_build_folder_gives_a_message(mini):
    if os.geteuid() == 0:
        # root writes anywhere; a full or read-only disk is what root meets: a file in the way.
        (mini / "build").write_text("not a folder")
    else:
        (mini / "build").mkdir()
        (mini / "build").chmod(0o500)
    result = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "ビルドを中止しました" in result.stderr, result.stderr


# Import: values too generic to guard are named once, and never stop every build.

def test_a_generic_address_is_reported_once_at_import_and_the_build_passes(mini, tmp_path):
    from test_consultations import ROWS, _consultation, _import, _respond, _sheet

    folder = _consultation(mini)
    rows = [list(r) for r in ROWS]
    rows[0][4] = rows[1][4] = "札幌市"  # P-1's address is only the city: every page names it
    rows[2][3] = "林"  # P-2: a one-character name
    result = _import(mini, _sheet(tmp_path / "in.csv", rows))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("受付番号 P-1 の住所") == 1 and "番地のない住所" in result.stdout
    assert "受付番号 P-2 の氏名" in result.stdout
    assert "札幌市\n" not in result.stdout and "「林」" not in result.stdout
    fingerprints = json.loads((mini / "privacy/plan.json").read_text(encoding="utf-8"))
    assert fingerprints["key_id"] and "sample_key" not in fingerprints
    _respond(folder)
    assert run_kohyo("consult", "publish", "--consultation", "plan", "--date", "2027-01-20", cwd=mini).returncode == 0
    build = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert build.returncode == 0, build.stderr


def test_import_without_a_key_refuses_and_writes_nothing(mini, tmp_path):
    from test_consultations import _consultation, _import, _sheet

    folder = _consultation(mini)
    result = run_kohyo("consult", "import", str(_sheet(tmp_path / "in.csv")), "--consultation", "plan",
                       cwd=mini, env={"KOHYO_PRIVACY_KEY": ""})
    assert result.returncode != 0 and "KOHYO_PRIVACY_KEY" in result.stderr and "Traceback" not in result.stderr
    assert not (folder / "opinions.yml").exists() and not (mini / "private").exists()
    assert not (mini / "privacy").exists()


def test_consult_key_makes_a_long_random_key(mini):
    first = run_kohyo("consult", "key", cwd=mini, env={"KOHYO_PRIVACY_KEY": ""})
    second = run_kohyo("consult", "key", cwd=mini, env={"KOHYO_PRIVACY_KEY": ""})
    keys = [re.findall(r"^[0-9a-f]{64}$", r.stdout, flags=re.M) for r in (first, second)]
    assert keys[0] and keys[1] and keys[0] != keys[1]
    assert "Secrets" in first.stdout


def test_a_symlink_loop_in_content_stops_the_build_before_mkdocs_walks_it(mini):
    (mini / "content/plan/loop").symlink_to("..")
    (mini / "content/plan/passwd.md").symlink_to("/etc/passwd")
    result = subprocess.run([sys.executable, "-m", "kohyo.cli", "build", "--no-pdf", "--build-date", BUILD_DATE],
                            cwd=mini, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert ("content/plan/loop", "symlink") in _problems(result.stderr), result.stderr
    assert ("content/plan/passwd.md", "symlink") in _problems(result.stderr)
    assert not (mini / "build/site").exists() and "Traceback" not in result.stderr


def test_a_preview_shows_private_data_pasted_into_content(clone):
    """An editor previewing sees the leak at once, in the browser, before any commit."""
    from test_serve import Preview

    preview = Preview(clone)
    try:
        preview.page("consultations/ict-strategy/results/", "意見の概要")
        line = _append_to_summary(clone, VARIANTS[sorted(VARIANTS)[0]])
        body = preview.problems("consultations/ict-strategy/results/", "privacy-leak", f"{OPINIONS}:{line}")
        assert VARIANTS[sorted(VARIANTS)[0]] not in body, "the problem page never repeats the value"
    finally:
        preview.stop()
