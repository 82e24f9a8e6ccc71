/**
 * `npm run verify:smt`: solc's SMTChecker over the city's pure accounting code (`contracts/common/Accounting.sol`).
 *
 * Compiles the library with the project's pinned solc-js and a small in-memory harness that calls every function
 * with unconstrained inputs, runs the CHC engine with Debian's `z3` as the solver (through solc-js's SMT callback),
 * prints every verification target with its result, and exits non-zero when any target is violated or unproven,
 * unless the target is listed in ALLOWED below with the reason it cannot be proved (the list is empty: every
 * target is proved).
 *
 * `--self-test` plants a false assertion in an in-memory copy of the library and exits non-zero unless the
 * checker reports exactly that assertion as violated (so a silently disabled checker cannot pass CI).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const solc = require("solc") as {
  version(): string;
  compile(input: string, callbacks: { smtSolver: (query: string) => { contents?: string; error?: unknown } }): string;
};
const smtchecker = require("solc/smtchecker") as {
  smtCallback(solve: unknown, solver: unknown): (query: string) => { contents?: string; error?: unknown };
};
const smtsolver = require("solc/smtsolver") as {
  availableSolvers: Solver[];
};

interface Solver {
  name: string;
  command: string;
  params: string;
}

/**
 * Wall-clock limit per solver query, in seconds. solc-js's own `smtsolver.smtSolver` kills z3 after 10 s and then
 * throws, which makes solc abandon the whole CHC analysis ("No Horn solver was available"); on a busy 2-core
 * machine that happens to queries z3 solves in 15 s. Ours waits longer (z3's deterministic `rlimit` below bounds the
 * work; this wall-clock limit is only a backstop for an overloaded machine) and answers `unknown` on a timeout, so
 * a hard query shows up as one unproven target instead of silently disabling the checker.
 */
const QUERY_SECONDS = Number(process.env.SMT_QUERY_SECONDS ?? 600);
/**
 * z3's deterministic resource limit per query, the same on every machine. solc-js passes 20,000,000, with which z3
 * gives up (`unknown`) on the loop invariant of `proRataSplit` (credited <= total); ten times that proves it.
 */
const RLIMIT = Number(process.env.SMT_RLIMIT ?? 200_000_000);

const LIBRARY = "contracts/common/Accounting.sol";
const HARNESS = "AccountingProof.sol";

/** Targets SMTChecker checks that apply to pure arithmetic on values and memory arrays. */
const TARGETS = ["assert", "underflow", "overflow", "divByZero", "constantCondition", "popEmptyArray", "outOfBounds"];

/**
 * Targets allowed to stay unproven, as `"<file>:<line>: <target kind>"` with the reason. Empty: everything is
 * proved. Adding an entry needs a reason a reviewer can check.
 */
const ALLOWED: Record<string, string> = {};

/** The one "unsupported feature" message allowed: the error value of `require(condition, Error(...))`. */
const ERROR_VALUE_UNSUPPORTED = /^Assertion checker does not yet implement type error/;

/** One external entry point per library function, so the checker explores every input of each. */
const ENTRY_POINTS: Record<string, string> = {
  shareOf: `function shareOf(uint256 amount, uint256 bps) external pure returns (uint256) {
        return Accounting.shareOf(amount, bps);
    }`,
  proRataPart: `function proRataPart(uint256 total, uint256 credited, uint256 bps, bool last)
        external pure returns (uint256, uint256) {
        return Accounting.proRataPart(total, credited, bps, last);
    }`,
  proRataSplit: `function proRataSplit(uint256 total, uint16[] memory bps) external pure returns (uint256[] memory) {
        return Accounting.proRataSplit(total, bps);
    }`,
  checkShares: `function checkShares(uint16[] memory bps) external pure returns (uint256) {
        return Accounting.checkShares(bps);
    }`,
  lock: `function lock(uint256 owed, uint256 amount) external pure returns (uint256, uint256) {
        return Accounting.lock(owed, amount);
    }`,
  release: `function release(uint256 remaining, uint256 credit, uint256 amount) external pure returns (uint256, uint256) {
        return Accounting.release(remaining, credit, amount);
    }`,
  refund: `function refund(uint256 remaining, uint256 credit) external pure returns (uint256, uint256) {
        return Accounting.refund(remaining, credit);
    }`,
  withdraw: `function withdraw(uint256 owed, uint256 credit) external pure returns (uint256) {
        return Accounting.withdraw(owed, credit);
    }`,
};

const selfTest = process.argv.includes("--self-test");
/**
 * `--only=shareOf,lock` checks only those entry points (for working on one function; CI checks all). The self-test
 * needs only the entry point that reaches the planted assertion.
 */
const only =
  process.argv
    .find((a) => a.startsWith("--only="))
    ?.slice("--only=".length)
    .split(",") ?? (selfTest ? ["shareOf"] : undefined);
for (const name of only ?? []) if (!(name in ENTRY_POINTS)) throw new Error(`--only: no entry point ${name}`);

const HARNESS_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
import {Accounting} from "${LIBRARY}";
contract AccountingProof {
${Object.entries(ENTRY_POINTS)
  .filter(([name]) => only === undefined || only.includes(name))
  .map(([, code]) => `    ${code}`)
  .join("\n")}
}
`;

/** The assertion `--self-test` falsifies: `floor(amount * bps / 10,000) <= amount` becomes `< amount`. */
const PLANT_FROM = "assert(part <= amount);";
const PLANT_TO = "assert(part < amount);";

interface CompilerMessage {
  severity: string;
  type: string;
  errorCode?: string;
  message: string;
  formattedMessage?: string;
  sourceLocation?: { file: string; start: number; end: number };
}

interface TargetResult {
  where: string; // file:line
  code: string; // the source line
  verdict: "proved" | "violated" | "unproven" | "unsupported";
  message: string;
}

function findZ3(): Solver {
  const z3 = smtsolver.availableSolvers.find((s) => s.name === "z3");
  if (z3 === undefined) {
    throw new Error("z3 is not on PATH: install Debian's z3 (`apt-get install -y z3`); .ci/run does it when missing");
  }
  return z3;
}

const queryDir = mkdtempSync(path.join(tmpdir(), "verify-smt-"));
let queries = 0;
let timeouts = 0;

/** Runs one SMT-LIB2 query through z3 with solc-js's z3 parameters; `unknown` when it runs out of time. */
function solveWithZ3(query: string, solver: Solver): string {
  const file = path.join(queryDir, `q${++queries}.smt2`);
  writeFileSync(file, query);
  const params = solver.params.split(" ").map((p) => (p.startsWith("rlimit=") ? `rlimit=${RLIMIT}` : p));
  const run = spawnSync(solver.command, [...params, `-T:${QUERY_SECONDS}`, file], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: (QUERY_SECONDS + 30) * 1000,
  });
  rmSync(file, { force: true });
  const out = run.stdout ?? "";
  if (/^(sat|unsat|unknown)/.test(out)) return out;
  if (run.error !== undefined || /timeout/.test(out)) {
    timeouts++;
    return "unknown\n";
  }
  throw new Error(`z3 failed on a query: ${out.slice(0, 200)} ${run.stderr ?? ""}`);
}

function lineOf(sources: Record<string, string>, file: string, offset: number): { line: number; code: string } {
  const text = sources[file] ?? "";
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, code: (text.split("\n")[line - 1] ?? "").trim() };
}

function verdictOf(message: string): TargetResult["verdict"] | undefined {
  if (!message.startsWith("CHC:")) return undefined;
  if (/is safe|proved safe|check is safe/i.test(message)) return "proved";
  if (/might happen|could not be proved|unknown/i.test(message)) return "unproven";
  if (/happens here|violation happens|happens\./i.test(message)) return "violated";
  return "unproven";
}

function check(librarySource: string): { results: TargetResult[]; other: CompilerMessage[]; seconds: number } {
  const sources: Record<string, string> = { [LIBRARY]: librarySource, [HARNESS]: HARNESS_SOURCE };
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(Object.entries(sources).map(([file, content]) => [file, { content }])),
    settings: {
      modelChecker: {
        engine: "chc",
        solvers: ["smtlib2"],
        targets: TARGETS,
        contracts: { [HARNESS]: ["AccountingProof"] },
        showProvedSafe: true,
        showUnproved: true,
        showUnsupported: true,
      },
      outputSelection: { "*": { "": [] } },
    },
  };
  const started = process.hrtime.bigint();
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), { smtSolver: smtchecker.smtCallback(solveWithZ3, findZ3()) }),
  ) as { errors?: CompilerMessage[] };
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const results: TargetResult[] = [];
  const other: CompilerMessage[] = [];
  for (const m of output.errors ?? []) {
    const verdict = verdictOf(m.message);
    if (verdict === undefined || m.sourceLocation === undefined) {
      other.push(m);
      continue;
    }
    const { line, code } = lineOf(sources, m.sourceLocation.file, m.sourceLocation.start);
    results.push({ where: `${m.sourceLocation.file}:${line}`, code, verdict, message: m.message.split("\n")[0] });
  }
  results.sort((a, b) => a.where.localeCompare(b.where, undefined, { numeric: true }));
  return { results, other, seconds };
}

function targetKind(message: string): string {
  return message.replace(/^CHC:\s*/, "").replace(/ (check is safe|happens here|might happen here).*$/i, "");
}

function report(results: TargetResult[], other: CompilerMessage[]): { failures: string[]; allowed: number } {
  const failures: string[] = [];
  let allowedCount = 0;
  for (const r of results) {
    const key = `${r.where}: ${targetKind(r.message)}`;
    const allowed = r.verdict !== "proved" ? ALLOWED[key] : undefined;
    const mark = r.verdict === "proved" ? "proved  " : allowed !== undefined ? "allowed " : r.verdict.padEnd(8);
    console.log(`  ${mark} ${key}   | ${r.code}${allowed !== undefined ? `   (${allowed})` : ""}`);
    if (r.verdict !== "proved" && allowed === undefined) failures.push(key);
    if (allowed !== undefined) allowedCount++;
  }
  let errorValues = 0;
  for (const m of other) {
    // solc 0.8.37's checker does not model the error value of `require(condition, SomeError(...))`; it does model
    // the condition (the revert), which is all the proofs need. Any other message fails the run.
    if (ERROR_VALUE_UNSUPPORTED.test(m.message)) {
      errorValues++;
      continue;
    }
    const text = (m.formattedMessage ?? m.message).trim().split("\n")[0];
    failures.push(text);
    console.log(`  ${m.severity.padEnd(8)} ${text}`);
  }
  if (errorValues > 0) {
    console.log(`  note     ${errorValues} custom-error values in require() not modelled (their conditions are)`);
  }
  return { failures, allowed: allowedCount };
}

function main(): void {
  const z3 = findZ3();
  const z3Version = execFileSync(z3.command, ["--version"], { encoding: "utf8" }).trim();
  console.log(`verify:smt: solc ${solc.version()}, CHC engine, ${z3Version}, targets ${TARGETS.join(", ")}`);
  const library = readFileSync(LIBRARY, "utf8");

  if (selfTest) {
    if (!library.includes(PLANT_FROM)) throw new Error(`self-test: "${PLANT_FROM}" not found in ${LIBRARY}`);
    const planted = library.replace(PLANT_FROM, PLANT_TO);
    const plantedLine = lineOf({ [LIBRARY]: planted }, LIBRARY, planted.indexOf(PLANT_TO)).line;
    console.log(`self-test: planting the false assertion "${PLANT_TO}" at ${LIBRARY}:${plantedLine}`);
    const { results, other, seconds } = check(planted);
    rmSync(queryDir, { recursive: true, force: true });
    const { failures } = report(results, other);
    const caught = results.some(
      (r) => r.where === `${LIBRARY}:${plantedLine}` && r.verdict === "violated" && /assert/i.test(r.message),
    );
    const others = failures.filter((f) => !f.startsWith(`${LIBRARY}:${plantedLine}:`));
    console.log(`self-test: ${seconds.toFixed(1)} s`);
    if (caught && others.length === 0) {
      console.log("self-test: passed (the planted false assertion was reported as violated, nothing else failed)");
    } else {
      console.error(`self-test: FAILED (planted assertion caught: ${caught}; other failures: ${others.length})`);
      process.exitCode = 1;
    }
    return;
  }

  const { results, other, seconds } = check(library);
  rmSync(queryDir, { recursive: true, force: true });
  const { failures, allowed } = report(results, other);
  const proved = results.filter((r) => r.verdict === "proved").length;
  console.log(
    `verify:smt: ${results.length} targets, ${proved} proved, ${failures.length} failing, ${allowed} allowed; ` +
      `${queries} solver queries (${timeouts} timed out); ${seconds.toFixed(1)} s` +
      (only === undefined ? "" : ` (partial run: ${only.join(", ")} only)`),
  );
  // The full run's results, for `npm run audit` (which reuses them instead of proving everything again).
  if (only === undefined) {
    mkdirSync("reports/smt", { recursive: true });
    const summary = { solc: solc.version(), z3: z3Version, targets: TARGETS, seconds, failures, results };
    writeFileSync("reports/smt/results.json", JSON.stringify(summary, null, 2) + "\n");
  }
  if (results.length === 0) {
    console.error("verify:smt: the checker reported no target at all (is the model checker running?)");
    process.exitCode = 1;
  } else if (failures.length > 0) {
    console.error(`verify:smt: FAILED: ${failures.join("; ")}`);
    process.exitCode = 1;
  }
}

main();
