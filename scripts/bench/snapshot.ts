/**
 * The gas snapshot gate (`npm run bench -- --check`), in the manner of `forge snapshot --check`: every operation
 * of the committed snapshot is compared with today's figure, with a tolerance of 0 gas.
 */
export interface Snapshot {
  solc: string;
  operations: Record<string, { gas: number }>;
}

export interface Change {
  op: string;
  committed?: number;
  now?: number;
  kind: "more" | "less" | "added" | "removed";
}

export interface Comparison {
  changes: Change[];
  /** Why `--check` fails: operations costing more, operations added or removed without a snapshot update. */
  failures: string[];
}

/** Compares today's figures with the committed ones (both keyed by operation name). */
export function compareSnapshot(
  committed: Record<string, { gas: number }>,
  now: Record<string, { gas: number }>,
): Comparison {
  const changes: Change[] = [];
  const names = [...new Set([...Object.keys(committed), ...Object.keys(now)])].sort((a, b) => a.localeCompare(b));
  for (const op of names) {
    const before = committed[op]?.gas;
    const after = now[op]?.gas;
    if (before === undefined) changes.push({ op, now: after, kind: "added" });
    else if (after === undefined) changes.push({ op, committed: before, kind: "removed" });
    else if (after !== before)
      changes.push({ op, committed: before, now: after, kind: after > before ? "more" : "less" });
  }
  const count = (kind: Change["kind"]) => changes.filter((c) => c.kind === kind);
  const failures: string[] = [];
  const more = count("more");
  const added = count("added");
  const removed = count("removed");
  if (more.length > 0) failures.push(`${more.length} operation(s) cost more: ${more.map((c) => c.op).join(", ")}`);
  // A new operation has no committed figure to hold it to, and a removed one would silently drop out of the
  // gate: both mean the snapshot no longer describes the code, so both fail until it is updated.
  if (added.length > 0)
    failures.push(`${added.length} operation(s) not in the snapshot: ${added.map((c) => c.op).join(", ")}`);
  if (removed.length > 0)
    failures.push(`${removed.length} operation(s) no longer measured: ${removed.map((c) => c.op).join(", ")}`);
  return { changes, failures };
}

const fmt = (n: number | undefined) => (n === undefined ? "-" : n.toLocaleString("en-US"));

/** Prints the diff table: op, committed, now, delta, % (and added/removed operations). */
export function printComparison({ changes }: Comparison, snapshotPath: string): void {
  if (changes.length === 0) {
    console.log(`\ngas snapshot: every operation equals ${snapshotPath}`);
    return;
  }
  console.log(`\ngas snapshot diff against ${snapshotPath} (${changes.length} change(s))`);
  console.log(
    `${"operation".padEnd(48)}${"committed".padStart(12)}${"now".padStart(12)}${"delta".padStart(10)}${"%".padStart(9)}  verdict`,
  );
  for (const c of changes) {
    const delta = c.committed !== undefined && c.now !== undefined ? c.now - c.committed : undefined;
    const pct = delta !== undefined ? `${delta > 0 ? "+" : ""}${((100 * delta) / c.committed!).toFixed(2)}%` : "";
    const verdict = { more: "MORE GAS", less: "less gas", added: "ADDED", removed: "REMOVED" }[c.kind];
    console.log(
      `${c.op.padEnd(48)}${fmt(c.committed).padStart(12)}${fmt(c.now).padStart(12)}` +
        `${(delta === undefined ? "" : `${delta > 0 ? "+" : ""}${fmt(delta)}`).padStart(10)}${pct.padStart(9)}  ${verdict}`,
    );
  }
}
