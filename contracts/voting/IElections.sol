// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";

/**
 * @title IElections
 * @notice City elections and referendums: one identity, one vote; a secret ballot by commit-reveal or a public
 * ballot (council votes); gasless voting through EIP-712 signatures submitted by any relayer; results, turnout
 * and every voter's receipt readable by anyone.
 *
 * Phases are derived from the clock and the stored state, so they only move forward:
 *
 * | phase      | when                                              | what may happen                               |
 * |------------|---------------------------------------------------|-----------------------------------------------|
 * | Scheduled  | before `votingStart`                              | GUARDIAN {cancel}                              |
 * | Voting     | `votingStart` <= now <= `votingEnd`               | {commit} (re-commit allowed) or {cast}; {cancel} |
 * | Reveal     | `votingEnd` < now <= `revealEnd` (secret only)    | {reveal}; {cancel}                             |
 * | Counting   | now > `revealEnd`, not finalised                  | anyone {finalize}; {cancel}                    |
 * | Finalized  | after {finalize}: final, the result never changes | nothing                                       |
 * | Cancelled  | after {cancel}: final                             | nothing                                       |
 *
 * Eligibility (checked at every {commit} and {cast}, never cached): the voter identity's id is at most the
 * election's `maxVoterId` (the registry's `identityCount()` when the election was created: the roll closes at
 * creation, ids are sequential, so a later registration always has a larger id), its kind is the election's
 * `voterKind`, it is Active and unexpired at level `minLevel` or more, it holds a valid claim for the election's
 * `district` topic when one is set, and the caller (or the signer of a relayed ballot) is its CURRENT primary
 * wallet. A recovered or rotated key keeps the identity id, so the identity still has one vote.
 */
interface IElections {
    /// @notice Single-winner election among options, or a yes/no referendum.
    enum ElectionKind {
        Election,
        Referendum
    }

    /// @notice Secret: commit during Voting, reveal during Reveal. Public: one {cast} during Voting, no reveal.
    enum BallotMode {
        Secret,
        Public
    }

    /// @notice The phase of an election (see the table above). `None` marks an unknown id.
    enum Phase {
        None,
        Scheduled,
        Voting,
        Reveal,
        Counting,
        Finalized,
        Cancelled
    }

    /// @notice The stored state; phases before finalisation are derived from the clock.
    enum ElectionState {
        Open,
        Finalized,
        Cancelled
    }

    /**
     * @notice The result of a finalised election. `Elected`: option `winner` has the most votes alone. `Tied`: two
     * or more options share the most votes. `Passed` / `Rejected`: a referendum's yes share of yes + no votes is
     * above / not above the pass threshold. `NoQuorum`: fewer counted votes than the quorum.
     */
    enum Outcome {
        None,
        Elected,
        Tied,
        Passed,
        Rejected,
        NoQuorum
    }

    /**
     * @notice What an election official sets when creating an election.
     * @dev A referendum's options are 0 = yes, 1 = no and, with three options, 2 = abstain (counts for the quorum,
     * not for the threshold).
     */
    struct ElectionParams {
        ElectionKind kind;
        BallotMode mode;
        uint8 optionCount; // election: 2..15; referendum: 2 or 3
        IIdentityRegistry.IdentityKind voterKind; // Resident, Business or Official
        uint8 minLevel; // 1..3
        uint40 votingStart; // first second of Voting, not in the past
        uint40 votingEnd; // last second of Voting, after votingStart
        uint40 revealEnd; // last second of Reveal: after votingEnd (secret), equal to votingEnd (public)
        uint32 quorum; // minimum counted votes, at most the roll's size (0: none)
        uint16 passThresholdBps; // referendum: 5,000..9,999; election: 0
        bytes32 district; // claim topic a voter must hold (0: none)
        bytes32 metadata; // commitment to the off-chain description (question, options, rules)
    }

    /**
     * @notice An election as stored.
     * @param params What the official set.
     * @param state Open, Finalized or Cancelled.
     * @param maxVoterId The roll: the largest identity id that may vote.
     * @param createdAt When the roll closed.
     * @param turnout Secret: identities that committed (revealed or not). Public: ballots cast.
     * @param outcome The result, once finalised.
     * @param winner The elected option (`Elected` only).
     * @param cancelReason The guardian's reason commitment, once cancelled.
     */
    struct ElectionRecord {
        ElectionParams params;
        ElectionState state;
        uint40 maxVoterId;
        uint40 createdAt;
        uint32 turnout;
        Outcome outcome;
        uint8 winner;
        bytes32 cancelReason;
    }

    /**
     * @notice A voter's receipt in an election.
     * @param commitment The latest commitment (secret ballot; zero when none, and in a public ballot).
     * @param counted Whether the ballot is in the tally (revealed, or cast).
     * @param choice The counted choice (meaningful only when `counted`).
     */
    struct Receipt {
        bytes32 commitment;
        bool counted;
        uint8 choice;
    }

    /// @notice The identity registry or the claims registry is the zero address.
    error VotingRegistryZero();
    /// @notice No election has this id.
    error VotingElectionUnknown(uint256 electionId);
    /// @notice The option count is outside the bounds of the kind.
    error VotingOptionCountInvalid(ElectionKind kind, uint8 optionCount);
    /// @notice The voter kind is not Resident, Business or Official.
    error VotingVoterKindInvalid(IIdentityRegistry.IdentityKind voterKind);
    /// @notice The minimum level is outside 1..3.
    error VotingMinLevelInvalid(uint8 minLevel);
    /// @notice The times are not ordered as the ballot mode needs, or voting would start in the past.
    error VotingScheduleInvalid(uint40 votingStart, uint40 votingEnd, uint40 revealEnd, uint256 currentTime);
    /// @notice The pass threshold does not fit the kind (referendum 5,000..9,999 bps; election 0).
    error VotingThresholdInvalid(ElectionKind kind, uint16 passThresholdBps);
    /// @notice The quorum is larger than the roll, so it could never be met.
    error VotingQuorumUnreachable(uint32 quorum, uint256 maxVoterId);
    /// @notice The roll (identity count) does not fit the tally lanes (fewer than 2^31 identities).
    error VotingRollTooLarge(uint256 identityCount);
    /// @notice The operation needs another phase.
    error VotingWrongPhase(uint256 electionId, Phase phase);
    /// @notice The operation needs the other ballot mode.
    error VotingWrongMode(uint256 electionId, BallotMode mode);
    /// @notice The caller is not the voter identity's current primary wallet.
    error VotingCallerNotVoter(uint256 voterId, address caller);
    /// @notice The voter was registered after the roll closed (or is unknown).
    error VotingVoterRegisteredLate(uint256 voterId, uint256 maxVoterId);
    /// @notice The voter identity is not of the kind the election is for.
    error VotingVoterKindMismatch(
        uint256 voterId,
        IIdentityRegistry.IdentityKind kind,
        IIdentityRegistry.IdentityKind required
    );
    /// @notice The voter identity is suspended, revoked or expired.
    error VotingVoterNotVerified(uint256 voterId, IIdentityRegistry.IdentityStatus status, uint40 validUntil);
    /// @notice The voter identity's assurance level is below the election's minimum.
    error VotingVoterLevelTooLow(uint256 voterId, uint8 level, uint8 minLevel);
    /// @notice The voter identity holds no valid claim for the election's district topic.
    error VotingVoterNotInDistrict(uint256 voterId, bytes32 district);
    /// @notice The choice is not one of the election's options.
    error VotingChoiceOutOfRange(uint8 choice, uint8 optionCount);
    /// @notice The commitment is zero or its last byte is not zero (see {ballotCommitment}).
    error VotingCommitmentMalformed(bytes32 commitment);
    /// @notice This identity already cast or revealed its ballot in this election.
    error VotingAlreadyVoted(uint256 electionId, uint256 voterId);
    /// @notice This identity has no commitment to reveal in this election.
    error VotingNothingCommitted(uint256 electionId, uint256 voterId);
    /// @notice The opening does not match the voter's latest commitment.
    error VotingRevealMismatch(uint256 electionId, uint256 voterId, bytes32 commitment, bytes32 opened);
    /// @notice The signed ballot names a previous commitment that is not the current one.
    error VotingCommitmentStale(uint256 electionId, uint256 voterId, bytes32 expected, bytes32 current);
    /// @notice The signature's deadline passed.
    error VotingSignatureExpired(uint256 deadline, uint256 currentTime);
    /// @notice The signature is not the voter identity's current primary wallet's (EOA or ERC-1271).
    error VotingSignatureInvalid(uint256 voterId, address wallet);

    /// @notice An election official created an election; its roll closed now at `maxVoterId`.
    event ElectionCreated(uint256 indexed electionId, ElectionParams params, uint40 maxVoterId);
    /// @notice A voter committed (or, with `replaced`, re-committed) a secret ballot.
    event BallotCommitted(uint256 indexed electionId, uint256 indexed voterId, bytes32 commitment, bool replaced);
    /// @notice A secret ballot was opened and counted.
    event BallotRevealed(uint256 indexed electionId, uint256 indexed voterId, uint8 choice);
    /// @notice A public ballot was cast and counted.
    event BallotCast(uint256 indexed electionId, uint256 indexed voterId, uint8 choice);
    /// @notice A relayed ballot used the voter identity's signature nonce.
    event VoterNonceUsed(uint256 indexed voterId, uint256 nonce);
    /// @notice A guardian cancelled the election; `reason` commits to the published reasons.
    event ElectionCancelled(uint256 indexed electionId, bytes32 reason);
    /// @notice The election was finalised; the result is final.
    event ElectionFinalized(uint256 indexed electionId, Outcome outcome, uint8 winner, uint256 votes, uint256 turnout);

    /**
     * @notice Creates an election; the roll closes now (`maxVoterId = identityCount()`). Restricted
     * (ELECTION_OFFICIAL). Tallies start in storage already written, so no voter pays for their first write.
     * @param params The options, eligibility, schedule and result rules.
     * @return electionId The new election's id (ids start at 1).
     */
    function createElection(ElectionParams calldata params) external returns (uint256 electionId);

    /**
     * @notice Commits (or replaces) a secret ballot during Voting, as the voter identity's current primary wallet.
     * @param electionId A secret-ballot election in its Voting phase.
     * @param voterId The caller's identity, eligible in this election.
     * @param commitment {ballotCommitment}: `keccak256(abi.encode(chainid, this, electionId, voterId, choice, salt))`
     * with its last byte cleared (248 bits bind the ballot; the receipt slot's last byte records the reveal).
     */
    function commit(uint256 electionId, uint256 voterId, bytes32 commitment) external;

    /**
     * @notice {commit} on behalf of a voter, with the EIP-712 `Commit` signature of the voter identity's current
     * primary wallet (EOA or ERC-1271), submitted by anyone.
     * @param electionId A secret-ballot election in its Voting phase.
     * @param voterId The voter identity, eligible in this election.
     * @param commitment The new commitment, as for {commit}.
     * @param previous The commitment it replaces (zero for a first commitment): a withheld signature cannot
     * undo a later re-vote.
     * @param deadline The last second the signature is valid.
     * @param signature Over (electionId, voterId, commitment, previous, nonce, deadline) in this contract's domain.
     */
    function commitBySig(
        uint256 electionId,
        uint256 voterId,
        bytes32 commitment,
        bytes32 previous,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /**
     * @notice {commitBySig} with a WebAuthn assertion of a live passkey of the voter identity instead of a wallet
     * signature (issue 20): its challenge is the same EIP-712 `Commit` digest, and the same nonce is used. Level 3
     * (user-verified, level-3 identity) is required when the service's passkey threshold is 1.
     * @param electionId A secret-ballot election in its Voting phase.
     * @param voterId The voter identity, eligible in this election.
     * @param commitment The new commitment, as for {commit}.
     * @param previous The commitment it replaces (zero for a first commitment).
     * @param deadline The last second the assertion is valid.
     * @param assertion The assertion (see {IPasskeyRegistry}).
     */
    function commitByPasskey(
        uint256 electionId,
        uint256 voterId,
        bytes32 commitment,
        bytes32 previous,
        uint256 deadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external;

    /**
     * @notice Opens a voter's latest commitment during Reveal and counts it. Open to anyone who holds the opening:
     * the commitment binds the election, the voter, the choice and the salt, so a relayer can submit a reveal but
     * not change it.
     * @param electionId A secret-ballot election in its Reveal phase.
     * @param voterId The identity that committed.
     * @param choice The committed option.
     * @param salt The committed salt.
     */
    function reveal(uint256 electionId, uint256 voterId, uint8 choice, bytes32 salt) external;

    /**
     * @notice Casts a public ballot during Voting, as the voter identity's current primary wallet; counted at once.
     * @param electionId A public-ballot election in its Voting phase.
     * @param voterId The caller's identity, eligible in this election and not yet voted.
     * @param choice An option below `optionCount`.
     */
    function cast(uint256 electionId, uint256 voterId, uint8 choice) external;

    /**
     * @notice {cast} on behalf of a voter, with the EIP-712 `Cast` signature of the voter identity's current
     * primary wallet (EOA or ERC-1271), submitted by anyone.
     * @param electionId A public-ballot election in its Voting phase.
     * @param voterId The voter identity.
     * @param choice An option below `optionCount`.
     * @param deadline The last second the signature is valid.
     * @param signature Over (electionId, voterId, choice, nonce, deadline) in this contract's domain.
     */
    function castBySig(
        uint256 electionId,
        uint256 voterId,
        uint8 choice,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /**
     * @notice {castBySig} with a WebAuthn assertion of a live passkey of the voter identity instead of a wallet
     * signature (issue 20): its challenge is the same EIP-712 `Cast` digest, and the same nonce is used.
     * @param electionId A public-ballot election in its Voting phase.
     * @param voterId The voter identity.
     * @param choice An option below `optionCount`.
     * @param deadline The last second the assertion is valid.
     * @param assertion The assertion (see {IPasskeyRegistry}).
     */
    function castByPasskey(
        uint256 electionId,
        uint256 voterId,
        uint8 choice,
        uint256 deadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external;

    /**
     * @notice Cancels an election that is not finalised (final). Restricted (GUARDIAN).
     * @param electionId An election not Finalized nor Cancelled.
     * @param reason A commitment to the published reasons.
     */
    function cancel(uint256 electionId, bytes32 reason) external;

    /**
     * @notice Finalises an election once its last phase ended: computes and stores the outcome. Open to anyone.
     * @param electionId An election in its Counting phase.
     */
    function finalize(uint256 electionId) external;

    /// @notice The election's current phase.
    function phase(uint256 electionId) external view returns (Phase);

    /// @notice The stored election.
    function election(uint256 electionId) external view returns (ElectionRecord memory);

    /// @notice The votes counted for each option (length `optionCount`); final once the election is finalised.
    function tallies(uint256 electionId) external view returns (uint256[] memory);

    /// @notice A voter's receipt: latest commitment, whether counted, and the counted choice.
    function receipt(uint256 electionId, uint256 voterId) external view returns (Receipt memory);

    /// @notice The next signature nonce of a voter identity (relayed ballots).
    function nonces(uint256 voterId) external view returns (uint256);

    /// @notice The commitment of a secret ballot, as {commit} takes it and {reveal} checks it (last byte zero).
    function ballotCommitment(
        uint256 electionId,
        uint256 voterId,
        uint8 choice,
        bytes32 salt
    ) external view returns (bytes32);

    /// @notice How many elections were created; the latest id.
    function electionCount() external view returns (uint256);

    /// @notice The identity registry and the claims registry eligibility is read from.
    function registries() external view returns (address identityRegistry, address claimsRegistry);
}
