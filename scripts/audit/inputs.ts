/** Readers of the audit's inputs that are not solc output: lcov, SECURITY.md findings, Solidity property suites. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface FileCoverage {
  lines: Map<number, number>;
}

/** Line hits per source file from Hardhat's `coverage/lcov.info` (Hardhat 3.18 writes lines only: DA/LH/LF). */
export function readLcov(file: string): Map<string, FileCoverage> {
  const files = new Map<string, FileCoverage>();
  let current: FileCoverage | undefined;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("SF:")) {
      const name = line.slice(3).trim();
      current = files.get(name) ?? { lines: new Map() };
      files.set(name, current);
    } else if (line.startsWith("DA:") && current !== undefined) {
      const [no, hits] = line.slice(3).split(",").map(Number);
      current.lines.set(no, Math.max(hits, current.lines.get(no) ?? 0));
    } else if (line === "end_of_record") current = undefined;
  }
  return files;
}

export interface Finding {
  id: string;
  status: string;
  where: string;
}

/** The review findings table of SECURITY.md ("## Review findings ..."): id, status (fixed/accepted), where. */
export function readFindings(file = "SECURITY.md"): { title: string; findings: Finding[] } {
  const text = readFileSync(file, "utf8");
  const start = text.search(/^## Review findings/m);
  if (start < 0) return { title: "Review findings", findings: [] };
  const section = text.slice(start).split(/\n## /)[0];
  const title = section.split("\n")[0].replace(/^##\s*/, "");
  const findings: Finding[] = [];
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length >= 4 && /^[A-Z]+-\d+$/.test(cells[1]))
      findings.push({ id: cells[1], status: cells[2], where: cells[3] });
  }
  return { title, findings };
}

export interface Property {
  file: string;
  contract: string;
  name: string;
  kind: "invariant" | "fuzz" | "unit";
}

/** Every invariant and fuzz property of the Solidity suites (`test/**\/*.t.sol`). */
export function readProperties(root = "test"): Property[] {
  const out: Property[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const p = path.join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (entry.endsWith(".t.sol")) {
        const text = readFileSync(p, "utf8");
        let contract = "";
        for (const line of text.split("\n")) {
          const c = /^\s*(?:abstract\s+)?contract\s+(\w+)/.exec(line);
          if (c !== null) contract = c[1];
          const f = /^\s*function\s+((?:invariant|test)\w*)\s*\(([^)]*)\)/.exec(line);
          if (f === null) continue;
          const kind = f[1].startsWith("invariant") ? "invariant" : f[2].trim().length > 0 ? "fuzz" : "unit";
          out.push({ file: p, contract, name: f[1], kind });
        }
      }
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
}
