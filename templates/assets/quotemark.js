/* quotemark: optional enhancements. Every page reads completely without this file.
 *
 * 1. Theme: light, dark or the system's choice, remembered in localStorage when the
 *    browser allows it (file:// may not). Applied as soon as this script runs.
 * 2. Spotlight: each speaker in an article's legend gets a toggle button; pressing it
 *    lights up that speaker's quotes, mentions and notes and dims the other highlights.
 *    "All speakers", the bar at the bottom of the window or Escape clears it.
 * 3. Notes: a footnote link (a.an-ref), or a click on a highlight, shows the note next
 *    to the quote. Wide windows: a pop-over below the line (also on hover and focus).
 *    Narrow windows: a panel in the text flow, after the paragraph. Escape closes it.
 *    Without this script the footnote link jumps to the note in the list.
 * 4. A link to a highlight outlines every piece of it, not only the first.
 * Classic script: no modules, fetch or workers, so it runs from file://. The DOM is
 * built with createElement/textContent/cloneNode only, never from HTML strings.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var THEME_KEY = "quotemark-theme";
  var THEMES = [["system", "System"], ["light", "Light"], ["dark", "Dark"]];
  var WIDE = "(min-width: 48em)";
  var HOVER = "(hover: hover) and (pointer: fine)";
  var POP_ID = "qm-popover";

  root.classList.add("qm-js");

  // ------------------------------------------------------------ theme

  function readTheme() {
    try {
      var value = window.localStorage.getItem(THEME_KEY);
      return value === "light" || value === "dark" ? value : "system";
    } catch (error) {
      return "system";
    }
  }

  function storeTheme(value) {
    try {
      if (value === "system") window.localStorage.removeItem(THEME_KEY);
      else window.localStorage.setItem(THEME_KEY, value);
    } catch (error) {
      /* storage unavailable (file://, privacy settings): the choice lasts this page */
    }
  }

  function applyTheme(value) {
    if (value === "light" || value === "dark") root.setAttribute("data-theme", value);
    else root.removeAttribute("data-theme");
    var buttons = document.querySelectorAll(".theme-switch button");
    for (var i = 0; i < buttons.length; i += 1) {
      var pressed = buttons[i].getAttribute("data-theme-value") === value;
      buttons[i].setAttribute("aria-pressed", pressed ? "true" : "false");
    }
  }

  applyTheme(readTheme());

  function addThemeSwitch() {
    var header = document.querySelector(".site-header");
    if (!header || header.querySelector(".theme-switch")) return;
    var group = document.createElement("div");
    group.className = "theme-switch";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Colour theme");
    THEMES.forEach(function (theme) {
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-theme-value", theme[0]);
      button.textContent = theme[1];
      button.addEventListener("click", function () {
        storeTheme(theme[0]);
        applyTheme(theme[0]);
      });
      group.appendChild(button);
    });
    header.appendChild(group);
    applyTheme(readTheme());
    window.addEventListener("storage", function (event) {
      if (event.key === THEME_KEY || event.key === null) applyTheme(readTheme());
    });
  }

  // ------------------------------------------------------------ spotlight

  var spotButtons = [];
  var current = null;
  var status = null;
  var bar = null;

  function speakerName(id) {
    var items = document.querySelectorAll(".legend-item[data-entity]");
    for (var i = 0; i < items.length; i += 1) {
      var link = items[i].querySelector("a");
      if (items[i].getAttribute("data-entity") === id && link) return link.textContent;
    }
    return id;
  }

  function attributionsOf(id) {
    var ids = Object.create(null);
    var count = 0;
    var pieces = document.querySelectorAll(
      ".article .an-content[data-entity], .article .an-source[data-entity]"
    );
    for (var i = 0; i < pieces.length; i += 1) {
      var an = pieces[i].getAttribute("data-an");
      if (pieces[i].getAttribute("data-entity") === id && ids[an] !== true) {
        ids[an] = true;
        count += 1;
      }
    }
    return { ids: ids, count: count };
  }

  function markPieces(id) {
    var lit = id === null ? { ids: Object.create(null), count: 0 } : attributionsOf(id);
    var pieces = document.querySelectorAll(".article .an[data-an]:not(.an-region)");
    for (var i = 0; i < pieces.length; i += 1) {
      var node = pieces[i];
      var an = node.getAttribute("data-an");
      var on = id !== null && (lit.ids[an] === true || node.getAttribute("data-entity") === id);
      var inLit = Boolean(node.parentElement && node.parentElement.closest(".an-lit"));
      node.classList.toggle("an-lit", on);
      node.classList.toggle("an-dim", id !== null && !on && !inLit);
    }
    var notes = document.querySelectorAll(".an-note, .legend-item");
    for (var j = 0; j < notes.length; j += 1) {
      notes[j].classList.toggle("an-lit", id !== null && notes[j].getAttribute("data-entity") === id);
    }
    return lit.count;
  }

  function spotlight(id) {
    current = id;
    var count = markPieces(id);
    root.classList.toggle("an-spotlight", id !== null);
    for (var i = 0; i < spotButtons.length; i += 1) {
      var pressed = spotButtons[i].getAttribute("data-for") === (id === null ? "" : id);
      spotButtons[i].setAttribute("aria-pressed", pressed ? "true" : "false");
    }
    var text = "Showing every speaker.";
    if (id !== null) {
      text = "Spotlight on " + speakerName(id) + ": " + count;
      text += count === 1 ? " attribution." : " attributions.";
    }
    if (status) status.textContent = text;
    if (bar) {
      bar.hidden = id === null;
      bar.firstChild.textContent = text;
    }
  }

  function spotButton(id, text, name) {
    var button = actionButton(text, name, function () {
      spotlight(id === "" || current === id ? null : id);
    });
    button.setAttribute("data-for", id);
    button.setAttribute("aria-pressed", "false");
    spotButtons.push(button);
    return button;
  }

  function actionButton(text, name, action) {
    var button = document.createElement("button");
    var label = document.createElement("span");
    button.type = "button";
    button.className = "an-spot";
    button.appendChild(document.createTextNode(text));
    if (name) {
      label.className = "vh";
      label.textContent = " " + name;
      button.appendChild(label);
    }
    button.addEventListener("click", action);
    return button;
  }

  function addSpotlight() {
    var items = document.querySelectorAll(".legend-item[data-entity]");
    if (items.length === 0) return;
    for (var i = 0; i < items.length; i += 1) {
      var id = items[i].getAttribute("data-entity");
      var link = items[i].querySelector("a");
      items[i].appendChild(spotButton(id, "Spotlight", link ? link.textContent : id));
    }
    var all = document.createElement("p");
    all.className = "an-spot-all";
    all.appendChild(spotButton("", "All speakers", ""));
    items[0].parentNode.parentNode.insertBefore(all, items[0].parentNode.nextSibling);
    status = document.createElement("p");
    status.className = "vh";
    status.setAttribute("role", "status");
    all.parentNode.insertBefore(status, all.nextSibling);
    bar = document.createElement("div");
    bar.className = "an-spot-bar";
    bar.hidden = true;
    bar.appendChild(document.createElement("p"));
    bar.appendChild(actionButton("Show all speakers", "", function () {
      spotlight(null);
    }));
    (document.querySelector("main") || document.body).appendChild(bar);
    spotlight(null);
    if (status) status.textContent = "";
  }

  // ------------------------------------------------------------ notes

  var pop = null;
  var open = null; // { ref: the a.an-ref, pinned: opened by a click }
  var timer = 0;
  var refocusing = false;

  function matches(query) {
    return Boolean(window.matchMedia && window.matchMedia(query).matches);
  }

  function noteOf(ref) {
    var href = ref.getAttribute("href") || "";
    if (href.charAt(0) !== "#") return null;
    var note = document.getElementById(href.slice(1));
    return note && note.classList.contains("an-note") ? note : null;
  }

  function refOf(an) {
    var refs = document.querySelectorAll(".article a.an-ref");
    for (var i = 0; i < refs.length; i += 1) {
      if (refs[i].getAttribute("href") === "#an-note-" + an) return refs[i];
    }
    return null;
  }

  function fill(note, ref) {
    while (pop.firstChild) pop.removeChild(pop.firstChild);
    var body = document.createElement("div");
    body.className = "an-pop-body";
    for (var i = 0; i < note.childNodes.length; i += 1) body.appendChild(note.childNodes[i].cloneNode(true));
    var quote = body.querySelector(".an-note-quote");
    if (quote) body.removeChild(quote);
    var back = body.querySelectorAll(".an-back");
    for (var j = 0; j < back.length; j += 1) {
      var gone = back[j].parentNode.tagName === "P" ? back[j].parentNode : back[j];
      gone.parentNode.removeChild(gone);
    }
    var named = body.querySelectorAll("[id]");
    for (var k = 0; k < named.length; k += 1) named[k].removeAttribute("id");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "an-pop-close";
    var cross = document.createElement("span");
    var label = document.createElement("span");
    cross.setAttribute("aria-hidden", "true");
    cross.textContent = "×";
    label.className = "vh";
    label.textContent = "Close note";
    close.appendChild(cross);
    close.appendChild(label);
    close.addEventListener("click", function () {
      hide(true);
    });
    var foot = document.createElement("p");
    var link = document.createElement("a");
    foot.className = "an-pop-foot";
    link.href = "#" + note.id;
    link.textContent = "In the list of attributions";
    foot.appendChild(link);
    pop.appendChild(close);
    pop.appendChild(body);
    pop.appendChild(foot);
    pop.setAttribute("aria-label", ref.getAttribute("aria-label") || "Note");
    if (note.hasAttribute("data-entity")) pop.setAttribute("data-entity", note.getAttribute("data-entity"));
    else pop.removeAttribute("data-entity");
  }

  function blockOf(ref) {
    var node = ref;
    var stops = ".article-body, .article-header, .standfirst, .caption, .article, main";
    while (node.parentElement && !node.parentElement.matches(stops)) {
      node = node.parentNode;
    }
    return node;
  }

  function place(ref, at) {
    var block = blockOf(ref);
    if (pop.previousSibling !== block) block.parentNode.insertBefore(pop, block.nextSibling);
    pop.hidden = false;
    if (!matches(WIDE)) {
      pop.classList.remove("an-pop-float");
      pop.style.left = "";
      pop.style.top = "";
      return;
    }
    pop.classList.add("an-pop-float");
    var box = pop.offsetParent ? pop.offsetParent.getBoundingClientRect() : { left: 0, top: 0 };
    var line = at || ref.getBoundingClientRect();
    var width = pop.offsetWidth;
    var right = document.documentElement.clientWidth - 8 - width;
    var x = Math.max(8, Math.min((line.left + line.right) / 2 - width / 2, right));
    pop.style.left = Math.round(x - box.left) + "px";
    pop.style.top = Math.round(line.bottom - box.top + 6) + "px";
  }

  function show(ref, pinned, at) {
    var note = noteOf(ref);
    if (!note) return;
    if (open && open.ref !== ref) hide(false);
    if (!open) fill(note, ref);
    place(ref, at);
    ref.setAttribute("aria-expanded", "true");
    open = { ref: ref, pinned: pinned };
  }

  function hide(refocus) {
    window.clearTimeout(timer);
    if (!open) return;
    var ref = open.ref;
    open = null;
    pop.hidden = true;
    ref.setAttribute("aria-expanded", "false");
    if (refocus) {
      refocusing = true;
      ref.focus();
      refocusing = false;
    }
  }

  function lineAt(piece, event) {
    var rects = piece.getClientRects();
    for (var i = 0; i < rects.length; i += 1) {
      if (event.clientY >= rects[i].top && event.clientY <= rects[i].bottom) return rects[i];
    }
    return rects.length ? rects[0] : null;
  }

  function highlightRef(target) {
    var piece = target.closest(".article .an[data-an]");
    while (piece) {
      var ref = refOf(piece.getAttribute("data-an"));
      if (ref) return { ref: ref, piece: piece };
      piece = piece.parentElement ? piece.parentElement.closest(".article .an[data-an]") : null;
    }
    return null;
  }

  function nothingSelected() {
    var selection = window.getSelection ? window.getSelection() : null;
    return !selection || selection.isCollapsed;
  }

  function onClick(event) {
    var target = event.target;
    if (!(target instanceof Element) || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var ref = target.closest(".article a.an-ref");
    if (ref && noteOf(ref)) {
      event.preventDefault();
      if (open && open.ref === ref && open.pinned) hide(false);
      else show(ref, true, null);
      return;
    }
    if (pop.contains(target)) {
      if (target.closest("a")) hide(false);
      return;
    }
    var hit = target.closest("a, button") ? null : highlightRef(target);
    if (hit && nothingSelected()) {
      show(hit.ref, true, lineAt(hit.piece, event));
      return;
    }
    if (open) hide(false);
  }

  function onOver(event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (pop.contains(target)) {
      window.clearTimeout(timer);
      return;
    }
    var ref = target.closest(".article a.an-ref");
    if (!ref || !matches(WIDE) || !matches(HOVER) || (open && open.pinned)) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      if (!open || !open.pinned) show(ref, false, null);
    }, 150);
  }

  function onOut(event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (!target.closest(".article a.an-ref") && !pop.contains(target)) return;
    window.clearTimeout(timer);
    if (open && !open.pinned) {
      timer = window.setTimeout(function () {
        if (open && !open.pinned) hide(false);
      }, 300);
    }
  }

  function onFocusIn(event) {
    var target = event.target;
    if (refocusing || !(target instanceof Element) || !matches(WIDE) || (open && open.pinned)) return;
    var ref = target.closest(".article a.an-ref");
    if (ref && noteOf(ref)) show(ref, false, null);
  }

  function onFocusOut(event) {
    var next = event.relatedTarget;
    if (!open || open.pinned || event.target !== open.ref) return;
    if (next instanceof Node && pop.contains(next)) return;
    hide(false);
  }

  function addNotes() {
    var article = document.querySelector(".article");
    var refs = document.querySelectorAll(".article a.an-ref");
    var usable = 0;
    for (var i = 0; i < refs.length; i += 1) {
      if (!noteOf(refs[i])) continue;
      refs[i].setAttribute("aria-expanded", "false");
      refs[i].setAttribute("aria-controls", POP_ID);
      usable += 1;
    }
    if (!article || usable === 0) return;
    pop = document.createElement("div");
    pop.id = POP_ID;
    pop.className = "an-pop";
    pop.hidden = true;
    pop.setAttribute("role", "group");
    pop.setAttribute("lang", root.getAttribute("lang") || "");
    pop.setAttribute("dir", root.getAttribute("dir") || "ltr");
    article.appendChild(pop);
    root.classList.add("an-notes-js");
    document.addEventListener("click", onClick);
    document.addEventListener("mouseover", onOver);
    document.addEventListener("mouseout", onOut);
    document.addEventListener("focusin", onFocusIn);
    document.addEventListener("focusout", onFocusOut);
    window.addEventListener("resize", function () {
      if (open) place(open.ref, null);
    });
  }

  // ------------------------------------------------------------ link targets

  function outlineTarget() {
    var old = document.querySelectorAll(".an-targeted");
    for (var i = 0; i < old.length; i += 1) old[i].classList.remove("an-targeted");
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return;
    }
    var target = id ? document.getElementById(id) : null;
    var an = target && target.classList.contains("an") ? target.getAttribute("data-an") : null;
    if (an === null) return;
    var pieces = document.querySelectorAll(".article-body [data-an], .article-header [data-an]");
    for (var j = 0; j < pieces.length; j += 1) {
      if (pieces[j].getAttribute("data-an") === an) pieces[j].classList.add("an-targeted");
    }
  }

  function onKey(event) {
    if (event.key !== "Escape") return;
    if (open) {
      var active = document.activeElement;
      hide(active === open.ref || (active instanceof Node && pop.contains(active)));
    } else if (current !== null) {
      spotlight(null);
    }
  }

  function start() {
    addThemeSwitch();
    addSpotlight();
    addNotes();
    document.addEventListener("keydown", onKey);
    window.addEventListener("hashchange", outlineTarget);
    outlineTarget();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
