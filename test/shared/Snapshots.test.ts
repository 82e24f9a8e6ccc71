import { expect } from "chai";

import { cityOn, connection } from "./network.js";

const { ethers, networkHelpers } = connection;
const { loadFixture } = networkHelpers;

/**
 * The shared chain's snapshot stack (test/shared/network.ts): every file's isolation rests on it, so its rules are
 * tested here on the chain itself. State is observed through an account's nonce: each fixture sends transactions.
 */
describe("shared test chain: snapshot stack", function () {
  let outerRuns = 0;
  let innerRuns = 0;

  async function nonceOf(address: string): Promise<number> {
    return ethers.provider.getTransactionCount(address);
  }

  async function send(count: number) {
    const [, , , , , , , , , sender] = await ethers.getSigners();
    for (let i = 0; i < count; ++i) await sender.sendTransaction({ to: sender.address, value: 0n });
    return sender.address;
  }

  async function innerFixture() {
    ++innerRuns;
    await cityOn(connection);
    const sender = await send(1);
    return { sender, nonce: await nonceOf(sender) };
  }

  async function outerFixture() {
    ++outerRuns;
    const inner = await loadFixture(innerFixture);
    await send(2);
    return { ...inner, nonce: await nonceOf(inner.sender) };
  }

  it("runs a fixture once and then restores its snapshot, discarding what a test did", async function () {
    const first = await loadFixture(innerFixture);
    const runs = innerRuns;
    await send(3);
    const again = await loadFixture(innerFixture);
    expect(innerRuns).to.equal(runs);
    expect(again).to.equal(first);
    expect(await nonceOf(first.sender)).to.equal(first.nonce);
  });

  it("lets a fixture load another fixture, and restores the outer one to its own state", async function () {
    const outer = await loadFixture(outerFixture);
    expect(outer.nonce).to.equal((await loadFixture(innerFixture)).nonce + 2);
    // Loading the inner fixture reverted the chain below the outer snapshot: the outer one is run again, and its
    // state is the inner state plus its own two transactions, never a stale snapshot.
    const runs = outerRuns;
    const restored = await loadFixture(outerFixture);
    expect(outerRuns).to.equal(runs + 1);
    expect(await nonceOf(restored.sender)).to.equal(restored.nonce);
    expect(restored.nonce).to.equal(outer.nonce);
  });

  it("restores the outer fixture repeatedly without re-running it", async function () {
    const outer = await loadFixture(outerFixture);
    const runs = outerRuns;
    await send(5);
    const again = await loadFixture(outerFixture);
    expect(outerRuns).to.equal(runs);
    expect(await nonceOf(again.sender)).to.equal(outer.nonce);
  });

  it("gives each caller its own copy of the city object", async function () {
    const a = await cityOn(connection);
    const b = await cityOn(connection);
    expect(a).to.not.equal(b);
    expect(await a.identity.getAddress()).to.equal(await b.identity.getAddress());
  });

  it("refuses an anonymous fixture, which it could not tell apart from another", async function () {
    let message = "";
    await loadFixture(async () => 1).catch((error: unknown) => (message = (error as Error).message));
    expect(message).to.equal("loadFixture needs a named fixture function");
  });
});
