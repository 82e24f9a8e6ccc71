import { expect } from "chai";
import { id, ZeroAddress } from "ethers";

import { IdentityKind } from "../../src/identity.js";
import { deployBehindProxy } from "../../src/proxy.js";
import {
  BallotMode,
  ballotCommitment,
  CAST_TYPEHASH,
  COMMIT_TYPEHASH,
  ElectionKind,
  electionParams,
  ElectionState,
  Outcome,
  Phase,
  secretBallot,
} from "../../src/voting.js";
import {
  commitAs,
  createElection,
  DAY,
  deployVotingCity,
  DISTRICT,
  HOUR,
  revealBallot,
  toCounting,
  toReveal,
  toVoting,
} from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function votingFixture() {
  return deployVotingCity(connection);
}

describe("Elections", function () {
  describe("creation", function () {
    it("records the election, closes the roll at the identity count and starts Scheduled", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const start = BigInt(await networkHelpers.time.latest()) + HOUR;
      const params = electionParams(start, { kind: ElectionKind.Referendum, quorum: 2, district: DISTRICT });
      const roll = await city.identity.identityCount();
      await expect(city.elections.connect(city.accounts.electionOfficial).createElection(params))
        .to.emit(city.elections, "ElectionCreated")
        .withArgs(1n, Object.values(params), roll);
      const record = await city.elections.election(1n);
      expect(record.params.quorum).to.equal(2n);
      expect(record.params.district).to.equal(DISTRICT);
      expect(record.params.revealEnd).to.equal(params.revealEnd);
      expect(record.maxVoterId).to.equal(roll);
      expect(record.state).to.equal(ElectionState.Open);
      expect(record.turnout).to.equal(0n);
      expect(await city.elections.phase(1n)).to.equal(Phase.Scheduled);
      expect(await city.elections.tallies(1n)).to.deep.equal([0n, 0n, 0n]);
      expect(await city.elections.electionCount()).to.equal(1n);
      expect(await city.elections.registries()).to.deep.equal([
        await city.identity.getAddress(),
        await city.claims.getAddress(),
      ]);
    });

    it("refuses every invalid parameter with a named error", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const official = city.elections.connect(city.accounts.electionOfficial);
      const now = BigInt(await networkHelpers.time.latest());
      const start = now + HOUR;
      const roll = await city.identity.identityCount();
      const bad = async (options: Parameters<typeof electionParams>[1], error: string, args: unknown[]) =>
        expect(official.createElection({ ...electionParams(start, options) }))
          .to.be.revertedWithCustomError(city.elections, error)
          .withArgs(...args);
      await bad({ optionCount: 1 }, "VotingOptionCountInvalid", [ElectionKind.Election, 1]);
      await bad({ optionCount: 16 }, "VotingOptionCountInvalid", [ElectionKind.Election, 16]);
      await bad({ kind: ElectionKind.Referendum, optionCount: 4 }, "VotingOptionCountInvalid", [1, 4]);
      await bad({ voterKind: IdentityKind.None }, "VotingVoterKindInvalid", [IdentityKind.None]);
      await bad({ voterKind: IdentityKind.Device }, "VotingVoterKindInvalid", [IdentityKind.Device]);
      await bad({ minLevel: 0 }, "VotingMinLevelInvalid", [0]);
      await bad({ minLevel: 4 }, "VotingMinLevelInvalid", [4]);
      await bad({ kind: ElectionKind.Referendum, passThresholdBps: 4_999 }, "VotingThresholdInvalid", [1, 4_999]);
      await bad({ kind: ElectionKind.Referendum, passThresholdBps: 10_000 }, "VotingThresholdInvalid", [1, 10_000]);
      await bad({ passThresholdBps: 5_000 }, "VotingThresholdInvalid", [0, 5_000]);
      await bad({ quorum: Number(roll) + 1 }, "VotingQuorumUnreachable", [roll + 1n, roll]);

      const schedule = async (votingStart: bigint, votingEnd: bigint, revealEnd: bigint, mode: number) => {
        const params = { ...electionParams(start, { mode }), votingStart, votingEnd, revealEnd };
        const sent = official.createElection(params);
        await expect(sent).to.be.revertedWithCustomError(city.elections, "VotingScheduleInvalid");
      };
      await schedule(now - 10n, start + DAY, start + 2n * DAY, BallotMode.Secret); // starts in the past
      await schedule(start, start, start + DAY, BallotMode.Secret); // empty voting window
      await schedule(start, start + DAY, start + DAY, BallotMode.Secret); // no reveal window
      await schedule(start, start + DAY, start + 2n * DAY, BallotMode.Public); // public ballot with a reveal
      expect(await city.elections.electionCount()).to.equal(0n);
    });

    it("refuses zero registries at initialisation", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const manager = await city.manager.getAddress();
      await expect(
        deployBehindProxy(connection, "Elections", [manager, ZeroAddress, await city.claims.getAddress()]),
      ).to.be.revertedWithCustomError(city.elections, "VotingRegistryZero");
      await expect(
        deployBehindProxy(connection, "Elections", [manager, await city.identity.getAddress(), ZeroAddress]),
      ).to.be.revertedWithCustomError(city.elections, "VotingRegistryZero");
    });

    it("refuses a roll larger than a tally lane can count", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const huge = await ethers.deployContract("HugeRollRegistry");
      const elections = await deployBehindProxy<typeof city.elections>(connection, "Elections", [
        await city.manager.getAddress(),
        await huge.getAddress(),
        await city.claims.getAddress(),
      ]);
      const start = BigInt(await networkHelpers.time.latest()) + HOUR;
      // Unwired functions of a new target answer to ADMIN.
      await expect(elections.connect(city.accounts.admin).createElection(electionParams(start)))
        .to.be.revertedWithCustomError(elections, "VotingRollTooLarge")
        .withArgs(2n ** 31n);
    });

    it("signs the EIP-712 types the SDK builds", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      expect(await city.elections.COMMIT_TYPEHASH()).to.equal(COMMIT_TYPEHASH);
      expect(await city.elections.CAST_TYPEHASH()).to.equal(CAST_TYPEHASH);
      const [, name, version] = await city.elections.eip712Domain();
      expect([name, version]).to.deep.equal(["CityElections", "1"]);
    });

    it("answers None for an unknown election and refuses to act on it", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      expect(await city.elections.phase(9n)).to.equal(Phase.None);
      await expect(city.elections.finalize(9n))
        .to.be.revertedWithCustomError(city.elections, "VotingElectionUnknown")
        .withArgs(9n);
      await expect(city.elections.connect(city.accounts.alice).cast(9n, city.ids.alice, 0))
        .to.be.revertedWithCustomError(city.elections, "VotingElectionUnknown")
        .withArgs(9n);
      await expect(city.elections.tallies(9n)).to.be.revertedWithCustomError(city.elections, "VotingElectionUnknown");
      await expect(city.elections.election(9n)).to.be.revertedWithCustomError(city.elections, "VotingElectionUnknown");
    });
  });

  describe("public ballot", function () {
    it("counts one ballot per identity at once, with its receipt", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city, {
        mode: BallotMode.Public,
        optionCount: 3,
      });
      await toVoting(connection, params);
      expect(await city.elections.phase(electionId)).to.equal(Phase.Voting);
      await expect(city.elections.connect(city.accounts.alice).cast(electionId, city.ids.alice, 2))
        .to.emit(city.elections, "BallotCast")
        .withArgs(electionId, city.ids.alice, 2);
      await city.elections.connect(city.accounts.bob).cast(electionId, city.ids.bob, 2);
      await city.elections.connect(city.accounts.dave).cast(electionId, city.ids.dave, 0);
      expect(await city.elections.tallies(electionId)).to.deep.equal([1n, 0n, 2n]);
      expect(await city.elections.receipt(electionId, city.ids.alice)).to.deep.equal([ethers.ZeroHash, true, 2n]);
      expect(await city.elections.receipt(electionId, city.ids.erin)).to.deep.equal([ethers.ZeroHash, false, 0n]);
      expect((await city.elections.election(electionId)).turnout).to.equal(3n);

      await expect(city.elections.connect(city.accounts.alice).cast(electionId, city.ids.alice, 1))
        .to.be.revertedWithCustomError(city.elections, "VotingAlreadyVoted")
        .withArgs(electionId, city.ids.alice);
      await expect(city.elections.connect(city.accounts.erin).cast(electionId, city.ids.erin, 3))
        .to.be.revertedWithCustomError(city.elections, "VotingChoiceOutOfRange")
        .withArgs(3, 3);
      await expect(city.elections.connect(city.accounts.erin).commit(electionId, city.ids.erin, id("x")))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongMode")
        .withArgs(electionId, BallotMode.Public);
      expect(await city.elections.tallies(electionId)).to.deep.equal([1n, 0n, 2n]);
    });

    it("refuses ballots outside Voting", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city, { mode: BallotMode.Public });
      const cast = () => city.elections.connect(city.accounts.alice).cast(electionId, city.ids.alice, 0);
      await expect(cast())
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Scheduled);
      await toReveal(connection, params); // public: straight to Counting
      expect(await city.elections.phase(electionId)).to.equal(Phase.Counting);
      await expect(cast())
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Counting);
    });

    it("counts options above eight in the second tally word", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city, {
        mode: BallotMode.Public,
        optionCount: 15,
      });
      await toVoting(connection, params);
      await city.elections.connect(city.accounts.alice).cast(electionId, city.ids.alice, 14);
      await city.elections.connect(city.accounts.bob).cast(electionId, city.ids.bob, 7);
      await city.elections.connect(city.accounts.carol).cast(electionId, city.ids.carol, 8);
      const tallies = await city.elections.tallies(electionId);
      expect(tallies.length).to.equal(15);
      expect([tallies[7], tallies[8], tallies[14]]).to.deep.equal([1n, 1n, 1n]);
      expect(tallies.reduce((a, b) => a + b, 0n)).to.equal(3n);
    });
  });

  describe("secret ballot (commit-reveal)", function () {
    it("commits, re-commits until Voting ends, reveals against the latest commitment, counts turnout and votes", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city, { optionCount: 3 });
      await toVoting(connection, params);
      const coerced = await secretBallot(city.elections, electionId, city.ids.alice, 0);
      await expect(city.elections.connect(city.accounts.alice).commit(electionId, city.ids.alice, coerced.commitment))
        .to.emit(city.elections, "BallotCommitted")
        .withArgs(electionId, city.ids.alice, coerced.commitment, false);
      const free = await secretBallot(city.elections, electionId, city.ids.alice, 2);
      await expect(city.elections.connect(city.accounts.alice).commit(electionId, city.ids.alice, free.commitment))
        .to.emit(city.elections, "BallotCommitted")
        .withArgs(electionId, city.ids.alice, free.commitment, true);
      const bob = await commitAs(city, city.accounts.bob, electionId, city.ids.bob, 1);
      await commitAs(city, city.accounts.dave, electionId, city.ids.dave, 1); // never revealed
      expect((await city.elections.election(electionId)).turnout).to.equal(3n);
      expect(await city.elections.receipt(electionId, city.ids.alice)).to.deep.equal([free.commitment, false, 0n]);
      await expect(city.elections.reveal(electionId, city.ids.alice, 2, free.salt))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Voting);

      await toReveal(connection, params);
      expect(await city.elections.phase(electionId)).to.equal(Phase.Reveal);
      await expect(city.elections.reveal(electionId, city.ids.alice, 0, coerced.salt))
        .to.be.revertedWithCustomError(city.elections, "VotingRevealMismatch")
        .withArgs(electionId, city.ids.alice, free.commitment, coerced.commitment);
      await expect(city.elections.connect(city.accounts.mallory).reveal(electionId, city.ids.alice, 2, free.salt))
        .to.emit(city.elections, "BallotRevealed")
        .withArgs(electionId, city.ids.alice, 2);
      await revealBallot(city, bob);
      await expect(city.elections.reveal(electionId, city.ids.alice, 2, free.salt))
        .to.be.revertedWithCustomError(city.elections, "VotingAlreadyVoted")
        .withArgs(electionId, city.ids.alice);
      await expect(city.elections.reveal(electionId, city.ids.erin, 0, free.salt))
        .to.be.revertedWithCustomError(city.elections, "VotingNothingCommitted")
        .withArgs(electionId, city.ids.erin);
      await expect(city.elections.connect(city.accounts.erin).commit(electionId, city.ids.erin, free.commitment))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Reveal);
      expect(await city.elections.tallies(electionId)).to.deep.equal([0n, 1n, 1n]);
      expect(await city.elections.receipt(electionId, city.ids.alice)).to.deep.equal([free.commitment, true, 2n]);

      await toCounting(connection, params);
      await expect(city.elections.finalize(electionId))
        .to.emit(city.elections, "ElectionFinalized")
        .withArgs(electionId, Outcome.Tied, 0, 2n, 3n);
    });

    it("binds chain, contract, election, voter, choice and salt: the SDK and the contract agree", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId } = await createElection(connection, city);
      const salt = id("salt");
      const { chainId } = await ethers.provider.getNetwork();
      const address = await city.elections.getAddress();
      const expected = ballotCommitment(chainId, address, electionId, city.ids.bob, 1, salt);
      expect(await city.elections.ballotCommitment(electionId, city.ids.bob, 1, salt)).to.equal(expected);
      expect(expected.endsWith("00")).to.equal(true);
      const others = [
        ballotCommitment(chainId + 1n, address, electionId, city.ids.bob, 1, salt),
        ballotCommitment(chainId, ZeroAddress, electionId, city.ids.bob, 1, salt),
        ballotCommitment(chainId, address, electionId + 1n, city.ids.bob, 1, salt),
        ballotCommitment(chainId, address, electionId, city.ids.alice, 1, salt),
        ballotCommitment(chainId, address, electionId, city.ids.bob, 0, salt),
        ballotCommitment(chainId, address, electionId, city.ids.bob, 1, id("other")),
      ];
      expect(new Set([expected, ...others]).size).to.equal(7);
    });

    it("a copied commitment cannot be revealed as the copier's vote", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city);
      await toVoting(connection, params);
      const alice = await commitAs(city, city.accounts.alice, electionId, city.ids.alice, 1);
      await city.elections.connect(city.accounts.bob).commit(electionId, city.ids.bob, alice.commitment);
      await toReveal(connection, params);
      await expect(city.elections.reveal(electionId, city.ids.bob, 1, alice.salt)).to.be.revertedWithCustomError(
        city.elections,
        "VotingRevealMismatch",
      );
    });

    it("refuses malformed commitments, and an out-of-range committed choice at reveal", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city);
      await toVoting(connection, params);
      const commit = (c: string) => city.elections.connect(city.accounts.alice).commit(electionId, city.ids.alice, c);
      await expect(commit(ethers.ZeroHash)).to.be.revertedWithCustomError(city.elections, "VotingCommitmentMalformed");
      const lastByteSet = id("x").slice(0, 64) + "01";
      await expect(commit(lastByteSet))
        .to.be.revertedWithCustomError(city.elections, "VotingCommitmentMalformed")
        .withArgs(lastByteSet);
      const out = await commitAs(city, city.accounts.alice, electionId, city.ids.alice, 7);
      await expect(city.elections.connect(city.accounts.alice).cast(electionId, city.ids.alice, 0))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongMode")
        .withArgs(electionId, BallotMode.Secret);
      await toReveal(connection, params);
      await expect(city.elections.reveal(electionId, city.ids.alice, 7, out.salt))
        .to.be.revertedWithCustomError(city.elections, "VotingChoiceOutOfRange")
        .withArgs(7, 2);
    });
  });
});
