import { expect } from "chai";

import { erc7201Slot } from "../../src/erc7201.js";
import { Roles } from "../../src/roles.js";
import {
  encryptVote,
  voteProof,
  generateKey,
  proveKey,
  searchTally,
  SelfTallyPhase,
  type Pair,
} from "../../src/selftally.js";
import type { SelfTallyBallotV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { createSelfTally, deploySelfTallyCity } from "./selfTallyFixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

/** Live records: an election mid-vote (three keys registered, two votes cast). */
async function liveFixture() {
  const city = await deploySelfTallyCity(connection);
  const e = await createSelfTally(connection, city);
  const people = city.crowd.slice(0, 3);
  const keys = people.map(() => generateKey());
  for (const [i, p] of people.entries()) {
    const pr = proveKey(e.domain, p.id, keys[i]);
    await (await city.selfTally.connect(p.wallet).register(e.electionId, p.id, keys[i].key, pr.c, pr.s)).wait();
  }
  await networkHelpers.time.increaseTo(e.params.commitEnd + 1n);
  for (const i of [0, 1]) {
    const y = (await city.selfTally.reconstructedKey(e.electionId, people[i].id)).map(BigInt) as Pair;
    const b = encryptVote(e.domain, people[i].id, keys[i], y, 1, 2, 3);
    await (
      await city.selfTally.connect(people[i].wallet).vote(e.electionId, people[i].id, b.vote, voteProof(b))
    ).wait();
  }
  return { city, e, people, keys };
}

describe("SelfTallyBallot: upgrades", function () {
  this.timeout(120_000);

  it("keeps its storage in the ERC-7201 namespace it declares", async function () {
    const fs = await import("node:fs");
    expect(fs.readFileSync("contracts/voting/SelfTallyBallot.sol", "utf8")).to.include(
      erc7201Slot("citychain.storage.SelfTallyBallot").slice(2),
    );
    expect(fs.readFileSync("contracts/mocks/upgrades/SelfTallyBallotV2.sol", "utf8")).to.include(
      "is SelfTallyBallot, V2Extension",
    );
    expect(fs.readFileSync("contracts/mocks/upgrades/V2Extension.sol", "utf8")).to.include(
      erc7201Slot("citychain.storage.V2Extension").slice(2),
    );
  });

  it("keys, votes, the running product and permissions survive an upgrade; the election finishes", async function () {
    const { city, e, people, keys } = await networkHelpers.loadFixture(liveFixture);
    const S = city.selfTally;
    const views = () =>
      snapshotViews({
        config: () => S.config(e.electionId),
        voters: () => Promise.all(people.map((p) => S.voter(e.electionId, p.id))),
        ys: () => Promise.all(people.map((p) => S.reconstructedKey(e.electionId, p.id))),
        product: () => S.runningProduct(e.electionId),
        count: () => S.electionCount(),
        phase: () => S.phase(e.electionId),
      });
    const before = await views();
    const v2 = await upgradeService<SelfTallyBallotV2>(connection, city, S, "SelfTallyBallotV2", {
      migration: (await ethers.getContractFactory("SelfTallyBallotV2")).interface.encodeFunctionData("initializeV2", [
        7n,
      ]),
      service: "selftally",
    });
    expect(await v2.version()).to.equal("2");
    expect(await v2.v2Field()).to.equal(7n);
    expect(await views()).to.deep.equal(before);
    const createSelector = S.interface.getFunction("createElection")!.selector;
    expect(await city.manager.getTargetFunctionRole(await S.getAddress(), createSelector)).to.equal(
      Roles.ELECTION_OFFICIAL,
    );

    const y = (await v2.reconstructedKey(e.electionId, people[2].id)).map(BigInt) as Pair;
    const b = encryptVote(e.domain, people[2].id, keys[2], y, 0, 2, 3);
    await (await v2.connect(people[2].wallet).vote(e.electionId, people[2].id, b.vote, voteProof(b))).wait();
    await networkHelpers.time.increaseTo(e.params.votingEnd + 1n);
    const [product] = await v2.runningProduct(e.electionId);
    const found = searchTally([product[0], product[1]], 3, 3, 2)!;
    await expect(v2.tally(e.electionId, found.t))
      .to.emit(v2, "SelfTallyFinalized")
      .withArgs(e.electionId, 2n, [1n, 2n]);
    expect(await v2.phase(e.electionId)).to.equal(SelfTallyPhase.Tallied);
  });

  it("refuses an upgrade by a non-UPGRADER, a second initialize, and any use of the implementation", async function () {
    const { city } = await networkHelpers.loadFixture(liveFixture);
    const next = await ethers.deployContract("SelfTallyBallotV2");
    await expect(city.selfTally.connect(city.accounts.electionOfficial).upgradeToAndCall(await next.getAddress(), "0x"))
      .to.be.revertedWithCustomError(city.selfTally, "AccessManagedUnauthorized")
      .withArgs(city.accounts.electionOfficial.address);
    const [identity, claims] = await city.elections.registries();
    await expect(
      city.selfTally.initialize(await city.manager.getAddress(), identity, claims),
    ).to.be.revertedWithCustomError(city.selfTally, "InvalidInitialization");
    const implementation = await ethers.getContractAt("SelfTallyBallot", await city.selfTally.implementation());
    await expect(
      implementation.initialize(await city.manager.getAddress(), identity, claims),
    ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
  });
});
