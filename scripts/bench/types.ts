import type { NetworkConnection } from "hardhat/types/network";

import type { City } from "../../src/deploy.js";

/** What every bench suite gets: a fresh in-process network with a deployed city. */
export interface BenchContext {
  connection: NetworkConnection;
  city: City;
}

/** A bench suite measures operations and returns their gas by `<service>.<operation>` name. */
export type BenchSuite = (ctx: BenchContext) => Promise<Record<string, bigint>>;

/**
 * A gas budget one operation must meet, relative to another operation measured in the same run. A budget
 * the project knowingly misses carries `knownMiss`, the documented reason: it is printed and recorded but
 * does not fail the run, so that only new regressions do.
 */
export type Budget = { operation: string; of: string; knownMiss?: string } & (
  | { atMost: number } // gas(operation) <= atMost * gas(of)
  | { withinPercent: number } // |gas(operation) - gas(of)| <= pct% of gas(of)
);

/** Gas used by a sent transaction, once mined. */
export async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction was not mined");
  return receipt.gasUsed;
}

/** An informational ratio of one operation to another measured in the same run: printed, never a pass/fail rule. */
export interface Ratio {
  operation: string;
  of: string;
}
