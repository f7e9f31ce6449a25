"use strict";
// Phone first (issue 20): on narrow screens site.css lays the portal's tables out as
// cards, one per row, each cell under its column's name. This copies each column's
// heading into its cells (data-label) for site.css to print; a column whose heading is
// only for screen readers ("Actions") gets none.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("main table.table").forEach((table) => {
    const headings = [...table.querySelectorAll("thead th")].map((th) => {
      const shown = th.cloneNode(true);
      shown.querySelectorAll(".visually-hidden").forEach((hidden) => hidden.remove());
      return shown.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach((row) => {
      [...row.children].forEach((cell, index) => {
        if (headings[index] && !cell.hasAttribute("colspan")) {
          cell.dataset.label = headings[index];
        }
      });
    });
    table.classList.add("table-cards");
  });
});
