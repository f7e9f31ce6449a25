// The review page of a matching run: complete the "With" field of a proposal's change form
// from the run's candidates (accepted applicants of the scheme in the chosen member's role),
// in the page's one <datalist>. Without this script the field takes a typed email.
(function () {
  "use strict";
  var list = document.getElementById("candidates");
  if (!list) {
    return;
  }
  var timer = null;
  var controller = null;

  function fill(results) {
    var options = results.map(function (candidate) {
      var option = document.createElement("option");
      option.value = candidate.value;
      option.label = candidate.label;
      option.textContent = candidate.label;
      return option;
    });
    list.replaceChildren.apply(list, options);
  }

  function search(input) {
    var member = input.form && input.form.querySelector("select[name$='-member']");
    var url = new URL(input.dataset.candidatesUrl, window.location.href);
    url.searchParams.set("q", input.value);
    if (member) {
      url.searchParams.set("member", member.value);
    }
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: controller.signal,
    })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        fill(data.results);
      })
      .catch(function () {});
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("candidate-search")) {
      return;
    }
    window.clearTimeout(timer);
    if (input.value.trim().length < 2 || input.value.indexOf("@") > 0) {
      return;
    }
    timer = window.setTimeout(function () {
      search(input);
    }, 200);
  });
})();
