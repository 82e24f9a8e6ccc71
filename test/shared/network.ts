import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { deployCity, type City } from "../../src/deploy.js";

/**
 * One in-process chain for every mocha test file, so the city is deployed once per run instead of once per file
 * (the deployment is most of a file's set-up time, and more so under coverage).
 *
 * Isolation comes from snapshots, as before: every test starts from a fixture's snapshot. Hardhat's own
 * `loadFixture` keeps a list that goes stale when one fixture loads another inside it (the outer call keeps the
 * list it read before the inner one reverted the chain), so a shared chain with a shared base fixture needs a
 * stack that stays true under nesting: restoring a fixture's snapshot drops every snapshot taken after it,
 * exactly as `evm_revert` does. The connection below is Hardhat's, with `networkHelpers.loadFixture` replaced by
 * that stack; everything else is passed through.
 */
const real = await network.create();

interface Entry {
  fixture: (connection: NetworkConnection) => Promise<unknown>;
  snapshotId: string;
  data: unknown;
}
const stack: Entry[] = [];

async function snapshot(): Promise<string> {
  const id = await real.provider.request({ method: "evm_snapshot" });
  if (typeof id !== "string") throw new Error(`evm_snapshot returned ${String(id)}`);
  return id;
}

async function loadFixture<T>(fixture: (connection: NetworkConnection) => Promise<T>): Promise<T> {
  if (fixture.name === "") throw new Error("loadFixture needs a named fixture function");
  const index = stack.findIndex((entry) => entry.fixture === fixture);
  if (index >= 0) {
    const entry = stack[index];
    const reverted = await real.provider.request({ method: "evm_revert", params: [entry.snapshotId] });
    if (reverted !== true) throw new Error(`could not revert to the snapshot of fixture ${fixture.name}`);
    // A revert consumes its snapshot and every later one.
    entry.snapshotId = await snapshot();
    stack.length = index + 1;
    return entry.data as T;
  }
  const data = await fixture(connection);
  stack.push({ fixture, snapshotId: await snapshot(), data });
  return data;
}

function passThrough<T extends object>(target: T, overrides: Record<string | symbol, unknown>): T {
  return new Proxy(target, {
    get(object, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key];
      const value: unknown = Reflect.get(object, key, object);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/** The shared connection: use it as a file's `network.create()` result. */
export const connection: NetworkConnection = passThrough(real, {
  networkHelpers: passThrough(real.networkHelpers, { loadFixture }),
});

async function deployedCity(on: NetworkConnection): Promise<City> {
  return deployCity(on);
}

/**
 * The development city on `on`: on the shared connection, a snapshot of the one deployment (a fresh copy of the
 * returned object, the chain reverted to the deployment); on any other connection, a new deployment.
 */
export async function cityOn(on: NetworkConnection): Promise<City> {
  if (on !== connection) return deployCity(on);
  return { ...(await loadFixture(deployedCity)) };
}
