"""The page of ``fzlint serve`` in a real browser: Debian's Chromium, headless, driven by
Playwright, against the server started for real on loopback.  A seed is dropped on the
page as a .docx; the test looks at the highlights, clicks findings, filters, reads a rule's
explanation and the outline, downloads the fixed text, the review page and (when
``fzlint.annotate`` is present) the annotated Word copy."""

from __future__ import annotations

import base64
import io
import json
import urllib.request

import docx
import pytest

from ..builders import plain_docx
from ..conftest import seed
from .test_serve import multipart, needs_annotate, start_server, stop

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DROP = """async ({b64, name}) => {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
  const dt = new DataTransfer();
  dt.items.add(new File([bytes], name));
  const zone = document.getElementById("drop");
  for (const type of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
  }
}"""


@pytest.fixture(scope="module")
def server():
    proc, url, _ = start_server("--workers", "2")
    yield url
    stop(proc)


@pytest.fixture
def page(browser, server):
    p = browser.new_page(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    p.requests = []  # type: ignore[attr-defined]
    p.problems = []  # type: ignore[attr-defined]
    p.on("request", lambda r: p.requests.append(r.url))
    p.on("pageerror", lambda e: p.problems.append(str(e)))
    p.on("console", lambda m: p.problems.append(m.text) if m.type in ("error", "warning") else None)
    p.goto(server)
    yield p
    p.close()


def api(server: str, path: str, name: str, data: bytes) -> bytes:
    body, ctype = multipart(name, data)
    req = urllib.request.Request(server + path.lstrip("/"), data=body, headers={"Content-Type": ctype})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.read()  # type: ignore[no-any-return]


def drop(page, name: str, data: bytes) -> None:
    page.evaluate(DROP, {"b64": base64.b64encode(data).decode(), "name": name})


def seed_docx() -> tuple[str, bytes]:
    return "二〇二〇年报告.docx", plain_docx(seed("004").read_text(encoding="utf-8"))


def test_a_dropped_docx_is_shown_with_its_findings_highlighted(page, server):
    name, data = seed_docx()
    expected = json.loads(api(server, "/api/check", name, data))
    findings = expected["findings"]
    drop(page, name, data)
    page.wait_for_selector("#findings li.finding")
    assert page.locator("#findings li.finding").count() == len(findings)
    assert page.text_content("#doc-text") == expected["text"]
    assert page.text_content("#count") == f"共 {len(findings)} 个问题"
    assert page.locator("#tabs button[aria-selected=true]").text_content().startswith(name)
    marks = page.locator("#doc-text mark.hl")
    assert marks.count() > 0

    # Each finding's span is marked in the text: the marks of finding i, joined, are its text.
    for i, (a, b) in enumerate(expected["spans"]):
        if b > a:
            got = page.evaluate(
                "i => Array.from(document.querySelectorAll('#doc-text mark.hl'))"
                ".filter(m => m.dataset.f.split(' ').includes(String(i))).map(m => m.textContent).join('')", i)
            assert got == expected["text"][a:b], findings[i]["code"]

    # Click a finding far down the list: the text scrolls to it and marks it.
    k = next(i for i, f in enumerate(findings) if f["code"] == "FZ501")
    assert findings[k]["location_unit"] == "paragraph" and findings[k]["line"] == 50
    page.click(f"#finding-{k} .msg")
    assert page.eval_on_selector(f"#finding-{k}", "li => li.classList.contains('selected')")
    assert page.eval_on_selector_all("mark.current", "ms => ms.map(m => m.textContent).join('')") == "[bookmark: _GoBack]"
    inside = page.evaluate("""() => {
        const m = document.querySelector('mark.current').getBoundingClientRect();
        const d = document.getElementById('doc').getBoundingClientRect();
        return m.top >= d.top && m.bottom <= d.bottom && d.top < window.innerHeight && m.top >= 0;
    }""")
    assert inside, "the marked span is scrolled into view"
    assert page.eval_on_selector("#doc", "d => d.scrollTop") > 0

    # Click a mark in the text: its finding is selected in the list.
    first = next(i for i, (a, b) in enumerate(expected["spans"]) if b > a and i != k)
    page.locator(f"#doc-text mark.hl[data-f='{first}']").first.click()
    assert page.eval_on_selector_all(".finding.selected", "ls => ls.map(l => l.id)") == [f"finding-{first}"]

    # Filter by severity and by family.
    warnings = [i for i, f in enumerate(findings) if f["severity"] == "warning"]
    assert warnings
    page.uncheck("#sev-filter input[value=warning]")
    hidden = page.eval_on_selector_all("#findings li.finding", "ls => ls.filter(l => l.hidden).map(l => +l.dataset.index)")
    assert hidden == warnings
    assert page.text_content("#count") == f"显示 {len(findings) - len(warnings)} / {len(findings)} 个问题"
    only_warning_marks = page.evaluate("""ws => Array.from(document.querySelectorAll('#doc-text mark.hl'))
        .filter(m => m.dataset.f.split(' ').every(i => ws.includes(+i)))
        .every(m => m.classList.contains('off'))""", warnings)
    assert only_warning_marks
    page.check("#sev-filter input[value=warning]")
    typography = [i for i, f in enumerate(findings) if f["family"] == "typography"]
    page.uncheck("#fam-filter input[value=typography]")
    hidden = page.eval_on_selector_all("#findings li.finding", "ls => ls.filter(l => l.hidden).map(l => +l.dataset.index)")
    assert hidden == typography and typography
    page.check("#fam-filter input[value=typography]")

    # The rule's explanation, on demand.
    pre = page.locator(f"#finding-{k} pre.explain")
    assert pre.is_hidden()
    page.click(f"#finding-{k} .explain-btn")
    pre.wait_for(state="visible")
    assert "## 检查什么" in pre.text_content() and pre.text_content().startswith("FZ501")

    # The outline: the required part this report lacks.
    assert page.text_content("#parts li.part-missing") == "存在的不足和原因：缺少"
    assert page.locator("#parts li.part-ok").count() == 3

    # A .docx has no "fixed text" download; the page loaded nothing from elsewhere.
    assert page.locator("#download-fixed").is_hidden()
    assert page.requests and all(u.startswith(server) for u in page.requests), page.requests
    assert page.problems == []


def test_several_files_give_the_summary_the_fixed_text_and_the_review_page(page, server, tmp_path):
    name, data = seed_docx()
    txt = seed("003")
    drop(page, name, data)
    page.set_input_files("#file-input", [str(txt), str(seed("001"))])
    page.wait_for_function("() => document.querySelectorAll('#summary tbody td.num').length === 9")
    rows = page.eval_on_selector_all("#summary tbody tr", "rs => rs.map(r => r.cells[0].textContent)")
    assert rows == [name, txt.name, seed("001").name]
    assert page.locator("#batch").is_visible()
    assert "存在的不足和原因" in page.text_content("#summary tbody tr:nth-child(1) td.missing")

    # Open the .txt from the summary and download it with its safe fixes applied.
    page.click("#summary tbody tr:nth-child(2)")
    assert page.locator("#tabs button[aria-selected=true]").text_content().startswith(txt.name)
    button = page.locator("#download-fixed")
    assert button.is_visible() and "处安全修复" in button.text_content()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == f"{txt.stem}（已修复）.txt"
    saved = tmp_path / "fixed.txt"
    download.save_as(saved)
    assert saved.read_bytes() == api(server, "/api/fix", txt.name, txt.read_bytes())
    assert saved.read_bytes() != txt.read_bytes()

    # The review page of --format html for the batch.
    with page.expect_download() as info:
        page.click("#download-report")
    html_file = tmp_path / "review.html"
    info.value.save_as(html_file)
    html = html_file.read_text(encoding="utf-8")
    assert info.value.suggested_filename == "fzlint审核汇总.html"
    assert html.startswith("<!DOCTYPE html>") and name in html and txt.name in html and seed("001").name in html
    assert page.problems == []


def test_a_file_that_cannot_be_read_shows_its_line(page, server):
    drop(page, "坏文件.docx", b"PK\x03\x04 not a zip at all")
    page.wait_for_selector("#tabs button.failed")
    page.wait_for_function("() => document.getElementById('status').className === 'error'")
    assert page.text_content("#status") == "检查完成：1 份报告，1 份无法检查。"
    assert page.locator("#file-error").is_visible()
    assert page.text_content("#file-error").startswith("坏文件.docx: 文件已损坏")
    assert page.locator("#view").is_hidden()


@needs_annotate
def test_the_annotated_copy_downloads_and_opens_in_python_docx(page, server, tmp_path):
    name, data = seed_docx()
    drop(page, name, data)
    page.wait_for_selector("#findings li.finding")
    with page.expect_download() as info:
        page.click("#download-annotated")
    from fzlint.annotate import output_name

    assert info.value.suggested_filename == output_name(name)
    out = tmp_path / "annotated.docx"
    info.value.save_as(out)
    original = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    annotated = docx.Document(str(out))
    assert [p.text for p in annotated.paragraphs] == original
    n = page.locator("#findings li.finding").count()
    import zipfile

    with zipfile.ZipFile(out) as z:
        assert z.read("word/comments.xml").decode("utf-8").count("<w:comment ") == n
    assert page.problems == []


def test_a_file_over_the_limit_is_refused_on_the_page_before_uploading(browser):
    proc, url, _ = start_server("--workers", "1", "--max-upload-mb", "0.05")
    try:
        p = browser.new_page()
        requests: list[str] = []
        p.on("request", lambda r: requests.append(r.url))
        p.goto(url)
        p.wait_for_load_state("networkidle")
        text = seed("004").read_bytes() * 4
        assert len(text) > 0.05 * (1 << 20)
        drop(p, "长报告.txt", text)
        p.wait_for_selector("#tabs button.failed")
        assert p.text_content("#file-error") == "长报告.txt: 文件超过 0.05 MB 的上传上限，请联系管理员调整 --max-upload-mb"
        assert not any("/api/check" in u for u in requests)
        p.close()
    finally:
        stop(proc)
