// Sortable tables: a header's button sorts the rows by that column,
// numbers by the value in data-sort (undefined values last), text
// alphabetically; pressing it again reverses the order. aria-sort tells
// assistive technology which column the rows are sorted by.
(function () {
  "use strict";
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector("button");
      if (!button) {
        return;
      }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) {
          h.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var keys = rows.map(function (row, index) {
          var c = row.cells[col];
          var s = c.getAttribute("data-sort");
          if (s === null) {
            return { text: c.textContent.trim(), index: index };
          }
          return { number: s === "" ? NaN : parseFloat(s), index: index };
        });
        var order = keys.map(function (k, i) { return i; });
        order.sort(function (a, b) {
          var x = keys[a], y = keys[b], d;
          if (x.text !== undefined) {
            d = x.text.localeCompare(y.text);
          } else if (isNaN(x.number) || isNaN(y.number)) {
            // Undefined values stay last whichever the direction.
            d = (isNaN(x.number) ? 1 : 0) - (isNaN(y.number) ? 1 : 0);
            if (d !== 0) {
              return d;
            }
          } else {
            d = x.number - y.number;
          }
          if (!ascending) {
            d = -d;
          }
          return d !== 0 ? d : x.index - y.index;
        });
        order.forEach(function (i) {
          body.appendChild(rows[i]);
        });
      });
    });
  });
})();
