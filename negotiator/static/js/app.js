// Small behaviours kept out of the HTML so the Content-Security-Policy can forbid inline script.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A box that scrolls (a wide table on a phone, the board) must be reachable by keyboard to be
// scrolled (WCAG 2.1.1): while it overflows it is a named, focusable region; when it fits it is
// no tab stop. Its name is its table's caption, else the heading before it.
function scrollBoxName(box) {
  var caption = box.querySelector("caption");
  if (caption && caption.textContent.trim()) return caption.textContent.trim();
  for (var el = box.previousElementSibling; el; el = el.previousElementSibling) {
    if (/^H[1-6]$/.test(el.tagName)) return el.textContent.trim();
  }
  return "";
}
function markScrollBoxes() {
  document.querySelectorAll(".table-wrap, .board-wrap, .annex, .proposal, .chart-wrap").forEach(function (box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    var marked = box.hasAttribute("data-scrolls");
    if (scrolls && !marked && !box.hasAttribute("tabindex")) {
      var name = box.hasAttribute("aria-label") ? "" : scrollBoxName(box);
      box.setAttribute("data-scrolls", name ? "named" : "");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (name) box.setAttribute("aria-label", name);
    } else if (!scrolls && marked) {
      if (box.getAttribute("data-scrolls") === "named") box.removeAttribute("aria-label");
      box.removeAttribute("data-scrolls");
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
    }
  });
}
document.addEventListener("DOMContentLoaded", markScrollBoxes);
window.addEventListener("resize", markScrollBoxes);
document.addEventListener("htmx:afterSettle", markScrollBoxes);
