import { expect } from "chai";
import { id } from "ethers";

import { IdentityKind } from "../../src/identity.js";
import type { PermissionedContract } from "../../src/permissions.js";
import {
  encryptVote,
  voteProof,
  generateKey,
  proveKey,
  searchTally,
  SelfTallyPhase,
  verifyKey,
  verifyShare,
  verifyVote,
  recoveryShare,
  type Pair,
} from "../../src/selftally.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { DAY, DISTRICT, freshSigner, HOUR } from "./fixtures.js";
import { createSelfTally, deploySelfTallyCity } from "./selfTallyFixtures.js";
import { connection } from "../shared/network.js";

const { networkHelpers } = connection;

async function fixture() {
  return deploySelfTallyCity(connection);
}

describe("SelfTallyBallot: rights by identity, eligibility, officials", function () {
  this.timeout(120_000);

  it("a key recovery keeps the identity's registration: the new wallet votes, the old one is refused", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const { alice, bob, carol } = city.accounts;
    await city.identity
      .connect(alice)
      .appointGuardians(city.ids.alice, [city.ids.bob, city.ids.carol, city.ids.dave], 2);
    await networkHelpers.time.increase(3n * DAY + 1n); // every guardian set takes effect after the delay (L-05)
    const now = BigInt(await networkHelpers.time.latest());
    const params = {
      optionCount: 2,
      voterKind: IdentityKind.Resident,
      minLevel: 1,
      registrationEnd: now + HOUR,
      commitEnd: now + HOUR,
      votingEnd: now + 10n * DAY,
      district: "0x" + "00".repeat(32),
      metadata: id("recovery"),
    };
    const st = city.selfTally;
    await (await st.connect(city.accounts.electionOfficial).createElection(params)).wait();
    const electionId = await st.electionCount();
    const { chainId } = await connection.ethers.provider.getNetwork();
    const domain = { chainId, contract: await st.getAddress(), electionId };
    const key = generateKey();
    const pr = proveKey(domain, city.ids.alice, key);
    await (await st.connect(alice).register(electionId, city.ids.alice, key.key, pr.c, pr.s)).wait();
    const k2 = generateKey();
    const p2 = proveKey(domain, city.crowd[0].id, k2);
    await (await st.connect(city.crowd[0].wallet).register(electionId, city.crowd[0].id, k2.key, p2.c, p2.s)).wait();
    const fresh = await freshSigner(connection);
    await city.identity.connect(bob).initiateRecovery(city.ids.alice, fresh.address);
    await city.identity.connect(carol).approveRecovery(1n);
    await networkHelpers.time.increase(3n * DAY + 1n);
    await city.identity.executeRecovery(1n);
    const y = (await st.reconstructedKey(electionId, city.ids.alice)).map(BigInt) as Pair;
    const ballot = encryptVote(domain, city.ids.alice, key, y, 1, 2, 2);
    await expect(st.connect(alice).vote(electionId, city.ids.alice, ballot.vote, voteProof(ballot)))
      .to.be.revertedWithCustomError(st, "SelfTallyCallerNotVoter")
      .withArgs(city.ids.alice, alice.address);
    await expect(st.connect(fresh).vote(electionId, city.ids.alice, ballot.vote, voteProof(ballot))).to.emit(
      st,
      "EncryptedVoteCast",
    );
    const [, , voted] = await st.voter(electionId, city.ids.alice);
    expect(voted).to.equal(true);
  });

  it("eligibility is the voting service's: roll, kind, level, district", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const e = await createSelfTally(connection, city, { district: DISTRICT });
    const st = city.selfTally;
    const k = generateKey();
    const carolProof = proveKey(e.domain, city.ids.carol, k);
    await expect(
      st.connect(city.accounts.carol).register(e.electionId, city.ids.carol, k.key, carolProof.c, carolProof.s),
    )
      .to.be.revertedWithCustomError(city.elections, "VotingVoterNotInDistrict")
      .withArgs(city.ids.carol, DISTRICT);
    const late = 10_000n;
    const lateProof = proveKey(e.domain, late, k);
    await expect(
      st.connect(city.accounts.carol).register(e.electionId, late, k.key, lateProof.c, lateProof.s),
    ).to.be.revertedWithCustomError(city.elections, "VotingVoterRegisteredLate");
    const officeProof = proveKey(e.domain, city.officeId, k);
    await expect(
      st.connect(city.accounts.registrar).register(e.electionId, city.officeId, k.key, officeProof.c, officeProof.s),
    ).to.be.revertedWithCustomError(city.elections, "VotingVoterKindMismatch");
    const aliceProof = proveKey(e.domain, city.ids.alice, k);
    await expect(
      st.connect(city.accounts.alice).register(e.electionId, city.ids.alice, k.key, aliceProof.c, aliceProof.s),
    ).to.emit(st, "VoterKeyRegistered");
  });

  it("createElection validates options, kind, level and schedule; unknown ids; cancel is final", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const st = city.selfTally.connect(city.accounts.electionOfficial);
    const now = BigInt(await networkHelpers.time.latest());
    const base = {
      optionCount: 2,
      voterKind: IdentityKind.Resident,
      minLevel: 1,
      registrationEnd: now + HOUR,
      commitEnd: now + HOUR,
      votingEnd: now + 2n * HOUR,
      district: "0x" + "00".repeat(32),
      metadata: id("m"),
    };
    for (const optionCount of [1, 9]) {
      await expect(st.createElection({ ...base, optionCount }))
        .to.be.revertedWithCustomError(st, "SelfTallyOptionCountInvalid")
        .withArgs(optionCount);
    }
    await expect(st.createElection({ ...base, voterKind: IdentityKind.Device }))
      .to.be.revertedWithCustomError(st, "SelfTallyVoterKindInvalid")
      .withArgs(IdentityKind.Device);
    await expect(st.createElection({ ...base, voterKind: 0 })).to.be.revertedWithCustomError(
      st,
      "SelfTallyVoterKindInvalid",
    );
    for (const minLevel of [0, 4]) {
      await expect(st.createElection({ ...base, minLevel }))
        .to.be.revertedWithCustomError(st, "SelfTallyMinLevelInvalid")
        .withArgs(minLevel);
    }
    for (const bad of [{ registrationEnd: now - 1n }, { commitEnd: now }, { votingEnd: now + HOUR }]) {
      await expect(st.createElection({ ...base, ...bad })).to.be.revertedWithCustomError(
        st,
        "SelfTallyScheduleInvalid",
      );
    }
    await expect(city.selfTally.config(99n))
      .to.be.revertedWithCustomError(st, "SelfTallyElectionUnknown")
      .withArgs(99n);
    expect(await city.selfTally.phase(99n)).to.equal(SelfTallyPhase.None);
    await expect(city.selfTally.reconstructedKey(99n, 1n)).to.be.revertedWithCustomError(st, "SelfTallyNotRegistered");
    const [key, index, voted] = await city.selfTally.voter(99n, 1n);
    expect([key[0], key[1], index, voted]).to.deep.equal([0n, 0n, 0n, false]);

    await (await st.createElection(base)).wait();
    const electionId = await city.selfTally.electionCount();
    expect(await city.selfTally.result(electionId)).to.deep.equal([]);
    const guardian = city.selfTally.connect(city.accounts.guardian);
    await expect(guardian.cancel(electionId, id("printing error")))
      .to.emit(city.selfTally, "SelfTallyElectionCancelled")
      .withArgs(electionId, id("printing error"));
    expect(await city.selfTally.phase(electionId)).to.equal(SelfTallyPhase.Cancelled);
    await expect(guardian.cancel(electionId, id("again")))
      .to.be.revertedWithCustomError(st, "SelfTallyWrongPhase")
      .withArgs(electionId, SelfTallyPhase.Cancelled);
    await expect(city.selfTally.connect(city.accounts.guardian).createElection(base))
      .to.be.revertedWithCustomError(st, "AccessManagedUnauthorized")
      .withArgs(city.accounts.guardian.address);
  });

  it("initialize refuses zero registries (a fresh proxy)", async function () {
    const { deployBehindProxy } = await import("../../src/proxy.js");
    const city = await networkHelpers.loadFixture(fixture);
    const zero = "0x" + "00".repeat(20);
    await expect(
      deployBehindProxy(connection, "SelfTallyBallot", [await city.manager.getAddress(), zero, zero]),
    ).to.be.revertedWithCustomError(city.selfTally, "SelfTallyRegistryZero");
  });

  shouldRejectUnauthorized(async () => {
    const city = await networkHelpers.loadFixture(fixture);
    const contracts: Partial<Record<PermissionedContract, typeof city.selfTally>> = { SelfTallyBallot: city.selfTally };
    return { contracts, manager: city.manager, stranger: city.accounts.mallory };
  }, ["SelfTallyBallot"]);
});

describe("SelfTally SDK: every proof verifies off-chain; tampered ones do not", function () {
  it("key, vote and share proofs, and the tally search", function () {
    const domain = { chainId: 31337n, contract: "0x" + "ab".repeat(20), electionId: 1n };
    const keys = [generateKey(), generateKey(), generateKey()];
    const pr = proveKey(domain, 7n, keys[0]);
    expect(verifyKey(domain, 7n, keys[0].key, pr)).to.equal(true);
    expect(verifyKey(domain, 8n, keys[0].key, pr)).to.equal(false);
    expect(verifyKey({ ...domain, electionId: 2n }, 7n, keys[0].key, pr)).to.equal(false);
    const y: Pair = keys[1].key;
    const ballot = encryptVote(domain, 7n, keys[0], y, 2, 4, 3);
    expect(verifyVote(domain, 7n, keys[0].key, y, 3, ballot)).to.equal(true);
    expect(verifyVote(domain, 7n, keys[0].key, y, 3, { ...ballot, r: [1n, ...ballot.r.slice(1)] })).to.equal(false);
    expect(() => encryptVote(domain, 7n, keys[0], y, 4, 4, 3)).to.throw("not one of 4 options");
    const sh = recoveryShare(domain, 7n, keys[0], 9n, keys[2].key);
    expect(verifyShare(domain, 7n, keys[0].key, 9n, keys[2].key, sh)).to.equal(true);
    expect(verifyShare(domain, 7n, keys[1].key, 9n, keys[2].key, sh)).to.equal(false);
    expect(searchTally(keys[2].key, 5, 5, 2)).to.equal(undefined);
  });
});
