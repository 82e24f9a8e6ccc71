/**
 * Step "render" of `npm run audit` (run by scripts/audit.ts under `hardhat run`): joins the outputs of the earlier
 * steps (deployed wiring, coverage, bench figures, SMTChecker results) with solc's output, SECURITY.md and the
 * Solidity suites, and writes one self-contained `index.html` (inline CSS and SVG) into $CITYCHAIN_AUDIT_DIR.
 * Services, contracts, functions and operations are all discovered (folders of contracts/, build-info, ABIs,
 * the bench's JSON); nothing is listed by hand.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

import { docText, isProjectSource, parseNatSpec, readSolcOutput, serviceOf, type AstNode } from "./solc-output.js";
import { readFindings, readLcov, readProperties, type FileCoverage } from "./inputs.js";
import {
  barChartSvg,
  erc7201Slot,
  esc,
  inheritanceSvg,
  storageSvg,
  type InheritanceNode,
  type LayoutRegion,
} from "./svg.js";
import type { Wiring } from "./wiring.js";

interface Step {
  name: string;
  ok: boolean;
  detail: string;
  seconds: number;
}

const env = (key: string) => process.env[key];
const dir = env("CITYCHAIN_AUDIT_DIR");
if (dir === undefined) throw new Error("CITYCHAIN_AUDIT_DIR is not set (run through npm run audit)");
const steps = JSON.parse(env("CITYCHAIN_AUDIT_STEPS") ?? "[]") as Step[];
const readJson = <T>(file: string | undefined): T | undefined =>
  file !== undefined && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
const wiring = readJson<Wiring>(env("CITYCHAIN_AUDIT_WIRING"));
const lcovFile = env("CITYCHAIN_AUDIT_LCOV");
const coverage = lcovFile !== undefined && existsSync(lcovFile) ? readLcov(lcovFile) : undefined;
const bench = readJson<{
  operations: Record<string, { gas: number }>;
  budgets: { operation: string; of: string; atMost?: number; withinPercent?: number; ratio?: number; ok: boolean }[];
}>(env("CITYCHAIN_AUDIT_BENCH"));
const snapshot = readJson<{ operations: Record<string, { gas: number }> }>("bench/results.json");
const smt = readJson<{
  solc: string;
  z3: string;
  seconds: number;
  failures: string[];
  results: { where: string; code: string; verdict: string; message: string }[];
}>(env("CITYCHAIN_AUDIT_SMT"));

const solc = readSolcOutput();
const sourceText = new Map<string, string>();
const textOf = (source: string) => {
  if (!sourceText.has(source)) sourceText.set(source, existsSync(source) ? readFileSync(source, "utf8") : "");
  return sourceText.get(source)!;
};
const lineAt = (source: string, offset: number) => textOf(source).slice(0, offset).split("\n").length;

// ---- contracts, by service -------------------------------------------------------------------------------------
const byId = new Map<number, { node: AstNode; source: string }>();
for (const [source, ast] of solc.asts)
  for (const node of ast.nodes ?? []) if (node.nodeType === "ContractDefinition") byId.set(node.id, { node, source });
const kindOf = (n: AstNode): InheritanceNode["kind"] =>
  n.contractKind === "interface"
    ? "interface"
    : n.contractKind === "library"
      ? "library"
      : n.abstract
        ? "abstract"
        : "contract";
const deployable = [...solc.contractsByName.values()]
  .filter(({ node, source }) => isProjectSource(source) && kindOf(node) === "contract")
  .sort((a, b) => a.source.localeCompare(b.source) || a.node.name!.localeCompare(b.node.name!));
const services = [...new Set(deployable.map((c) => serviceOf(c.source)))].sort();

/** A contract's linearization as AST nodes (most derived first), resolved within its own build-info. */
function linearization(node: AstNode, source: string): { node: AstNode; source: string }[] {
  const ids = node.linearizedBaseContracts ?? [node.id];
  const unit = solc.asts.get(source);
  const local = new Map<number, { node: AstNode; source: string }>();
  // Ids are per build-info: resolve through the sources of the same compilation when possible.
  for (const [s, ast] of solc.asts) {
    if (unit === undefined) break;
    for (const n of ast.nodes ?? [])
      if (n.nodeType === "ContractDefinition" && !local.has(n.id)) local.set(n.id, { node: n, source: s });
  }
  return ids
    .map((id) => local.get(id) ?? byId.get(id))
    .filter((x): x is { node: AstNode; source: string } => x !== undefined);
}

// ---- API reference ----------------------------------------------------------------------------------------------
interface ApiEntry {
  kind: "function" | "event" | "error";
  signature: string;
  from: string;
  tags: Record<string, string[]>;
}
function signatureOf(member: AstNode): string {
  const params = (member.parameters?.parameters ?? []).map((p) =>
    `${p.typeDescriptions?.typeString ?? "?"} ${p.name ?? ""}`.trim(),
  );
  const returns = (member.returnParameters?.parameters ?? []).map((p) => p.typeDescriptions?.typeString ?? "?");
  return `${member.name}(${params.join(", ")})${returns.length > 0 ? ` returns (${returns.join(", ")})` : ""}`;
}
function apiOf(node: AstNode, source: string): ApiEntry[] {
  const chain = linearization(node, source);
  const seen = new Set<string>();
  const entries: ApiEntry[] = [];
  const docBySelector = new Map<string, Record<string, string[]>>();
  for (const base of [...chain].reverse())
    for (const m of base.node.nodes ?? []) {
      const sel = m.functionSelector;
      if (sel !== undefined && docText(m) !== "" && !/@inheritdoc/.test(docText(m)))
        docBySelector.set(`${base.node.name}:${sel}`, parseNatSpec(docText(m)));
    }
  for (const base of chain) {
    for (const m of base.node.nodes ?? []) {
      const isFn =
        m.nodeType === "FunctionDefinition" &&
        m.kind === "function" &&
        (m.visibility === "external" || m.visibility === "public");
      const isEvent = m.nodeType === "EventDefinition";
      const isError = m.nodeType === "ErrorDefinition";
      if (!isFn && !isEvent && !isError) continue;
      const key = m.functionSelector ?? m.eventSelector ?? m.errorSelector ?? `${m.nodeType}:${m.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let tags = parseNatSpec(docText(m));
      const inherit = tags.inheritdoc?.[0]?.trim();
      if (inherit !== undefined) tags = { ...(docBySelector.get(`${inherit}:${m.functionSelector}`) ?? {}), ...tags };
      entries.push({
        kind: isFn ? "function" : isEvent ? "event" : "error",
        signature: signatureOf(m),
        from: base.node.name!,
        tags,
      });
    }
  }
  return entries.sort((a, b) => a.kind.localeCompare(b.kind) || a.signature.localeCompare(b.signature));
}
function apiHtml(entries: ApiEntry[]): string {
  const tag = (t: Record<string, string[]>, k: string) =>
    (t[k] ?? []).map((v) => `<div class="tag ${k}"><b>@${k}</b> ${esc(v)}</div>`).join("");
  return `<dl class="api">${entries
    .map(
      (e) =>
        `<dt data-api="${e.kind}"><span class="k">${e.kind}</span> <code>${esc(e.signature)}</code> <span class="from">${esc(e.from)}</span></dt>` +
        `<dd>${tag(e.tags, "notice") || '<div class="missing">no NatSpec</div>'}${tag(e.tags, "dev")}${tag(e.tags, "param")}${tag(e.tags, "return")}</dd>`,
    )
    .join("")}</dl>`;
}

// ---- coverage ---------------------------------------------------------------------------------------------------
interface Cov {
  linesHit: number;
  lines: number;
  fnHit: number;
  fns: number;
}
function coverageOf(source: string, node: AstNode | undefined, cov: FileCoverage | undefined): Cov | undefined {
  if (cov === undefined) return undefined;
  const lines = cov.lines.size;
  const linesHit = [...cov.lines.values()].filter((h) => h > 0).length;
  let fns = 0;
  let fnHit = 0;
  const units = node === undefined ? [] : [node];
  for (const unit of units)
    for (const m of unit.nodes ?? []) {
      if (m.nodeType !== "FunctionDefinition" && m.nodeType !== "ModifierDefinition") continue;
      const body = m.body as AstNode | undefined | null;
      if (body === undefined || body === null || body.src === undefined) continue;
      const [start, len] = body.src.split(":").map(Number);
      const [a, b] = [lineAt(source, start), lineAt(source, start + len)];
      const counted = [...cov.lines].filter(([l]) => l >= a && l <= b);
      if (counted.length === 0) continue;
      fns++;
      if (counted.some(([, h]) => h > 0)) fnHit++;
    }
  return { lines, linesHit, fns, fnHit };
}
const pct = (hit: number, all: number) => (all === 0 ? "100.00" : ((100 * hit) / all).toFixed(2));

// ---- storage ----------------------------------------------------------------------------------------------------
function storageRegions(name: string): LayoutRegion[] {
  const regions: LayoutRegion[] = [];
  const plain = solc.storageLayouts.get(name)?.storage ?? [];
  regions.push({
    title: "contract storage",
    slot: "0x0",
    fields: plain.map((s) => ({ label: s.label, type: s.type.replace(/^t_/, ""), from: name, slot: s.slot })),
  });
  const released = readJson<{
    namespaces?: Record<string, { contract: string; label: string; type: string }[]>;
    types?: Record<string, { label: string }>;
  }>(`upgrades/layouts/${name}.json`);
  for (const [ns, fields] of Object.entries(released?.namespaces ?? {}))
    regions.push({
      title: ns,
      slot: erc7201Slot(ns.replace(/^erc7201:/, "")),
      fields: fields.map((f) => ({
        label: f.label,
        type: released?.types?.[f.type]?.label ?? f.type,
        from: f.contract,
      })),
    });
  return regions;
}

// ---- page ---------------------------------------------------------------------------------------------------------
const failed = steps.filter((s) => !s.ok);
const sections: string[] = [];
const nav: string[] = [];
const section = (id: string, title: string, body: string, attrs = "") => {
  nav.push(`<a href="#${id}">${esc(title)}</a>`);
  sections.push(`<section id="${id}" data-section="${id}"${attrs}><h2>${esc(title)}</h2>${body}</section>`);
};
const stepNote = (name: string) => {
  const s = steps.find((x) => x.name === name);
  return s !== undefined && !s.ok
    ? `<p class="failed" data-failed-step="${esc(name)}">Step <b>${esc(name)}</b> failed: ${esc(s.detail)}</p>`
    : "";
};

section(
  "steps",
  "How this report was made",
  `<table><tr><th>step</th><th>result</th><th>seconds</th><th>detail</th></tr>${steps
    .map(
      (s) =>
        `<tr class="${s.ok ? "ok" : "failed"}"><td>${esc(s.name)}</td><td>${s.ok ? "ok" : "FAILED"}</td><td>${s.seconds.toFixed(1)}</td><td>${esc(s.detail)}</td></tr>`,
    )
    .join("")}</table>`,
);

if (wiring !== undefined)
  section(
    "roles",
    "Roles: who holds them (deployed city)",
    `<p>From the AccessManager's RoleGranted events of a fresh development city (${esc(wiring.manager)}); a real network's holders and delays come from deploy/roles/&lt;network&gt;.json.</p>` +
      `<table><tr><th>role</th><th>holder</th><th>account</th><th>execution delay (s)</th></tr>${wiring.holders
        .map(
          (h) =>
            `<tr data-holder="${esc(h.role)}"><td>${esc(h.role)}</td><td>${esc(h.who)}</td><td>${esc(h.account)}</td><td>${h.executionDelay}</td></tr>`,
        )
        .join("")}</table>`,
  );

const { title: findingsTitle, findings } = readFindings();
section(
  "findings",
  findingsTitle,
  `<p>From SECURITY.md: ${findings.filter((f) => f.status === "fixed").length} fixed, ${findings.filter((f) => f.status === "accepted").length} accepted.</p>` +
    `<table><tr><th>id</th><th>status</th><th>where fixed / why accepted</th></tr>${findings
      .map(
        (f) =>
          `<tr data-finding="${esc(f.id)}" class="${esc(f.status)}"><td>${esc(f.id)}</td><td>${esc(f.status)}</td><td>${esc(f.where)}</td></tr>`,
      )
      .join("")}</table>`,
);

// Gas.
let gasBody = stepNote("gas");
if (bench !== undefined) {
  const anchor = bench.operations["ref.erc20.transfer"]?.gas;
  const ops = Object.entries(bench.operations).sort(([a], [b]) => a.localeCompare(b));
  const budgets = bench.budgets ?? [];
  gasBody +=
    `<h3>Budgets (ratio to the reference, limit marked)</h3>` +
    barChartSvg(
      "gas-budgets",
      "budget ratios (bar) and limits (mark)",
      budgets
        .filter((b) => b.ratio !== undefined)
        .map((b) => ({
          label: b.operation,
          value: b.ratio!,
          limit: b.atMost ?? 1 + (b.withinPercent ?? 0) / 100,
          ok: b.ok,
        })),
    ) +
    `<table><tr><th>operation</th><th>rule</th><th>reference</th><th>ratio</th><th>verdict</th></tr>${budgets
      .map(
        (b) =>
          `<tr data-budget="${esc(b.operation)}"><td>${esc(b.operation)}</td><td>${b.atMost !== undefined ? `&le; ${b.atMost}x` : `within ${b.withinPercent}%`}</td><td>${esc(b.of)}</td><td>${b.ratio ?? "-"}</td><td>${b.ok ? "ok" : "MISS"}</td></tr>`,
      )
      .join("")}</table>` +
    (anchor !== undefined
      ? `<h3>Every operation, as a multiple of an ERC-20 transfer (${anchor.toLocaleString("en-US")} gas)</h3>` +
        barChartSvg(
          "gas-ratios",
          "x ref.erc20.transfer",
          ops.map(([op, { gas }]) => ({ label: op, value: gas / anchor, limit: 1 })),
        )
      : "") +
    `<table><tr><th>operation</th><th>gas</th><th>x ERC-20 transfer</th><th>snapshot (bench/results.json)</th><th>delta</th></tr>${ops
      .map(([op, { gas }]) => {
        const before = snapshot?.operations[op]?.gas;
        const delta = before === undefined ? "new" : gas - before;
        return `<tr data-op="${esc(op)}"><td>${esc(op)}</td><td>${gas.toLocaleString("en-US")}</td><td>${anchor ? (gas / anchor).toFixed(2) : "-"}</td><td>${before?.toLocaleString("en-US") ?? "-"}</td><td>${delta}</td></tr>`;
      })
      .join("")}</table>`;
}
section("gas", "Gas", gasBody);

// Property suites and SMTChecker.
const properties = readProperties();
const profiles = (wiring?.profiles ?? {}) as Record<
  string,
  { fuzz?: { runs?: number }; invariant?: { runs?: number; depth?: number } }
>;
const profileCells = (kind: string) =>
  Object.entries(profiles)
    .map(([p, v]) =>
      kind === "invariant"
        ? `${p}: ${v.invariant?.runs ?? "?"} runs x depth ${v.invariant?.depth ?? "?"}`
        : kind === "fuzz"
          ? `${p}: ${v.fuzz?.runs ?? "?"} runs`
          : `${p}: 1 run`,
    )
    .join("<br>");
const propertyTable = (list: typeof properties) =>
  `<table><tr><th>suite</th><th>property</th><th>kind</th><th>runs (per profile)</th></tr>${list
    .filter((p) => p.kind !== "unit")
    .map(
      (p) =>
        `<tr data-property="${esc(p.contract)}.${esc(p.name)}"><td>${esc(p.file)}<br>${esc(p.contract)}</td><td>${esc(p.name)}</td><td>${p.kind}</td><td>${profileCells(p.kind)}</td></tr>`,
    )
    .join("")}</table>`;
let smtBody = stepNote("smt");
if (smt !== undefined)
  smtBody +=
    `<p>solc ${esc(smt.solc)}, ${esc(smt.z3)}, ${smt.results.length} targets, ${smt.results.filter((r) => r.verdict === "proved").length} proved, ${smt.failures.length} failing (${smt.seconds.toFixed(0)} s).</p>` +
    `<table><tr><th>where</th><th>target</th><th>verdict</th><th>code</th></tr>${smt.results
      .map(
        (r) =>
          `<tr data-smt="${esc(r.where)}" class="${r.verdict === "proved" ? "ok" : "failed"}"><td>${esc(r.where)}</td><td>${esc(r.message)}</td><td>${esc(r.verdict)}</td><td><code>${esc(r.code)}</code></td></tr>`,
      )
      .join("")}</table>`;
section(
  "properties",
  "Property suites and SMTChecker",
  `<p>${properties.filter((p) => p.kind === "invariant").length} invariants and ${properties.filter((p) => p.kind === "fuzz").length} fuzz properties in test/**/*.t.sol; run counts from hardhat.config.ts's Solidity test profiles (CI runs <code>deep</code>).</p>` +
    propertyTable(properties) +
    `<h3>SMTChecker (npm run verify:smt)</h3>${smtBody}`,
);

// Services.
const coverageRows: string[] = [];
for (const service of services) {
  const contracts = deployable.filter((c) => serviceOf(c.source) === service);
  let body = "";
  let svcLines = 0;
  let svcHit = 0;
  let svcFns = 0;
  let svcFnHit = 0;
  const covTable: string[] = [];
  // Every project source of the service (libraries and abstract bases included) counts in its coverage.
  for (const [source, ast] of [...solc.asts]
    .filter(([s]) => isProjectSource(s) && serviceOf(s) === service)
    .sort(([a], [b]) => a.localeCompare(b))) {
    for (const node of (ast.nodes ?? []).filter(
      (n) => n.nodeType === "ContractDefinition" && n.contractKind !== "interface",
    )) {
      const c = coverageOf(source, node, coverage?.get(source));
      if (c === undefined) continue;
      svcFns += c.fns;
      svcFnHit += c.fnHit;
      covTable.push(
        `<tr data-coverage="${esc(node.name!)}"><td>${esc(node.name!)}</td><td>${esc(source)}</td><td>${pct(c.linesHit, c.lines)} % (${c.linesHit}/${c.lines})</td><td>n/a</td><td>${pct(c.fnHit, c.fns)} % (${c.fnHit}/${c.fns})</td></tr>`,
      );
    }
    const file = coverage?.get(source);
    if (file !== undefined) {
      svcLines += file.lines.size;
      svcHit += [...file.lines.values()].filter((h) => h > 0).length;
    }
  }
  coverageRows.push(
    `<tr data-coverage-service="${esc(service)}"><td>${esc(service)}</td><td>${pct(svcHit, svcLines)} % (${svcHit}/${svcLines})</td><td>n/a</td><td>${pct(svcFnHit, svcFns)} % (${svcFnHit}/${svcFns})</td></tr>`,
  );
  body += `<h3>Coverage</h3>${stepNote("coverage")}${
    coverage === undefined
      ? '<p class="failed">no coverage data</p>'
      : `<table><tr><th>contract</th><th>source</th><th>lines</th><th>branches</th><th>functions</th></tr>${covTable.join("")}</table>`
  }`;
  for (const { node, source } of contracts) {
    const name = node.name!;
    const wired = wiring?.contracts.find((c) => c.name === name);
    body += `<article id="contract-${esc(name)}" data-contract="${esc(name)}"><h3>${esc(name)} <small>${esc(source)}</small></h3>`;
    if (wired !== undefined) {
      body += `<h4>Attack surface (deployed wiring at ${esc(wired.address)}; target admin delay ${wired.adminDelay} s${wired.closed ? "; CLOSED" : ""})</h4>
        <table class="matrix"><tr><th>function</th><th>selector</th><th>access</th><th>role</th><th>grant delay</th><th>reason open</th></tr>${wired.rows
          .map(
            (r) =>
              `<tr data-matrix-row data-contract="${esc(name)}" data-selector="${r.selector}" data-kind="${r.kind}" class="${r.kind}"><td><code>${esc(r.signature)}</code></td><td>${r.selector}</td><td>${r.kind}</td><td>${esc(r.role ?? "")}${r.expectedRole !== undefined && r.expectedRole !== r.role ? ` (table says ${esc(r.expectedRole)})` : ""}</td><td>${r.grantDelay ?? ""}</td><td>${esc(r.reason ?? "")}</td></tr>`,
          )
          .join("")}</table>`;
    } else if (wiring !== undefined) {
      body += `<p>Not in src/permissions.ts: not deployed as a city service (a building block, helper or test harness).</p>`;
    }
    const nodes = new Map<string, InheritanceNode>();
    for (const base of linearization(node, source))
      nodes.set(base.node.name!, {
        name: base.node.name!,
        kind: kindOf(base.node),
        own: isProjectSource(base.source),
        bases: (base.node.baseContracts ?? []).map(
          (b) => b.baseName.name ?? byId.get(b.baseName.referencedDeclaration)?.node.name ?? "?",
        ),
      });
    body += `<h4>Structure</h4><figure>${inheritanceSvg(name, nodes)}<figcaption>Inheritance of ${esc(name)} (ours blue, dependencies grey, interfaces dashed)</figcaption></figure>`;
    body += `<figure>${storageSvg(name, storageRegions(name))}<figcaption>Storage layout of ${esc(name)} (ERC-7201 namespaces from upgrades/layouts/${esc(name)}.json)</figcaption></figure>`;
    body += `<h4>API reference</h4>${apiHtml(apiOf(node, source))}</article>`;
  }
  const props = properties.filter((p) => p.file.split("/")[1] === service);
  if (props.length > 0) body += `<h3>Property suites</h3>${propertyTable(props)}`;
  section(`service-${service}`, `Service: ${service}`, body, ` data-service="${esc(service)}"`);
}
section(
  "coverage",
  "Coverage per service",
  `${stepNote("coverage")}<p>Hardhat 3.18's <code>test --coverage</code> reports lines only (EDR gives no branch data: branches are n/a); functions are counted from solc's AST (a function is covered when any of its lines ran).</p>` +
    `<table><tr><th>service</th><th>lines</th><th>branches</th><th>functions</th></tr>${coverageRows.join("")}</table>`,
);

const complete = failed.length === 0;
const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>citychain audit report${complete ? "" : " (INCOMPLETE)"}</title>
<style>body{font-family:system-ui,sans-serif;margin:0 2rem 4rem;color:#111}nav{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ccc;font-size:.85rem}nav a{margin-right:.8rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}td,th{border:1px solid #ccd;padding:2px 6px;vertical-align:top;text-align:left}
tr.open td{background:#fff8e6}tr.unlisted td,tr.failed td,.failed{background:#fde2e2}.banner{background:#c0392b;color:#fff;padding:1rem;font-weight:bold}
.api dt{margin-top:.4rem}.api dd{margin-left:1.5rem;font-size:.85rem}.k{color:#666;font-size:.8rem}.from{color:#888;font-size:.8rem}.missing{color:#c0392b}
figure{overflow-x:auto;margin:.5rem 0}small{color:#666;font-weight:normal}</style></head><body data-complete="${complete}">
${complete ? "" : `<div class="banner" data-incomplete>INCOMPLETE REPORT: ${failed.map((s) => `${esc(s.name)} (${esc(s.detail)})`).join("; ")}</div>`}
<h1>citychain: auditor's report</h1><p>Generated ${esc(new Date().toISOString())} by <code>npm run audit</code> from commit ${esc(env("CITYCHAIN_AUDIT_COMMIT") ?? "?")}. ${services.length} services, ${deployable.length} contracts.</p>
<nav>${nav.join("")}</nav>${sections.join("\n")}</body></html>`;
writeFileSync(`${dir}/index.html`, html);
console.log(
  `render: ${services.length} services, ${deployable.length} contracts, ${(html.length / 1024).toFixed(0)} KiB`,
);
