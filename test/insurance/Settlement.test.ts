import { expect } from "chai";
import { id, parseEther } from "ethers";

import { PolicyStatus } from "../../src/insurance.js";
import { DAY, deployInsuranceCity, floodTerms } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { networkHelpers } = connection;
const { time } = networkHelpers;
const POLICIES = 13;
const COVER = parseEther("5000");

/** A flooded risk with 13 policies of four holders, its result posted above the trigger. */
async function floodedFixture() {
  const city = await deployInsuranceCity(connection);
  const { insurance, accounts } = city;
  await insurance.connect(accounts.insurer).createProduct(floodTerms(city.pool1));
  const start = BigInt(await time.latest()) + DAY;
  await insurance.connect(accounts.insurer).createRisk(3n, start, start + DAY, id("district 9"));
  const holders = [accounts.alice, accounts.bob, accounts.dave, accounts.alice];
  for (let i = 0; i < POLICIES; i++) await insurance.connect(holders[i % 4]).buyPolicy(3n, 1n, COVER);
  await time.increaseTo(start + DAY + 1n);
  await insurance.connect(accounts.oracle).postResult(1n, 200n);
  return city;
}

/** A small deterministic generator (xorshift), so a failing seed can be replayed. */
function generator(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return Math.abs(x);
  };
}

describe("Parametric batch settlement (fuzzed batch sizes)", function () {
  for (const seed of [1, 7, 42, 1234, 99991]) {
    it(`pays each policy exactly once whatever the batch sizes (seed ${seed})`, async function () {
      const { insurance, accounts, ids, pool1 } = await networkHelpers.loadFixture(floodedFixture);
      const next = generator(seed);
      const callers = [accounts.mallory, accounts.erin, accounts.carol];
      const covered: number[] = [];
      let cursor = 0;
      while (cursor < POLICIES) {
        const size = (next() % 6) + 1;
        const receipt = await (await insurance.connect(callers[next() % 3]).settleRisk(1n, BigInt(size))).wait();
        const settled = receipt!.logs
          .map((log) => insurance.interface.parseLog(log))
          .find((parsed) => parsed?.name === "RiskBatchSettled");
        expect(settled!.args.fromIndex).to.equal(BigInt(cursor));
        const to = Number(settled!.args.toIndex);
        expect(to).to.equal(Math.min(POLICIES, cursor + size));
        for (let i = cursor; i < to; i++) covered.push(i);
        cursor = to;
      }
      expect(covered).to.deep.equal([...Array(POLICIES).keys()]);
      await expect(insurance.connect(accounts.mallory).settleRisk(1n, 1n)).to.be.revertedWithCustomError(
        insurance,
        "InsuranceRiskSettled",
      );
      for (let p = 1n; p <= BigInt(POLICIES); p++) {
        expect((await insurance.policy(p)).status).to.equal(PolicyStatus.PaidOut);
      }
      // alice holds policies 1, 4, 5, 8, 9, 12, 13 (indices 0 and 3 mod 4); bob 2, 6, 10; dave 3, 7, 11.
      expect(await insurance.creditOf(ids.alice)).to.equal(7n * COVER);
      expect(await insurance.creditOf(ids.bob)).to.equal(3n * COVER);
      expect(await insurance.creditOf(ids.dave)).to.equal(3n * COVER);
      expect((await insurance.pool(pool1)).locked).to.equal(0n);
    });
  }
});
