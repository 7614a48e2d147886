"""PDF benchmarks, as ratios measured side by side in one run on this machine.

    .venv/bin/python scripts/bench_pdf.py [--skip-m2p] [--chapters 30]

1. A rebuild with no change against a plain site build (`kohyo build --no-pdf`): goal <= 1.5x.
2. Cold PDF time per page against mkdocs-to-pdf 0.12.1 on the same content, installed in a
   throwaway virtual environment (never a dependency of kohyo): goal <= 0.25x. Measured on
   two corpora: the bundled sample, and a generated one unlike it (scripts/gen_corpus.py
   --mixed: long code blocks, images, figures, footnotes near breaks, many short sections).
   PDF time = cold build with PDFs - cold site-only build, for both tools; kohyo makes one
   (web) PDF per publication here, as mkdocs-to-pdf makes one, so pages are laid-out pages.
3. kohyo's render (checks included) against WeasyPrint's own render and write of the same
   assembled HTML, on both corpora: goal <= 1.1x.
4. A generated publication of about 300 pages: time and peak memory (goal <= 2 GB).
Word and PowerPoint files are left out of 1-3 (mkdocs-to-pdf makes none) and timed on their own.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from gen_corpus import generate, generate_mixed  # noqa: E402

KOHYO = [sys.executable, "-m", "kohyo.cli"]
M2P_PACKAGES = ["mkdocs-to-pdf==0.12.1", "mkdocs-material==9.8.1", "pymdown-extensions==13.1"]


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr[-2000:]}")
    return time.perf_counter() - start


def pages(paths) -> int:
    return sum(len(PdfReader(p).pages) for p in paths)


def project_copy(dest: Path) -> Path:
    """The sample, making PDFs only: Word files are another product, timed on their own."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "sites.yml", "overrides", "content", "privacy", "versions"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return web_pdfs_only(dest)


def web_pdfs_only(dest: Path) -> Path:
    """No Word, PowerPoint or print PDFs: mkdocs-to-pdf makes one PDF, so kohyo makes one (web)
    PDF per publication for the comparison; Word and PowerPoint are timed on their own."""
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(config.replace("  - kohyo:\n", "  - kohyo:\n      word: false\n", 1),
                                     encoding="utf-8")
    for index in (dest / "content").rglob("index.md"):
        text = index.read_text(encoding="utf-8")
        if "\ntype: publication\n" in text and "\nprint_pdf:" not in text:
            text = text.replace("\ntype: publication\n", "\ntype: publication\nprint_pdf: false\n", 1)
        index.write_text(text.replace("\npowerpoint: true\n", "\npowerpoint: false\n"), encoding="utf-8")
    return dest


def bench_rebuild(proj: Path, out: Path) -> dict:
    # A cold site-only build (fresh folder: charts drawn, nothing cached) is what a cold full
    # build costs without its PDFs; a repeated one in the same folder is the plain rebuild.
    site_cold = min(timed(KOHYO + ["build", "--no-pdf", "--output", str(out / f"site-cold-{n}")], proj) for n in (1, 2))
    site = min(timed(KOHYO + ["build", "--no-pdf", "--output", str(out / "site-cold-1")], proj) for _ in range(2))
    cold = timed(KOHYO + ["build", "--output", str(out / "full")], proj)
    warm = min(timed(KOHYO + ["build", "--output", str(out / "full")], proj) for _ in range(2))
    # kohyo's own PDFs only: editors' PDFs (seminar handouts) and kept versions are copied, not made.
    pdfs = [p for p in sorted((out / "full").glob("site/**/*.pdf"))
            if not (proj / "content" / p.relative_to(out / "full/site")).exists() and "versions" not in p.parts]
    pdfs += sorted((out / "full").glob("print/*.pdf"))
    n = pages(pdfs)
    return {"site": site, "cold": cold, "warm": warm, "pages": n, "pdfs": len(pdfs),
            "per_page": (cold - site_cold) / n}


def bench_m2p(proj: Path, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    venv = work.parent / "m2p-venv"  # one install serves both corpora
    if not venv.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([venv / "bin/pip", "install", "-q", *M2P_PACKAGES], check=True, capture_output=True)
    exts = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
            "pymdownx.blocks.caption", "pymdownx.details", "pymdownx.superfences"]
    base = (f"site_name: bench\ndocs_dir: {proj / 'content'}\nexclude_docs: |\n  _data/\n"
            "theme:\n  name: material\n  language: ja\n  font: false\n"
            "markdown_extensions:\n" + "".join(f"  - {e}\n" for e in exts))
    (work / "plain.yml").write_text(base + f"site_dir: {work / 'm2p-plain'}\n", encoding="utf-8")
    pdf = work / "m2p-site" / "document.pdf"
    (work / "pdf.yml").write_text(base + f"site_dir: {work / 'm2p-site'}\nplugins:\n  - search\n  - to-pdf:\n"
                                  f"      output_path: document.pdf\n", encoding="utf-8")
    mkdocs = [str(venv / "bin/mkdocs"), "build", "-q", "-f"]
    plain = min(timed(mkdocs + [str(work / "plain.yml")], work) for _ in range(2))
    full = timed(mkdocs + [str(work / "pdf.yml")], work)
    n = pages([pdf])
    return {"site": plain, "full": full, "pages": n, "per_page": (full - plain) / n}


def bench_overhead(proj: Path, out: Path) -> dict:
    """Time kohyo's engine and bare WeasyPrint on the very jobs a cold build makes.

    Timed inside that build, as each publication is handed to the workers: the charts the
    documents show exist only while the build runs."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from concurrent.futures import Future

    from weasyprint import CSS, HTML

    from kohyo import cli
    from kohyo.pdf import build as pdf_build
    from kohyo.pdf import engine

    times = {"ours": 0.0, "weasyprint": 0.0}
    target = str(out / "bench.pdf")

    class Timing(pdf_build._Pool):
        def submit(self, fn, order):
            outcome = fn(order)  # the build's own render, here in this process
            job = outcome.job
            web_only = engine.Job(**{**job.__dict__, "web_out": target, "print_out": ""})
            timed = engine.render(web_only)
            if timed.problems or timed.refused or timed.missing_glyphs:
                raise SystemExit(f"{job.pub_id}: kohyo's render stopped early, nothing to compare")
            times["ours"] += min(_clock(lambda: engine.render(web_only)) for _ in range(2))
            times["weasyprint"] += min(_clock(lambda: HTML(string=job.html, base_url=job.base_url)
                                              .render(stylesheets=[CSS(string=job.css)])
                                              .write_pdf(target, pdf_variant="pdf/ua-1")) for _ in range(2))
            done = Future()
            done.set_result(outcome)
            return done

    original, pdf_build._Pool = pdf_build._Pool, Timing
    import os
    cwd = os.getcwd()
    os.chdir(proj)
    try:
        cli.main(["build", "--output", str(out / "overhead")])
    finally:
        os.chdir(cwd)
        pdf_build._Pool = original
    return times


def _clock(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_scale(work: Path, chapters: int) -> dict:
    proj = generate(work / "scale", chapters)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds = timed(KOHYO + ["build", "--output", str(work / "scale-out")], proj)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    n = pages([work / "scale-out/site/scale/scale.pdf"])
    return {"pages": n, "seconds": seconds, "peak_mb": max(peak_kb, before) / 1024}


def compare(name: str, proj: Path, work: Path, skip_m2p: bool) -> dict:
    """Ratios 2 and 3 on one corpus; returns bench_rebuild's figures."""
    r = bench_rebuild(proj, work / f"out-{name}")
    print(f"[{name}] {r['pdfs']} PDFs, {r['pages']} pages | site only {r['site']:.2f}s | "
          f"cold with PDFs {r['cold']:.2f}s | no-change rebuild {r['warm']:.2f}s")
    print(f"[{name}]    kohyo cold PDF time per page = {r['per_page'] * 1000:.0f} ms")
    if not skip_m2p:
        m = bench_m2p(proj, work / f"m2p-{name}")
        print(f"[{name}]    mkdocs-to-pdf 0.12.1: {m['pages']} pages, {(m['full'] - m['site']):.2f}s of PDF, "
              f"{m['per_page'] * 1000:.0f} ms per page")
        print(f"[{name}] 2. kohyo / mkdocs-to-pdf per page = {r['per_page'] / m['per_page']:.2f}x (goal <= 0.25x)")
    o = bench_overhead(proj, work / f"out-{name}")
    print(f"[{name}] 3. kohyo render+checks {o['ours']:.2f}s / WeasyPrint alone {o['weasyprint']:.2f}s = "
          f"{o['ours'] / o['weasyprint']:.2f}x (goal <= 1.1x)")
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-m2p", action="store_true", help="do not install and time mkdocs-to-pdf")
    parser.add_argument("--chapters", type=int, default=44, help="chapters in the scale corpus (44: ~300 pages)")
    parser.add_argument("--mixed-chapters", type=int, default=24, help="chapters in the second corpus")
    parser.add_argument("--ratios-only", action="store_true", help="ratios 1-3 only (no Word, no scale run)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kohyo-bench-"))
    proj = project_copy(work / "project")
    r = compare("sample", proj, work, args.skip_m2p)
    print(f"1. no-change rebuild / site-only build = {r['warm'] / r['site']:.2f}x (goal <= 1.5x)")
    mixed = web_pdfs_only(generate_mixed(work / "mixed", args.mixed_chapters, seed=2026))
    compare("mixed", mixed, work, args.skip_m2p)
    if args.ratios_only:
        shutil.rmtree(work, ignore_errors=True)
        return
    office = project_copy(work / "office-project")
    (office / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for index in (office / "content").rglob("index.md"):
        text = index.read_text(encoding="utf-8")
        index.write_text(text.replace("\npowerpoint: false\n", "\npowerpoint: true\n"), encoding="utf-8")
    with_office = timed(KOHYO + ["build", "--output", str(work / "out/office")], office)
    site = work / "out/office/site"
    print(f"   Word and PowerPoint: {len(list(site.glob('**/*.docx')))} + {len(list(site.glob('**/*.pptx')))} files, "
          f"cold build {with_office:.2f}s with them vs {r['cold']:.2f}s without (+{with_office - r['cold']:.2f}s; "
          "made while the PDF workers run)")
    s = bench_scale(work, args.chapters)
    print(f"4. scale: {s['pages']} pages in {s['seconds']:.1f}s, peak memory {s['peak_mb']:.0f} MB (goal <= 2048 MB)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
