// Small behaviours kept out of the HTML so the Content-Security-Policy can forbid inline script.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// After a failed submit, focus goes to the error summary (templates/_form.html), so that a
// screen reader reads what went wrong; its links move focus to the field itself.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
  var target = link && document.getElementById(link.getAttribute("href").slice(1));
  if (target) {
    event.preventDefault();
    var group = target.closest(".field") || target;
    group.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }
});
