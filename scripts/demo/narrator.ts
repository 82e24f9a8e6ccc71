import type { NetworkConnection } from "hardhat/types/network";

import type { City } from "../../src/deploy.js";

/** A mined transaction as the demo sees it. */
interface Sent {
  wait(): Promise<{ gasUsed: bigint; hash: string } | null>;
}

/** Everything a demo chapter gets: the city, the chain, and a narrator that prints and keeps score. */
export interface DemoContext {
  connection: NetworkConnection;
  city: City;
  say: Narrator;
}

/** A demo chapter: one service's story, told through real transactions. */
export type Chapter = (ctx: DemoContext) => Promise<void>;

/** Prints the story and collects the summary: records created and gas used per chapter. */
export class Narrator {
  readonly gasByChapter = new Map<string, { txs: number; gas: bigint }>();
  readonly records: { chapter: string; record: string }[] = [];
  private chapter = "setup";

  /** Starts a chapter. */
  title(name: string): void {
    this.chapter = name;
    console.log(`\n== ${name} ${"=".repeat(Math.max(0, 96 - name.length))}`);
  }

  /** A line of narration. */
  line(text: string): void {
    console.log(`   ${text}`);
  }

  /** Sends a transaction, waits for it, prints its gas and counts it in the chapter's total. */
  async tx(label: string, sent: Promise<Sent>): Promise<bigint> {
    const receipt = await (await sent).wait();
    if (receipt === null) throw new Error(`${label}: not mined`);
    const entry = this.gasByChapter.get(this.chapter) ?? { txs: 0, gas: 0n };
    entry.txs += 1;
    entry.gas += receipt.gasUsed;
    this.gasByChapter.set(this.chapter, entry);
    console.log(`   ✔ ${label.padEnd(78)} ${receipt.gasUsed.toLocaleString("en-US").padStart(9)} gas`);
    return receipt.gasUsed;
  }

  /** Shows that a transaction is refused, with the custom error the contract gave. */
  async refused(
    label: string,
    sent: Promise<unknown>,
    contract: { interface: { parseError(data: string): { name: string; args: unknown } | null } },
  ): Promise<void> {
    try {
      await sent;
    } catch (error) {
      const data = findRevertData(error);
      const parsed = data === undefined ? null : contract.interface.parseError(data);
      console.log(`   ✘ ${label}: refused with ${parsed === null ? "a revert" : parsed.name}`);
      return;
    }
    throw new Error(`${label}: expected a refusal, but the transaction went through`);
  }

  /** Notes a record the chapter created, for the closing summary. */
  record(record: string): void {
    this.records.push({ chapter: this.chapter, record });
  }
}

function findRevertData(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && data.startsWith("0x")) return data;
    current = (current as { error?: unknown; cause?: unknown }).error ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}
