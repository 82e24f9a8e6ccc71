import { expect } from "chai";
import { id, Wallet } from "ethers";

import { AssuranceLevel, IdentityKind, signWalletBinding } from "../../src/identity.js";
import type { PermissionedContract } from "../../src/permissions.js";
import { BallotMode, electionParams, secretBallot, signCast, signCommit } from "../../src/voting.js";
import { reason, registerResident } from "../identity/helpers.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import {
  commitAs,
  createElection,
  DAY,
  deployVotingCity,
  DISTRICT,
  freshSigner,
  revealBallot,
  toReveal,
  toVoting,
} from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function votingFixture() {
  return deployVotingCity(connection);
}

describe("Elections: eligibility, relayed ballots, key recovery", function () {
  describe("eligibility (read live at every ballot)", function () {
    it("refuses a late registration, another kind, a low level, a suspended or expired identity, a non-resident", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const business = await freshSigner(connection);
      const businessId = await registerResident(city, business.address, "CHE-1", { kind: IdentityKind.Business });
      const shortLived = await freshSigner(connection);
      const now = BigInt(await networkHelpers.time.latest());
      const shortId = await registerResident(city, shortLived.address, "S-1", { validUntil: now + 1800n });
      const { electionId, params } = await createElection(connection, city, {
        mode: BallotMode.Public,
        minLevel: AssuranceLevel.ONE_TIME_CODE,
        district: DISTRICT,
      });
      const roll = (await city.elections.election(electionId)).maxVoterId;
      const late = await freshSigner(connection);
      const lateId = await registerResident(city, late.address, "L-1");
      await toVoting(connection, params);
      const cast = (signer: { address: string }, voterId: bigint) =>
        city.elections.connect(signer as never).cast(electionId, voterId, 0);
      const E = city.elections;

      await expect(cast(late, lateId))
        .to.be.revertedWithCustomError(E, "VotingVoterRegisteredLate")
        .withArgs(lateId, roll);
      await expect(cast(business, businessId))
        .to.be.revertedWithCustomError(E, "VotingVoterKindMismatch")
        .withArgs(businessId, IdentityKind.Business, IdentityKind.Resident);
      await expect(cast(city.accounts.carol, city.ids.carol))
        .to.be.revertedWithCustomError(E, "VotingVoterLevelTooLow")
        .withArgs(city.ids.carol, 1, 2);
      await expect(cast(city.accounts.erin, city.ids.erin))
        .to.be.revertedWithCustomError(E, "VotingVoterNotInDistrict")
        .withArgs(city.ids.erin, DISTRICT);
      const validUntil = (await city.identity.identity(shortId)).validUntil;
      await expect(cast(shortLived, shortId))
        .to.be.revertedWithCustomError(E, "VotingVoterNotVerified")
        .withArgs(shortId, 1, validUntil);
      await city.identity.connect(city.accounts.registrar).suspend(city.ids.bob, reason("reported stolen"));
      await expect(cast(city.accounts.bob, city.ids.bob))
        .to.be.revertedWithCustomError(E, "VotingVoterNotVerified")
        .withArgs(city.ids.bob, 2, (await city.identity.identity(city.ids.bob)).validUntil);
      await expect(cast(city.accounts.mallory, city.ids.alice))
        .to.be.revertedWithCustomError(E, "VotingCallerNotVoter")
        .withArgs(city.ids.alice, city.accounts.mallory.address);
      // Revoking the district claim takes effect at once.
      await city.identity.connect(city.accounts.registrar).reinstate(city.ids.bob);
      await cast(city.accounts.bob, city.ids.bob);
      await city.claims
        .connect(city.accounts.registrar)
        .revokeClaim(await city.claims.claimOf(city.ids.dave, DISTRICT), reason("moved"));
      await expect(cast(city.accounts.dave, city.ids.dave)).to.be.revertedWithCustomError(
        E,
        "VotingVoterNotInDistrict",
      );
      await cast(city.accounts.alice, city.ids.alice);
      expect(await city.elections.tallies(electionId)).to.deep.equal([2n, 0n]);
    });

    it("a bound (non-primary) wallet cannot vote for its identity", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const phone = await freshSigner(connection);
      const deadline = BigInt(await networkHelpers.time.latest()) + DAY;
      const signed = await signWalletBinding(phone, city.identity, city.ids.alice, { deadline });
      await city.identity
        .connect(city.accounts.alice)
        .bindWallet(city.ids.alice, phone.address, 0n, deadline, signed.signature);
      const { electionId, params } = await createElection(connection, city, { mode: BallotMode.Public });
      await toVoting(connection, params);
      await expect(city.elections.connect(phone).cast(electionId, city.ids.alice, 0))
        .to.be.revertedWithCustomError(city.elections, "VotingCallerNotVoter")
        .withArgs(city.ids.alice, phone.address);
    });
  });

  describe("key recovery: one identity, one vote", function () {
    async function recover(city: Awaited<ReturnType<typeof votingFixture>>, newWallet: string) {
      const { alice, bob, carol } = city.accounts;
      await city.identity.connect(bob).initiateRecovery(city.ids.alice, newWallet);
      await city.identity.connect(carol).approveRecovery(1n);
      await networkHelpers.time.increase(3n * DAY + 1n);
      await city.identity.executeRecovery(1n);
      expect(await city.identity.walletOf(city.ids.alice)).to.equal(newWallet);
      return alice;
    }

    it("public: the old key is refused and the recovered key cannot vote again", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      await city.identity
        .connect(city.accounts.alice)
        .appointGuardians(city.ids.alice, [city.ids.bob, city.ids.carol, city.ids.dave], 2);
      await networkHelpers.time.increase(3n * DAY + 1n); // every guardian set takes effect after the delay (L-05)
      const { electionId, params } = await createElection(connection, city, {
        mode: BallotMode.Public,
        votingSeconds: 10n * DAY,
      });
      await toVoting(connection, params);
      await city.elections.connect(city.accounts.alice).cast(electionId, city.ids.alice, 1);
      const fresh = await freshSigner(connection);
      const old = await recover(city, fresh.address);
      await expect(city.elections.connect(old).cast(electionId, city.ids.alice, 0))
        .to.be.revertedWithCustomError(city.elections, "VotingCallerNotVoter")
        .withArgs(city.ids.alice, old.address);
      await expect(city.elections.connect(fresh).cast(electionId, city.ids.alice, 0))
        .to.be.revertedWithCustomError(city.elections, "VotingAlreadyVoted")
        .withArgs(electionId, city.ids.alice);
      expect(await city.elections.tallies(electionId)).to.deep.equal([0n, 1n]);
      expect(await city.elections.receipt(electionId, city.ids.alice)).to.deep.equal([ethers.ZeroHash, true, 1n]);
    });

    it("secret: the recovered key keeps the identity's one ballot and may only replace it", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      await city.identity
        .connect(city.accounts.alice)
        .appointGuardians(city.ids.alice, [city.ids.bob, city.ids.carol, city.ids.dave], 2);
      await networkHelpers.time.increase(3n * DAY + 1n); // every guardian set takes effect after the delay (L-05)
      const { electionId, params } = await createElection(connection, city, { votingSeconds: 10n * DAY });
      await toVoting(connection, params);
      const first = await commitAs(city, city.accounts.alice, electionId, city.ids.alice, 0);
      const fresh = await freshSigner(connection);
      const old = await recover(city, fresh.address);
      await expect(city.elections.connect(old).commit(electionId, city.ids.alice, first.commitment))
        .to.be.revertedWithCustomError(city.elections, "VotingCallerNotVoter")
        .withArgs(city.ids.alice, old.address);
      const second = await commitAs(city, fresh, electionId, city.ids.alice, 1);
      expect((await city.elections.election(electionId)).turnout).to.equal(1n);
      await toReveal(connection, params);
      await expect(city.elections.reveal(electionId, city.ids.alice, 0, first.salt)).to.be.revertedWithCustomError(
        city.elections,
        "VotingRevealMismatch",
      );
      await revealBallot(city, second);
      await expect(revealBallot(city, second)).to.be.revertedWithCustomError(city.elections, "VotingAlreadyVoted");
      expect(await city.elections.tallies(electionId)).to.deep.equal([0n, 1n]);
    });
  });

  describe("relayed ballots (EIP-712)", function () {
    it("a relayer submits a signed commitment; replays, alterations, strangers and late signatures are refused", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city);
      await toVoting(connection, params);
      const relayer = city.elections.connect(city.accounts.mallory);
      const ballot = await secretBallot(city.elections, electionId, city.ids.bob, 1);
      const deadline = BigInt(await networkHelpers.time.latest()) + DAY;
      const signed = await signCommit(city.accounts.bob, city.elections, ballot, { deadline });
      const submit = (
        commitment: string,
        previous: string,
        signature: string,
        until = deadline,
        voterId = city.ids.bob,
      ) => relayer.commitBySig(electionId, voterId, commitment, previous, until, signature);

      const other = await secretBallot(city.elections, electionId, city.ids.bob, 0);
      await expect(submit(other.commitment, signed.previous, signed.signature))
        .to.be.revertedWithCustomError(city.elections, "VotingSignatureInvalid")
        .withArgs(city.ids.bob, city.accounts.bob.address);
      await expect(
        submit(ballot.commitment, signed.previous, signed.signature, deadline + 1n),
      ).to.be.revertedWithCustomError(city.elections, "VotingSignatureInvalid");
      const byStranger = await signCommit(city.accounts.mallory, city.elections, ballot, { deadline });
      await expect(submit(ballot.commitment, byStranger.previous, byStranger.signature)).to.be.revertedWithCustomError(
        city.elections,
        "VotingSignatureInvalid",
      );
      await expect(submit(ballot.commitment, signed.previous, signed.signature))
        .to.emit(city.elections, "BallotCommitted")
        .withArgs(electionId, city.ids.bob, ballot.commitment, false)
        .and.to.emit(city.elections, "VoterNonceUsed")
        .withArgs(city.ids.bob, 0n);
      expect(await city.elections.nonces(city.ids.bob)).to.equal(1n);
      await expect(submit(ballot.commitment, signed.previous, signed.signature))
        .to.be.revertedWithCustomError(city.elections, "VotingCommitmentStale")
        .withArgs(electionId, city.ids.bob, signed.previous, ballot.commitment);
      await expect(submit(ballot.commitment, ballot.commitment, signed.signature)).to.be.revertedWithCustomError(
        city.elections,
        "VotingSignatureInvalid",
      );

      const soon = BigInt(await networkHelpers.time.latest()) + 60n;
      const late = await signCommit(city.accounts.bob, city.elections, other, { deadline: soon });
      await networkHelpers.time.increaseTo(soon + 1n); // the refused transaction is mined one second later
      await expect(submit(other.commitment, late.previous, late.signature, soon))
        .to.be.revertedWithCustomError(city.elections, "VotingSignatureExpired")
        .withArgs(soon, soon + 2n);
      expect((await city.elections.receipt(electionId, city.ids.bob)).commitment).to.equal(ballot.commitment);
    });

    it("a withheld signature cannot undo a later re-vote", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city);
      await toVoting(connection, params);
      const coerced = await secretBallot(city.elections, electionId, city.ids.bob, 0);
      const deadline = BigInt(await networkHelpers.time.latest()) + DAY;
      const withheld = await signCommit(city.accounts.bob, city.elections, coerced, { deadline });
      const free = await commitAs(city, city.accounts.bob, electionId, city.ids.bob, 1);
      await expect(
        city.elections
          .connect(city.accounts.mallory)
          .commitBySig(electionId, city.ids.bob, coerced.commitment, withheld.previous, deadline, withheld.signature),
      )
        .to.be.revertedWithCustomError(city.elections, "VotingCommitmentStale")
        .withArgs(electionId, city.ids.bob, withheld.previous, free.commitment);
    });

    it("a relayed public ballot counts once; a voter whose wallet is a contract signs by ERC-1271", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const owner = Wallet.createRandom();
      const custodian = await ethers.deployContract("ERC1271Wallet", [owner.address]);
      const custodianId = await registerResident(city, await custodian.getAddress(), "C-1271");
      const { electionId, params } = await createElection(connection, city, {
        mode: BallotMode.Public,
        optionCount: 3,
      });
      await toVoting(connection, params);
      const relayer = city.elections.connect(city.accounts.mallory);
      const deadline = BigInt(await networkHelpers.time.latest()) + DAY;

      const signed = await signCast(city.accounts.alice, city.elections, electionId, city.ids.alice, 2, { deadline });
      await expect(relayer.castBySig(electionId, city.ids.alice, 1, deadline, signed.signature))
        .to.be.revertedWithCustomError(city.elections, "VotingSignatureInvalid")
        .withArgs(city.ids.alice, city.accounts.alice.address);
      await expect(relayer.castBySig(electionId, city.ids.alice, 2, deadline, signed.signature))
        .to.emit(city.elections, "BallotCast")
        .withArgs(electionId, city.ids.alice, 2);
      await expect(
        relayer.castBySig(electionId, city.ids.alice, 2, deadline, signed.signature),
      ).to.be.revertedWithCustomError(city.elections, "VotingSignatureInvalid");
      const again = await signCast(city.accounts.alice, city.elections, electionId, city.ids.alice, 2, { deadline });
      await expect(relayer.castBySig(electionId, city.ids.alice, 2, deadline, again.signature))
        .to.be.revertedWithCustomError(city.elections, "VotingAlreadyVoted")
        .withArgs(electionId, city.ids.alice);
      await expect(relayer.castBySig(electionId, city.ids.alice, 9, deadline, again.signature))
        .to.be.revertedWithCustomError(city.elections, "VotingChoiceOutOfRange")
        .withArgs(9, 3);

      const byOwner = await signCast(owner, city.elections, electionId, custodianId, 0, { deadline });
      await relayer.castBySig(electionId, custodianId, 0, deadline, byOwner.signature);
      expect(await city.elections.tallies(electionId)).to.deep.equal([1n, 0n, 1n]);

      const secret = await createElection(connection, city);
      await toVoting(connection, secret.params);
      const ballot = await secretBallot(city.elections, secret.electionId, custodianId, 1);
      const sig = await signCommit(owner, city.elections, ballot, { deadline: secret.params.votingEnd });
      await relayer.commitBySig(
        secret.electionId,
        custodianId,
        ballot.commitment,
        sig.previous,
        secret.params.votingEnd,
        sig.signature,
      );
      expect((await city.elections.receipt(secret.electionId, custodianId)).commitment).to.equal(ballot.commitment);
    });

    it("checks eligibility and the phase for relayed ballots too", async function () {
      const city = await networkHelpers.loadFixture(votingFixture);
      const { electionId, params } = await createElection(connection, city, { minLevel: 2 });
      const ballot = await secretBallot(city.elections, electionId, city.ids.carol, 1);
      const deadline = params.votingEnd;
      const signed = await signCommit(city.accounts.carol, city.elections, ballot, { deadline });
      const submit = () =>
        city.elections
          .connect(city.accounts.mallory)
          .commitBySig(electionId, city.ids.carol, ballot.commitment, signed.previous, deadline, signed.signature);
      await expect(submit()).to.be.revertedWithCustomError(city.elections, "VotingWrongPhase");
      await toVoting(connection, params);
      await expect(submit()).to.be.revertedWithCustomError(city.elections, "VotingVoterLevelTooLow");
      await expect(
        city.elections
          .connect(city.accounts.mallory)
          .castBySig(electionId, city.ids.carol, 0, deadline, signed.signature),
      ).to.be.revertedWithCustomError(city.elections, "VotingWrongMode");
      expect(await city.elections.nonces(city.ids.carol)).to.equal(0n);
    });
  });

  shouldRejectUnauthorized(async () => {
    const city = await networkHelpers.loadFixture(votingFixture);
    const contracts: Partial<Record<PermissionedContract, typeof city.elections>> = { Elections: city.elections };
    return { contracts, manager: city.manager, stranger: city.accounts.mallory };
  }, ["Elections"]);

  it("officials' functions answer to their roles only", async function () {
    const city = await networkHelpers.loadFixture(votingFixture);
    const start = BigInt(await networkHelpers.time.latest()) + 3_600n;
    await expect(city.elections.connect(city.accounts.guardian).createElection(electionParams(start)))
      .to.be.revertedWithCustomError(city.elections, "AccessManagedUnauthorized")
      .withArgs(city.accounts.guardian.address);
    await createElection(connection, city);
    await expect(city.elections.connect(city.accounts.electionOfficial).cancel(1n, id("mine")))
      .to.be.revertedWithCustomError(city.elections, "AccessManagedUnauthorized")
      .withArgs(city.accounts.electionOfficial.address);
  });
});

describe("Elections: a hostile voter wallet (reentrancy)", function () {
  it("cannot cast from inside an ERC-1271 check: the check is static, the relayed ballot is refused", async function () {
    const city = await networkHelpers.loadFixture(votingFixture);
    const hostile = await ethers.deployContract("ReentrantVoterWallet", [await city.elections.getAddress()]);
    const hostileId = await registerResident(city, await hostile.getAddress(), "H-1271");
    const { electionId, params } = await createElection(connection, city, { mode: BallotMode.Public });
    await hostile.arm(electionId, hostileId);
    await toVoting(connection, params);
    await expect(
      city.elections.connect(city.accounts.mallory).castBySig(electionId, hostileId, 0, params.votingEnd, "0x1234"),
    )
      .to.be.revertedWithCustomError(city.elections, "VotingSignatureInvalid")
      .withArgs(hostileId, await hostile.getAddress());
    expect(await city.elections.tallies(electionId)).to.deep.equal([0n, 0n]);
    expect(await city.elections.nonces(hostileId)).to.equal(0n);
    await hostile.castDirectly(0);
    await expect(hostile.castDirectly(1))
      .to.be.revertedWithCustomError(city.elections, "VotingAlreadyVoted")
      .withArgs(electionId, hostileId);
    expect(await city.elections.tallies(electionId)).to.deep.equal([1n, 0n]);
  });
});
