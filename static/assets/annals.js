// Annals: filters and search for a static timeline. Everything here only
// enhances pages that already show everything; nothing is loaded from
// anywhere but the site itself.
(function () {
  "use strict";
  var doc = document;

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  // Filters hide the items of a listing that do not carry every chosen
  // tag; the choice is kept in the query string so it can be shared.
  function filters(form) {
    var scope = doc.getElementById("main");
    var items = scope.querySelectorAll("[data-item]");
    var groups = scope.querySelectorAll("[data-group]");
    var selects = form.querySelectorAll("select");
    var status = form.querySelector(".filter-status");
    var noun = status.getAttribute("data-noun");
    var params = new URLSearchParams(location.search);
    each(selects, function (s) {
      var v = params.get(s.name);
      if (v && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
    });
    function apply(save) {
      var want = [];
      each(selects, function (s) { if (s.value) want.push([s.name, s.value]); });
      var shown = 0;
      each(items, function (it) {
        var ok = want.every(function (w) {
          return (" " + (it.getAttribute("data-" + w[0]) || "") + " ").indexOf(" " + w[1] + " ") >= 0;
        });
        it.hidden = !ok;
        if (ok) shown++;
      });
      each(groups, function (g) { g.hidden = !g.querySelector("[data-item]:not([hidden])"); });
      status.textContent = want.length
        ? "Showing " + shown + " of " + items.length + " " + noun + "."
        : "Showing all " + items.length + " " + noun + ".";
      if (save) {
        var q = new URLSearchParams(location.search);
        each(selects, function (s) { if (s.value) q.set(s.name, s.value); else q.delete(s.name); });
        var qs = q.toString();
        history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
      }
    }
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply(false);
  }

  // Search folds words as the build does (lower case, accents dropped),
  // fetches only the index shards the query's words start in, and the
  // document chunks of the results it shows.
  var stop = " an and the of in on to for is at by with as it be or that this was are from ";
  function fold(s) { return s.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, ""); }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return Array.from(w).length >= 2 && stop.indexOf(" " + w + " ") < 0;
    });
  }
  function shardKey(w) {
    var r = Array.from(w).slice(0, 2);
    if (/^[a-z0-9]$/.test(r[0]) && /^[a-z0-9]$/.test(r[1])) return r.join("");
    return "u" + r[0].codePointAt(0).toString(16) + "-" + r[1].codePointAt(0).toString(16);
  }
  function search(form) {
    var base = form.getAttribute("data-search");
    var chunk = +form.getAttribute("data-chunk");
    var input = form.querySelector("input[name=q]");
    var status = doc.getElementById("search-status");
    var list = doc.getElementById("search-results");
    var cache = {};
    var limit = 50;
    var run = 0;
    function load(name) {
      if (!cache[name]) {
        cache[name] = fetch(base + name).then(function (r) { return r.ok ? r.json() : (name[0] === "t" ? {} : []); });
      }
      return cache[name];
    }
    function find(q) {
      var terms = words(q);
      if (!terms.length) return Promise.resolve(null);
      return Promise.all(terms.map(function (t) {
        return load("t-" + shardKey(t) + ".json").then(function (shard) {
          var hits = {};
          Object.keys(shard).forEach(function (w) {
            if (w.indexOf(t) !== 0) return;
            shard[w].forEach(function (p) {
              var id = p >> 1;
              hits[id] = (hits[id] || 0) | (p & 1 ? 2 : 1);
            });
          });
          return hits;
        });
      })).then(function (per) {
        var ids = Object.keys(per[0]).filter(function (id) {
          return per.every(function (h) { return h[id]; });
        }).map(Number);
        function score(id) { return per.reduce(function (n, h) { return n + (h[id] & 2 ? 1 : 0); }, 0); }
        ids.sort(function (a, b) { return score(b) - score(a) || a - b; });
        return ids;
      });
    }
    function show(q, ids, mine) {
      list.textContent = "";
      if (ids === null) { status.textContent = q ? "Type at least two letters." : ""; return; }
      var top = ids.slice(0, limit);
      var need = {};
      top.forEach(function (id) { need[Math.floor(id / chunk)] = true; });
      Promise.all(Object.keys(need).map(function (n) {
        return load("d-" + n + ".json").then(function (docs) { return [n, docs]; });
      })).then(function (parts) {
        if (mine !== run) return;
        var docs = {};
        parts.forEach(function (p) { docs[p[0]] = p[1]; });
        top.forEach(function (id) {
          var d = docs[Math.floor(id / chunk)][id % chunk];
          var li = doc.createElement("li");
          var head = li.appendChild(doc.createElement("p"));
          var kind = head.appendChild(doc.createElement("span"));
          kind.className = "badge";
          kind.textContent = d[0];
          head.appendChild(doc.createTextNode(" "));
          var a = head.appendChild(doc.createElement("a"));
          a.href = d[2];
          a.textContent = d[1];
          if (d[3]) {
            var when = head.appendChild(doc.createElement("span"));
            when.className = "meta";
            when.textContent = " " + d[3];
          }
          if (d[4]) {
            var p = li.appendChild(doc.createElement("p"));
            p.className = "list-summary";
            p.textContent = d[4];
          }
          list.appendChild(li);
        });
        var n = ids.length;
        status.textContent = (n === 0 ? "No results" : n === 1 ? "1 result" : n + " results") +
          " for \u201c" + q.trim() + "\u201d" + (n > limit ? "; showing the first " + limit + "." : ".");
      }).catch(function () { status.textContent = "The search index could not be loaded."; });
    }
    var timer;
    function go(save) {
      var q = input.value;
      if (save) {
        var u = new URLSearchParams(location.search);
        if (q) u.set("q", q); else u.delete("q");
        var qs = u.toString();
        history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
      }
      var mine = ++run;
      find(q).then(function (ids) { if (mine === run) show(q, ids, mine); }).catch(function () {
        status.textContent = "The search index could not be loaded.";
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { go(true); }, 200); });
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); go(true); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; go(false); }
  }

  function start() {
    each(doc.querySelectorAll("form[data-filters]"), filters);
    each(doc.querySelectorAll("form[data-search]"), search);
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
