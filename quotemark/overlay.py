"""The script ``serve`` adds to every page it serves: live reload, and a failed build's problems.

One classic script, ``/__quotemark__/preview.js``, generated on each request: it loads
livereload's client (which reloads the page after every build) and, while the last build
has failed, shows that build's diagnostics in a fixed panel over the last good site.
The diagnostics travel as a JSON array and reach the page through ``textContent`` only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

PATH = "/__quotemark__/preview.js"
TAG = f'<script src="{PATH}"></script>'.encode()
OVERLAY_ID = "quotemark-overlay"
MAX_LINES = 200

SCRIPT = """\
(function () {
  "use strict";
  var problems = __PROBLEMS__;
  var port = window.location.port || (window.location.protocol === "https:" ? "443" : "80");
  var live = document.createElement("script");
  live.src = "/livereload.js?port=" + port;
  document.head.appendChild(live);
  if (!problems.length) {
    return;
  }
  function show() {
    var box = document.createElement("section");
    box.id = "__OVERLAY_ID__";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;" +
      "max-height:60vh;overflow:auto;margin:0;padding:12px 16px;background:#3b0d0c;" +
      "color:#fff;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;" +
      "box-shadow:0 2px 12px rgba(0,0,0,.5);text-align:left";
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 8px;font-weight:bold";
    title.textContent = "The build failed; this is the last good site. " +
      "Fix these problems and save (the page reloads):";
    var hide = document.createElement("button");
    hide.type = "button";
    hide.textContent = "Hide";
    hide.style.cssText = "float:right;margin-left:12px;font:inherit";
    hide.addEventListener("click", function () { box.remove(); });
    var list = document.createElement("pre");
    list.style.cssText = "margin:0;white-space:pre-wrap;font:inherit;color:inherit";
    list.textContent = problems.join("\\n");
    box.append(hide, title, list);
    document.body.appendChild(box);
  }
  if (document.body) {
    show();
  } else {
    document.addEventListener("DOMContentLoaded", show);
  }
})();
"""


def preview_script(problems: Sequence[str]) -> bytes:
    """The page script for the current state: no problems after a good build."""
    shown = list(problems[:MAX_LINES])
    if len(problems) > MAX_LINES:
        shown.append(f"… and {len(problems) - MAX_LINES} more (see the terminal)")
    data = json.dumps(shown, ensure_ascii=True).replace("<", "\\u003c")
    return SCRIPT.replace("__OVERLAY_ID__", OVERLAY_ID).replace("__PROBLEMS__", data).encode()
