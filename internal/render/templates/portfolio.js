// Sorts the portfolio's matrix by a column: a button in each column's
// header sorts by it (misses first, the lowest score first, or A to Z),
// and again the other way. Rows that tie keep the page's own order.
(function () {
  "use strict";
  var table = document.querySelector("table.matrix");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var rank = { x: 0, w: 1, a: 2, m: 3, n: 4, s: 5, o: 6 };
  var heads = table.querySelectorAll("thead th[data-sort]");
  function key(row, col, kind) {
    var cell = row.cells[col];
    if (kind === "mark") return cell.className in rank ? rank[cell.className] : 9;
    if (kind === "num") return parseFloat(cell.getAttribute("data-v"));
    return cell.textContent.toLowerCase();
  }
  function sort(th) {
    var col = th.cellIndex, kind = th.getAttribute("data-sort");
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
    var keyed = rows.map(function (row, i) { return { row: row, i: i, k: key(row, col, kind) }; });
    keyed.sort(function (a, b) {
      var c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
      return c * dir || a.i - b.i;
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (e) { frag.appendChild(e.row); });
    body.appendChild(frag);
  }
  Array.prototype.forEach.call(heads, function (th) {
    var b = document.createElement("button");
    b.type = "button";
    while (th.firstChild) b.appendChild(th.firstChild);
    th.appendChild(b);
    b.addEventListener("click", function () { sort(th); });
  });
})();
