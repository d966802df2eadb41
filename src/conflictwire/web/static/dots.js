// Colour swatches: the colour travels in data-color (inline styles are refused by the CSP).
"use strict";
document.querySelectorAll("[data-color]").forEach(function (el) {
  el.style.backgroundColor = el.getAttribute("data-color");
});
