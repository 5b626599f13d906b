/* quotemark: optional enhancements. Every page reads completely without this file.
 *
 * 1. Spotlight: each speaker in an article's legend gets a button; pressing it lights
 *    up that speaker's highlights and notes and quiets the others (Escape clears).
 * 2. A link to a highlight outlines every piece of it, not only the first.
 * Classic script: no modules, fetch or workers, so it runs from file://.
 */
(function () {
  "use strict";

  var buttons = [];
  var current = null;

  function eachEntity(fn) {
    var nodes = document.querySelectorAll("main [data-entity]");
    for (var i = 0; i < nodes.length; i += 1) fn(nodes[i], nodes[i].getAttribute("data-entity"));
  }

  function spotlight(id) {
    current = id;
    eachEntity(function (node, entity) {
      node.classList.toggle("an-lit", id !== null && entity === id);
    });
    document.body.classList.toggle("an-spotlight", id !== null);
    for (var i = 0; i < buttons.length; i += 1) {
      var pressed = buttons[i].getAttribute("data-for") === id;
      buttons[i].setAttribute("aria-pressed", pressed ? "true" : "false");
    }
  }

  function addButton(item) {
    var id = item.getAttribute("data-entity");
    var link = item.querySelector("a");
    var button = document.createElement("button");
    var label = document.createElement("span");
    button.type = "button";
    button.className = "an-spot";
    button.setAttribute("data-for", id);
    button.setAttribute("aria-pressed", "false");
    button.appendChild(document.createTextNode("Spotlight"));
    label.className = "vh";
    label.textContent = " " + (link ? link.textContent : id);
    button.appendChild(label);
    button.addEventListener("click", function () {
      spotlight(current === id ? null : id);
    });
    item.appendChild(button);
    buttons.push(button);
  }

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
    var pieces = document.querySelectorAll(".article-body [data-an]");
    for (var j = 0; j < pieces.length; j += 1) {
      if (pieces[j].getAttribute("data-an") === an) pieces[j].classList.add("an-targeted");
    }
  }

  function start() {
    var items = document.querySelectorAll(".legend-item[data-entity]");
    for (var i = 0; i < items.length; i += 1) addButton(items[i]);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && current !== null) spotlight(null);
    });
    window.addEventListener("hashchange", outlineTarget);
    outlineTarget();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
