// Clicking a figure highlights the evidence spans that state it in the article text.
"use strict";
(function () {
  function show(keys) {
    document.querySelectorAll("mark.evidence.active").forEach(function (m) { m.classList.remove("active"); });
    document.querySelectorAll("a.figure.active").forEach(function (a) { a.classList.remove("active"); });
    var first = null;
    document.querySelectorAll("mark.evidence").forEach(function (m) {
      var own = (m.getAttribute("data-keys") || "").split(" ");
      if (own.some(function (k) { return keys.indexOf(k) >= 0; })) {
        m.classList.add("active");
        if (!first) { first = m; }
      }
    });
    if (first) { first.scrollIntoView({block: "center"}); }
  }
  document.querySelectorAll("a.figure").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      a.classList.add("active");
      show((a.getAttribute("data-keys") || "").split(" "));
    });
  });
})();
