"""``fzlint serve``: the JSON API in-process (Starlette's TestClient, the real worker
processes behind it), and the command started for real on loopback.

The API must answer what the CLI answers for the same file: every seed, as .txt and as a
.docx built from its text, is checked both ways and the finding objects compared.  The CLI's
side runs in this process (``fzlint_here``: the command's own function, without a process
start); ``fzlint serve`` itself is also started for real below."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import unquote

import docx
import pytest

from fzlint.serve import ServeConfig, create_app
from fzlint.serve.app import Busy, Pool, content_disposition
from fzlint.serve.jobs import safe_name

from ..builders import markdown_of, plain_docx
from ..conftest import ROOT, SEED_IDS, SEEDS, fzlint_here, run_fzlint, seed, sigint_as_in_a_terminal
from .test_inputs_docx import BAD_INPUTS, GOOD

# Starlette 1.x suggests httpx2 for its TestClient; httpx is what it still supports.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
LIMIT = 2 << 20  # the test app's upload limit


@pytest.fixture(scope="module")
def client():
    from starlette.testclient import TestClient

    with TestClient(create_app(ServeConfig(workers=2, max_upload=LIMIT))) as c:
        yield c


def post(client, path: str, name: str, data: bytes, **fields: str):
    return client.post(path, files={"file": (name, data)}, data=fields)


def without_path(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in it.items() if k != "path"} for it in items]


def cli_json(path: Path, *args: str) -> list[dict]:
    r = fzlint_here("check", str(path), "--format", "json", *args)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)  # type: ignore[no-any-return]


def one_line_error(resp, status: int, name: str, fragment: str) -> str:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    msg = resp.json()["error"]
    assert msg.startswith(f"{name}: ") and fragment in msg and "\n" not in msg, msg
    assert "Traceback" not in resp.text
    return msg  # type: ignore[no-any-return]


# ---- the CLI's findings ----------------------------------------------------------------------
@pytest.mark.parametrize("path", SEEDS, ids=SEED_IDS)
def test_check_gives_the_cli_json_findings_for_every_seed(client, path):
    r = post(client, "/api/check", path.name, path.read_bytes())
    assert r.status_code == 200, r.text
    got = r.json()
    expected = cli_json(path)
    assert expected, "every seed has findings"
    assert without_path(got["findings"]) == without_path(expected)
    assert {f["path"] for f in got["findings"]} == {path.name}
    assert got["file"] == path.name and got["format"] == "text" and got["location_unit"] == "line"


@pytest.mark.parametrize("path", SEEDS, ids=SEED_IDS)
def test_check_of_a_docx_gives_the_cli_json_findings(client, path, tmp_path):
    data = plain_docx(path.read_text(encoding="utf-8"))
    target = tmp_path / (path.stem + ".docx")
    target.write_bytes(data)
    got = post(client, "/api/check", target.name, data).json()
    expected = cli_json(target)
    assert without_path(got["findings"]) == without_path(expected)
    assert got["format"] == "docx" and got["location_unit"] == "paragraph"
    assert got["fixable"] == 0  # a .docx is never rewritten


@pytest.mark.parametrize("path", SEEDS, ids=SEED_IDS)
def test_check_and_fix_of_markdown_are_the_clis(client, path, tmp_path):
    md = markdown_of(path.read_text(encoding="utf-8"))
    target = tmp_path / (path.stem + ".md")
    target.write_text(md.text, encoding="utf-8")
    got = post(client, "/api/check", target.name, target.read_bytes()).json()
    assert without_path(got["findings"]) == without_path(cli_json(target))
    assert got["format"] == "markdown" and got["text"] == md.plain
    fixed = post(client, "/api/fix", target.name, target.read_bytes())
    fzlint_here("check", str(target), "--fix", "-q")
    assert fixed.content == target.read_bytes()


def test_year_and_select_are_the_cli_options(client):
    path = seed("004")
    got = post(client, "/api/check", path.name, path.read_bytes(), year="2023", select="FZ3, fz1").json()
    assert without_path(got["findings"]) == without_path(cli_json(path, "--year", "2023", "--select", "FZ3,FZ1"))
    assert {f["code"][:3] for f in got["findings"]} <= {"FZ1", "FZ3"}
    assert got["year"] == 2023


def test_bad_options_are_400_with_one_chinese_line(client):
    data = seed("004").read_bytes()
    r = post(client, "/api/check", "a.txt", data, year="二〇二三")
    assert r.status_code == 400 and r.json()["error"] == "年度“二〇二三”不是数字"
    r = post(client, "/api/check", "a.txt", data, year="1800")
    assert r.status_code == 400 and "1990–2100" in r.json()["error"]
    r = post(client, "/api/check", "a.txt", data, select="FZ999")
    assert r.status_code == 400 and "FZ999" in r.json()["error"] and "\n" not in r.json()["error"]


def test_text_spans_and_outline_locate_the_findings(client):
    """What the page highlights: each span is the finding's place in the text returned."""
    path = seed("004")
    got = post(client, "/api/check", path.name, path.read_bytes()).json()
    text = got["text"]
    assert text == path.read_text(encoding="utf-8")
    assert len(got["spans"]) == len(got["findings"])
    for (start, end), f in zip(got["spans"], got["findings"], strict=True):
        assert 0 <= start <= end <= len(text)
        assert f["line"] == text.count("\n", 0, start) + 1
        assert f["column"] == start - (text.rfind("\n", 0, start) + 1) + 1
    fz501 = next(i for i, f in enumerate(got["findings"]) if f["code"] == "FZ501")
    a, b = got["spans"][fz501]
    assert text[a:b] == "[bookmark: _GoBack]"
    r = fzlint_here("outline", str(path), "--format", "json")
    outline = json.loads(r.stdout)
    assert {k: v for k, v in got["outline"].items() if k != "path"} == {k: v for k, v in outline.items() if k != "path"}
    assert got["outline"]["missing"] == ["shortcomings"]


def test_docx_text_is_one_line_per_paragraph(client):
    data = plain_docx("某局2023年法治政府建设情况报告\n一、主要举措和成效\n全年完成。")
    got = post(client, "/api/check", "报告.docx", data).json()
    assert got["text"].split("\n")[:3] == ["某局2023年法治政府建设情况报告", "一、主要举措和成效", "全年完成。"]
    for (start, _), f in zip(got["spans"], got["findings"], strict=True):
        assert f["line"] == got["text"].count("\n", 0, start) + 1  # plain paragraphs: one line each


# ---- safe fixes of a text file ---------------------------------------------------------------
@pytest.mark.parametrize("path", SEEDS, ids=SEED_IDS)
def test_fix_returns_the_file_fzlint_fix_writes(client, path, tmp_path):
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    fzlint_here("check", str(copy), "--fix", "-q")
    r = post(client, "/api/fix", path.name, path.read_bytes())
    assert r.status_code == 200, r.text
    assert r.content == copy.read_bytes()
    assert (int(r.headers["x-fzlint-fixes"]) > 0) == (r.content != path.read_bytes())
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment; ")
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"{path.stem}（已修复）.txt"


def test_fix_keeps_encoding_bom_and_line_endings(client):
    text = seed("003").read_text(encoding="utf-8")
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    r = post(client, "/api/fix", "r.txt", data)
    assert r.status_code == 200
    assert r.content.startswith(b"\xef\xbb\xbf") and b"\r\n" in r.content and b"\n" not in r.content.replace(b"\r\n", b"")
    assert int(r.headers["x-fzlint-fixes"]) > 0 and r.content != data
    gbk = text.encode("gb18030")
    r = post(client, "/api/fix", "r.txt", gbk)
    assert r.content.decode("gb18030")  # still GB18030, not UTF-8
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")


def test_fix_of_a_docx_is_refused_in_one_line(client):
    r = post(client, "/api/fix", "报告.docx", GOOD)
    one_line_error(r, 422, "报告.docx", "请下载带批注的副本")


# ---- rules and explanations ------------------------------------------------------------------
def test_rules_are_the_cli_rule_list(client):
    r = client.get("/api/rules")
    assert r.status_code == 200
    cli = json.loads(fzlint_here("rules", "--format", "json").stdout)
    got = r.json()
    assert [{k: it[k] for k in cli[0]} for it in got] == cli
    assert all(it["family"] in ("structure", "numbers", "dates", "terminology", "typography", "copy") for it in got)


def test_explain_gives_the_rule_text_without_machine_paths(client):
    r = client.get("/api/explain/fz501")
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == "FZ501" and "## 检查什么" in body["text"] and "## 依据" in body["text"]
    cli = fzlint_here("explain", "FZ501").stdout
    assert body["text"].rstrip() == "\n".join(ln for ln in cli.splitlines() if not ln.startswith("定义于")).rstrip()
    assert "定义于" not in body["text"] and str(ROOT) not in body["text"]
    r = client.get("/api/explain/FZ999")
    assert r.status_code == 404 and r.json() == {"error": "没有规则 FZ999"}


# ---- bad uploads -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_an_unreadable_file_is_422_with_the_readers_line(client, name):
    data, fragment = BAD_INPUTS[name]
    one_line_error(post(client, "/api/check", name, data), 422, name, fragment)


def test_binary_and_blank_text_files_are_422(client):
    one_line_error(post(client, "/api/check", "a.txt", bytes(range(256)) * 40), 422, "a.txt", "")
    one_line_error(post(client, "/api/check", "b.txt", b"  \n\n  "), 422, "b.txt", "只有空白字符")


def test_a_zip_bomb_is_refused_by_the_word_readers_guard(client):
    """A real bomb: 300 MB of XML deflated into a few hundred KB; the reader refuses it from
    the zip directory before unpacking (its limit is 256 MB)."""
    with zipfile.ZipFile(io.BytesIO(GOOD)) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    head, tail = members["word/document.xml"].split(b"<w:body>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            if name != "word/document.xml":
                z.writestr(name, content)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head + b"<w:body><!--")
            block = b" " * (1 << 20)
            for _ in range(300):
                f.write(block)
            f.write(b"-->" + tail)
    bomb = out.getvalue()
    assert len(bomb) < LIMIT
    one_line_error(post(client, "/api/check", "bomb.docx", bomb), 422, "bomb.docx", "文件解压后的文字部分超过 256 MB")


def test_an_encrypted_docx_is_refused(client):
    data, _ = BAD_INPUTS["password.docx"]
    one_line_error(post(client, "/api/check", "加密.docx", data), 422, "加密.docx", "文件设置了打开密码")


def test_an_upload_over_the_limit_is_413_from_its_length(client):
    r = post(client, "/api/check", "big.txt", b"a" * (LIMIT + 1))
    assert r.status_code == 413 and "超过 2 MB" in r.json()["error"]


def test_an_upload_over_the_limit_is_413_while_reading_without_a_length(client):
    """A chunked body declares no length: the limit is enforced as the bytes arrive."""
    sent = []

    def body():
        boundary = b"--xyz\r\n"
        yield boundary + b'Content-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(100):
            sent.append(1)
            yield b"a" * (64 << 10)
        yield b"\r\n--xyz--\r\n"

    r = client.post("/api/check", content=body(), headers={"Content-Type": "multipart/form-data; boundary=xyz"})
    assert r.status_code == 413 and r.json()["error"].startswith("上传的内容超过 2 MB")


def test_a_request_without_a_file_or_not_multipart_is_4xx(client):
    r = client.post("/api/check", files=[("year", (None, "2023"))])
    assert r.status_code == 400 and "字段 file" in r.json()["error"]
    r = client.post("/api/check", data={"year": "2023"})  # a url-encoded form: no file
    assert r.status_code == 415
    r = client.post("/api/check", content=b"hello", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and "multipart/form-data" in r.json()["error"]
    r = client.post("/api/check", content=b"--x\r\ngarbage", headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert r.status_code == 400
    r = client.post("/api/check", files=[("file", ("a.txt", b"x")), ("file", ("b.txt", b"y"))])
    assert r.status_code == 400 and "/api/report" in r.json()["error"]
    assert client.get("/api/nothing").json() == {"error": "没有这个地址"}


def test_the_clients_file_name_is_never_a_path(client, tmp_path):
    """A name with ../ or an absolute path is shown as its last part and never opened or
    written; the text is read from the upload, not from the file the name points to."""
    planted = tmp_path / "planted.txt"
    planted.write_text("不应被读取", encoding="utf-8")
    data = seed("004").read_bytes()
    before = sorted(os.listdir(ROOT))
    for name in (f"../../../../{planted}", str(planted), "..\\..\\windows\\报告.txt", "../.."):
        r = post(client, "/api/check", name, data)
        assert r.status_code == 200, r.text
        got = r.json()
        assert "/" not in got["file"] and "\\" not in got["file"] and not got["file"].startswith(".")
        assert got["text"] == seed("004").read_text(encoding="utf-8")
    assert planted.read_text(encoding="utf-8") == "不应被读取"
    assert sorted(os.listdir(ROOT)) == before
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\a\\报告.docx") == "报告.docx"
    assert safe_name("") == safe_name("..") == safe_name(None) == "未命名.txt"
    assert safe_name("a\x00b\n.txt") == "ab.txt"


def test_uploads_stay_in_memory(client, monkeypatch):
    """Starlette's form parser would spool a part over 1 MB to a temporary file: this
    server's parser must not create any file, whatever the size."""
    import tempfile

    def refuse(*args, **kwargs):
        raise AssertionError("an upload was written to a temporary file")

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    text = seed("004").read_text(encoding="utf-8")
    big = (text + "\n") * (((1 << 20) + len(text.encode())) // len(text.encode()) + 1)
    assert 1 << 20 < len(big.encode()) < LIMIT
    r = post(client, "/api/check", "大.txt", big.encode())
    assert r.status_code == 200 and len(r.json()["text"]) == len(big)


def test_a_long_document_does_not_hold_up_a_short_one(client):
    """Linting runs in the worker processes, off the event loop: a short report uploaded
    while a long one is being checked is answered before the long one."""
    import threading

    text = seed("000").read_text(encoding="utf-8") + "\n"
    long = (text * (int(LIMIT * 0.9) // len(text.encode()))).encode()
    pool = client.app.state.pool
    finished: list[str] = []

    def upload_long() -> None:
        r = post(client, "/api/check", "long.txt", long)
        assert r.status_code == 200
        finished.append("long")

    t = threading.Thread(target=upload_long)
    t.start()
    deadline = time.monotonic() + 30
    while pool.admitted == 0 and t.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)
    r = post(client, "/api/check", "short.txt", seed("004").read_bytes())
    assert r.status_code == 200 and r.json()["findings"]
    finished.append("short")
    t.join()
    assert finished == ["short", "long"]


def test_admission_bounds_the_jobs():
    pool = Pool(ServeConfig(workers=2, queue=1))
    with pool.slot(), pool.slot(), pool.slot():
        with pytest.raises(Busy), pool.slot():
            pass
    with pool.slot():  # the slots were given back
        assert pool.admitted == 1


def test_page_and_static_files_carry_the_content_security_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = page.text
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/app.js" defer>']
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing from the network
    for path in ("/app.js", "/app.css", "/favicon.svg"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["x-content-type-options"] == "nosniff"
    js = client.get("/app.js").text
    assert "http://" not in js and "https://" not in js and "eval(" not in js


# ---- several files: the review page of --format html ----------------------------------------
def test_report_is_the_html_review_page_with_copy_detection(client):
    a, b = seed("000"), seed("001")
    text = a.read_text(encoding="utf-8")
    copy = text.replace(text.splitlines()[0], "某县2021年法治政府建设情况报告", 1)
    r = client.post("/api/report", files=[("file", (a.name, a.read_bytes())), ("file", (b.name, b.read_bytes())),
                                          ("file", ("copy.txt", copy.encode())), ("file", ("bad.docx", b"xx"))])
    assert r.status_code == 200, r.text
    html = r.text
    assert html.startswith("<!DOCTYPE html>") and a.name in html and b.name in html
    assert "出错的文件" in html and "bad.docx" in html
    assert "FZ60" in html  # the copied report is found across the uploads
    assert unquote(r.headers["content-disposition"].split("''")[1]) == "fzlint审核汇总.html"
    csp = r.headers["content-security-policy"]
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    for inline in (script, style):
        digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp


# ---- annotate (fzlint.annotate comes from another branch) ------------------------------------
def _has_annotate() -> bool:
    try:
        import fzlint.annotate  # noqa: F401
    except ImportError:
        return False
    return True


needs_annotate = pytest.mark.skipif(not _has_annotate(),
                                    reason="fzlint.annotate (fzlint annotate, issue 17 part 1) is not in this tree")


@needs_annotate
@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_annotate_returns_a_word_file_with_the_findings_as_comments(client, suffix):
    path = seed("004")
    text = path.read_text(encoding="utf-8")
    data = plain_docx(text) if suffix == ".docx" else path.read_bytes()
    name = "报告" + suffix
    r = post(client, "/api/annotate", name, data)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    from fzlint.annotate import output_name

    assert unquote(r.headers["content-disposition"].split("filename*=UTF-8''")[1]) == output_name(name)
    d = docx.Document(io.BytesIO(r.content))
    assert [p.text for p in d.paragraphs][:3] == text.split("\n")[:3]
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        assert "word/comments.xml" in z.namelist()
        comments = z.read("word/comments.xml").decode("utf-8")
    n = len(post(client, "/api/check", name, data).json()["findings"])
    assert comments.count("<w:comment ") == n and 'w:author="fzlint"' in comments


@needs_annotate
def test_annotate_refuses_a_bad_file_in_one_line(client):
    data, fragment = BAD_INPUTS["password.docx"]
    one_line_error(post(client, "/api/annotate", "p.docx", data), 422, "p.docx", fragment)


def test_content_disposition_has_an_ascii_fallback_and_the_utf8_name():
    cd = content_disposition("报告（审核意见）.docx")
    assert cd.startswith('attachment; filename="download.docx"; ')
    assert unquote(cd.split("filename*=UTF-8''")[1]) == "报告（审核意见）.docx"
    assert '"' not in cd.split("filename*=")[1] and ";" not in cd.split("filename*=")[1]
    assert content_disposition('a"b;c.txt').startswith('attachment; filename="a_b_c.txt"')


# ---- the command, started for real on loopback -----------------------------------------------
def start_server(*args: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "fzlint", "serve", "--port", "0", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            preexec_fn=sigint_as_in_a_terminal)
    lines: list[str] = []
    assert proc.stdout is not None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"fzlint serve ended: {proc.stderr.read() if proc.stderr else ''}")
        lines.append(line.rstrip("\n"))
        if "按 Ctrl-C 停止" in line:
            break
    url = re.search(r"http://[^/\s]+/", lines[0]).group(0)  # type: ignore[union-attr]
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "healthz", timeout=5) as resp:
                if resp.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return proc, url, lines


def children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
            out += [int(c) for c in fh.read().split()]
    return out


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "fzlint-test-boundary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def stop(proc: subprocess.Popen[str]) -> tuple[int, str]:
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return proc.returncode, err


@pytest.mark.slow
def test_serve_on_loopback_answers_like_the_cli_and_stops_on_ctrl_c():
    proc, url, lines = start_server("--workers", "1")
    try:
        assert lines[0].startswith("fzlint serve 已启动，请在浏览器中打开：http://127.0.0.1:")
        assert not any("其他计算机" in ln for ln in lines)
        path = seed("004")
        body, ctype = multipart(path.name, path.read_bytes())
        req = urllib.request.Request(url + "api/check", data=body, headers={"Content-Type": ctype})
        with urllib.request.urlopen(req, timeout=60) as resp:
            got = json.loads(resp.read())
        assert without_path(got["findings"]) == without_path(cli_json(path))
        with urllib.request.urlopen(url, timeout=10) as resp:
            assert "法治政府建设年度报告检查" in resp.read().decode("utf-8")
        # A worker that dies (killed, out of memory) costs at most the request it had: the pool
        # is started again and the next upload is answered.
        workers = [pid for pid in children(proc.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert workers
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        for attempt in range(2):
            req = urllib.request.Request(url + "api/check", data=body, headers={"Content-Type": ctype})
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    assert json.loads(resp.read())["findings"]
                    break
            except urllib.error.HTTPError as e:
                assert attempt == 0 and e.code == 500
                assert json.loads(e.read())["error"].startswith("检查该文件的工作进程意外退出")
        else:
            raise AssertionError("the pool did not recover")
        # Another name for this machine is refused (a page elsewhere resolving its name here).
        req = urllib.request.Request(url + "api/rules", headers={"Host": "attacker.example"})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=10)
        assert err.value.code == 400
    finally:
        code, err = stop(proc)
    assert code == 0, err
    assert "已停止" in err and "Traceback" not in err


@pytest.mark.slow
def test_serve_on_all_interfaces_says_so_in_one_line():
    proc, url, lines = start_server("--host", "0.0.0.0", "--workers", "1")
    try:
        warning = [ln for ln in lines if "其他计算机" in ln]
        assert len(warning) == 1 and "0.0.0.0" in warning[0]
        with urllib.request.urlopen(url + "api/rules", timeout=10) as resp:
            assert resp.status == 200
    finally:
        stop(proc)


def test_a_busy_port_is_one_line_and_exit_2():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        r = run_fzlint("serve", "--port", str(port))
    assert r.returncode == 2
    assert r.stderr.strip() == f"fzlint: 端口 {port} 已被占用，请用 --port 换一个端口"


@needs_annotate
def test_annotate_with_track_changes_writes_the_fixes_as_revisions(client):
    path = seed("003")  # web-page residue: findings with fixes
    plain = post(client, "/api/annotate", path.name, path.read_bytes())
    tracked = post(client, "/api/annotate", path.name, path.read_bytes(), track_changes="true")
    assert plain.status_code == tracked.status_code == 200

    def body(data: bytes) -> str:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.read("word/document.xml").decode("utf-8")

    assert "<w:ins " not in body(plain.content) and "<w:del " not in body(plain.content)
    assert "<w:ins " in body(tracked.content) or "<w:del " in body(tracked.content)
    assert 'w:author="fzlint"' in body(tracked.content)


def test_uploads_from_another_sites_page_are_refused(client):
    data = seed("004").read_bytes()
    r = client.post("/api/check", files={"file": ("a.txt", data)}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and r.json() == {"error": "不接受其他网站的页面提交的请求"}
    r = client.post("/api/check", files={"file": ("a.txt", data)}, headers={"Origin": "http://testserver"})
    assert r.status_code == 200  # the page itself (browsers send its origin)


def test_limits_tell_the_page_the_upload_limit(client):
    assert client.get("/api/limits").json() == {"max_upload_bytes": LIMIT, "max_files": 100, "workers": 2}
