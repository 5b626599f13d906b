/* quotemark search: instant results as you type, from file:// too.
 *
 * The index is one global, QUOTEMARK_SEARCH, defined by assets/search-index.js (its
 * format is documented in quotemark/search.py). A large archive's index is split in
 * shards that are loaded on demand by inserting <script src> elements; each shard
 * adds parts[n] to the global. Results are built with DOM APIs only (createElement,
 * textContent): nothing from the index is ever parsed as HTML.
 *
 * Matching: every query word must occur in the article (title, text, quotes or the
 * names of its speakers); the word being typed matches as a prefix. Articles whose
 * titles or speakers match come first, then newest first. For each article, the quotes
 * whose text and speaker hold every query word are shown with their speaker.
 * Keys: Down from the box moves into the results, Up/Down move between links, Escape
 * goes back to the box, Enter follows a link. ?q= in the address fills the box.
 * Classic script: no modules, fetch or workers.
 */
(function () {
  "use strict";

  var PAGE = 20;
  var QUOTES = 3;
  var KINDS = { direct: "Direct quote", indirect: "Reported speech", mixed: "Mixed: partly quoted" };
  var WORD = /[\p{L}\p{N}]+/gu;
  var RUN = /[\p{L}\p{N}\p{M}]+/gu;

  var form = document.querySelector("form.search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  if (!form || !input || !status || !results) return;
  var assets = form.getAttribute("data-assets") || "assets/";
  var root = assets.slice(0, -"assets/".length);
  var index = window.QUOTEMARK_SEARCH;
  var stop = {};
  var loading = {};
  var cache = {};
  var cached = 0;
  var generation = 0;

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* ------------------------------------------------------------ words */

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\p{M}\p{Cf}]/gu, "");
  }

  function long(word) {
    return Array.from(word).length > 1;
  }

  function words(text) {
    return (fold(text).match(WORD) || []).filter(function (w) {
      return long(w) && !has(stop, w);
    });
  }

  function parse(text) {
    var all = fold(text).match(WORD) || [];
    var typing = all.length > 0 && /[\p{L}\p{N}\p{M}]$/u.test(text);
    var last = typing ? all.pop() : null;
    var terms = [];
    all.forEach(function (w) {
      if (long(w) && !has(stop, w) && !terms.some(function (t) { return t.word === w; })) {
        terms.push({ word: w, prefix: false });
      }
    });
    if (last !== null && long(last)) terms.push({ word: last, prefix: true });
    return { text: text.trim(), terms: terms };
  }

  function matches(term, list) {
    for (var i = 0; i < list.length; i += 1) {
      if (term.prefix ? list[i].lastIndexOf(term.word, 0) === 0 : list[i] === term.word) {
        return true;
      }
    }
    return false;
  }

  function matchesAll(terms, list) {
    return terms.every(function (t) { return matches(t, list); });
  }

  /* ------------------------------------------------------------ loading the index */

  function part(n) {
    if (!has(loading, n)) {
      loading[n] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = assets + "search-index-" + n + ".js";
        script.onload = function () {
          if (has(index.parts, n)) resolve(index.parts[n]);
          else reject(new Error("search index part " + n + " is empty"));
        };
        script.onerror = function () {
          delete loading[n];
          reject(new Error("search index part " + n + " could not be loaded"));
        };
        document.head.appendChild(script);
      });
    }
    return loading[n];
  }

  function termTable(word) {
    if (index.terms) return Promise.resolve(index.terms);
    var key = Array.from(word).slice(0, 2).join("");
    return has(index.termShards, key) ? part(index.termShards[key]) : Promise.resolve(null);
  }

  function doc(id) {
    if (index.docs) return Promise.resolve(index.docs[id]);
    var shards = index.docShards;
    var lo = 0;
    var hi = shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (shards[mid][0] <= id) lo = mid;
      else hi = mid - 1;
    }
    return part(shards[lo][1]).then(function (p) { return p.docs[id - shards[lo][0]]; });
  }

  /* ------------------------------------------------------------ postings */

  function lowerBound(list, word) {
    var lo = 0;
    var hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function decode(values, into) {
    var id = 0;
    for (var i = 0; i < values.length; i += 1) {
      id += values[i] >> 1;
      into.set(id, Math.max(into.get(id) || 0, values[i] & 1));
    }
  }

  function postings(table, term) {
    var found = new Map();
    if (!table) return found;
    var i = lowerBound(table.t, term.word);
    if (!term.prefix) {
      if (table.t[i] === term.word) decode(table.p[i], found);
      return found;
    }
    for (; i < table.t.length && table.t[i].lastIndexOf(term.word, 0) === 0; i += 1) {
      decode(table.p[i], found);
    }
    return found;
  }

  function lookup(term) {
    var key = (term.prefix ? "^" : "=") + term.word;
    if (has(cache, key)) return Promise.resolve(cache[key]);
    return termTable(term.word).then(function (table) {
      var found = postings(table, term);
      if (cached > 200) {
        cache = {};
        cached = 0;
      }
      cache[key] = found;
      cached += 1;
      return found;
    });
  }

  function intersect(lists) {
    lists.sort(function (a, b) { return a.size - b.size; });
    var hits = [];
    lists[0].forEach(function (flag, id) {
      var score = flag;
      for (var i = 1; i < lists.length; i += 1) {
        if (!lists[i].has(id)) return;
        score += lists[i].get(id);
      }
      hits.push({ id: id, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return hits;
  }

  /* ------------------------------------------------------------ building results */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }

  function marked(text, terms) {
    var out = document.createDocumentFragment();
    var at = 0;
    var found;
    RUN.lastIndex = 0;
    while ((found = RUN.exec(text)) !== null) {
      var hit = words(found[0]).some(function (w) {
        return terms.some(function (t) { return matches(t, [w]); });
      });
      if (!hit) continue;
      out.appendChild(document.createTextNode(text.slice(at, found.index)));
      out.appendChild(el("mark", null, found[0]));
      at = found.index + found[0].length;
    }
    out.appendChild(document.createTextNode(text.slice(at)));
    return out;
  }

  function speakerWords(entity) {
    return entity < 0 ? [] : index.entities[entity][2].split(" ");
  }

  function quoteItem(query, record, quote) {
    var item = el("li", "search-quote");
    var text = el("p", "quote an-" + quote[2]);
    var holder = quote[2] === "direct" ? text.appendChild(el("q")) : text;
    holder.appendChild(marked(quote[3], query.terms));
    item.appendChild(text);
    var meta = el("p", "meta");
    if (quote[1] < 0) {
      meta.appendChild(el("span", null, "Unattributed"));
    } else {
      var entity = index.entities[quote[1]];
      meta.appendChild(link(root + "entities/" + entity[0] + ".html", entity[1]));
    }
    meta.appendChild(el("span", null, KINDS[quote[2]] || quote[2]));
    var context = link(root + record[3] + "#an-" + quote[0], "In context");
    context.appendChild(el("span", "vh", ": " + record[0]));
    meta.appendChild(context);
    item.appendChild(meta);
    return item;
  }

  function hitItem(query, record) {
    var item = el("li", "search-hit");
    var heading = el("h3");
    var title = link(root + record[3]);
    title.appendChild(marked(record[0], query.terms));
    heading.appendChild(title);
    item.appendChild(heading);
    var meta = el("p", "meta");
    var time = el("time", null, record[1]);
    time.setAttribute("datetime", record[2]);
    meta.appendChild(time);
    item.appendChild(meta);
    var quotes = record[4].filter(function (q) {
      return matchesAll(query.terms, words(q[3]).concat(speakerWords(q[1])));
    });
    if (quotes.length === 0) return item;
    var list = el("ul", "search-quotes");
    list.setAttribute("aria-label", "Matching quotes");
    quotes.slice(0, QUOTES).forEach(function (q) { list.appendChild(quoteItem(query, record, q)); });
    item.appendChild(list);
    if (quotes.length > QUOTES) {
      var more = quotes.length - QUOTES;
      item.appendChild(el("p", "meta", more + " more matching quote" + (more === 1 ? "" : "s")));
    }
    return item;
  }

  function speakersSection(query) {
    var found = index.entities.filter(function (e) {
      return matchesAll(query.terms, e[2].split(" "));
    });
    if (found.length === 0) return null;
    var section = el("section");
    section.setAttribute("aria-labelledby", "search-speakers");
    var heading = el("h2", null, "Speakers");
    heading.id = "search-speakers";
    section.appendChild(heading);
    var list = el("ul", "speakers");
    found.slice(0, 10).forEach(function (e) {
      var item = el("li");
      item.appendChild(link(root + "entities/" + e[0] + ".html", e[1]));
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  }

  /* ------------------------------------------------------------ showing results */

  function say(text) {
    status.textContent = text;
  }

  function done(query, count) {
    results.setAttribute("data-query", query.text);
    results.setAttribute("data-count", String(count));
  }

  function clear() {
    while (results.firstChild) results.removeChild(results.firstChild);
  }

  function showMore(query, hits, list, from, turn) {
    var slice = hits.slice(from, from + PAGE);
    return Promise.all(slice.map(function (h) { return doc(h.id); })).then(function (records) {
      if (turn !== generation) return;
      var old = results.querySelector(".search-more");
      if (old) old.parentNode.removeChild(old);
      var first = null;
      records.forEach(function (record) {
        var item = list.appendChild(hitItem(query, record));
        first = first || item.querySelector("a");
      });
      if (from + PAGE < hits.length) {
        var button = el("button", "search-more", "Show more results");
        button.type = "button";
        button.addEventListener("click", function () {
          showMore(query, hits, list, from + PAGE, turn).then(function (link) {
            if (link) link.focus();
          });
        });
        results.appendChild(button);
      }
      done(query, hits.length);
      return first;
    });
  }

  function show(query, hits, turn) {
    clear();
    var speakers = speakersSection(query);
    if (speakers) results.appendChild(speakers);
    var n = hits.length;
    say(
      (n === 0 ? "No articles match" : n === 1 ? "1 article matches" : n + " articles match") +
        " “" + query.text + "”."
    );
    if (n === 0) {
      done(query, 0);
      return Promise.resolve(null);
    }
    var heading = el("h2", null, "Articles");
    heading.id = "search-articles";
    results.appendChild(heading);
    var list = el("ol", "search-hits");
    list.setAttribute("aria-labelledby", "search-articles");
    results.appendChild(list);
    return showMore(query, hits, list, 0, turn);
  }

  function run(text) {
    generation += 1;
    var turn = generation;
    var query = parse(text);
    if (query.terms.length === 0) {
      clear();
      say(query.text ? "Type a word of at least two letters or digits." : "");
      done(query, 0);
      return;
    }
    Promise.all(query.terms.map(lookup))
      .then(function (lists) {
        if (turn === generation) return show(query, intersect(lists), turn);
      })
      .catch(function (error) {
        if (turn === generation) say("Search failed: " + error.message);
      });
  }

  function remember(text) {
    try {
      var url = text ? "?q=" + encodeURIComponent(text) : location.pathname;
      history.replaceState(null, "", url);
    } catch (e) {
      /* some browsers refuse to change a file:// address; the search still works */
    }
  }

  /* ------------------------------------------------------------ keys */

  function links() {
    return Array.prototype.slice.call(results.querySelectorAll("a, button"));
  }

  function onBoxKey(event) {
    if (event.key !== "ArrowDown") return;
    var all = links();
    if (all.length === 0) return;
    event.preventDefault();
    all[0].focus();
  }

  function onResultsKey(event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" && at < all.length - 1) all[at + 1].focus();
    else if (event.key === "ArrowUp") (at > 0 ? all[at - 1] : input).focus();
    else if (event.key === "Escape") input.focus();
    else return;
    event.preventDefault();
  }

  /* ------------------------------------------------------------ start */

  function start() {
    if (!index || index.version !== 1) {
      say("The search index could not be loaded (assets/search-index.js).");
      return;
    }
    index.stop.forEach(function (w) { stop[w] = true; });
    input.addEventListener("input", function () {
      remember(input.value.trim());
      run(input.value);
    });
    input.addEventListener("keydown", onBoxKey);
    results.addEventListener("keydown", onResultsKey);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      remember(input.value.trim());
      run(input.value);
    });
    var initial = new URLSearchParams(location.search).get("q");
    if (initial) {
      input.value = initial;
      run(initial);
    }
    form.setAttribute("data-ready", "true");
  }

  start();
})();
