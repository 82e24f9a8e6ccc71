import { createHash } from "node:crypto";
import { createRequire, syncBuiltinESMExports } from "node:module";

import { randomBytes as ethersRandomBytes } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

/**
 * Makes every bench figure reproducible. Gas depends on calldata bytes (a zero byte costs 4, another 16), so
 * a deadline derived from the wall clock or a random key or salt changes a figure from one run to the next.
 * Two things are pinned here, for the bench process only:
 * - randomness: node's `crypto.randomBytes`/`randomFillSync`, Web Crypto's `getRandomValues` (noble curves) and
 *   ethers' `randomBytes` (`Wallet.createRandom`) draw from one seeded stream (SHA-256 in counter mode);
 * - the chain clock: every block is mined exactly one second after the previous one, plus whatever the suite
 *   asked for with `evm_increaseTime` (or an explicit `evm_setNextBlockTimestamp`), and the genesis date is
 *   fixed, so `block.timestamp` and every deadline derived from it are the same on every run.
 */
const SEED = "citychain bench v1";
/** 2026-01-01T00:00:00Z: the first block's date on every bench chain. */
export const BENCH_GENESIS_DATE = new Date("2026-01-01T00:00:00Z");

let counter = 0n;
function seeded(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 32) {
    const block = createHash("sha256").update(`${SEED}:${counter++}`).digest();
    out.set(block.subarray(0, Math.min(32, length - offset)), offset);
  }
  return out;
}

/** Replaces every source of randomness the bench (and the `src/` helpers it calls) can reach. */
export function pinRandomness(): void {
  const require = createRequire(import.meta.url);
  const nodeCrypto = require("node:crypto") as typeof import("node:crypto");
  nodeCrypto.randomBytes = ((size: number) => Buffer.from(seeded(size))) as typeof nodeCrypto.randomBytes;
  nodeCrypto.randomFillSync = (<T extends NodeJS.ArrayBufferView>(buffer: T) => {
    const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    view.set(seeded(view.length));
    return buffer;
  }) as typeof nodeCrypto.randomFillSync;
  syncBuiltinESMExports();
  Object.defineProperty(globalThis.crypto, "getRandomValues", {
    configurable: true,
    value: <T extends ArrayBufferView | null>(array: T): T => {
      if (array !== null)
        new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(seeded(array.byteLength));
      return array;
    },
  });
  ethersRandomBytes.register((length) => seeded(length));
  ethersRandomBytes.lock();
}

const MINING = new Set(["eth_sendTransaction", "eth_sendRawTransaction", "evm_mine", "hardhat_mine"]);

/** Makes a connection's block timestamps depend only on the transactions sent, never on the wall clock. */
export function pinClock<T extends NetworkConnection<string>>(connection: T): T {
  const provider = connection.provider;
  const request = provider.request.bind(provider);
  let pendingIncrease = 0n;
  let explicitNext = false;
  provider.request = async (args) => {
    if (args.method === "evm_increaseTime") {
      const [seconds] = (args.params ?? []) as [number | string];
      pendingIncrease += BigInt(seconds);
      return "0x" + pendingIncrease.toString(16);
    }
    if (args.method === "evm_setNextBlockTimestamp") {
      explicitNext = true;
      pendingIncrease = 0n;
      return request(args);
    }
    const params = (args.params ?? []) as unknown[];
    if (MINING.has(args.method) && !(args.method === "evm_mine" && params.length > 0)) {
      if (!explicitNext) {
        const latest = (await request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
          timestamp: string;
        };
        const next = BigInt(latest.timestamp) + 1n + pendingIncrease;
        await request({ method: "evm_setNextBlockTimestamp", params: ["0x" + next.toString(16)] });
      }
      explicitNext = false;
      pendingIncrease = 0n;
    }
    return request(args);
  };
  return connection;
}

type Create = (typeof import("hardhat"))["network"]["create"];

/**
 * Pins randomness, and makes every chain `network.create` gives the bench (including the ones a suite creates
 * itself) start at the same date with a wall-clock-free clock.
 */
export function pinBench(network: (typeof import("hardhat"))["network"]): void {
  pinRandomness();
  const create = network.create.bind(network) as Create;
  network.create = (async (params?: Parameters<Create>[0]) => {
    const base = typeof params === "string" ? { network: params } : (params ?? {});
    const override = { ...(base.override ?? {}), initialDate: BENCH_GENESIS_DATE };
    return pinClock(await create({ ...base, override } as Parameters<Create>[0]));
  }) as Create;
}
