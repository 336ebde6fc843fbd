// The tracking page's small script: keeps countdowns ticking, offers "copy" for pickup codes and
// swaps in the order's news when the server says something changed. The page works without it.
(function () {
  "use strict";
  var data = {};
  try { data = JSON.parse(document.getElementById("i18n").textContent); } catch (e) { /* no countdown text */ }
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(data.lang || "en") : null;

  function unit(name, n) {
    var forms = data[name] || {};
    var t = forms[rules ? rules.select(n) : "other"] || forms.other || String(n);
    return t.replace("{n}", String(n));
  }
  // The same rounding as the server: whole minutes, rounded up; "2 days 4 h", "3 h 20 min", "12 min".
  function duration(ms) {
    var minutes = Math.ceil(Math.max(ms, 0) / 60000);
    var d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
    if (d > 0) return h > 0 ? unit("day", d) + " " + unit("hour", h) : unit("day", d);
    if (h > 0) return m > 0 ? unit("hour", h) + " " + unit("minute", m) : unit("hour", h);
    return unit("minute", Math.max(m, 1));
  }
  function tick() {
    var els = document.querySelectorAll("[data-until]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i], left = Number(el.getAttribute("data-until")) - Date.now();
      var kind = el.getAttribute("data-kind");
      var text;
      if (left > 0) {
        text = (data[kind] || "{d}").replace("{d}", duration(left));
      } else if (kind === "arrive") {
        text = data.soon || "";
      } else {
        check(true);
        continue;
      }
      var span = el.querySelector(".cd");
      if (span && span.textContent !== text) span.textContent = text;
    }
  }
  function wireCopy(root) {
    var buttons = root.querySelectorAll("button[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      if (!navigator.clipboard) continue;
      b.hidden = false;
      b.addEventListener("click", function (ev) {
        var btn = ev.currentTarget;
        navigator.clipboard.writeText(btn.getAttribute("data-copy")).then(function () {
          btn.textContent = btn.getAttribute("data-done");
        });
      });
    }
  }

  var main = document.getElementById("main");
  var busy = false, lastForced = 0;
  // Asks the server for the page's fingerprint; when it differs, fetches the page and swaps the
  // order part in place (no reload, no flicker, focus and scroll kept).
  function check(force) {
    if (!main || !main.getAttribute("data-live") || busy) return;
    if (force) { if (Date.now() - lastForced < 30000) return; lastForced = Date.now(); }
    busy = true;
    fetch(main.getAttribute("data-live"), { cache: "no-store", credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j || (!force && j.v === main.getAttribute("data-version"))) return null;
        return fetch(location.pathname + location.search, { cache: "no-store", credentials: "omit" })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) {
            if (!html) return;
            var doc = new DOMParser().parseFromString(html, "text/html");
            var fresh = doc.getElementById("main");
            if (!fresh) return;
            main.innerHTML = fresh.innerHTML;
            main.setAttribute("data-version", fresh.getAttribute("data-version") || "");
            var d = doc.getElementById("i18n");
            if (d) { try { data = JSON.parse(d.textContent); } catch (e) { /* keep the old */ } }
            wireCopy(main);
            tick();
          });
      })
      .catch(function () { /* offline: try again at the next poll */ })
      .then(function () { busy = false; });
  }

  wireCopy(document);
  tick();
  setInterval(tick, 1000);
  if (main && main.getAttribute("data-live")) {
    var every = Math.max(5, Number(main.getAttribute("data-poll")) || 15) * 1000;
    setInterval(function () { if (!document.hidden) check(false); }, every);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) check(false); });
  }
})();
