// GatheRing dashboard behaviour, loaded (deferred) on every page after htmx and its SSE extension.
// - CSRF: every htmx request carries the page's token (X-CSRF-Token).
// - Live state: the badge follows the page's event stream; parts marked data-live are re-fetched (at most once a
//   second, and always after the last event) when events arrive, and once after a reconnection.
// - Errors: an htmx error answer that is not retargeted by the server becomes a toast.
// - Charts (data-chart, drawn with uPlot), the chat stream, theme toggle and mobile navigation.
(function () {
  "use strict";

  var csrf = document.querySelector('meta[name="csrf-token"]');
  var token = csrf ? csrf.content : "";

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = token;
  });

  // ------------------------------------------------------------------ toasts and errors
  function toast(message, kind) {
    var box = document.getElementById("toasts");
    if (!box) { return; }
    var item = document.createElement("div");
    item.className = "toast toast-" + (kind || "warning");
    item.setAttribute("role", "alert");
    item.textContent = message;
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 6000);
  }
  window.gatheringToast = toast;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status < 400) { return; }
    if (xhr.getResponseHeader("HX-Retarget")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    var detail = "The request failed (" + xhr.status + ")";
    try { detail = JSON.parse(xhr.responseText).detail || detail; } catch (ignored) { /* not JSON */ }
    toast(detail, xhr.status >= 500 ? "error" : "warning");
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "toasts") {
      var last = event.detail.target.lastElementChild;
      if (last) { setTimeout(function () { last.remove(); }, 6000); }
    }
  });
  document.addEventListener("htmx:sendError", function () {
    toast("The server cannot be reached; check that it is running.", "error");
  });

  // ------------------------------------------------------------------ live state
  function liveBadge(state, label) {
    var badge = document.getElementById("live-status");
    if (!badge) { return; }
    badge.setAttribute("data-state", state);
    badge.querySelector(".live-label").textContent = label;
    badge.title = label;
  }

  function refresher(stream) {
    var last = 0, timer = null;
    function fire() {
      timer = null;
      last = Date.now();
      stream.querySelectorAll("[data-live]").forEach(function (part) {
        // a part being typed in (a review comment) waits until the focus leaves it
        if (part.contains(document.activeElement) && document.activeElement.matches("input, textarea, select")) {
          part.__gatheringStale = true;
          return;
        }
        htmx.trigger(part, "refresh");
      });
    }
    return function () {
      var wait = 1000 - (Date.now() - last);
      if (wait <= 0 && !timer) { fire(); } else if (!timer) { timer = setTimeout(fire, Math.max(wait, 50)); }
    };
  }

  document.addEventListener("htmx:sseOpen", function (event) {
    var stream = event.target;
    liveBadge("connected", "Live");
    var refresh = stream.__gatheringRefresh || (stream.__gatheringRefresh = refresher(stream));
    event.detail.source.addEventListener("event", refresh);
    if (stream.__gatheringOpened) { refresh(); }
    stream.__gatheringOpened = true;
  });
  document.addEventListener("htmx:sseError", function (event) {
    var source = event.detail && event.detail.source;
    if (source && source.readyState === EventSource.CLOSED) {
      liveBadge("offline", "Offline — reconnecting");
      // an expired session ends the stream: find out, and go to the sign-in page if so
      fetch("/ui/session", { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { if (response.status === 401) { window.location.assign("/ui/login?expired=1"); } })
        .catch(function () { /* offline */ });
    } else {
      liveBadge("connecting", "Reconnecting…");
    }
  });
  document.addEventListener("focusout", function (event) {
    var part = event.target.closest && event.target.closest("[data-live]");
    if (part && part.__gatheringStale) {
      setTimeout(function () {
        if (!part.contains(document.activeElement)) { part.__gatheringStale = false; htmx.trigger(part, "refresh"); }
      }, 200);
    }
  });

  // a live part re-rendered under the user keeps what they opened and typed (matched by id)
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.hasAttribute || !target.hasAttribute("data-live")) { return; }
    var state = { open: [], values: {} };
    target.querySelectorAll("details[open][id]").forEach(function (d) { state.open.push(d.id); });
    target.querySelectorAll("textarea[id], input[id]:not([type=hidden])").forEach(function (f) { if (f.value) { state.values[f.id] = f.value; } });
    target.__gatheringState = state;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var state = target && target.__gatheringState;
    if (!state) { return; }
    target.__gatheringState = null;
    state.open.forEach(function (id) { var d = document.getElementById(id); if (d) { d.open = true; } });
    Object.keys(state.values).forEach(function (id) { var f = document.getElementById(id); if (f && !f.value) { f.value = state.values[id]; } });
  });

  // forms that stay on the page: empty them after success, or drop the option just used
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!event.detail.successful || !form || form.tagName !== "FORM") { return; }
    if (form.hasAttribute("data-reset-on-success")) { form.reset(); var first = form.querySelector("input, textarea"); if (first) { first.focus(); } }
    if (form.hasAttribute("data-remove-chosen")) {
      var select = form.querySelector("select");
      if (select && select.selectedOptions.length) { select.selectedOptions[0].remove(); }
      if (select && !select.options.length) { form.replaceWith(Object.assign(document.createElement("p"), { className: "muted", textContent: "Every agent is a member now." })); }
    }
  });

  // feeds keep their newest 100 rows
  document.addEventListener("htmx:sseMessage", function (event) {
    var feed = event.target;
    if (feed.hasAttribute && feed.hasAttribute("data-feed")) {
      var rows = feed.querySelectorAll(".feed-item");
      for (var i = 100; i < rows.length; i++) { rows[i].remove(); }
    }
  });

  // ------------------------------------------------------------------ charts
  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

  function drawChart(element) {
    if (typeof uPlot === "undefined" || element.__chart) { return; }
    var spec = JSON.parse(element.getAttribute("data-chart"));
    var xs = spec.labels.map(function (label, index) { return index; });
    var palette = [css("--accent"), css("--accent-2"), css("--success"), css("--warning")];
    var series = [{ label: "Day", value: function (u, v) { return v == null ? "" : spec.labels[v]; } }];
    var data = [xs];
    spec.series.forEach(function (s, index) {
      var color = palette[index % palette.length];
      var options = { label: s.label, stroke: color, width: 2, fill: index === 0 ? color + "33" : undefined, points: { show: false } };
      if (spec.kind === "bars" && index === 0) {
        options.paths = uPlot.paths.bars({ size: [0.6, 40], gap: 2 });
        options.fill = color + "cc";
        options.width = 0;
      }
      series.push(options);
      data.push(s.values.map(Number));
    });
    var axis = { stroke: css("--muted"), grid: { stroke: css("--border"), width: 1 }, ticks: { show: false } };
    var width = Math.max(element.clientWidth, 240);
    element.__chart = new uPlot({
      width: width, height: 220,
      series: series,
      scales: { x: { time: false, range: function (u, min, max) { return [min - 0.6, max + 0.6]; } } },
      axes: [Object.assign({}, axis, { values: function (u, ticks) { return ticks.map(function (t) { var l = spec.labels[t]; return l ? l.slice(5) : ""; }); } }),
             Object.assign({}, axis, { size: 56 })],
      cursor: { points: { show: false } },
      legend: { show: true }
    }, data, element);
  }

  function drawCharts(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(drawChart);
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      document.querySelectorAll("[data-chart]").forEach(function (element) {
        if (element.__chart) { element.__chart.setSize({ width: Math.max(element.clientWidth, 240), height: 220 }); }
      });
    }, 150);
  });

  // ------------------------------------------------------------------ chat (the existing SSE chat, streamed)
  function chat(form) {
    var log = document.getElementById(form.getAttribute("data-chat-log"));
    var input = form.querySelector("textarea");
    var button = form.querySelector("button[type=submit]");

    function bubble(kind, text) {
      var empty = log.querySelector(".chat-empty");
      if (empty) { empty.remove(); }
      var item = document.createElement("div");
      item.className = "bubble " + kind;
      item.textContent = text;
      log.appendChild(item);
      log.scrollTop = log.scrollHeight;
      return item;
    }

    function meta(item, text) {
      var small = document.createElement("span");
      small.className = "bubble-meta";
      small.textContent = text;
      item.appendChild(small);
    }

    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var message = input.value.trim();
      if (!message) { input.focus(); return; }
      input.value = "";
      button.disabled = true;
      bubble("user", message);
      var answer = bubble("assistant streaming", "");
      answer.setAttribute("data-testid", "chat-answer");
      var received = "";
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "text/event-stream", "X-CSRF-Token": token },
        body: JSON.stringify({ message: message })
      }).then(function (response) {
        if (!response.ok) {
          return response.json().catch(function () { return {}; }).then(function (problem) {
            throw new Error(problem.detail || ("The chat failed (" + response.status + ")"));
          });
        }
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function handle(block) {
          var name = "message", data = [];
          block.split("\n").forEach(function (line) {
            if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
            else if (line.indexOf("data:") === 0) { data.push(line.slice(5).replace(/^ /, "")); }
          });
          if (!data.length) { return; }
          var payload = JSON.parse(data.join("\n"));
          if (name === "token") {
            received += payload.content;
            answer.textContent = received;
            log.scrollTop = log.scrollHeight;
          } else if (name === "done") {
            answer.classList.remove("streaming");
            answer.textContent = payload.content || received;
            answer.setAttribute("data-done", "true");
            meta(answer, payload.tokens_used + " tokens" + (payload.cost_usd != null ? " · $" + Number(payload.cost_usd).toFixed(6) : "")
              + (payload.cached ? " · cached" : ""));
          } else if (name === "error") {
            throw new Error(payload.detail || "The chat failed");
          }
        }
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) { return; }
            buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
            var index;
            while ((index = buffer.indexOf("\n\n")) >= 0) {
              handle(buffer.slice(0, index));
              buffer = buffer.slice(index + 2);
            }
            return pump();
          });
        }
        return pump();
      }).catch(function (error) {
        answer.remove();
        bubble("error", error.message);
      }).finally(function () {
        answer.classList.remove("streaming");
        button.disabled = false;
        input.focus();
      });
    });
  }

  // ------------------------------------------------------------------ theme and navigation
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-theme-toggle]");
    if (toggle) {
      var root = document.documentElement;
      var current = root.getAttribute("data-theme");
      var dark = current === "dark" || (current === "auto" && window.matchMedia("(prefers-color-scheme: dark)").matches);
      var next = dark ? "light" : "dark";
      root.setAttribute("data-theme", next);
      document.cookie = "gathering_theme=" + next + "; path=/ui; max-age=31536000; samesite=strict";
      document.querySelectorAll("[data-chart]").forEach(function (element) {
        if (element.__chart) { element.__chart.destroy(); element.__chart = null; element.innerHTML = ""; }
      });
      drawCharts();
      return;
    }
    if (document.body.hasAttribute("data-nav-open") && !event.target.closest(".sidebar") && !event.target.closest("[data-nav-toggle]")) {
      closeNav(false);
      return;
    }
    var nav = event.target.closest("[data-nav-toggle]");
    if (nav) {
      var open = document.body.toggleAttribute("data-nav-open");
      nav.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { var first = document.querySelector(".sidebar a"); if (first) { first.focus(); } }
    }
  });
  function closeNav(focusToggle) {
    document.body.removeAttribute("data-nav-open");
    var toggle = document.querySelector("[data-nav-toggle]");
    if (toggle) { toggle.setAttribute("aria-expanded", "false"); if (focusToggle) { toggle.focus(); } }
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && document.body.hasAttribute("data-nav-open")) { closeNav(true); }
  });

  function init(root) {
    drawCharts(root);
    (root || document).querySelectorAll("form[data-chat-log]").forEach(function (form) {
      if (!form.__chat) { form.__chat = true; chat(form); }
    });
  }
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
  if (document.readyState !== "loading") { init(document); } else { document.addEventListener("DOMContentLoaded", function () { init(document); }); }
})();
