// SessionNote screens: evidence highlighting, upload with progress, and the idle sign-out.
// No inline scripts (the Content-Security-Policy allows only this origin's files).
(function () {
  "use strict";

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // --- evidence: a note sentence (or a cited line) highlights its transcript utterances ---
  function clearHighlights() {
    document.querySelectorAll(".utt.hl").forEach(function (el) { el.classList.remove("hl"); });
    document.querySelectorAll(".sentence[aria-pressed='true']").forEach(function (el) {
      el.setAttribute("aria-pressed", "false");
    });
  }

  function highlight(ids, origin) {
    clearHighlights();
    var found = [];
    ids.forEach(function (i) {
      var el = document.getElementById("u-" + i);
      if (el) { el.classList.add("hl"); found.push(el); }
    });
    if (origin && origin.classList.contains("sentence")) { origin.setAttribute("aria-pressed", "true"); }
    var status = document.getElementById("evidence-status");
    if (status) {
      status.textContent = found.length
        ? "Highlighted " + found.length + " transcript line" + (found.length > 1 ? "s" : "") + ": " + ids.map(function (i) { return "#" + i; }).join(", ")
        : "This sentence cites no transcript line.";
    }
    if (found.length) { found[0].scrollIntoView({ block: "center", behavior: "smooth" }); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest(".sentence, .cite");
    if (target) {
      var raw = (target.getAttribute("data-evidence") || "").trim();
      var ids = raw ? raw.split(/\s+/) : [];
      if (target.tagName === "A") { event.preventDefault(); }
      highlight(ids, target);
      return;
    }
    var ref = event.target.closest(".noteref");
    if (ref) {
      var sentence = document.querySelector('.sentence[data-ref="' + ref.getAttribute("data-ref") + '"]');
      if (sentence) { sentence.focus(); sentence.click(); }
      return;
    }
    var fix = event.target.closest("[data-open]");
    if (fix) {
      var details = document.getElementById(fix.getAttribute("data-open"));
      if (details) { details.open = true; }
      return;
    }
    if (event.target.id === "swap-two") {
      var selects = document.querySelectorAll("#speakers select");
      if (selects.length === 2) {
        var first = selects[0].value;
        selects[0].value = selects[1].value;
        selects[1].value = first;
      }
    }
  });

  // --- upload: drag and drop, progress while sending, then the job's progress by stage ---
  function setupUpload() {
    var form = document.getElementById("upload-form");
    if (!form) { return; }
    var input = document.getElementById("audio");
    var zone = document.getElementById("dropzone");
    var chosen = document.getElementById("chosen-file");
    var bar = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");
    var jobArea = document.getElementById("job-progress");

    function showChosen() {
      chosen.textContent = input.files.length ? "Chosen: " + input.files[0].name : "";
    }
    input.addEventListener("change", showChosen);
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        showChosen();
      }
    });

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!form.reportValidity()) { return; }
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      bar.value = 0;
      status.textContent = "Uploading…";
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action"));
      xhr.setRequestHeader("X-CSRF-Token", csrf());
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (p) {
        if (p.lengthComputable) {
          bar.value = Math.round((p.loaded / p.total) * 100);
          status.textContent = "Uploading: " + bar.value + "%";
        }
      });
      xhr.addEventListener("load", function () {
        button.disabled = false;
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
        if (xhr.status === 202 && body.id) {
          bar.value = 100;
          status.textContent = "Uploaded. The session is queued for drafting.";
          form.reset();
          showChosen();
          var holder = document.createElement("div");
          holder.setAttribute("hx-get", body.progress);
          holder.setAttribute("hx-trigger", "load");
          holder.setAttribute("hx-swap", "outerHTML");
          jobArea.replaceChildren(holder);
          if (window.htmx) { window.htmx.process(holder); }
        } else {
          var detail = body.detail;
          if (Array.isArray(detail)) { detail = "Please check: " + detail.map(function (d) { return (d.loc || []).slice(-1)[0]; }).join(", ") + "."; }
          status.textContent = "The upload was refused: " + (detail || "the server answered " + xhr.status + ".");
        }
      });
      xhr.addEventListener("error", function () {
        button.disabled = false;
        status.textContent = "The upload failed: the connection was lost. Please try again.";
      });
      xhr.send(new FormData(form));
    });
  }

  // --- idle sign-out: warn two minutes before the server's idle limit, then sign out ---
  function setupIdle() {
    var minutes = parseInt(document.body.getAttribute("data-idle-minutes") || "0", 10);
    if (!minutes) { return; }
    var notice = document.getElementById("idle-notice");
    var left = document.getElementById("idle-left");
    var limit = minutes * 60 * 1000;
    var warnAt = Math.max(limit - 2 * 60 * 1000, limit / 2);
    var last = Date.now();
    function active() { last = Date.now(); if (notice) { notice.hidden = true; } }
    ["keydown", "mousedown", "touchstart", "wheel"].forEach(function (name) {
      document.addEventListener(name, active, { passive: true });
    });
    var stay = document.getElementById("idle-stay");
    if (stay) { stay.addEventListener("click", function () { active(); fetch("/api/auth/me", { credentials: "same-origin" }); }); }
    window.setInterval(function () {
      var idle = Date.now() - last;
      if (idle >= limit) {
        document.getElementById("idle-logout").submit();
      } else if (idle >= warnAt && notice) {
        notice.hidden = false;
        left.textContent = Math.ceil((limit - idle) / 60000) + " minute(s)";
      }
    }, 5000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupUpload();
    setupIdle();
  });
})();
