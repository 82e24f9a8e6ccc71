import { expect } from "chai";
import { id } from "ethers";

import { erc7201Slot } from "../../src/erc7201.js";
import { Roles } from "../../src/roles.js";
import type { ElectionsV2 } from "../../typechain-types/index.js";
import { BallotMode, Outcome, Phase, secretBallot, signCommit } from "../../src/voting.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import {
  commitAs,
  createElection,
  deployVotingCity,
  revealBallot,
  toCounting,
  toReveal,
  toVoting,
} from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

/** Live records: a secret election mid-reveal (one revealed, one committed, a relayed nonce) and a public one. */
async function liveFixture() {
  const city = await deployVotingCity(connection);
  const secret = await createElection(connection, city, { optionCount: 3 });
  const open = await createElection(connection, city, { mode: BallotMode.Public, votingSeconds: 10n * 86_400n });
  await toVoting(connection, secret.params);
  const alice = await commitAs(city, city.accounts.alice, secret.electionId, city.ids.alice, 2);
  const bob = await secretBallot(city.elections, secret.electionId, city.ids.bob, 1);
  const signed = await signCommit(city.accounts.bob, city.elections, bob, { deadline: secret.params.votingEnd });
  await city.elections
    .connect(city.accounts.mallory)
    .commitBySig(
      secret.electionId,
      city.ids.bob,
      bob.commitment,
      signed.previous,
      secret.params.votingEnd,
      signed.signature,
    );
  await city.elections.connect(city.accounts.dave).cast(open.electionId, city.ids.dave, 1);
  await toReveal(connection, secret.params);
  await revealBallot(city, alice);
  return { city, secret, open, bob };
}

describe("Elections: upgrades", function () {
  it("keeps its storage in the ERC-7201 namespace it declares", async function () {
    const fs = await import("node:fs");
    const source = fs.readFileSync("contracts/voting/Elections.sol", "utf8");
    expect(source).to.include(erc7201Slot("citychain.storage.Elections").slice(2));
    expect(fs.readFileSync("contracts/mocks/upgrades/ElectionsV2.sol", "utf8")).to.include("is Elections, V2Extension");
    expect(fs.readFileSync("contracts/mocks/upgrades/V2Extension.sol", "utf8")).to.include(
      erc7201Slot("citychain.storage.V2Extension").slice(2),
    );
  });

  it("every election, receipt, tally, nonce and permission survives an upgrade, and everything still works", async function () {
    const { city, secret, open, bob } = await networkHelpers.loadFixture(liveFixture);
    const E = city.elections;
    const views = () =>
      snapshotViews({
        secret: () => E.election(secret.electionId),
        open: () => E.election(open.electionId),
        secretTallies: () => E.tallies(secret.electionId),
        openTallies: () => E.tallies(open.electionId),
        aliceReceipt: () => E.receipt(secret.electionId, city.ids.alice),
        bobReceipt: () => E.receipt(secret.electionId, city.ids.bob),
        daveReceipt: () => E.receipt(open.electionId, city.ids.dave),
        bobNonce: () => E.nonces(city.ids.bob),
        count: () => E.electionCount(),
        registries: () => E.registries(),
        domain: () => E.eip712Domain(),
      });
    const before = await views();
    const v2 = await upgradeService<ElectionsV2>(connection, city, E, "ElectionsV2", {
      migration: (await ethers.getContractFactory("ElectionsV2")).interface.encodeFunctionData("initializeV2", [7n]),
      service: "elections",
    });
    expect(await v2.version()).to.equal("2");
    expect(await v2.v2Field()).to.equal(7n);
    expect(await views()).to.deep.equal(before);
    const createSelector = E.interface.getFunction("createElection")!.selector;
    expect(await city.manager.getTargetFunctionRole(await E.getAddress(), createSelector)).to.equal(
      Roles.ELECTION_OFFICIAL,
    );

    await revealBallot(city, bob);
    await expect(revealBallot(city, bob)).to.be.revertedWithCustomError(v2, "VotingAlreadyVoted");
    await city.elections.connect(city.accounts.alice).cast(open.electionId, city.ids.alice, 0);
    await toCounting(connection, secret.params);
    await expect(v2.finalize(secret.electionId))
      .to.emit(v2, "ElectionFinalized")
      .withArgs(secret.electionId, Outcome.Tied, 0, 2n, 2n);
    expect(await v2.phase(open.electionId)).to.equal(Phase.Voting);
    await city.elections.connect(city.accounts.guardian).cancel(open.electionId, id("test"));
  });

  it("refuses an upgrade by a non-UPGRADER, a second initialize, and any use of the implementation", async function () {
    const { city } = await networkHelpers.loadFixture(liveFixture);
    const next = await ethers.deployContract("ElectionsV2");
    await expect(city.elections.connect(city.accounts.electionOfficial).upgradeToAndCall(await next.getAddress(), "0x"))
      .to.be.revertedWithCustomError(city.elections, "AccessManagedUnauthorized")
      .withArgs(city.accounts.electionOfficial.address);
    const [identity, claims] = await city.elections.registries();
    await expect(
      city.elections.initialize(await city.manager.getAddress(), identity, claims),
    ).to.be.revertedWithCustomError(city.elections, "InvalidInitialization");
    const implementation = await ethers.getContractAt("Elections", await city.elections.implementation());
    await expect(
      implementation.initialize(await city.manager.getAddress(), identity, claims),
    ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
  });
});
