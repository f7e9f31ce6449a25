"use strict";
// Labels Django's admin leaves out (issue 20): the time half of a split date-and-time
// field ("Starts at: time"), and the fields of tabular inlines, which Django labels only
// by their column heading ("Sessions: scheduled at, row 2"). The search icons of the
// two-box multiple choice (SelectFilter2.js, drawn on load) carry an aria-label a plain
// span may not have: they become images.
window.addEventListener("load", () => {
  document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach((icon) => {
    icon.setAttribute("role", "img");
  });
  // The search-as-you-type box (select2, drawn by Django's autocomplete.js) takes the name of
  // the field's own label: its combobox and the text it renders are otherwise unnamed.
  // Django draws the box in its own ready handler, which may run after this one: name it
  // now if it is there, and again whenever select2 (re)draws it.
  const nameAutocomplete = (select) => {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const box = select.parentElement?.querySelector(".select2-selection");
    if (!label || !box) {
      return;
    }
    const name = label.textContent.replace(/:$/, "").trim();
    label.id ||= `${select.id}-label`;
    if (box.getAttribute("aria-labelledby") !== label.id) {
      box.setAttribute("aria-labelledby", label.id); // select2 points it at the empty text
    }
    box.querySelectorAll("[role=textbox]").forEach((shown) => shown.setAttribute("aria-label", name));
  };
  document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
    nameAutocomplete(select);
    if (select.parentElement) {
      new MutationObserver(() => nameAutocomplete(select)).observe(select.parentElement, {
        childList: true,
        subtree: true,
        attributeFilter: ["aria-labelledby"],
      });
    }
  });
});
document.addEventListener("DOMContentLoaded", () => {
  const labelOf = (id) => document.querySelector(`label[for="${id}"]`)?.textContent.replace(/:$/, "").trim();

  document.querySelectorAll("p.datetime").forEach((box) => {
    const [date, time] = box.querySelectorAll("input");
    // the server names the boxes "Date" and "Time" (core.admin.LabelledSplitDateTime); the
    // field's name is known here only from the label Django renders beside them
    if (!date || !time || time.labels.length) {
      return;
    }
    const name = labelOf(date.id) || box.closest(".form-row, .fieldBox")?.querySelector("label")?.textContent.replace(/:$/, "").trim() || "";
    if (!date.labels.length) {
      date.setAttribute("aria-label", interpolate(gettext("%(field)s date"), { field: name }, true).trim());
    }
    time.setAttribute("aria-label", interpolate(gettext("%(field)s time"), { field: name }, true).trim());
  });

  document.querySelectorAll(".tabular table").forEach((table) => {
    const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    const group = table.closest(".inline-group")?.querySelector("h2")?.textContent.trim() || "";
    table.querySelectorAll("tbody tr").forEach((row, rowIndex) => {
      [...row.children].forEach((cell, index) => {
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((field) => {
          if (field.labels.length || field.hasAttribute("aria-label") || !headings[index]) {
            return;
          }
          const column = headings[index].replace(/\s+/g, " ");
          const label = group ? gettext("%(group)s: %(column)s, row %(row)s") : gettext("%(column)s, row %(row)s");
          field.setAttribute("aria-label", interpolate(label, { group, column, row: rowIndex + 1 }, true));
        });
      });
    });
  });
});
