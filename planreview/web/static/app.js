// planreview web app: small enhancements; every page works without them.
(function () {
  "use strict";

  function $(sel, root) { return (root || document).querySelector(sel); }

  // Drag and drop onto an upload zone, and an upload with a progress bar.
  function dropZone(zoneId, inputId, nameId) {
    var zone = document.getElementById(zoneId), input = document.getElementById(inputId);
    var shown = document.getElementById(nameId);
    if (!zone || !input) return;
    function show() {
      var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      if (shown) shown.textContent = names.join(", ");
    }
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
  }

  function uploadWithProgress(formId) {
    var form = document.getElementById(formId);
    var bar = document.getElementById("upload-progress");
    if (!form || !bar || !window.XMLHttpRequest || !window.FormData) return;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      bar.hidden = false;
      xhr.upload.addEventListener("progress", function (p) {
        if (p.lengthComputable) bar.value = Math.round((p.loaded / p.total) * 100);
      });
      xhr.addEventListener("load", function () {
        if (xhr.responseURL && xhr.responseURL.indexOf("/reviews/") > 0 && xhr.status < 400) {
          window.location.assign(xhr.responseURL);
        } else {
          document.open(); document.write(xhr.responseText); document.close();
        }
      });
      xhr.addEventListener("error", function () { form.submit(); });
      xhr.send(new FormData(form));
    });
  }

  // The waiting page: ask the API how the review goes, and show the result when it is there.
  function waitForReview() {
    var box = document.getElementById("wait");
    if (!box) return;
    var id = box.getAttribute("data-review");
    var status = document.getElementById("wait-status"), bar = document.getElementById("wait-progress");
    var texts = {};
    Array.prototype.forEach.call(document.getElementById("stage-texts").content.querySelectorAll("span"), function (s) {
      texts[s.getAttribute("data-k")] = s.textContent;
    });
    var steps = { queued: 0, reading: 1, scoring: 2, writing: 3 };
    function poll() {
      fetch("/api/v1/reviews/" + encodeURIComponent(id), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.status === "done" || data.status === "error") { window.location.reload(); return; }
          var line = texts[data.status] || data.status;
          if (data.stage && texts[data.stage]) line += ": " + texts[data.stage];
          if (typeof data.position === "number") line += " · " + texts.position.replace("{n}", data.position + 1);
          status.textContent = line;
          bar.value = steps[data.stage] || (data.status === "running" ? 1 : 0);
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 700);
  }

  // «Vis i sida»: the page's text in a dialog, with the quote marked (the server escapes it).
  function pageDialog() {
    var dialog = document.getElementById("page-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var body = document.getElementById("page-dialog-body");
    document.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest("a.show-page");
      if (!link) return;
      e.preventDefault();
      fetch(link.href + "&fragment=1", { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          body.replaceChildren.apply(body, Array.prototype.slice.call(doc.body.childNodes));
          dialog.showModal();
          var mark = body.querySelector("mark");
          if (mark) mark.scrollIntoView({ block: "center" });
        })
        .catch(function () { window.location.assign(link.href); });
    });
  }

  // The matrix: sort by a column, filter by text, show only the plans with errors.
  function matrix() {
    var table = document.getElementById("matrix");
    if (!table) return;
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector("button.sort");
      if (!button) return;
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var numeric = button.getAttribute("data-type") === "number";
        var rows = Array.prototype.slice.call(table.tBodies[0].rows);
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col];
          var vx = numeric ? parseFloat(x.getAttribute("data-value")) : x.textContent.trim().toLowerCase();
          var vy = numeric ? parseFloat(y.getAttribute("data-value")) : y.textContent.trim().toLowerCase();
          if (vx < vy) return asc ? -1 : 1;
          if (vx > vy) return asc ? 1 : -1;
          return 0;
        });
        rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
      });
    });
    var filter = document.getElementById("matrix-filter"), errors = document.getElementById("matrix-errors");
    function apply() {
      var q = (filter.value || "").trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var text = (r.cells[0].textContent + " " + r.cells[1].textContent).toLowerCase();
        var hide = (q && text.indexOf(q) < 0) || (errors.checked && r.getAttribute("data-status") === "ok");
        r.hidden = !!hide;
      });
    }
    if (filter) filter.addEventListener("input", apply);
    if (errors) errors.addEventListener("change", apply);
  }

  document.addEventListener("DOMContentLoaded", function () {
    dropZone("drop", "file", "file-name");
    dropZone("batch-drop", "files", "files-name");
    uploadWithProgress("upload");
    waitForReview();
    pageDialog();
    matrix();
  });
})();
