import { expect } from "chai";

import {
  encryptVote,
  voteProof,
  generateKey,
  proofNonce,
  proveKey,
  recoveryShare,
  SelfTallyPhase,
  verifyVote,
  type Pair,
} from "../../src/selftally.js";
import { createSelfTally, deploySelfTallyCity, plainCount, runElection } from "./selfTallyFixtures.js";
import { connection } from "../shared/network.js";

const { networkHelpers } = connection;

async function fixture() {
  return deploySelfTallyCity(connection);
}

/** Deterministic pseudo-random choices. */
const choicesOf = (n: number, options: number, seed: number) =>
  Array.from({ length: n }, (_, i) => (i * 7 + seed * 3 + ((i * i) % 5)) % options);

describe("SelfTallyBallot: elections end to end (decrypted result equals the plain count)", function () {
  this.timeout(300_000);

  it("3 voters, yes/no, everyone votes", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const choices = [1, 0, 1];
    const { counts, electionId } = await runElection(connection, city, choices);
    expect(counts).to.deep.equal(plainCount(choices, 2));
    expect(await city.selfTally.phase(electionId)).to.equal(SelfTallyPhase.Tallied);
  });

  it("3 voters, 4 options, with a commit round and one absentee", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const choices = [3, undefined, 2];
    const { counts } = await runElection(connection, city, choices, { optionCount: 4, commitRound: true });
    expect(counts).to.deep.equal(plainCount(choices, 4));
  });

  it("10 voters, yes/no, three absentees recovered", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const choices: (number | undefined)[] = choicesOf(10, 2, 1);
    choices[0] = choices[4] = choices[9] = undefined;
    const { counts } = await runElection(connection, city, choices);
    expect(counts).to.deep.equal(plainCount(choices, 2));
  });

  it("10 voters, 4 options, no absentee; and 10 voters, 4 options, two absentees", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const all = choicesOf(10, 4, 2);
    expect((await runElection(connection, city, all, { optionCount: 4 })).counts).to.deep.equal(plainCount(all, 4));
    const some: (number | undefined)[] = choicesOf(10, 4, 3);
    some[2] = some[7] = undefined;
    expect((await runElection(connection, city, some, { optionCount: 4 })).counts).to.deep.equal(plainCount(some, 4));
  });

  it("100 voters, yes/no, everyone votes", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const choices = choicesOf(100, 2, 5);
    const { counts } = await runElection(connection, city, choices);
    expect(counts).to.deep.equal(plainCount(choices, 2));
  });

  it("100 registered, 4 options, two absentees", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const choices: (number | undefined)[] = choicesOf(100, 4, 7);
    choices[13] = choices[98] = undefined;
    const { counts } = await runElection(connection, city, choices, { optionCount: 4 });
    expect(counts).to.deep.equal(plainCount(choices, 4));
  });
});

describe("SelfTallyBallot: bad input (named errors, state untouched)", function () {
  this.timeout(120_000);

  async function registered() {
    const city = await networkHelpers.loadFixture(fixture);
    const e = await createSelfTally(connection, city);
    const [a, b, c] = city.crowd;
    const keys = [generateKey(), generateKey(), generateKey()];
    for (const [i, p] of [a, b, c].entries()) {
      const pr = proveKey(e.domain, p.id, keys[i]);
      await (await city.selfTally.connect(p.wallet).register(e.electionId, p.id, keys[i].key, pr.c, pr.s)).wait();
    }
    return { city, e, people: [a, b, c], keys };
  }

  it("registration: invalid point, proof for another voter or election, second key, wrong caller, late", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const e = await createSelfTally(connection, city);
    const other = await createSelfTally(connection, city);
    const [a, b] = city.crowd;
    const st = city.selfTally;
    const k = generateKey();
    const proof = proveKey(e.domain, a.id, k);
    await expect(st.connect(a.wallet).register(e.electionId, a.id, [1n, 3n], proof.c, proof.s))
      .to.be.revertedWithCustomError(st, "SelfTallyPointInvalid")
      .withArgs(1n, 3n);
    const forB = proveKey(e.domain, b.id, k);
    await expect(st.connect(a.wallet).register(e.electionId, a.id, k.key, forB.c, forB.s))
      .to.be.revertedWithCustomError(st, "SelfTallyKeyProofInvalid")
      .withArgs(e.electionId, a.id);
    await expect(st.connect(a.wallet).register(other.electionId, a.id, k.key, proof.c, proof.s))
      .to.be.revertedWithCustomError(st, "SelfTallyKeyProofInvalid")
      .withArgs(other.electionId, a.id);
    await expect(st.connect(b.wallet).register(e.electionId, a.id, k.key, proof.c, proof.s))
      .to.be.revertedWithCustomError(st, "SelfTallyCallerNotVoter")
      .withArgs(a.id, b.wallet.address);
    expect((await st.config(e.electionId)).registered).to.equal(0n);
    await expect(st.connect(a.wallet).register(e.electionId, a.id, k.key, proof.c, proof.s))
      .to.emit(st, "VoterKeyRegistered")
      .withArgs(e.electionId, a.id, 1n, k.key);
    await expect(st.connect(a.wallet).register(e.electionId, a.id, k.key, proof.c, proof.s))
      .to.be.revertedWithCustomError(st, "SelfTallyAlreadyRegistered")
      .withArgs(e.electionId, a.id);
    await networkHelpers.time.increaseTo(e.params.registrationEnd + 1n);
    const late = proveKey(e.domain, b.id, generateKey());
    await expect(st.connect(b.wallet).register(e.electionId, b.id, k.key, late.c, late.s))
      .to.be.revertedWithCustomError(st, "SelfTallyWrongPhase")
      .withArgs(e.electionId, SelfTallyPhase.Voting);
  });

  it("voting: tampered proof, out-of-range choice, second vote, unregistered, wrong caller, outside its round", async function () {
    const { city, e, people, keys } = await registered();
    const st = city.selfTally;
    const [a, b] = people;
    const y = (await st.reconstructedKey(e.electionId, a.id)).map(BigInt) as Pair;
    const ballot = encryptVote(e.domain, a.id, keys[0], y, 1, 2, 3);
    await expect(st.connect(a.wallet).vote(e.electionId, a.id, ballot.vote, voteProof(ballot)))
      .to.be.revertedWithCustomError(st, "SelfTallyWrongPhase")
      .withArgs(e.electionId, SelfTallyPhase.Registration);
    await networkHelpers.time.increaseTo(e.params.commitEnd + 1n);
    for (const [i, tamper] of [
      { ...ballot, d: [ballot.d[0] + 1n, ballot.d[1]] },
      { ...ballot, r: [ballot.r[0], ballot.r[1] + 1n] },
      { ...ballot, vote: encryptVote(e.domain, a.id, keys[0], y, 0, 2, 3).vote },
      encryptVote(e.domain, b.id, keys[0], y, 1, 2, 3),
      encryptVote(e.domain, a.id, keys[0], y, 1, 2, 3, 2n),
    ].entries()) {
      await expect(st.connect(a.wallet).vote(e.electionId, a.id, tamper.vote, voteProof(tamper)), `tamper ${i}`)
        .to.be.revertedWithCustomError(st, "SelfTallyVoteProofInvalid")
        .withArgs(e.electionId, a.id);
    }
    await expect(st.connect(a.wallet).vote(e.electionId, a.id, ballot.vote, [ballot.d[0], ballot.r[0]]))
      .to.be.revertedWithCustomError(st, "SelfTallyProofShape")
      .withArgs(2n, 2n);
    await expect(st.connect(a.wallet).vote(e.electionId, a.id, [0n, 0n], voteProof(ballot)))
      .to.be.revertedWithCustomError(st, "SelfTallyPointInvalid")
      .withArgs(0n, 0n);
    await expect(st.connect(b.wallet).vote(e.electionId, a.id, ballot.vote, voteProof(ballot)))
      .to.be.revertedWithCustomError(st, "SelfTallyCallerNotVoter")
      .withArgs(a.id, b.wallet.address);
    const stranger = city.crowd[50];
    await expect(st.connect(stranger.wallet).vote(e.electionId, stranger.id, ballot.vote, voteProof(ballot)))
      .to.be.revertedWithCustomError(st, "SelfTallyNotRegistered")
      .withArgs(e.electionId, stranger.id);
    expect((await st.config(e.electionId)).voted).to.equal(0n);
    await expect(st.connect(a.wallet).vote(e.electionId, a.id, ballot.vote, voteProof(ballot)))
      .to.emit(st, "EncryptedVoteCast")
      .withArgs(e.electionId, a.id, ballot.vote);
    await expect(st.connect(a.wallet).vote(e.electionId, a.id, ballot.vote, voteProof(ballot)))
      .to.be.revertedWithCustomError(st, "SelfTallyAlreadyVoted")
      .withArgs(e.electionId, a.id);
    await expect(st.connect(a.wallet).commitVote(e.electionId, a.id, "0x" + "22".repeat(32)))
      .to.be.revertedWithCustomError(st, "SelfTallyNoCommitRound")
      .withArgs(e.electionId);
  });

  it("recovery and tally: bad DLEQ share, share by a non-voter or for a voter, twice; incomplete; wrong t", async function () {
    const { city, e, people, keys } = await registered();
    const st = city.selfTally;
    const [a, b, c] = people;
    await networkHelpers.time.increaseTo(e.params.commitEnd + 1n);
    for (const [i, p] of [a, b].entries()) {
      const y = (await st.reconstructedKey(e.electionId, p.id)).map(BigInt) as Pair;
      const ballot = encryptVote(e.domain, p.id, keys[i], y, 1, 2, 3);
      await (await st.connect(p.wallet).vote(e.electionId, p.id, ballot.vote, voteProof(ballot))).wait();
    }
    const early = recoveryShare(e.domain, a.id, keys[0], c.id, keys[2].key);
    await expect(st.postRecoveryShare(e.electionId, a.id, c.id, early.share, early.c, early.r))
      .to.be.revertedWithCustomError(st, "SelfTallyWrongPhase")
      .withArgs(e.electionId, SelfTallyPhase.Voting);
    await networkHelpers.time.increaseTo(e.params.votingEnd + 1n);
    await expect(st.tally(e.electionId, 2n))
      .to.be.revertedWithCustomError(st, "SelfTallyRecoveryIncomplete")
      .withArgs(e.electionId, 0n, 2n);
    const forged = recoveryShare(e.domain, a.id, keys[1], c.id, keys[2].key);
    await expect(st.postRecoveryShare(e.electionId, a.id, c.id, forged.share, forged.c, forged.r))
      .to.be.revertedWithCustomError(st, "SelfTallyShareProofInvalid")
      .withArgs(e.electionId, a.id, c.id);
    await expect(st.postRecoveryShare(e.electionId, a.id, c.id, early.share, early.c + 1n, early.r))
      .to.be.revertedWithCustomError(st, "SelfTallyShareProofInvalid")
      .withArgs(e.electionId, a.id, c.id);
    await expect(st.postRecoveryShare(e.electionId, c.id, a.id, early.share, early.c, early.r))
      .to.be.revertedWithCustomError(st, "SelfTallyNotVoted")
      .withArgs(e.electionId, c.id);
    await expect(st.postRecoveryShare(e.electionId, a.id, b.id, early.share, early.c, early.r))
      .to.be.revertedWithCustomError(st, "SelfTallyNotAbsent")
      .withArgs(e.electionId, b.id);
    await expect(st.postRecoveryShare(e.electionId, a.id, c.id, early.share, early.c, early.r))
      .to.emit(st, "RecoverySharePosted")
      .withArgs(e.electionId, a.id, c.id, early.share);
    await expect(st.postRecoveryShare(e.electionId, a.id, c.id, early.share, early.c, early.r))
      .to.be.revertedWithCustomError(st, "SelfTallyShareAlreadyPosted")
      .withArgs(e.electionId, a.id, c.id);
    const fromB = recoveryShare(e.domain, b.id, keys[1], c.id, keys[2].key);
    await (await st.postRecoveryShare(e.electionId, b.id, c.id, fromB.share, fromB.c, fromB.r)).wait();
    for (const t of [1n, 3n, 4n]) {
      await expect(st.tally(e.electionId, t))
        .to.be.revertedWithCustomError(st, "SelfTallyWrongTally")
        .withArgs(e.electionId, t);
    }
    await expect(st.tally(e.electionId, 2n)).to.emit(st, "SelfTallyFinalized").withArgs(e.electionId, 2n, [0n, 2n]);
    await expect(st.tally(e.electionId, 2n))
      .to.be.revertedWithCustomError(st, "SelfTallyWrongPhase")
      .withArgs(e.electionId, SelfTallyPhase.Tallied);
  });

  it("commit round: a vote must open its commitment; commitments only in their round, once", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const e = await createSelfTally(connection, city, { commitRound: true });
    const st = city.selfTally;
    const [a, b] = city.crowd;
    const keys = [generateKey(), generateKey()];
    for (const [i, p] of [a, b].entries()) {
      const pr = proveKey(e.domain, p.id, keys[i]);
      await (await st.connect(p.wallet).register(e.electionId, p.id, keys[i].key, pr.c, pr.s)).wait();
    }
    const y = (await st.reconstructedKey(e.electionId, a.id)).map(BigInt) as Pair;
    const ballot = encryptVote(e.domain, a.id, keys[0], y, 1, 2, 2);
    const commitment = await st.voteCommitment(e.electionId, a.id, ballot.vote);
    await expect(st.connect(a.wallet).commitVote(e.electionId, a.id, commitment))
      .to.be.revertedWithCustomError(st, "SelfTallyWrongPhase")
      .withArgs(e.electionId, SelfTallyPhase.Registration);
    await networkHelpers.time.increaseTo(e.params.registrationEnd + 1n);
    await expect(st.connect(a.wallet).commitVote(e.electionId, a.id, commitment))
      .to.emit(st, "VoteCommitted")
      .withArgs(e.electionId, a.id, commitment);
    await expect(st.connect(a.wallet).commitVote(e.electionId, a.id, commitment))
      .to.be.revertedWithCustomError(st, "SelfTallyAlreadyCommitted")
      .withArgs(e.electionId, a.id);
    const stranger = city.crowd[40];
    await expect(st.connect(stranger.wallet).commitVote(e.electionId, stranger.id, commitment))
      .to.be.revertedWithCustomError(st, "SelfTallyNotRegistered")
      .withArgs(e.electionId, stranger.id);
    await networkHelpers.time.increaseTo(e.params.commitEnd + 1n);
    const other = encryptVote(e.domain, a.id, keys[0], y, 0, 2, 2);
    const opened = await st.voteCommitment(e.electionId, a.id, other.vote);
    await expect(st.connect(a.wallet).vote(e.electionId, a.id, other.vote, voteProof(other)))
      .to.be.revertedWithCustomError(st, "SelfTallyCommitmentMismatch")
      .withArgs(e.electionId, a.id, commitment, opened);
    const yb = (await st.reconstructedKey(e.electionId, b.id)).map(BigInt) as Pair;
    const uncommitted = encryptVote(e.domain, b.id, keys[1], yb, 0, 2, 2);
    await expect(st.connect(b.wallet).vote(e.electionId, b.id, uncommitted.vote, voteProof(uncommitted)))
      .to.be.revertedWithCustomError(st, "SelfTallyCommitmentMismatch")
      .withArgs(
        e.electionId,
        b.id,
        "0x" + "00".repeat(32),
        await st.voteCommitment(e.electionId, b.id, uncommitted.vote),
      );
    await expect(st.connect(a.wallet).vote(e.electionId, a.id, ballot.vote, voteProof(ballot))).to.emit(
      st,
      "EncryptedVoteCast",
    );
  });
});

describe("SelfTally SDK: deterministic proof nonces", function () {
  it("the same statement gives the same proof; another choice, voter or key gives another nonce", function () {
    const domain = { chainId: 31337n, contract: "0x" + "12".repeat(20), electionId: 7n };
    const [k, other] = [generateKey(5n), generateKey(6n)];
    const y = generateKey(9n).key;
    const once = encryptVote(domain, 1n, k, y, 1, 2, 3);
    expect(encryptVote(domain, 1n, k, y, 1, 2, 3)).to.deep.equal(once);
    expect(verifyVote(domain, 1n, k.key, y, 3, once)).to.equal(true);
    const nonces = [
      proofNonce(k.secret, "vote", "0x" + "01".repeat(32)),
      proofNonce(k.secret, "vote", "0x" + "02".repeat(32)),
      proofNonce(other.secret, "vote", "0x" + "01".repeat(32)),
      proofNonce(k.secret, "key", "0x" + "01".repeat(32)),
    ];
    expect(new Set(nonces).size).to.equal(nonces.length);
    expect(encryptVote(domain, 1n, k, y, 0, 2, 3).r).to.not.deep.equal(once.r);
    expect(encryptVote(domain, 2n, k, y, 1, 2, 3).r).to.not.deep.equal(once.r);
    expect(proveKey(domain, 1n, k)).to.deep.equal(proveKey(domain, 1n, k));
    expect(recoveryShare(domain, 1n, k, 2n, other.key)).to.deep.equal(recoveryShare(domain, 1n, k, 2n, other.key));
  });
});
