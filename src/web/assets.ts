// The console's one stylesheet and one script, small enough to live in the bundle. Mobile first; inside the
// Mini App the colours follow Telegram's theme parameters, outside a plain light theme.

export const CONSOLE_CSS = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#6a737d;--link:#1a66c2;--accent:#1a66c2;--accent-fg:#fff;--card:#f4f6f8;--line:#dfe3e8;--bad:#c62828;--good:#2e7d32}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
a{color:var(--link)}
.bar{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;padding:.5rem .75rem;border-bottom:1px solid var(--line);background:var(--card)}
.brand{font-weight:600}
.bar nav{display:flex;flex-wrap:wrap;gap:.25rem .75rem;flex:1}
.bar nav a{text-decoration:none;padding:.15rem 0}
.bar nav a[aria-current]{font-weight:600;border-bottom:2px solid var(--accent)}
.sign-out{margin:0}
main{padding:.75rem;max-width:60rem;margin:0 auto}
h1{font-size:1.3rem;margin:.25rem 0 .75rem}
h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.75rem;margin:.5rem 0}
.notice{padding:.75rem;border-radius:8px;background:var(--card);border:1px solid var(--line)}
.muted{color:var(--muted);font-size:.9rem}
button,.button{font:inherit;background:var(--accent);color:var(--accent-fg);border:0;border-radius:6px;padding:.5rem .9rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:transparent;color:var(--link);border:1px solid var(--line)}
button.danger{background:var(--bad);color:#fff}
button.link{background:none;color:var(--link);padding:0}
input,select,textarea{font:inherit;width:100%;padding:.45rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
textarea{min-height:8rem}
input.narrow{width:8rem}
.period{margin-bottom:.25rem}
label{display:block;margin:.5rem 0 .2rem}
label.check input{width:auto;margin-right:.4rem}
form.inline{display:inline}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.row > *{flex:0 0 auto}
.row > .grow{flex:1 1 8rem;width:auto}
form.row select{width:auto;flex:1 1 8rem}
.figures{display:grid;grid-template-columns:repeat(2,1fr);gap:.5rem}
.figure{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.5rem .6rem}
.figure b{display:block;font-size:1.35rem}
.up{color:var(--good)}.down{color:var(--bad)}
.chart{width:100%;height:320px}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;padding:.35rem .4rem;border-bottom:1px solid var(--line);vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
.scroll{overflow-x:auto}
.body-text{white-space:pre-wrap;word-break:break-word}
.status{display:inline-block;padding:0 .4rem;border-radius:4px;background:var(--line);font-size:.85rem}
ol.timeline{padding-left:1.2rem}
details{margin:.4rem 0}
summary{cursor:pointer;color:var(--link)}
@media (min-width:40rem){.figures{grid-template-columns:repeat(4,1fr)}.chart{height:380px}}
`;

export const CONSOLE_JS = `
(function () {
  "use strict";
  var hash = new URLSearchParams(location.hash.slice(1));
  var root = document.documentElement;
  var theme = hash.get("tgWebAppThemeParams");
  try {
    if (theme) sessionStorage.setItem("minyi-theme", theme);
    else theme = sessionStorage.getItem("minyi-theme");
  } catch (e) {}
  if (theme) {
    try {
      var params = JSON.parse(theme);
      var names = { bg_color: "--bg", text_color: "--fg", hint_color: "--muted", link_color: "--link",
        button_color: "--accent", button_text_color: "--accent-fg", secondary_bg_color: "--card" };
      Object.keys(names).forEach(function (key) {
        if (/^#[0-9a-fA-F]{3,8}$/.test(params[key] || "")) root.style.setProperty(names[key], params[key]);
      });
      root.classList.add("telegram");
    } catch (e) {}
  }
  var meta = document.querySelector('meta[name="csrf-token"]');
  window.minyi = {
    csrf: meta ? meta.getAttribute("content") : "",
    get: function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); });
    },
    post: function (url, body) {
      return fetch(url, { method: "POST", credentials: "same-origin", keepalive: true,
        headers: { "content-type": "application/json", "x-csrf-token": window.minyi.csrf },
        body: JSON.stringify(body || {}) }).then(function (r) { return r.json(); });
    }
  };
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
  var dashboard = document.getElementById("dashboard");
  if (dashboard) document.addEventListener("DOMContentLoaded", function () { drawCharts(dashboard); });

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function drawCharts(section) {
    if (!window.echarts) return;
    window.minyi.get(section.getAttribute("data-src")).then(function (data) {
      if (!data.ok) return;
      var css = getComputedStyle(document.documentElement);
      var fg = css.getPropertyValue("--fg").trim() || "#1b1f24";
      var line = css.getPropertyValue("--line").trim() || "#dfe3e8";
      var base = { textStyle: { color: fg }, animation: false, color: ["#1a66c2", "#e8833a", "#2e7d32"] };
      var axis = { axisLabel: { color: fg }, axisLine: { lineStyle: { color: line } }, splitLine: { lineStyle: { color: line } } };
      var charts = [];
      function chart(id, option) {
        var element = document.getElementById(id);
        if (!element) return undefined;
        var instance = window.echarts.init(element, null, { renderer: "canvas" });
        instance.setOption(Object.assign({}, base, option));
        charts.push(instance);
        return instance;
      }
      chart("chart-trend", {
        tooltip: { trigger: "axis" },
        legend: { top: 0, data: [data.labels.submitted, data.labels.adopted], textStyle: { color: fg } },
        grid: { left: 36, right: 12, top: 36, bottom: 48 },
        xAxis: Object.assign({ type: "category", data: data.trend.map(function (m) { return m.name; }),
          axisLabel: { color: fg, rotate: 45 } }, { axisLine: axis.axisLine }),
        yAxis: Object.assign({ type: "value", minInterval: 1 }, axis),
        series: [
          { name: data.labels.submitted, type: "bar", data: data.trend.map(function (m) { return m.submitted; }) },
          { name: data.labels.adopted, type: "line", data: data.trend.map(function (m) { return m.adopted; }) }
        ]
      });
      function standings(id, rows, withUnit) {
        var shown = rows.slice().reverse();
        return chart(id, {
          tooltip: { trigger: "item", formatter: function (p) {
            var r = shown[p.dataIndex];
            return "<b>" + escapeHtml(r.rank + ". " + r.name) + "</b>" + (withUnit && r.unit ? "<br>" + escapeHtml(r.unit) : "") +
              "<br>" + escapeHtml(data.labels.points) + ": " + r.points +
              "<br>" + escapeHtml(data.labels.submitted) + ": " + r.submitted +
              "<br>" + escapeHtml(data.labels.adopted) + ": " + r.adopted;
          } },
          grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
          xAxis: Object.assign({ type: "value" }, axis),
          yAxis: Object.assign({ type: "category", data: shown.map(function (r) { return r.name; }) }, axis),
          series: [{ name: data.labels.points, type: "bar", data: shown.map(function (r) { return r.points; }),
            label: { show: true, position: "right", color: fg } }]
        });
      }
      var units = standings("chart-units", data.units, false);
      standings("chart-people", data.people, true);
      if (units) units.on("click", function (p) {
        var row = data.units.slice().reverse()[p.dataIndex];
        if (row) location.href = section.getAttribute("data-unit-href").replace("{id}", String(row.id));
      });
      window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
      section.setAttribute("data-ready", "1");
    });
  }

  var draftForm = document.getElementById("draft-form");
  if (draftForm) {
    var saveState = document.getElementById("save-state");
    var saveUrl = draftForm.getAttribute("data-autosave");
    var saveTimer = null, saving = false, again = false;
    var draftFields = function () {
      var data = {};
      new FormData(draftForm).forEach(function (value, key) { if (key !== "_csrf") data[key] = String(value); });
      return data;
    };
    var saveDraft = function () {
      saveTimer = null;
      if (saving) { again = true; return; }
      saving = true; again = false;
      saveState.textContent = draftForm.getAttribute("data-saving") || "…";
      window.minyi.post(saveUrl, draftFields()).then(function (answer) {
        saving = false;
        if (answer.ok) {
          draftForm.elements.updatedAt.value = answer.updatedAt;
          saveState.textContent = answer.message;
          saveState.removeAttribute("data-error");
          if (again) saveDraft();
        } else {
          saveState.textContent = answer.error;
          saveState.setAttribute("data-error", "1");
        }
      }).catch(function () { saving = false; saveState.setAttribute("data-error", "1"); });
    };
    var bodyLength = document.getElementById("body-length");
    draftForm.addEventListener("input", function () {
      if (bodyLength) bodyLength.textContent = String(["situation", "analysis", "suggestions"].reduce(function (sum, name) {
        return sum + Array.from(draftForm.elements[name].value.trim()).length;
      }, 0));
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = setTimeout(saveDraft, 700);
    });
    // A tab being closed or hidden saves at once (keepalive lets the request outlive the page).
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && saveTimer) { clearTimeout(saveTimer); saveDraft(); }
    });
    window.addEventListener("pagehide", function () {
      if (saveTimer) { clearTimeout(saveTimer); saveDraft(); }
    });
  }

  var mini = document.getElementById("mini-app");
  if (mini) {
    var initData = hash.get("tgWebAppData");
    if (!initData) { mini.textContent = mini.getAttribute("data-failed"); return; }
    fetch("/web/api/telegram-session", { method: "POST", credentials: "same-origin",
      headers: { "content-type": "application/json" }, body: JSON.stringify({ initData: initData }) })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (answer.ok) location.replace(answer.next);
        else { mini.textContent = answer.error; mini.setAttribute("role", "alert"); }
      })
      .catch(function () { mini.textContent = mini.getAttribute("data-failed"); });
  }
})();
`;
