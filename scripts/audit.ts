/**
 * `npm run audit`: the auditor's pack (issue 19) in `reports/audit/index.html` (self-contained: inline CSS and SVG)
 * plus `reports/audit/screenshot.png`. One progress line per step; a failed step or missing tool is named, in the
 * output and in the report (a red INCOMPLETE banner), and the command exits non-zero. The report is written in a
 * temporary folder and moved into place at the end, so an interrupted run never leaves a report looking complete.
 *
 * Steps: build (a tree that does not compile stops here), wiring (a fresh city deployed in-process; the
 * AccessManager is read), coverage, gas, smt (each reuses the output an earlier step of the same CI run wrote when
 * it is newer than the last change to the sources: coverage/lcov.info, reports/bench/latest.json, reports/smt/results.json;
 * otherwise it runs `hardhat test --coverage`, `npm run bench`, `npm run verify:smt`), render, browser (Debian's
 * headless Chromium opens the report, checks every section and picture and the matrix, takes the screenshot).
 * This file imports nothing from the project, so it runs (and reports) even when the tree does not compile.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const OUT = "reports/audit";
const work = mkdtempSync(path.join(tmpdir(), "citychain-audit-"));
const dir = path.join(work, "audit");
mkdirSync(dir);
interface Step {
  name: string;
  ok: boolean;
  detail: string;
  seconds: number;
}
const steps: Step[] = [];
const started = Date.now();

function run(cmd: string, args: string[], env: Record<string, string> = {}, quiet = true) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (!quiet || r.status !== 0) process.stdout.write(output.split("\n").slice(-40).join("\n"));
  if (r.error !== undefined) return { ok: false, output: `${cmd}: ${r.error.message}` };
  return { ok: r.status === 0, output };
}

function step(name: string, what: string, body: () => string): boolean {
  const t = Date.now();
  process.stdout.write(`audit: [${steps.length + 1}] ${name}: ${what} ... `);
  let ok = true;
  let detail: string;
  try {
    detail = body();
  } catch (e) {
    ok = false;
    detail = (e as Error).message;
  }
  const seconds = (Date.now() - t) / 1000;
  steps.push({ name, ok, detail, seconds });
  console.log(`${ok ? "ok" : "FAILED"} (${seconds.toFixed(1)} s): ${detail}`);
  return ok;
}

/**
 * The newest change to what an output is made from: an output older than it describes other code and is made again;
 * a newer one (e.g. written by an earlier step of the same CI run) is reused.
 */
const INPUTS = {
  coverage: ["contracts", "test", "hardhat.config.ts"],
  gas: ["contracts", "bench/contracts", "scripts/bench", "scripts/bench.ts", "src", "hardhat.config.ts"],
  smt: ["contracts/common", "scripts/verify-smt.ts"],
};
function lastChange(inputs: string[]): number {
  let newest = 0;
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const f of readdirSync(p)) walk(path.join(p, f));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of inputs) walk(p);
  return newest;
}
function fresh(file: string, inputs: string[]): boolean {
  return existsSync(file) && statSync(file).mtimeMs >= lastChange(inputs);
}
const age = (file: string) => `${Math.round((Date.now() - statSync(file).mtimeMs) / 60000)} min old`;

const built = step("build", "hardhat build", () => {
  const r = run("hardhat", ["build"]);
  if (!r.ok)
    throw new Error("the tree does not compile: fix the errors above (`npx hardhat build`), then rerun npm run audit");
  return "compiled";
});

const wiringFile = path.join(work, "wiring.json");
if (built) {
  step("wiring", "deploy a fresh city in-process and read its AccessManager", () => {
    const r = run("hardhat", ["run", "scripts/audit/wiring.ts"], { CITYCHAIN_AUDIT_OUT: wiringFile });
    if (!r.ok) throw new Error("deploying the city failed (output above)");
    return (
      r.output
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("wiring:"))
        .pop() ?? "read"
    );
  });
  step("coverage", "line coverage of contracts/", () => {
    if (fresh("coverage/lcov.info", INPUTS.coverage))
      return `reusing coverage/lcov.info (${age("coverage/lcov.info")}, newer than the sources)`;
    const r = run("hardhat", ["test", "--coverage"]);
    if (!r.ok || !existsSync("coverage/lcov.info")) throw new Error("`hardhat test --coverage` failed (output above)");
    return "ran hardhat test --coverage";
  });
  step("gas", "bench figures", () => {
    const file = "reports/bench/latest.json";
    if (fresh(file, INPUTS.gas)) return `reusing ${file} (${age(file)}, newer than the sources)`;
    const r = run("node", ["scripts/bench-run.ts"]);
    if (!r.ok)
      throw new Error("the bench failed (`npm run bench`, output above): a budget missed or an operation reverted");
    return "ran npm run bench";
  });
  step("smt", "SMTChecker results", () => {
    const file = "reports/smt/results.json";
    if (fresh(file, INPUTS.smt)) return `reusing ${file} (${age(file)}, newer than the sources)`;
    const r = run("node", ["scripts/verify-smt.ts"]);
    if (!r.ok) throw new Error("`npm run verify:smt` failed (needs Debian's z3: apt-get install z3; output above)");
    return "ran npm run verify:smt";
  });
}

const rendered = step("render", "write index.html", () => {
  if (!built) throw new Error("skipped: nothing to render from a tree that does not compile");
  const commit = run("git", ["rev-parse", "--short", "HEAD"]).output.trim();
  const r = run("hardhat", ["run", "scripts/audit/render.ts"], {
    CITYCHAIN_AUDIT_DIR: dir,
    CITYCHAIN_AUDIT_STEPS: JSON.stringify(steps),
    CITYCHAIN_AUDIT_WIRING: wiringFile,
    CITYCHAIN_AUDIT_LCOV: "coverage/lcov.info",
    CITYCHAIN_AUDIT_BENCH: "reports/bench/latest.json",
    CITYCHAIN_AUDIT_SMT: "reports/smt/results.json",
    CITYCHAIN_AUDIT_COMMIT: commit,
  });
  if (!r.ok) throw new Error("rendering failed (output above)");
  return (
    r.output
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("render:"))
      .pop() ?? "rendered"
  );
});

if (rendered && steps.every((s) => s.ok)) {
  step("browser", "headless Chromium: sections, pictures, matrix, screenshot", () => {
    const r = run("node", ["scripts/audit/browser-check.ts", dir, wiringFile]);
    if (!r.ok)
      throw new Error(
        r.output
          .trim()
          .split("\n")
          .filter((l) => l.startsWith("browser:"))
          .pop() ?? "browser check failed",
      );
    return (
      r.output
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("browser:"))
        .pop() ?? "checked"
    );
  });
}

const failed = steps.filter((s) => !s.ok);
if (failed.length > 0) {
  // Whatever was rendered is kept, under the banner render put on it; if nothing was, a page that says so.
  const reason = failed.map((s) => `${s.name}: ${s.detail}`).join("\n");
  if (!existsSync(path.join(dir, "index.html")) || failed.some((s) => s.name === "browser")) {
    writeFileSync(
      path.join(dir, failed.some((s) => s.name === "browser") ? "INCOMPLETE.txt" : "index.html"),
      failed.some((s) => s.name === "browser")
        ? `INCOMPLETE: ${reason}\n`
        : `<!doctype html><meta charset="utf-8"><title>citychain audit report (INCOMPLETE)</title><body data-complete="false"><h1>INCOMPLETE audit report</h1><pre>${reason.replace(/</g, "&lt;")}</pre>`,
    );
  }
}
// A step that failed after rendering (the browser check) marks the rendered page itself as incomplete.
const page = path.join(dir, "index.html");
if (failed.length > 0 && existsSync(page)) {
  const banner = `<div class="banner" data-incomplete>INCOMPLETE REPORT: ${failed
    .map((s) => `${s.name}: ${s.detail}`)
    .join("; ")
    .replace(/</g, "&lt;")}</div>`;
  const html = readFileSync(page, "utf8");
  if (!html.includes("data-incomplete"))
    writeFileSync(page, html.replace('data-complete="true">', `data-complete="false">${banner}`));
}
rmSync(OUT, { recursive: true, force: true });
mkdirSync(path.dirname(OUT), { recursive: true });
renameOrCopy(dir, OUT);
rmSync(work, { recursive: true, force: true });

function renameOrCopy(from: string, to: string) {
  try {
    renameSync(from, to);
  } catch {
    run("cp", ["-r", from, to]);
  }
}

const total = ((Date.now() - started) / 1000).toFixed(1);
if (failed.length > 0) {
  console.error(
    `audit: INCOMPLETE after ${total} s; failed: ${failed.map((s) => s.name).join(", ")} (see ${OUT}/index.html)`,
  );
  process.exitCode = 1;
} else {
  const size = readdirSync(OUT).reduce((n, f) => n + statSync(path.join(OUT, f)).size, 0);
  console.log(`audit: wrote ${OUT}/index.html and screenshot.png (${(size / 1024).toFixed(0)} KiB) in ${total} s`);
}
