/*
 * Claims like the words typed into a new row of an article's appearances, shown under the
 * field as the researcher types: the claim with the shared words marked, its level, score
 * and reasons, and a button that logs the row's words as an appearance of that claim.
 *
 * Progressive: without this script the page works as before, and its "Find similar claims"
 * form shows the same suggestions as a page. The "Attach" buttons submit the page's
 * #similar-attach form (a normal POST with its CSRF token), which lives outside the change
 * form; the row's words, position, date and language are copied into it on click.
 */
(function () {
  "use strict";

  var panel = document.getElementById("similar-claims");
  var attachForm = document.getElementById("similar-attach");
  if (!panel || !attachForm || !window.fetch) {
    return;
  }
  var endpoint = panel.getAttribute("data-endpoint");
  // Fewer requests while the researcher is still typing; soon enough to follow them.
  var WAIT_MS = 350;
  var TYPED = /^(.*)-(quote|new_claim_text)$/;
  var pending = new WeakMap();

  function newRowOf(field) {
    var row = field.closest(".inline-related");
    if (!row || row.classList.contains("empty-form")) {
      return null;
    }
    var id = row.querySelector('input[name$="-id"]');
    return id && id.value ? null : row;
  }

  function rowField(prefix, name) {
    return document.querySelector('[name="' + prefix + "-" + name + '"]');
  }

  function regionFor(field) {
    var id = field.id + "-similar";
    var region = document.getElementById(id);
    if (!region) {
      region = document.createElement("div");
      region.id = id;
      region.className = "similar-suggestions";
      region.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", region);
    }
    return region;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function copyRowInto(prefix) {
    ["quote", "position", "made_on", "language"].forEach(function (name) {
      var from = rowField(prefix, name);
      attachForm.elements[name].value = from ? from.value : "";
    });
  }

  function suggestion(found, prefix, index, region) {
    var item = element("li", "similar-suggestion similar-" + found.level);
    var title = element("p", "similar-claim");
    title.id = region.id + "-claim-" + index;
    var link = element("a");
    link.href = found.claim.admin_url;
    found.pieces.forEach(function (piece) {
      link.appendChild(
        piece.shared ? element("mark", "", piece.text) : document.createTextNode(piece.text)
      );
    });
    title.appendChild(link);
    item.appendChild(title);
    var level = found.level === "same" ? "Likely the same claim" : "Related";
    item.appendChild(
      element(
        "p",
        "similar-facts",
        level + ", score " + found.score.toFixed(2) + " · " + found.claim.claimant +
          " · " + found.claim.status
      )
    );
    var reasons = element("ul", "similar-reasons");
    found.reasons.forEach(function (reason) {
      reasons.appendChild(element("li", "", reason.message));
    });
    item.appendChild(reasons);
    var attach = element("button", "", "Attach as an appearance of this claim");
    attach.type = "submit";
    attach.name = "claim";
    attach.value = String(found.claim.id);
    attach.setAttribute("form", "similar-attach");
    attach.setAttribute("aria-describedby", title.id);
    attach.addEventListener("click", function () {
      copyRowInto(prefix);
    });
    item.appendChild(attach);
    return item;
  }

  function show(region, prefix, body) {
    region.replaceChildren();
    if (!body.results.length) {
      region.appendChild(element("p", "similar-note", "No claim logged yet is like these words."));
    } else {
      region.appendChild(element("p", "similar-title", "Claims like these words:"));
      var list = element("ul");
      body.results.forEach(function (found, index) {
        list.appendChild(suggestion(found, prefix, index, region));
      });
      region.appendChild(list);
    }
    if (!body.semantic.used) {
      region.appendChild(
        element(
          "p",
          "similar-note",
          "Matched by wording, claimant and figures only: " + body.semantic.reason
        )
      );
    }
  }

  function ask(field, prefix) {
    var region = regionFor(field);
    var previous = pending.get(field);
    if (previous && previous.controller) {
      previous.controller.abort();
    }
    var controller = new AbortController();
    pending.set(field, { controller: controller });
    var query = new URLSearchParams({ text: field.value });
    var claimant = rowField(prefix, "new_claim_claimant");
    if (claimant && claimant.value) {
      query.set("claimant", claimant.value);
    }
    fetch(endpoint + "?" + query.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: controller.signal,
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (answer) {
        if (answer.ok) {
          show(region, prefix, answer.body);
        } else if (answer.body.code === "text_too_long") {
          region.replaceChildren(element("p", "similar-note", answer.body.message));
        } else {
          // Too little typed yet (no words, or none that count): nothing to suggest.
          region.replaceChildren();
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          region.replaceChildren(
            element("p", "similar-note", "Suggestions are not available just now.")
          );
        }
      });
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    var typed = field instanceof HTMLTextAreaElement ? TYPED.exec(field.name) : null;
    if (!typed || !newRowOf(field)) {
      return;
    }
    var previous = pending.get(field);
    if (previous && previous.timer) {
      clearTimeout(previous.timer);
    }
    var timer = setTimeout(function () {
      ask(field, typed[1]);
    }, WAIT_MS);
    pending.set(field, { timer: timer, controller: previous && previous.controller });
  });
})();
