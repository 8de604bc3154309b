// Dateline review: the events table. Reads the JSON block of the page and renders rows with textContent
// only (no HTML is ever built from data). No network access, no other script.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const PAGE = 100;
  const $ = (id) => document.getElementById(id);
  const rows = data.events.map((e, i) => {
    const article = data.articles[e.a];
    e.i = i;
    e.href = article.h + "#" + e.k;
    e.title = article.t || "(untitled)";
    e.outlet = article.o || "";
    e.hay = [e.ty, e.src, e.tgt, e.tr, e.dt, e.mo, e.title, e.outlet, e.cc.join(" "), (e.os || []).join(" ")]
      .join("\n").toLowerCase();
    return e;
  });
  const state = { type: "", country: "", from: "", to: "", text: "", sort: "date", dir: 1, page: 0 };
  let shown = rows;

  const keys = {
    date: (e) => (e.ds ? e.ds + e.de : "~"), // undated last
    type: (e) => e.ty,
    src: (e) => (e.src + " → " + e.tgt).toLowerCase(),
    mo: (e) => e.mo,
    cf: (e) => e.cf,
    article: (e) => e.title.toLowerCase(),
  };

  function matches(e) {
    if (state.type && e.ty !== state.type) return false;
    if (state.country && e.cc.indexOf(state.country) < 0) return false;
    if ((state.from || state.to) && !e.ds) return false;
    if (state.from && e.de < state.from) return false;
    if (state.to && e.ds > state.to) return false;
    if (state.text && e.hay.indexOf(state.text) < 0) return false;
    return true;
  }

  function apply() {
    const key = keys[state.sort];
    shown = rows.filter(matches);
    shown.sort((a, b) => {
      const x = key(a), y = key(b);
      return (x < y ? -1 : x > y ? 1 : a.i - b.i) * (x === y ? 1 : state.dir);
    });
    state.page = Math.min(state.page, Math.max(0, Math.ceil(shown.length / PAGE) - 1));
    render();
  }

  function cell(tr, text, cls) {
    const td = document.createElement("td");
    if (text !== undefined) td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }

  function small(parent, text, cls) {
    const span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    parent.appendChild(document.createElement("br"));
    parent.appendChild(span);
  }

  function render() {
    const body = $("rows");
    const fragment = document.createDocumentFragment();
    const first = state.page * PAGE;
    for (const e of shown.slice(first, first + PAGE)) {
      const tr = document.createElement("tr");
      const date = cell(tr, e.ds ? (e.de && e.de !== e.ds ? e.ds + " – " + e.de : e.ds) : "undated");
      if (e.g && e.g !== "day") small(date, e.g, "gran");
      if (e.dt) small(date, "“" + e.dt + "”", "gran");
      const type = cell(tr);
      const chip = document.createElement("span");
      chip.className = "chip ty-" + Number(e.ti);
      chip.textContent = e.ty;
      type.appendChild(chip);
      small(type, e.tr, "gran");
      cell(tr, (e.src || "—") + " → " + (e.tgt || "—"));
      cell(tr, e.mo);
      cell(tr, e.cf.toFixed(2));
      const article = cell(tr);
      const link = document.createElement("a");
      link.href = e.href;
      link.textContent = e.title;
      article.appendChild(link);
      if (e.outlet) small(article, e.outlet, "outlet");
      if (e.n > 1) small(article, "reported by " + e.n + " articles" + (e.os.length ? ": " + e.os.join(", ") : ""), "outlet");
      fragment.appendChild(tr);
    }
    body.replaceChildren(fragment);
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    const unit = data.unit || "events";
    $("shown").textContent = shown.length === rows.length
      ? rows.length + " " + unit
      : shown.length + " of " + rows.length + " " + unit + " match";
    $("page-info").textContent = "page " + (state.page + 1) + " of " + pages;
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page >= pages - 1;
    for (const button of document.querySelectorAll(".type-counts button")) {
      button.setAttribute("aria-pressed", String(button.dataset.type === state.type));
    }
    for (const bar of document.querySelectorAll("#timeline g.bar")) {
      bar.classList.toggle("selected", bar.dataset.from === state.from && bar.dataset.to === state.to);
    }
    document.body.dataset.shown = String(shown.length);
  }

  function readControls() {
    state.type = $("f-type").value;
    state.country = $("f-country").value;
    state.from = $("f-from").value;
    state.to = $("f-to").value;
    state.text = $("f-text").value.trim().toLowerCase();
    state.page = 0;
    apply();
  }

  function setControls(values) {
    for (const [id, value] of Object.entries(values)) $(id).value = value;
    readControls();
  }

  for (const id of ["f-type", "f-country", "f-from", "f-to"]) $(id).addEventListener("change", readControls);
  $("f-text").addEventListener("input", readControls);
  $("f-clear").addEventListener("click", () =>
    setControls({ "f-type": "", "f-country": "", "f-from": "", "f-to": "", "f-text": "" }));
  $("prev").addEventListener("click", () => { state.page -= 1; render(); });
  $("next").addEventListener("click", () => { state.page += 1; render(); });
  for (const button of document.querySelectorAll(".type-counts button")) {
    button.addEventListener("click", () =>
      setControls({ "f-type": state.type === button.dataset.type ? "" : button.dataset.type }));
  }
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    th.addEventListener("click", () => {
      state.dir = state.sort === th.dataset.sort ? -state.dir : 1;
      state.sort = th.dataset.sort;
      for (const other of document.querySelectorAll("#events th[data-sort]")) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      apply();
    });
  }
  const timeline = $("timeline");
  if (timeline) {
    const pick = (bar) => {
      const again = state.from === bar.dataset.from && state.to === bar.dataset.to;
      setControls({ "f-from": again ? "" : bar.dataset.from, "f-to": again ? "" : bar.dataset.to });
    };
    timeline.addEventListener("click", (event) => {
      const bar = event.target.closest("g.bar");
      if (bar) pick(bar);
    });
    timeline.addEventListener("keydown", (event) => {
      const bar = event.target.closest("g.bar");
      if (bar && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); pick(bar); }
    });
  }
  apply();
  performance.mark("review-ready"); // for bench/review.py: navigation to the first page of rows
  document.body.dataset.ready = "1";
})();
