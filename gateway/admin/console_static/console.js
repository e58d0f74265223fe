// aigw operator console. Plain JS, no dependencies, no network beyond this admin plane.
// Every number comes from /admin/* with the bearer token kept in sessionStorage only.
"use strict";

(function () {
  const TOKEN_KEY = "aigw.adminToken";
  const REFRESH_MS = 5000;
  const $ = (sel) => document.querySelector(sel);
  let timer = null;
  let busy = false;
  const expanded = new Set(); // audit rows (seq) the operator opened: kept open across refreshes
  let lastAudit = null;

  // --- helpers ---------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return node;
  }

  function num(x, digits) {
    if (x === null || x === undefined) return "–";
    if (typeof x !== "number") return String(x);
    if (Number.isInteger(x)) return String(x);
    return x.toFixed(digits === undefined ? 2 : digits);
  }
  function pct(x) { return x === null || x === undefined ? "–" : (x * 100).toFixed(2) + "%"; }
  function when(ts) {
    if (!ts) return "–";
    return new Date(ts * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  }
  function setRows(tbody, rows, cols) {
    tbody.replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: cols, class: "muted", text: "none" }))]));
  }

  class AuthError extends Error {}

  async function api(method, path, body) {
    const token = sessionStorage.getItem(TOKEN_KEY) || "";
    const init = { method, headers: { Authorization: "Bearer " + token, "x-aigw-actor": "console" }, cache: "no-store" };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const resp = await fetch(path, init);
    if (resp.status === 401) throw new AuthError("invalid admin token");
    let doc = {};
    try { doc = await resp.json(); } catch (e) { doc = {}; }
    if (!resp.ok) throw new Error((doc.error && (doc.error.message || doc.error)) || "HTTP " + resp.status);
    return doc;
  }

  // --- inline SVG sparkline ----------------------------------------------------------------

  const SVGNS = "http://www.w3.org/2000/svg";
  function spark(seriesList, opts) {
    const w = (opts && opts.width) || 140, h = (opts && opts.height) || 32;
    const svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
    svg.setAttribute("class", "spark");
    const all = seriesList.flatMap((s) => s.values.filter((v) => v !== null && v !== undefined));
    if (!all.length) {
      const t = document.createElementNS(SVGNS, "text");
      t.setAttribute("x", 4); t.setAttribute("y", h / 2 + 4); t.setAttribute("class", "spark-empty");
      t.textContent = "no data yet";
      svg.appendChild(t);
      return svg;
    }
    const max = Math.max(...all, 1e-9);
    const title = document.createElementNS(SVGNS, "title");
    title.textContent = seriesList.map((s) => `${s.name}: last ${num(lastOf(s.values), 3)}, max ${num(Math.max(...s.values.filter((v) => v !== null && v !== undefined), 0), 3)}`).join("\n");
    svg.appendChild(title);
    seriesList.forEach((s, i) => {
      const n = s.values.length;
      let d = "";
      s.values.forEach((v, j) => {
        if (v === null || v === undefined) return;
        const x = n > 1 ? (j / (n - 1)) * (w - 2) + 1 : w / 2;
        const y = h - 2 - (v / max) * (h - 4);
        d += (d ? " L" : "M") + x.toFixed(1) + " " + y.toFixed(1);
      });
      if (!d) return;
      const p = document.createElementNS(SVGNS, "path");
      // a lone point gets a visible tick
      p.setAttribute("d", d.includes("L") ? d : d + " l 0.1 0");
      p.setAttribute("class", "line line" + i);
      svg.appendChild(p);
    });
    return svg;
  }
  function lastOf(values) {
    for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null && values[i] !== undefined) return values[i];
    return null;
  }

  // --- panels --------------------------------------------------------------------------------

  function renderRoutes(routesDoc, overview) {
    $("#routes-version").textContent = "config " + routesDoc.config_version;
    const ups = Object.fromEntries((overview.upstreams || []).map((u) => [u.name, u]));
    const extra = Object.fromEntries((overview.routes || []).map((r) => [r.name, r]));
    const rows = routesDoc.routes.map((r) => {
      const x = extra[r.name] || {};
      const names = [r.upstream, x.canary, x.shadow].filter(Boolean);
      const empty = (v) => v === null || v === false || (Array.isArray(v) && !v.length) || (typeof v === "object" && !Array.isArray(v) && !Object.keys(v).length);
      const match = Object.entries(r.match).filter(([, v]) => !empty(v))
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : v}`);
      const filters = [
        ...r.filters.map((f) => el("li", { class: "mode-" + f.mode }, `${f.name} (${f.type}, ${f.mode})`)),
        ...r.response_filters.map((f) => el("li", { class: "mode-" + f.mode }, `↩ ${f.name} (${f.type}, ${f.mode})`)),
      ];
      const s = r.split || {};
      const mism = x.model_mismatches || {};
      return el("tr", { "data-route": r.name },
        el("td", { class: "strong", text: r.name }),
        el("td", {}, el("ul", { class: "plain" }, match.map((m) => el("li", { text: m })))),
        el("td", {}, filters.length ? el("ol", { class: "plain" }, filters) : el("span", { class: "muted", text: "none" })),
        el("td", {}, el("ul", { class: "plain" }, names.map((n, i) => el("li", {},
          el("span", { class: "tag", text: ["baseline", "canary", "shadow"][i] || "" }), " ", n,
          ups[n] ? el("span", { class: "muted small", text: " " + ups[n].url }) : null)))),
        el("td", { class: "split" },
          el("span", { class: "split-baseline", text: num(s.baseline) + "%" }), " / ",
          // only a route with a canary upstream has a canary share worth highlighting
          x.canary ? el("span", { class: "split-canary", text: num(s.canary) + "%" })
            : el("span", { class: "split-none", title: "no canary on this route", text: "–" }), " / ",
          el("span", { class: "split-shadow", text: num(s.shadow_percent) + "%" })),
        el("td", {}, el("ul", { class: "plain" }, names.map((n) => el("li", { text: `${n}: ${(ups[n] && ups[n].expect_model) || "–"} / ${(ups[n] && ups[n].observed_model) || "–"}` })))),
        el("td", {}, Object.keys(mism).length
          ? el("ul", { class: "plain" }, Object.entries(mism).map(([u, c]) => el("li", { class: c ? "warn" : "", text: `${u}: ${c}` })))
          : el("span", { class: "muted", text: "0" })),
      );
    });
    setRows($("#routes-table tbody"), rows, 7);
  }

  async function act(route, action) {
    let body;
    let question = `${action} the rollout of route "${route}"?`;
    if (action === "weight") {
      const v = window.prompt(`Canary weight for route "${route}" (0..100). The rollout pauses at that weight.`, "");
      if (v === null || v.trim() === "") return;
      const w = parseWeight(v);
      if (w === null) {
        showAction(`weight ${route}: "${v.trim()}" is not a percent from 0 to 100`, true);
        return;
      }
      body = { weight: w };
      question = `Set the canary weight of route "${route}" to ${w}%?`;
    }
    if (!window.confirm(question)) return;
    try {
      await api("POST", `/admin/rollouts/${encodeURIComponent(route)}/${action}`, body);
      showAction(`${action} ${route}: done`);
    } catch (e) {
      if (e instanceof AuthError) return logout(e.message);
      showAction(`${action} ${route}: ${e.message}`, true);
    }
    refresh();
  }

  // A number from 0 to 100 ("12.5", " 40 "), else null: Number("") is 0 and Number("1e2") is
  // 100, so only plain decimals are accepted.
  function parseWeight(text) {
    const t = text.trim();
    if (!/^\d+(\.\d+)?$/.test(t)) return null;
    const w = Number(t);
    return w >= 0 && w <= 100 ? w : null;
  }

  // The outcome of an operator's action stays until dismissed or replaced by the next one: the
  // status line is repainted by every 5 s refresh and would hide an error within a moment.
  function showAction(msg, bad) {
    $("#action-text").textContent = msg;
    $("#action-msg").className = "action-msg" + (bad ? " bad" : "");
  }

  function renderRollouts(doc) {
    const box = $("#rollouts-list");
    if (!doc.rollouts.length) {
      box.replaceChildren(el("p", { class: "muted", text: "No route has a canary." }));
      return;
    }
    box.replaceChildren(...doc.rollouts.map((r) => {
      const gates = (r.gates && r.gates.gates) || [];
      const last = r.last_decision;
      const steps = r.steps || [];
      return el("div", { class: "rollout state-" + r.state, "data-route": r.route },
        el("div", { class: "rollout-head" },
          el("h3", {}, r.route, " ", el("span", { class: "badge state", text: r.state })),
          el("div", { class: "actions" },
            ["pause", "resume", "promote", "rollback"].map((a) => el("button", {
              type: "button", class: "act act-" + a + (a === "rollback" ? " danger" : ""), "data-action": a,
              onclick: () => act(r.route, a), text: a,
            })),
            el("button", { type: "button", class: "act act-weight", "data-action": "weight", onclick: () => act(r.route, "weight"), text: "set weight…" }))),
        el("p", {},
          "weights: baseline ", el("strong", { class: "w-baseline", text: num(r.weights.baseline) + "%" }),
          ` (${r.baseline_upstream}) · canary `, el("strong", { class: "w-canary", text: num(r.weights.canary) + "%" }),
          ` (${r.canary_upstream}) · step ${r.step}/${steps.length} [${steps.join(", ")}] · `,
          r.automatic ? "automatic" : "manual weight only",
          r.shadow ? ` · shadow ${r.shadow.percent}% to ${r.shadow.upstream}` : ""),
        r.fleet ? el("p", { class: "fleet small", text: `fleet: replica ${r.fleet.replica} · leader ${r.fleet.leader || "–"} · store ${r.fleet.store} · version ${r.fleet.applied_version ?? "–"} · `
          + r.fleet.replicas.map((x) => `${x.id} v${x.applied_version ?? "–"} ${num(100 * x.evidence_share)}%`).join(", ") }) : "",
        gates.length ? el("table", { class: "gates" },
          el("thead", {}, el("tr", {}, ["Gate", "Verdict", "Value", "Threshold", "Samples", "Detail"].map((t) => el("th", { text: t })))),
          el("tbody", {}, gates.map((g) => el("tr", { class: "verdict-" + g.verdict },
            el("td", { text: g.gate }), el("td", { text: g.verdict }), el("td", { text: num(g.value, 4) }),
            el("td", { text: num(g.threshold, 4) }),
            el("td", { text: Object.entries(g.samples || {}).map(([k, v]) => `${k}=${v}`).join(" ") }),
            el("td", { class: "small", text: g.detail || "" }))))) : el("p", { class: "muted", text: "no gates evaluated yet" }),
        el("p", { class: "last-decision" }, last
          ? [el("strong", { text: "last decision: " }), `${last.action} by ${last.actor} at ${when(last.at)}`,
            last.to ? ` → ${last.to.state} ${num(last.to.weight)}%` : "", el("br"), el("span", { class: "muted", text: "why: " + (last.reason || "–") })]
          : [el("span", { class: "muted", text: "no decision yet" })]),
      );
    }));
  }

  function renderSlo(doc, series) {
    const points = series.points || [];
    const rows = [];
    for (const route of doc.routes || []) {
      for (const v of route.variants || []) {
        const w = v.windows || {};
        const w1 = w["1h"] || {};
        const burn = (k) => (w[k] && w[k].burn_rate ? w[k].burn_rate.max : null);
        const alerts = v.alerts || [];
        const pts = points.map((p) => (p.slo || []).find((s) => s.route === route.route && s.variant === v.variant) || {});
        const budget = v.budget && v.budget.remaining;
        const burnCell = (k) => {
          const b = burn(k);
          return el("td", { class: b !== null && b !== undefined && b > 1 ? "hot" : "", text: num(b) });
        };
        rows.push(el("tr", { class: alerts.length ? "alerting" : "", "data-route": route.route, "data-variant": v.variant },
          el("td", { class: "strong", text: route.route }), el("td", { text: v.variant }),
          el("td", { text: num(w1.requests) }), el("td", { text: pct(w1.error_rate) }),
          el("td", { text: w1.latency_ms && w1.latency_ms.p99 != null ? num(w1.latency_ms.p99, 1) + " ms" : "–" }),
          burnCell("5m"), burnCell("1h"), burnCell("6h"), burnCell("3d"),
          el("td", { class: budget !== null && budget !== undefined && budget < 0.25 ? "hot" : "", text: budget === null || budget === undefined ? (route.slo ? "–" : "no slo") : pct(budget) }),
          el("td", {}, alerts.length ? alerts.map((a) => el("span", { class: "badge alert-" + a.severity, text: `${a.severity}: ${a.sli}` })) : el("span", { class: "muted", text: "none" })),
          el("td", {}, spark([{ name: "p50 ms", values: pts.map((p) => p.p50) }, { name: "p99 ms", values: pts.map((p) => p.p99) }])),
          el("td", {}, spark([{ name: "error rate", values: pts.map((p) => p.error_rate) }])),
          el("td", {}, spark([{ name: "ttft p50 ms", values: pts.map((p) => p.ttft_p50) }])),
        ));
      }
    }
    setRows($("#slo-table tbody"), rows, 14);
    $("#slo-note").textContent = doc.note || "";
  }

  // Golden-set validation: /admin/slo's `validation` section (gateway/validation/service.py).
  function renderValidation(doc) {
    const routes = (doc && doc.routes) || [];
    const rows = [];
    const failing = [];
    for (const route of routes) {
      const variants = new Set([...Object.keys(route.latest || {}), ...(route.variants || []).map((v) => v.variant)]);
      for (const variant of variants) {
        const q = (route.variants || []).find((v) => v.variant === variant) || { windows: {}, alerts: [] };
        const latest = (route.latest || {})[variant] || {};
        const w1 = (q.windows || {})["1h"] || {};
        const rate = latest.pass_rate;
        const hist = ((route.history || {})[variant] || []).map((p) => p[1]);
        const alerts = q.alerts || [];
        rows.push(el("tr", { class: alerts.length ? "alerting" : "", "data-route": route.route, "data-variant": variant },
          el("td", { class: "strong", text: route.route }), el("td", { text: variant }),
          el("td", { text: route.set }),
          el("td", { class: "v-rate" + (rate !== null && rate !== undefined && rate < route.min_pass_rate ? " hot" : ""), text: pct(rate) }),
          el("td", { text: pct(route.min_pass_rate) }),
          el("td", { text: pct(w1.pass_ratio) }),
          el("td", { class: w1.burn_rate > 1 ? "hot" : "", text: num(w1.burn_rate) }),
          el("td", {}, alerts.length ? alerts.map((a) => el("span", { class: "badge alert-" + a.severity, text: a.severity })) : el("span", { class: "muted", text: "none" })),
          el("td", {}, spark([{ name: "pass rate", values: hist }])),
        ));
        for (const f of ((route.failing || {})[variant] || [])) {
          failing.push(el("tr", { "data-route": route.route, "data-variant": variant, "data-case": f.id },
            el("td", { text: route.route }), el("td", { text: variant }), el("td", { class: "strong", text: f.id }),
            el("td", { text: f.verdict }), el("td", { text: f.why }),
            el("td", { class: "mono small", text: JSON.stringify(f.expected) }),
            el("td", { class: "mono small v-got", text: f.answer === null || f.answer === undefined ? "–" : f.answer }),
          ));
        }
      }
    }
    setRows($("#validation-table tbody"), rows, 9);
    setRows($("#validation-failing tbody"), failing, 7);
  }

  function renderFilters(overview, series) {
    const points = series.points || [];
    const rows = (overview.filters || []).map((f) => {
      const fmt = (d) => Object.entries(d || {}).map(([a, c]) => `${a}: ${c}`).join(", ") || "–";
      // the last hour when the console has been sampling that long, else since it started
      const win = overview.filters_window_s != null ? f.window_decisions : f.decisions;
      const enforced = win.enforce || {};
      const monitor = win.monitor || {};
      const keyPrefix = f.filter + "|";
      const trend = points.map((p, i) => {
        if (i === 0) return null;
        let d = 0;
        for (const [k, v] of Object.entries(p.filters || {})) if (k.startsWith(keyPrefix)) d += v - ((points[i - 1].filters || {})[k] || 0);
        return d;
      }).slice(1);
      return el("tr", { "data-filter": f.filter },
        el("td", { class: "strong", text: f.filter }), el("td", { text: fmt(enforced) }),
        el("td", { class: Object.keys(monitor).length ? "monitor" : "", text: fmt(monitor) }),
        el("td", { text: num(f.calls) }), el("td", { text: num(f.p50_ms, 3) }), el("td", { text: num(f.p99_ms, 3) }),
        el("td", { text: fmt(f.errors) }),
        el("td", {}, spark([{ name: "decisions / 5 s", values: trend }])));
    });
    setRows($("#filters-table tbody"), rows, 8);
    const w = overview.filters_window_s;
    $("#filters-window").textContent = w == null ? "decisions since process start"
      : w >= 3540 ? "decisions over the last hour" : `decisions over the last ${Math.max(1, Math.round(w / 60))} min (console sampling since)`;
  }

  function summary(r) {
    const d = r.data || {};
    switch (r.kind) {
      case "rollout":
        return `${d.action || ""} by ${d.actor || "?"}: ${d.from ? d.from.state + " " + d.from.weight + "%" : ""} → ${d.to ? d.to.state + " " + d.to.weight + "%" : ""}${d.reason ? " — " + d.reason : ""}`;
      case "config_change":
        return `${r.result} (${r.source}) ${r.old_version || ""} → ${r.new_version || "–"}${r.errors ? " errors: " + r.errors.join("; ") : ""}`;
      case "exchange": {
        // what the filters did (not the allows), with the reason each gave
        const acts = (r.decisions || []).filter((x) => x.action && x.action !== "allow")
          .map((x) => `${x.filter} ${x.action} ${x.reason || ""}${x.mode === "monitor" ? " (monitor)" : ""}`.trim());
        return `${(r.why || []).join(",")}${acts.length ? ": " + acts.join("; ") : ""} → ${r.status ?? ""} ${r.outcome || ""}` +
          `${r.error ? " (" + r.error + ")" : ""} ${r.request_id || ""}`;
      }
      case "alert":
        return JSON.stringify(d).slice(0, 300);
      case "startup":
        return `pid ${r.pid} aigw ${r.aigw} config ${r.config_version}`;
      default: {
        const { hash, prev, seq, ts, kind, ...rest } = r;
        return JSON.stringify(rest).slice(0, 300);
      }
    }
  }

  function renderAudit(doc, routeNames) {
    const sel = $("#audit-route");
    const have = new Set([...sel.options].map((o) => o.value));
    for (const n of routeNames) if (!have.has(n)) sel.appendChild(el("option", { value: n, text: n }));
    const badge = $("#audit-verify");
    const v = doc.verify;
    if (!doc.enabled) {
      badge.textContent = "audit log disabled"; badge.className = "badge";
    } else if (v && v.ok) {
      const age = Math.max(0, Math.round(Date.now() / 1000 - v.checked_at));
      badge.textContent = `chain verified: ${v.records} records (seq ${v.first_seq}–${v.last_seq}, ${v.alg}), checked ${age}s ago`; badge.className = "badge ok";
    } else if (v) {
      badge.textContent = "chain BROKEN: " + (v.broken ? `line ${v.broken.lineno}: ${v.broken.reason}` : v.error); badge.className = "badge bad";
    }
    $("#audit-file").textContent = doc.file ? "current file " + doc.file : "";
    lastAudit = doc;
    const rows = (doc.records || []).flatMap((r) => {
      const key = String(r.seq);
      const open = expanded.has(key);
      const row = el("tr", { class: "audit-row kind-" + r.kind, "data-kind": r.kind, "data-seq": key, "aria-expanded": String(open),
        onclick: () => { if (expanded.has(key)) expanded.delete(key); else expanded.add(key); renderAudit(lastAudit, []); } },
        el("td", { text: num(r.seq) }), el("td", { text: when(r.ts) }), el("td", { text: r.kind }),
        el("td", { text: r.route || "–" }), el("td", { class: "summary", text: summary(r) }));
      if (!open) return [row];
      // the record as stored (already redacted by the audit log)
      return [row, el("tr", { class: "audit-detail", "data-seq": key },
        el("td", { colspan: 5 }, el("pre", { text: JSON.stringify(r, null, 2) })))];
    });
    setRows($("#audit-table tbody"), rows, 5);
  }

  function renderConfig(cfg, ov) {
    const info = $("#config-info");
    const items = [
      ["Version", cfg.version], ["Loaded at", when(cfg.loaded_at)], ["Path", cfg.path],
      ["Last reload error", cfg.last_error ? cfg.last_error.join("; ") : "none"],
    ];
    info.replaceChildren(...items.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { class: k === "Last reload error" && cfg.last_error ? "hot" : "", text: String(v) })]));
    const ch = ov.config && ov.config.last_change;
    const pre = $("#config-diff");
    if (!ch) { pre.textContent = "no reload since the console's admin plane started"; return; }
    pre.replaceChildren(el("div", { class: "muted", text: `${when(ch.at)} via ${ch.source} → ${ch.version}${ch.truncated ? " (diff truncated)" : ""}` }),
      ...(ch.diff.length ? ch.diff : ["(no textual change)"]).map((line) => el("div", {
        class: line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "", text: line,
      })));
  }

  // --- refresh loop ----------------------------------------------------------------------------

  function flash(msg, bad) {
    const s = $("#status");
    s.textContent = msg;
    s.className = "status " + (bad ? "bad" : "ok");
  }

  async function refresh() {
    if (busy || !sessionStorage.getItem(TOKEN_KEY)) return;
    busy = true;
    try {
      const q = new URLSearchParams({ limit: "100" });
      if ($("#audit-route").value) q.set("route", $("#audit-route").value);
      if ($("#audit-kind").value) q.set("kind", $("#audit-kind").value);
      const [routes, rollouts, slo, overview, series, audit, cfg] = await Promise.all([
        api("GET", "/admin/routes"), api("GET", "/admin/rollouts"), api("GET", "/admin/slo"),
        api("GET", "/admin/console/overview"), api("GET", "/admin/console/series"),
        api("GET", "/admin/console/audit?" + q.toString()), api("GET", "/admin/config"),
      ]);
      showMain();
      renderRoutes(routes, overview);
      renderRollouts(rollouts);
      renderSlo(slo, series);
      renderValidation(slo.validation);
      renderFilters(overview, series);
      renderAudit(audit, routes.routes.map((r) => r.name));
      renderConfig(cfg, overview);
      document.body.dataset.refreshedAt = String(Date.now());
      flash("updated " + new Date().toLocaleTimeString() + " · refresh every 5 s");
    } catch (e) {
      if (e instanceof AuthError) logout(e.message);
      else flash("refresh failed: " + e.message, true);
    } finally {
      busy = false;
    }
  }

  function showMain() {
    $("#login").classList.add("hidden");
    $("#main").classList.remove("hidden");
    $("#logout").classList.remove("hidden");
  }

  function logout(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    if (timer) clearInterval(timer);
    timer = null;
    $("#main").classList.add("hidden");
    $("#logout").classList.add("hidden");
    $("#login").classList.remove("hidden");
    $("#login-error").textContent = message || "";
    flash("not connected");
  }

  function start() {
    refresh();
    if (!timer) timer = setInterval(refresh, REFRESH_MS);
  }

  function trackHeaderHeight() {
    document.documentElement.style.setProperty("--header-h", $("header").offsetHeight + "px");
  }

  document.addEventListener("DOMContentLoaded", () => {
    trackHeaderHeight();
    window.addEventListener("resize", trackHeaderHeight);
    $("#action-dismiss").addEventListener("click", () => $("#action-msg").classList.add("hidden"));
    $("#login-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const t = $("#token").value.trim();
      $("#token").value = "";
      if (!t) return;
      sessionStorage.setItem(TOKEN_KEY, t);
      $("#login-error").textContent = "";
      start();
    });
    $("#logout").addEventListener("click", () => logout(""));
    $("#audit-route").addEventListener("change", refresh);
    $("#audit-kind").addEventListener("change", refresh);
    if (sessionStorage.getItem(TOKEN_KEY)) start();
  });
})();
