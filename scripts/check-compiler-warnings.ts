/**
 * Compiler warnings as errors, for our own sources. Reads the structured compiler output Hardhat keeps in
 * `artifacts/build-info/*.output.json` (after `hardhat build`), fails on any warning located in this
 * project, and lists warnings from dependencies (OpenZeppelin, EAS) without failing on them.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

interface CompilerMessage {
  severity: string;
  message: string;
  sourceLocation?: { file: string; start: number };
}

const dir = path.join("artifacts", "build-info");
const files = readdirSync(dir).filter((f) => f.endsWith(".output.json"));
if (files.length === 0) throw new Error("no build-info output: run `hardhat build` first");

const ours = new Map<string, string>();
const theirs = new Map<string, string>();
for (const file of files) {
  const { output } = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as {
    output: { errors?: CompilerMessage[] };
  };
  for (const m of output.errors ?? []) {
    if (m.severity !== "warning" && m.severity !== "error") continue;
    const where = m.sourceLocation?.file ?? "(no location)";
    const key = `${where}: ${m.message.split("\n")[0]}`;
    (where.startsWith("npm/") ? theirs : ours).set(key, m.severity);
  }
}
for (const key of theirs.keys()) console.log(`dependency warning (not ours, not failing): ${key}`);
for (const key of ours.keys()) console.error(`compiler warning in our code: ${key}`);
console.log(`compiler warnings: ${ours.size} in our sources, ${theirs.size} in dependencies`);
if (ours.size > 0) process.exitCode = 1;
