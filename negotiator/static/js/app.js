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

// Idle timeout (WCAG 2.2.1). The server logs a session out after IDLE_TIMEOUT without a request
// (negotiator.web); the page shows #session-warning (base.html) IDLE_WARNING before that, with a
// button that extends the session. Typing in a form counts as activity: the session is then
// extended without interrupting. Every tab shares the latest deadline through localStorage.
function storage() {
  try {
    return window.localStorage;
  } catch (e) {
    return null; // storage disabled: no sharing and no drafts, the rest still works
  }
}

var lastInput = 0;
document.addEventListener("input", function () {
  lastInput = Date.now();
});

function sessionWarning() {
  var box = document.getElementById("session-warning");
  if (!box) {
    return;
  }
  var store = storage();
  var KEY = "negotiator.session.deadline";
  var warnMs = Number(box.getAttribute("data-warning")) * 1000;
  var deadline = Date.now() + Number(box.getAttribute("data-remaining")) * 1000;
  var timer = null;
  var returnFocus = null;
  var share = function () {
    if (store) {
      store.setItem(KEY, String(deadline));
    }
  };
  var show = function (state) {
    box.querySelectorAll("[data-state]").forEach(function (el) {
      el.hidden = el.getAttribute("data-state") !== state;
    });
    box.hidden = false;
  };
  var schedule = function (ms) {
    clearTimeout(timer); // look again at least every minute: another tab may have extended
    timer = setTimeout(tick, Math.max(0, Math.min(ms, 60000)) + 50);
  };
  var extend = function () {
    var token = document.querySelector("meta[name='csrf-token']");
    fetch(box.getAttribute("data-extend-url"), {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual", // an expired session is sent to the login page: not ok
      headers: { "X-CSRFToken": token ? token.content : "" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        deadline = Date.now() + data.remaining * 1000;
        share();
        var focused = box.contains(document.activeElement);
        box.hidden = true;
        if (focused && returnFocus && document.body.contains(returnFocus)) {
          returnFocus.focus();
        }
        schedule(deadline - Date.now() - warnMs);
      })
      .catch(function () {
        show("expired");
      });
  };
  var tick = function () {
    var other = store ? Number(store.getItem(KEY)) || 0 : 0;
    deadline = Math.max(deadline, other);
    var left = deadline - Date.now();
    if (left > warnMs) {
      box.hidden = true;
      schedule(left - warnMs);
    } else if (left <= 0) {
      show("expired");
    } else if (Date.now() - lastInput < warnMs) {
      extend(); // the user is typing: no interruption
    } else {
      if (box.hidden) {
        show("warning");
        returnFocus = document.activeElement;
        box.querySelector("[data-extend]").focus();
      }
      schedule(left);
    }
  };
  box.querySelector("[data-extend]").addEventListener("click", extend);
  share();
  schedule(deadline - Date.now() - warnMs);
}

// Drafts of long text (minutes, proposal text, statements): every textarea of a POST form is
// kept in this browser's localStorage while it differs from what the page came with, keyed by
// user, page, form and field, so a session that timed out loses nothing: after logging in again,
// the same page puts the text back (only if the page's own text is still the one the draft
// started from; otherwise the stored text is older than what is saved now). No server and no
// network is involved. A draft goes when its form is accepted (the next page is neither the
// login page, an error page nor the form with errors), after a day, or at logout (shared PCs).
function drafts() {
  var store = storage();
  var user = document.body.getAttribute("data-user");
  if (!store) {
    return;
  }
  var PREFIX = "negotiator.draft:";
  var PENDING = "negotiator.draft-pending";
  var pending = store.getItem(PENDING);
  if (pending) {
    store.removeItem(PENDING);
    var endpoint = document.body.getAttribute("data-endpoint");
    var refused = document.querySelector("[data-error-summary], .error-page");
    if (endpoint !== "auth.login" && !refused) {
      JSON.parse(pending).forEach(function (key) {
        store.removeItem(key);
      });
    }
  }
  for (var i = store.length - 1; i >= 0; i--) {
    var name = store.key(i);
    if (name && name.indexOf(PREFIX) === 0) {
      var old = JSON.parse(store.getItem(name) || "{}");
      if (!old.at || Date.now() - old.at > 24 * 3600 * 1000) {
        store.removeItem(name);
      }
    }
  }
  if (!user) {
    return;
  }
  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", function () {
      for (var j = store.length - 1; j >= 0; j--) {
        var key = store.key(j);
        if (key && key.indexOf(PREFIX) === 0) {
          store.removeItem(key);
        }
      }
    });
  });
  document.querySelectorAll("form[method='post']").forEach(function (form) {
    var areas = form.querySelectorAll("textarea[name]");
    var keys = [];
    var restored = [];
    areas.forEach(function (area) {
      var key = [PREFIX + user, location.pathname, form.getAttribute("action") || "", area.name].join(":");
      var base = area.value;
      var saved = JSON.parse(store.getItem(key) || "null");
      keys.push(key);
      if (saved && saved.base === base && saved.text !== base) {
        area.value = saved.text;
        restored.push([area, base, key]);
      }
      area.addEventListener("input", function () {
        if (area.value === base) {
          store.removeItem(key);
        } else {
          store.setItem(key, JSON.stringify({ base: base, text: area.value, at: Date.now() }));
        }
      });
    });
    if (keys.length) {
      form.addEventListener("submit", function () {
        store.setItem(PENDING, JSON.stringify(keys));
      });
    }
    var template = document.getElementById("draft-restored");
    if (restored.length && template) {
      var note = template.content.firstElementChild.cloneNode(true);
      form.parentNode.insertBefore(note, form);
      note.querySelector("[data-discard]").addEventListener("click", function () {
        restored.forEach(function (entry) {
          entry[0].value = entry[1];
          store.removeItem(entry[2]);
        });
        note.remove();
      });
    }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  sessionWarning();
  drafts();
});
