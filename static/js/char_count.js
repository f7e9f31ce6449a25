// Live character counts against a limit. A text box with data-char-limit="600" gets a
// counter below it ("212 of 600 characters, 35 words"), a polite live region. The server
// refuses more than the limit (the model field's max_length) and keeps what was typed.
(function () {
  "use strict";
  function setUp() {
    document.querySelectorAll("textarea[data-char-limit]").forEach(function (box) {
      var limit = parseInt(box.dataset.charLimit, 10);
      var counter = document.createElement("p");
      counter.className = "form-text char-count";
      counter.setAttribute("aria-live", "polite");
      counter.id = box.id + "-chars";
      box.insertAdjacentElement("afterend", counter);
      var described = box.getAttribute("aria-describedby");
      box.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
      function update() {
        var chars = box.value.length;
        var trimmed = box.value.trim();
        var words = trimmed ? trimmed.split(/\s+/).length : 0;
        var over = chars > limit;
        // Whole sentences for the /jsi18n/ catalogue (ngettext counts the words).
        var format = over
          ? ngettext("%(chars)s of %(limit)s characters, %(words)s word: %(over)s over the limit",
            "%(chars)s of %(limit)s characters, %(words)s words: %(over)s over the limit", words)
          : ngettext("%(chars)s of %(limit)s characters, %(words)s word",
            "%(chars)s of %(limit)s characters, %(words)s words", words);
        counter.textContent = interpolate(format, {
          chars: chars.toLocaleString(),
          limit: limit.toLocaleString(),
          words: words.toLocaleString(),
          over: (chars - limit).toLocaleString(),
        }, true);
        counter.classList.toggle("text-danger", over);
      }
      box.addEventListener("input", update);
      update();
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
