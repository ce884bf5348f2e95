// fzlint serve: the page.  Vanilla JavaScript, no build step, nothing from the network:
// every request goes to this server's /api/… (the Content-Security-Policy allows nothing else).
(function () {
  "use strict";

  var SEVERITIES = [["error", "错误"], ["warning", "警告"], ["info", "提示"]];
  var SEV_RANK = { error: 3, warning: 2, info: 1 };
  var FAMILIES = [["structure", "结构"], ["numbers", "数字"], ["dates", "时效"], ["terminology", "用语"],
                  ["typography", "标点与残留"], ["copy", "雷同"], ["custom", "自定义"]];
  var SUFFIXES = [".docx", ".docm", ".txt", ".md", ".markdown"];
  var PARALLEL = 3;  // uploads checked at once (the server bounds its own work as well)

  var $ = function (id) { return document.getElementById(id); };
  var reports = [];  // {name, file, state: "waiting"|"checking"|"done"|"failed", result, error}
  var current = -1;
  var explainCache = {};
  var hidden = { severity: {}, family: {} };
  var limits = { max_upload_bytes: Infinity };
  fetch("/api/limits").then(function (r) { return r.ok ? r.json() : null; })
    .then(function (l) { if (l) { limits = l; } }).catch(function () { /* checked by the server anyway */ });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function status(text, isError) {
    var s = $("status");
    s.textContent = text;
    s.className = isError ? "error" : "";
  }
  function suffixOf(name) {
    var i = name.lastIndexOf(".");
    return i < 0 ? "" : name.slice(i).toLowerCase();
  }

  // ---- uploading -------------------------------------------------------------------------
  function formFor(file, extra) {
    var fd = new FormData();
    fd.append("file", file, file.name);
    var year = $("year").value.trim();
    if (year) { fd.append("year", year); }
    Object.keys(extra || {}).forEach(function (k) { fd.append(k, extra[k]); });
    return fd;
  }
  async function errorOf(resp) {
    try {
      var body = await resp.json();
      if (body && body.error) { return body.error; }
    } catch (e) { /* not JSON */ }
    return "请求失败（HTTP " + resp.status + "）";
  }
  function addFiles(list) {
    var files = Array.prototype.slice.call(list || []);
    if (!files.length) { return; }
    var first = reports.length;
    files.forEach(function (f) {
      var r = { name: f.name, file: f, state: "waiting", result: null, error: null };
      if (SUFFIXES.indexOf(suffixOf(f.name)) < 0) {
        r.state = "failed";
        r.error = f.name + ": 不支持这种文件，请上传 .docx、.txt 或 .md 格式的报告";
      } else if (f.size > limits.max_upload_bytes) {
        r.state = "failed";
        r.error = f.name + ": 文件超过 " + String(Number((limits.max_upload_bytes / 1048576).toFixed(2))) +
          " MB 的上传上限，请联系管理员调整 --max-upload-mb";
      }
      reports.push(r);
    });
    renderTabs();
    renderBatch();
    if (current < 0 || reports[current].state === "failed") { select(first); }
    pump();
  }
  var running = 0;
  function pump() {
    while (running < PARALLEL) {
      var next = reports.findIndex(function (r) { return r.state === "waiting"; });
      if (next < 0) { break; }
      running += 1;
      check(next).finally(function () { running -= 1; pump(); });
    }
    var left = reports.filter(function (r) { return r.state === "waiting" || r.state === "checking"; }).length;
    if (left) { status("正在检查，还剩 " + left + " 份……"); }
  }
  async function check(i) {
    var r = reports[i];
    r.state = "checking";
    renderTabs();
    try {
      var resp = await fetch("/api/check", { method: "POST", body: formFor(r.file) });
      if (resp.ok) {
        r.result = await resp.json();
        r.state = "done";
      } else {
        r.error = await errorOf(resp);
        r.state = "failed";
      }
    } catch (e) {
      r.error = r.name + ": 无法连接 fzlint 服务（" + e.message + "）";
      r.state = "failed";
    }
    renderTabs();
    renderBatch();
    if (i === current) { renderView(); }
    var left = reports.filter(function (x) { return x.state === "waiting" || x.state === "checking"; }).length;
    if (!left) {
      var failed = reports.filter(function (x) { return x.state === "failed"; }).length;
      status("检查完成：" + reports.length + " 份报告" + (failed ? "，" + failed + " 份无法检查" : "") + "。", failed > 0);
    }
  }

  // ---- tabs and the batch summary --------------------------------------------------------
  function renderTabs() {
    var nav = $("tabs");
    nav.textContent = "";
    nav.setAttribute("role", "tablist");
    reports.forEach(function (r, i) {
      var b = el("button", { type: "button", role: "tab", "aria-selected": String(i === current), "data-index": String(i) });
      b.appendChild(document.createTextNode(r.name));
      var n = r.state === "done" ? r.result.findings.length + " 个问题"
        : r.state === "failed" ? "无法检查" : "检查中…";
      b.appendChild(el("span", { class: "n" }, n));
      if (r.state === "failed") { b.classList.add("failed"); }
      b.addEventListener("click", function () { select(i); });
      nav.appendChild(b);
    });
  }
  function countBy(findings, key) {
    var c = {};
    findings.forEach(function (f) { c[f[key]] = (c[f[key]] || 0) + 1; });
    return c;
  }
  function missingNames(result) {
    var names = {};
    result.outline.parts.forEach(function (p) { names[p.id] = p.name; });
    return result.outline.missing.map(function (id) { return names[id] || id; });
  }
  function renderBatch() {
    var done = reports.filter(function (r) { return r.state === "done"; });
    $("batch").hidden = reports.length < 2;
    var tbody = $("summary").tBodies[0];
    tbody.textContent = "";
    reports.forEach(function (r, i) {
      var tr = el("tr", { "data-index": String(i) });
      tr.appendChild(el("td", null, r.name));
      if (r.state !== "done") {
        var td = el("td", { colspan: "6" }, r.state === "failed" ? r.error : "检查中…");
        if (r.state === "failed") { td.className = "error"; }
        tr.appendChild(td);
      } else {
        var res = r.result, c = countBy(res.findings, "severity"), missing = missingNames(res);
        tr.appendChild(el("td", null, res.issuer || "未识别"));
        tr.appendChild(el("td", null, res.year ? String(res.year) : "未识别"));
        SEVERITIES.forEach(function (s) { tr.appendChild(el("td", { class: "num" }, String(c[s[0]] || 0))); });
        tr.appendChild(el("td", { class: missing.length ? "missing" : "" }, missing.length ? missing.join("、") : "—"));
      }
      tr.addEventListener("click", function () { select(i); });
      tbody.appendChild(tr);
    });
    $("download-report").disabled = done.length < 1;
  }

  function select(i) {
    current = i;
    renderTabs();
    renderView();
  }

  // ---- one report: text with highlights, findings, outline -------------------------------
  // The server gives offsets in Unicode code points; JavaScript strings count UTF-16 units.
  function unitOffsets(text) {
    if (!/[\uD800-\uDBFF]/.test(text)) { return function (cp) { return cp; }; }
    var map = [], u = 0;
    for (var k = 0; k < text.length; k++) {
      var code = text.charCodeAt(k);
      map.push(u);
      if (code >= 0xD800 && code <= 0xDBFF && k + 1 < text.length) { k += 1; u += 2; } else { u += 1; }
    }
    map.push(u);
    return function (cp) { return map[Math.min(cp, map.length - 1)]; };
  }
  function where(f) {
    return f.location_unit === "paragraph" ? "段落 " + f.line + " 第 " + f.column + " 字" : f.line + ":" + f.column;
  }
  function renderView() {
    var r = reports[current];
    var view = $("view");
    var problem = $("file-error");
    problem.hidden = !(r && r.state === "failed");
    problem.textContent = r && r.state === "failed" ? r.error : "";
    if (!r || r.state !== "done") {
      view.hidden = true;
      return;
    }
    view.hidden = false;
    var res = r.result;
    renderFilters(res);
    renderOutline(res);
    renderText(res);
    renderFindings(res);
    applyFilters();
    $("download-fixed").hidden = !(res.format !== "docx" && res.fixable > 0);
    $("download-fixed").textContent = "下载修复后的文本（" + res.fixable + " 处安全修复）";
  }
  function renderFilters(res) {
    [["sev-filter", SEVERITIES, "severity"], ["fam-filter", FAMILIES, "family"]].forEach(function (spec) {
      var box = $(spec[0]), present = countBy(res.findings, spec[2]);
      Array.prototype.slice.call(box.querySelectorAll("label")).forEach(function (l) { l.remove(); });
      spec[1].forEach(function (item) {
        if (spec[2] === "family" && !present[item[0]]) { return; }
        var input = el("input", { type: "checkbox", name: spec[2], value: item[0] });
        input.checked = !hidden[spec[2]][item[0]];
        input.addEventListener("change", function () { hidden[spec[2]][item[0]] = !input.checked; applyFilters(); });
        var label = el("label");
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + item[1] + "（" + (present[item[0]] || 0) + "）"));
        box.appendChild(label);
      });
    });
  }
  function renderOutline(res) {
    var o = res.outline, body = $("outline-body");
    body.textContent = "";
    var unit = o.location_unit === "paragraph" ? "段" : "行";
    var facts = el("ul");
    facts.appendChild(el("li", null, "标题：" + (o.title ? o.title.text + "（第 " + o.title.line + " " + unit + "）" : "未识别")));
    facts.appendChild(el("li", null, "年度：" + (o.year ? o.year : "未识别")));
    var sig = o.signature;
    facts.appendChild(el("li", null, "落款：" + (sig ? (sig.body || "（无单位）") + "  " + (sig.date || "（无日期）") : "未识别")));
    body.appendChild(facts);
    if (o.parts.length) {
      body.appendChild(el("p", null, "必备部分："));
      var ul = el("ul", { id: "parts" });
      o.parts.forEach(function (p) {
        var li = el("li", { "data-part": p.id });
        if (p.found) {
          li.className = "part-ok";
          li.textContent = p.name + "：" + p.covered_by.map(function (c) { return "第 " + c.line + " " + unit + "“" + c.text + "”"; }).join("；");
        } else if (p.required) {
          li.className = "part-missing";
          li.textContent = p.name + "：缺少";
        } else {
          li.className = "part-optional";
          li.textContent = p.name + "（可选）：无";
        }
        ul.appendChild(li);
      });
      body.appendChild(ul);
    }
  }
  function renderText(res) {
    var text = res.text, toUnits = unitOffsets(text);
    var n = text.length;
    var opens = {}, points = {};
    var bounds = [0, n];
    res.spans.forEach(function (span, i) {
      var a = Math.min(toUnits(span[0]), n), b = Math.min(toUnits(span[1]), n);
      if (b <= a) { (points[a] = points[a] || []).push(i); bounds.push(a); return; }
      (opens[a] = opens[a] || []).push([i, b]);
      bounds.push(a, b);
    });
    bounds = Array.from(new Set(bounds)).sort(function (x, y) { return x - y; });
    var pre = $("doc-text"), frag = document.createDocumentFragment();
    var active = [];  // [finding index, end]
    for (var k = 0; k < bounds.length; k++) {
      var pos = bounds[k];
      active = active.filter(function (a) { return a[1] > pos; });
      if (points[pos]) {
        frag.appendChild(el("mark", { class: "hl point", "data-f": points[pos].join(" "), title: "此处有问题" }));
      }
      (opens[pos] || []).forEach(function (o) { active.push(o); });
      if (k + 1 >= bounds.length) { break; }
      var piece = text.slice(pos, bounds[k + 1]);
      if (!active.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      frag.appendChild(el("mark", { class: "hl", "data-f": active.map(function (a) { return a[0]; }).join(" ") }, piece));
    }
    pre.textContent = "";
    pre.appendChild(frag);
  }
  function renderFindings(res) {
    var ol = $("findings");
    ol.textContent = "";
    res.findings.forEach(function (f, i) {
      var li = el("li", { class: "finding sev-" + f.severity, id: "finding-" + i, "data-index": String(i),
                          "data-code": f.code, "data-severity": f.severity, "data-family": f.family, tabindex: "0" });
      var head = el("div", { class: "head" });
      head.appendChild(el("span", { class: "loc" }, where(f)));
      var sev = SEVERITIES.find(function (s) { return s[0] === f.severity; });
      head.appendChild(el("span", { class: "badge " + f.severity }, sev ? sev[1] : f.severity));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("code", { class: "code" }, f.code));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", { class: "msg" }, f.message));
      li.appendChild(head);
      if (f.suggestion) { li.appendChild(el("p", { class: "suggestion" }, "建议：" + f.suggestion)); }
      if (f.fix) {
        li.appendChild(el("p", { class: "fixnote" }, f.fix.safe ? "可自动修复（下载修复后的文本时已应用）" : "有修改建议（可能改变含义，需人工确认）"));
      }
      var btn = el("button", { type: "button", class: "explain-btn", "aria-expanded": "false" }, "规则说明");
      var pre = el("pre", { class: "explain" });
      pre.hidden = true;
      btn.addEventListener("click", function (e) { e.stopPropagation(); toggleExplain(f.code, btn, pre); });
      pre.addEventListener("click", function (e) { e.stopPropagation(); });
      li.appendChild(btn);
      li.appendChild(pre);
      li.addEventListener("click", function () { jumpTo(i); });
      li.addEventListener("keydown", function (e) { if (e.key === "Enter") { jumpTo(i); } });
      ol.appendChild(li);
    });
  }
  async function toggleExplain(code, btn, pre) {
    if (!pre.hidden) { pre.hidden = true; btn.setAttribute("aria-expanded", "false"); return; }
    if (!explainCache[code]) {
      try {
        var resp = await fetch("/api/explain/" + encodeURIComponent(code));
        explainCache[code] = resp.ok ? (await resp.json()).text : await errorOf(resp);
      } catch (e) {
        return status("无法读取规则说明（" + e.message + "）", true);
      }
    }
    pre.textContent = explainCache[code];
    pre.hidden = false;
    btn.setAttribute("aria-expanded", "true");
  }
  function marksOf(i) {
    return Array.prototype.slice.call($("doc-text").querySelectorAll("mark.hl")).filter(function (m) {
      return m.dataset.f.split(" ").indexOf(String(i)) >= 0;
    });
  }
  function jumpTo(i) {
    Array.prototype.forEach.call(document.querySelectorAll("mark.current"), function (m) { m.classList.remove("current"); });
    Array.prototype.forEach.call(document.querySelectorAll(".finding.selected"), function (li) { li.classList.remove("selected"); });
    var li = $("finding-" + i);
    if (li) { li.classList.add("selected"); }
    var marks = marksOf(i);
    marks.forEach(function (m) { m.classList.add("current"); });
    if (marks.length) { marks[0].scrollIntoView({ block: "center", behavior: "auto" }); }
  }
  $("doc-text").addEventListener("click", function (e) {
    var m = e.target.closest("mark.hl");
    if (!m || m.classList.contains("off")) { return; }
    var shown = m.dataset.f.split(" ").filter(function (i) { return !$("finding-" + i).hidden; });
    if (!shown.length) { return; }
    jumpTo(Number(shown[0]));
    $("finding-" + shown[0]).scrollIntoView({ block: "nearest" });
  });
  function applyFilters() {
    var r = reports[current];
    if (!r || r.state !== "done") { return; }
    var findings = r.result.findings, visible = findings.map(function (f) {
      return !hidden.severity[f.severity] && !hidden.family[f.family];
    });
    findings.forEach(function (f, i) { $("finding-" + i).hidden = !visible[i]; });
    Array.prototype.forEach.call($("doc-text").querySelectorAll("mark.hl"), function (m) {
      var best = "";
      m.dataset.f.split(" ").forEach(function (i) {
        var f = findings[Number(i)];
        if (visible[Number(i)] && (!best || SEV_RANK[f.severity] > SEV_RANK[best])) { best = f.severity; }
      });
      m.classList.remove("sev-error", "sev-warning", "sev-info", "off");
      m.classList.add(best ? "sev-" + best : "off");
    });
    var n = visible.filter(Boolean).length;
    $("count").textContent = n === findings.length ? "共 " + n + " 个问题" : "显示 " + n + " / " + findings.length + " 个问题";
  }

  // ---- downloads -------------------------------------------------------------------------
  function filenameOf(resp, fallback) {
    var cd = resp.headers.get("Content-Disposition") || "";
    var m = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    if (m) { try { return decodeURIComponent(m[1]); } catch (e) { /* fall through */ } }
    m = /filename="([^"]+)"/i.exec(cd);
    return m ? m[1] : fallback;
  }
  async function download(url, body, fallback, button) {
    button.disabled = true;
    status("正在生成，请稍候……");
    try {
      var resp = await fetch(url, { method: "POST", body: body });
      if (!resp.ok) { status(await errorOf(resp), true); return; }
      var blob = await resp.blob();
      var a = el("a", { href: URL.createObjectURL(blob), download: filenameOf(resp, fallback) });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
      status("已下载：" + a.getAttribute("download"));
    } catch (e) {
      status("下载失败（" + e.message + "）", true);
    } finally {
      button.disabled = false;
    }
  }
  $("download-annotated").addEventListener("click", function () {
    var r = reports[current];
    if (!r || r.state !== "done") { return; }
    var extra = $("track-changes").checked ? { track_changes: "true" } : {};
    download("/api/annotate", formFor(r.file, extra), "审核意见.docx", $("download-annotated"));
  });
  $("download-fixed").addEventListener("click", function () {
    var r = reports[current];
    if (!r || r.state !== "done") { return; }
    download("/api/fix", formFor(r.file), "已修复.txt", $("download-fixed"));
  });
  $("download-report").addEventListener("click", function () {
    var fd = new FormData();
    reports.forEach(function (r) { if (r.state === "done") { fd.append("file", r.file, r.file.name); } });
    var year = $("year").value.trim();
    if (year) { fd.append("year", year); }
    download("/api/report", fd, "fzlint审核汇总.html", $("download-report"));
  });

  // ---- choosing and dropping files -------------------------------------------------------
  var input = $("file-input"), drop = $("drop");
  $("options").addEventListener("submit", function (e) { e.preventDefault(); });
  input.addEventListener("change", function () { addFiles(input.files); input.value = ""; });
  drop.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); } });
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  // Files dropped anywhere on the page are checked (and the browser does not navigate to them).
  window.addEventListener("dragover", function (e) { e.preventDefault(); });
  window.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length) { addFiles(e.dataTransfer.files); }
  });
})();
