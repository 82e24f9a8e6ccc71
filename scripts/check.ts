/**
 * `npm run check` (what CI runs): every gate of the project, on 2 cores in two lanes.
 *
 *   lint ─┬─ tests: the test suite once, under coverage (`hardhat test --coverage`), the coverage floor, test:deep
 *         └─ chain: deploy:anvil → bench --check → forge (smoke) → verify:smt → verify:smt --self-test
 *   then audit (reuses the coverage, bench and SMT outputs of both lanes)
 *
 * Most steps are single-threaded (solc-js, one EDR node per process), so one lane alone leaves a core idle; two
 * lanes use both. The coverage build writes instrumented artifacts, so its lane builds into `.build/coverage`
 * (`CITYCHAIN_BUILD_DIR`, read by hardhat.config.ts) and never touches `artifacts/`, `cache/` or `typechain-types/`,
 * which the chain lane's gas figures are measured with.
 *
 * The tests lane streams to the console; the chain lane writes `reports/check/chain.log`, prints a line when each of
 * its steps starts and ends, and its log is printed whole after the tests lane's (so the first "N passing (...)"
 * line of the output stays the coverage run's, which `.ci/run` counts). The first failing step stops the other
 * lane; the command exits non-zero naming it. A table of step times ends the output (`reports/check/times.json`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync, writeFileSync, type WriteStream } from "node:fs";

interface Step {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

const COVERAGE_BUILD = { CITYCHAIN_BUILD_DIR: ".build/coverage" };

const LINT: Step = { name: "lint", command: "npm", args: ["run", "lint"] };
const TESTS: Step[] = [
  {
    name: "tests under coverage",
    command: "npx",
    args: ["hardhat", "--coverage", "--no-typechain", "test"],
    env: COVERAGE_BUILD,
  },
  { name: "coverage floor", command: "node", args: ["scripts/coverage-floor.ts"] },
  { name: "test:deep", command: "npm", args: ["run", "test:deep"] },
];
const CHAIN: Step[] = [
  { name: "deploy:anvil", command: "npm", args: ["run", "deploy:anvil"] },
  { name: "bench --check", command: "npm", args: ["run", "bench", "--", "--check"] },
  { name: "forge (smoke)", command: "npm", args: ["run", "test:forge"], env: { FOUNDRY_PROFILE: "smoke" } },
  { name: "verify:smt", command: "npm", args: ["run", "verify:smt"] },
  { name: "verify:smt --self-test", command: "npm", args: ["run", "verify:smt", "--", "--self-test"] },
];
const AUDIT: Step = { name: "audit", command: "npm", args: ["run", "audit"] };

const started = Date.now();
const times: { step: string; lane: string; seconds: number; ok: boolean }[] = [];
const running = new Set<ChildProcess>();
let stopping = false;

const clock = (ms: number): string =>
  `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;
const say = (line: string): void => console.log(`check [${clock(Date.now() - started)}] ${line}`);

/** Runs one step, its output to the console (`log` undefined) or to `log`; resolves to its success. */
function run(step: Step, lane: string, log?: WriteStream): Promise<boolean> {
  if (stopping) return Promise.resolve(false);
  const begin = Date.now();
  say(`${lane}: ${step.name} ...`);
  log?.write(`\n===== ${step.name} =====\n`);
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, {
      env: { ...process.env, ...step.env },
      stdio: log === undefined ? "inherit" : ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so a stop reaches its children (anvil, forge, EDR workers)
    });
    running.add(child);
    child.stdout?.pipe(log!, { end: false });
    child.stderr?.pipe(log!, { end: false });
    child.on("close", (code, signal) => {
      running.delete(child);
      const ok = code === 0;
      times.push({ step: step.name, lane, seconds: Math.round((Date.now() - begin) / 1000), ok });
      say(
        `${lane}: ${step.name} ${ok ? "passed" : `FAILED (${signal ?? `exit ${code}`})`} in ${clock(Date.now() - begin)}`,
      );
      resolve(ok);
    });
  });
}

/** Stops every running step with its process group (a group that already ended is skipped). */
function stopAll(): void {
  for (const child of running) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    } catch {
      // ESRCH: the group ended between the exit event and this call; nothing is left to stop.
    }
  }
}

/** Runs a lane's steps in order; on the first failure stops every other running step. */
async function lane(name: string, steps: Step[], log?: WriteStream): Promise<string | undefined> {
  for (const step of steps) {
    if (!(await run(step, name, log))) {
      if (!stopping) {
        stopping = true;
        stopAll();
        return step.name;
      }
      return undefined; // stopped because the other lane failed
    }
  }
  return undefined;
}

function summary(failed: string | undefined): never {
  const total = Date.now() - started;
  console.log("\ncheck: step times (wall clock)");
  for (const t of times)
    console.log(
      `  ${t.lane.padEnd(6)} ${t.step.padEnd(24)} ${clock(t.seconds * 1000).padStart(7)} ${t.ok ? "" : "FAILED"}`,
    );
  console.log(`  total ${clock(total)}`);
  mkdirSync("reports/check", { recursive: true });
  writeFileSync(
    "reports/check/times.json",
    JSON.stringify({ totalSeconds: Math.round(total / 1000), steps: times }, null, 2) + "\n",
  );
  if (failed !== undefined) {
    console.log(`check: FAILED at ${failed}`);
    process.exit(1);
  }
  console.log("check: every gate passed");
  process.exit(0);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    stopAll();
    process.exit(130);
  });
}

if (!(await run(LINT, "lint"))) summary(LINT.name);

mkdirSync("reports/check", { recursive: true });
const chainLogFile = "reports/check/chain.log";
const chainLog = createWriteStream(chainLogFile);
const [testsFailed, chainFailed] = await Promise.all([lane("tests", TESTS), lane("chain", CHAIN, chainLog)]);
await new Promise<void>((resolve) => chainLog.end(resolve));
console.log(`\n===== chain lane output (${chainLogFile}) =====`);
process.stdout.write(readFileSync(chainLogFile));
const failed = testsFailed ?? chainFailed;
if (failed !== undefined) summary(failed);

if (!(await run(AUDIT, "audit"))) summary(AUDIT.name);
summary(undefined);
