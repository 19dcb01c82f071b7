// Live figures: on every reload the server announces (server-sent events), fetch this page's
// main part again and swap it in place. The page keeps working without this script.
(function () {
  var main = document.getElementById("main");
  var live = document.getElementById("live");
  function swap(version) {
    if (main.getAttribute("data-version") === version) return;
    fetch(location.pathname + location.search, {
      headers: { "X-Careplan-Fragment": "1" },
      credentials: "same-origin"
    }).then(function (r) {
      if (!r.ok) return null;
      return r.text();
    }).then(function (html) {
      if (html === null) return;
      main.innerHTML = html;
      main.setAttribute("data-version", version);
      wire();
    });
  }
  function connect() {
    var es = new EventSource("/events");
    es.addEventListener("reload", function (e) { swap(e.data); });
    es.onopen = function () { live.className = "live on"; };
    es.onerror = function () { live.className = "live off"; };
  }
  function wire() {
    var param = document.getElementById("param");
    var value = document.getElementById("value");
    if (param && value && !param.dataset.wired) {
      param.dataset.wired = "1";
      param.addEventListener("change", function () {
        var o = param.options[param.selectedIndex];
        if (o) value.value = o.getAttribute("data-value") || "";
      });
      if (!value.value) {
        var o = param.options[param.selectedIndex];
        if (o) value.value = o.getAttribute("data-value") || "";
      }
    }
  }
  document.querySelectorAll("[data-lang]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      document.cookie = "careplan_lang=" + a.getAttribute("data-lang") + "; path=/; SameSite=Strict";
      location.reload();
    });
  });
  wire();
  connect();
})();
