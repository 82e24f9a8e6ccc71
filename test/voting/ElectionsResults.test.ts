import { expect } from "chai";
import { id } from "ethers";

import {
  BallotMode,
  ElectionKind,
  electionParams,
  ElectionState,
  Outcome,
  Phase,
  ReferendumChoice,
} from "../../src/voting.js";
import { commitAs, createElection, deployVotingCity, toCounting, toReveal, toVoting } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { networkHelpers } = connection;

async function votingFixture() {
  return deployVotingCity(connection);
}

describe("Elections: results", function () {
  describe("finalisation", function () {
    async function referendum(options: Parameters<typeof electionParams>[1], votes: Record<string, number>) {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city, {
        kind: ElectionKind.Referendum,
        mode: BallotMode.Public,
        ...options,
      });
      await toVoting(connection, params);
      for (const [name, choice] of Object.entries(votes)) {
        const who = name as keyof typeof city.ids;
        await city.elections.connect(city.accounts[who]).cast(electionId, city.ids[who], choice);
      }
      await toCounting(connection, params);
      return { city, electionId };
    }

    it("a referendum passes above the threshold; abstentions count for the quorum only", async function () {
      const { Yes, No, Abstain } = ReferendumChoice;
      const { city, electionId } = await referendum({ quorum: 4 }, { alice: Yes, bob: Yes, carol: No, dave: Abstain });
      await expect(city.elections.finalize(electionId))
        .to.emit(city.elections, "ElectionFinalized")
        .withArgs(electionId, Outcome.Passed, 0, 4n, 4n);
      const record = await city.elections.election(electionId);
      expect([record.state, record.outcome]).to.deep.equal([ElectionState.Finalized, Outcome.Passed]);
      expect(await city.elections.phase(electionId)).to.equal(Phase.Finalized);
    });

    it("a referendum at exactly the threshold is rejected; a supermajority threshold applies", async function () {
      const { Yes, No } = ReferendumChoice;
      let { city, electionId } = await referendum({}, { alice: Yes, bob: No });
      await expect(city.elections.finalize(electionId))
        .to.emit(city.elections, "ElectionFinalized")
        .withArgs(electionId, Outcome.Rejected, 0, 2n, 2n);
      ({ city, electionId } = await referendum({ passThresholdBps: 6_667 }, { alice: Yes, bob: Yes, carol: No }));
      await expect(city.elections.finalize(electionId))
        .to.emit(city.elections, "ElectionFinalized")
        .withArgs(electionId, Outcome.Rejected, 0, 3n, 3n);
    });

    it("below the quorum there is no result", async function () {
      const { city, electionId } = await referendum({ quorum: 3 }, { alice: 0, bob: 0 });
      await expect(city.elections.finalize(electionId))
        .to.emit(city.elections, "ElectionFinalized")
        .withArgs(electionId, Outcome.NoQuorum, 0, 2n, 2n);
    });

    it("an election elects the option with the most votes; early or repeated finalisation is refused", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city, {
        mode: BallotMode.Public,
        optionCount: 3,
      });
      await expect(city.elections.finalize(electionId))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Scheduled);
      await toVoting(connection, params);
      for (const [who, choice] of [
        ["alice", 1],
        ["bob", 1],
        ["carol", 2],
      ] as const) {
        await city.elections.connect(city.accounts[who]).cast(electionId, city.ids[who], choice);
      }
      await expect(city.elections.finalize(electionId))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Voting);
      await toCounting(connection, params);
      await expect(city.elections.connect(city.accounts.mallory).finalize(electionId))
        .to.emit(city.elections, "ElectionFinalized")
        .withArgs(electionId, Outcome.Elected, 1, 3n, 3n);
      const before = await city.elections.tallies(electionId);
      await expect(city.elections.finalize(electionId))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Finalized);
      await expect(city.elections.connect(city.accounts.guardian).cancel(electionId, id("late")))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Finalized);
      expect(await city.elections.tallies(electionId)).to.deep.equal(before);
      expect((await city.elections.election(electionId)).winner).to.equal(1n);
    });

    it("finalises a secret election only after Reveal", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city);
      await toReveal(connection, params);
      await expect(city.elections.finalize(electionId))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Reveal);
      await toCounting(connection, params);
      await expect(city.elections.finalize(electionId))
        .to.emit(city.elections, "ElectionFinalized")
        .withArgs(electionId, Outcome.Tied, 0, 0n, 0n);
    });
  });

  describe("cancellation", function () {
    it("a guardian cancels before finalisation with a reason; nothing more happens", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city);
      await toVoting(connection, params);
      const ballot = await commitAs(city, city.accounts.alice, electionId, city.ids.alice, 1);
      const reason = id("ballot text misprinted");
      await expect(city.elections.connect(city.accounts.guardian).cancel(electionId, reason))
        .to.emit(city.elections, "ElectionCancelled")
        .withArgs(electionId, reason);
      expect(await city.elections.phase(electionId)).to.equal(Phase.Cancelled);
      const record = await city.elections.election(electionId);
      expect([record.state, record.cancelReason]).to.deep.equal([ElectionState.Cancelled, reason]);
      await expect(city.elections.connect(city.accounts.bob).commit(electionId, city.ids.bob, ballot.commitment))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Cancelled);
      await toCounting(connection, params);
      await expect(city.elections.finalize(electionId))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Cancelled);
      await expect(city.elections.connect(city.accounts.guardian).cancel(electionId, reason))
        .to.be.revertedWithCustomError(city.elections, "VotingWrongPhase")
        .withArgs(electionId, Phase.Cancelled);
      await expect(city.elections.connect(city.accounts.guardian).cancel(7n, reason))
        .to.be.revertedWithCustomError(city.elections, "VotingElectionUnknown")
        .withArgs(7n);
    });
  });
});
