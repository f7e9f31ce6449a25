// Live word counts against a limit. A text box with data-word-limit="500" gets a counter
// below it ("312 of 500 words"); boxes sharing data-word-group count together (the personal
// statement's parts add up to one limit). Words are runs of non-space, as the server counts
// them (cpd/validators.py word_count). The counter is a polite live region.
(function () {
  "use strict";
  function words(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }
  // Whole sentences for the /jsi18n/ catalogue (gettext), one for each case.
  function countFormat(whole, over) {
    if (whole) {
      return over ? gettext("%(total)s of %(limit)s words in the whole statement: %(over)s over the limit")
        : gettext("%(total)s of %(limit)s words in the whole statement");
    }
    return over ? gettext("%(total)s of %(limit)s words: %(over)s over the limit")
      : gettext("%(total)s of %(limit)s words");
  }
  function setUp() {
    var groups = {};
    document.querySelectorAll("textarea[data-word-limit]").forEach(function (box) {
      var key = box.dataset.wordGroup || box.id;
      (groups[key] = groups[key] || []).push(box);
    });
    Object.keys(groups).forEach(function (key) {
      var boxes = groups[key];
      var limit = parseInt(boxes[0].dataset.wordLimit, 10);
      var counters = boxes.map(function (box) {
        var counter = document.createElement("p");
        counter.className = "form-text word-count";
        counter.setAttribute("aria-live", "polite");
        counter.id = box.id + "-words";
        box.insertAdjacentElement("afterend", counter);
        var described = box.getAttribute("aria-describedby");
        box.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
        return counter;
      });
      function update() {
        var total = boxes.reduce(function (sum, box) { return sum + words(box.value); }, 0);
        var over = total > limit;
        var text = interpolate(countFormat(boxes.length > 1, over), {
          total: total.toLocaleString(),
          limit: limit.toLocaleString(),
          over: (total - limit).toLocaleString(),
        }, true);
        counters.forEach(function (counter) {
          counter.textContent = text;
          counter.classList.toggle("text-danger", over);
          counter.classList.toggle("fw-bold", over);
        });
      }
      boxes.forEach(function (box) { box.addEventListener("input", update); });
      update();
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
