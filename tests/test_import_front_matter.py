"""`kohyo import` of a Markdown file with front matter: its title and description become the
publication's, keys kohyo has no use for are listed, a broken block is refused with its line."""

from __future__ import annotations

from conftest import BUILD_DATE, run_kohyo, write


def _import(mini, source, pub):
    return run_kohyo("import", str(source), "--publication", pub, "--department", "ict-planning",
                     "--date", "2026-11-20", cwd=mini)


def test_front_matter_fills_the_publication(mini, tmp_path):
    source = write(tmp_path / "plan.md", """
        ---
        title: 札幌市デジタル推進計画
        subtitle: 令和8年度から令和12年度まで
        description: 市のデジタル施策をまとめた計画です。
        keywords: [DX, デジタル]
        author: 企画課
        ---

        # 第1章 はじめに

        本文です。

        # 第2章 取組

        取組の本文です。
        """)
    result = _import(mini, source, "digital-plan")
    assert result.returncode == 0, result.stderr
    index = (mini / "content/digital-plan/index.md").read_text(encoding="utf-8")
    head = index.split("\n---\n", 1)[0]
    assert 'title: "札幌市デジタル推進計画"' in head and 'subtitle: "令和8年度から令和12年度まで"' in head
    assert 'description: "市のデジタル施策をまとめた計画です。"' in head and 'keywords: ["DX", "デジタル"]' in head
    assert "author" not in index and "---\ntitle: 札幌市" not in index  # the block is not left in the text
    assert "content/digital-plan/index.md: [import-element]" in result.stdout and "「author」" in result.stdout
    chapters = sorted(p.name for p in (mini / "content/digital-plan").glob("0*.md"))
    assert len(chapters) == 2
    build = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert build.returncode == 0, build.stderr
    page = (mini / "build/site/digital-plan/index.html").read_text(encoding="utf-8")
    assert "札幌市デジタル推進計画" in page and "市のデジタル施策をまとめた計画です。" in page


def test_broken_front_matter_is_refused_with_its_line(mini, tmp_path):
    source = write(tmp_path / "bad.md", """
        ---
        title: 計画
        keywords: [DX, デジタル
        ---

        # 第1章 はじめに

        本文です。
        """)
    result = _import(mini, source, "bad-plan")
    assert result.returncode == 1
    assert f"{source}:" in result.stderr and "[import-file]" in result.stderr and "front matter" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (mini / "content/bad-plan").exists()
