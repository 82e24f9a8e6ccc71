// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";

/**
 * @title ISelfTallyBallot
 * @notice The self-tallying secret ballot (Open Vote Network: Hao, Ryan and Zielinski 2010; McCorry, Shahandashti
 * and Hao, FC 2017) on bn254: no coordinator, no trusted setup, every single vote stays encrypted forever, and
 * anyone computes and proves the result. Eligibility is the voting service's ({VoterEligibility}: roll closed at
 * creation, kind, level, status, district claim, caller is the identity's CURRENT primary wallet); rights are keyed
 * by identity id, so a recovered identity keeps its registration and votes with its new wallet.
 *
 * Rounds, derived from the clock and the stored state:
 *
 * | phase        | when                                          | what may happen                                  |
 * |--------------|-----------------------------------------------|--------------------------------------------------|
 * | Registration | creation <= now <= `registrationEnd`          | {register} (key + Schnorr proof); {cancel}       |
 * | Commit       | `registrationEnd` < now <= `commitEnd`        | {commitVote} (with a commit round); {cancel}     |
 * | Voting       | `commitEnd` < now <= `votingEnd`              | {vote} (masked vote + 1-of-k proof); {cancel}    |
 * | Recovery     | now > `votingEnd`, not tallied                | {postRecoveryShare} (DLEQ); {tally}; {cancel}    |
 * | Tallied      | after {tally}: final                          | nothing                                          |
 * | Cancelled    | after {cancel}: final                         | nothing                                          |
 *
 * Encoding: voter `i` (1-based registration index) holds `x_i`, key `X_i = x_i*G`;
 * `Y_i = sum_{j<i} X_j - sum_{j>i} X_j`; vote `V_i = x_i*Y_i + v*G` with `v = 0` for option 0 and
 * `v = (registered + 1)^(c-1)` for option `c >= 1` (yes/no: option 1 = yes, `v` in {0, 1}). The product of the
 * votes (plus the recovery shares of absentees) is `t*G`; `t`'s base `registered + 1` digits are the counts of
 * options 1..k-1. Challenges hash a context `keccak256(abi.encode(tag, chainid, this, electionId, voterId, other))`
 * (see {SelfTallyProofs} and the SDK).
 */
interface ISelfTallyBallot {
    /// @notice The phase of an election (see the table above). `None` marks an unknown id.
    enum Phase {
        None,
        Registration,
        Commit,
        Voting,
        Recovery,
        Tallied,
        Cancelled
    }

    /// @notice The stored state; phases before the tally are derived from the clock.
    enum State {
        Open,
        Tallied,
        Cancelled
    }

    /**
     * @notice What an election official sets. Registration opens at creation.
     * @param optionCount 2 (yes/no: 0 = no, 1 = yes) up to 8 options.
     * @param voterKind Resident, Business or Official.
     * @param minLevel 1..3.
     * @param registrationEnd Last second of Registration, in the future.
     * @param commitEnd Last second of Commit: equal to `registrationEnd` for no commit round, after it for one.
     * @param votingEnd Last second of Voting, after `commitEnd`.
     * @param district Claim topic a voter must hold (0: none).
     * @param metadata Commitment to the off-chain description (question, options).
     */
    struct Params {
        uint8 optionCount;
        IIdentityRegistry.IdentityKind voterKind;
        uint8 minLevel;
        uint40 registrationEnd;
        uint40 commitEnd;
        uint40 votingEnd;
        bytes32 district;
        bytes32 metadata;
    }

    /**
     * @notice What every round reads, in one slot.
     * @param registered Keys registered (the last registration index).
     * @param voted Votes cast.
     */
    struct Config {
        uint8 optionCount;
        IIdentityRegistry.IdentityKind voterKind;
        uint8 minLevel;
        State state;
        uint40 registrationEnd;
        uint40 commitEnd;
        uint40 votingEnd;
        uint32 maxVoterId;
        uint32 registered;
        uint32 voted;
    }

    /// @notice The identity registry or the claims registry is the zero address.
    error SelfTallyRegistryZero();
    /// @notice No election has this id.
    error SelfTallyElectionUnknown(uint256 electionId);
    /// @notice The option count is outside 2..8.
    error SelfTallyOptionCountInvalid(uint8 optionCount);
    /// @notice The voter kind is not Resident, Business or Official.
    error SelfTallyVoterKindInvalid(IIdentityRegistry.IdentityKind voterKind);
    /// @notice The minimum level is outside 1..3.
    error SelfTallyMinLevelInvalid(uint8 minLevel);
    /// @notice The rounds are not ordered, or registration would already be over.
    error SelfTallyScheduleInvalid(uint40 registrationEnd, uint40 commitEnd, uint40 votingEnd, uint256 currentTime);
    /// @notice The roll (identity count) does not fit 32 bits.
    error SelfTallyRollTooLarge(uint256 identityCount);
    /// @notice The operation needs another phase.
    error SelfTallyWrongPhase(uint256 electionId, Phase phase);
    /// @notice The caller is not the voter identity's current primary wallet.
    error SelfTallyCallerNotVoter(uint256 voterId, address caller);
    /// @notice The point is not on bn254 (or is infinity, or has a coordinate not below the field modulus).
    error SelfTallyPointInvalid(uint256 x, uint256 y);
    /// @notice The Schnorr proof of knowledge of the key fails for this chain, contract, election and identity.
    error SelfTallyKeyProofInvalid(uint256 electionId, uint256 voterId);
    /// @notice This identity already registered a key in this election.
    error SelfTallyAlreadyRegistered(uint256 electionId, uint256 voterId);
    /// @notice This identity registered no key in this election.
    error SelfTallyNotRegistered(uint256 electionId, uint256 voterId);
    /// @notice This identity already voted in this election.
    error SelfTallyAlreadyVoted(uint256 electionId, uint256 voterId);
    /// @notice The vote proof is not `2 * optionCount` words (one challenge and one response per option).
    error SelfTallyProofShape(uint256 length, uint8 optionCount);
    /// @notice The 1-out-of-k proof fails: the vote is not one of the options' values (or was not made with the key).
    error SelfTallyVoteProofInvalid(uint256 electionId, uint256 voterId);
    /// @notice The election has no commit round.
    error SelfTallyNoCommitRound(uint256 electionId);
    /// @notice This identity already committed its vote.
    error SelfTallyAlreadyCommitted(uint256 electionId, uint256 voterId);
    /// @notice The vote does not open the identity's commitment (zero when it did not commit).
    error SelfTallyCommitmentMismatch(uint256 electionId, uint256 voterId, bytes32 committed, bytes32 opened);
    /// @notice The share's voter did not vote (only voters recover absentees).
    error SelfTallyNotVoted(uint256 electionId, uint256 voterId);
    /// @notice The absentee is not a registered identity that did not vote.
    error SelfTallyNotAbsent(uint256 electionId, uint256 absenteeId);
    /// @notice This voter already posted its share for this absentee.
    error SelfTallyShareAlreadyPosted(uint256 electionId, uint256 voterId, uint256 absenteeId);
    /// @notice The DLEQ proof fails: the share is not `x_voter * X_absentee`.
    error SelfTallyShareProofInvalid(uint256 electionId, uint256 voterId, uint256 absenteeId);
    /// @notice Shares are missing: every voter must post one per absentee before the tally.
    error SelfTallyRecoveryIncomplete(uint256 electionId, uint256 posted, uint256 required);
    /// @notice `t*G` is not the product of the votes (or `t` has more digits than the options).
    error SelfTallyWrongTally(uint256 electionId, uint256 t);

    /// @notice An election official created a self-tallying election; its roll closed at `maxVoterId`.
    event SelfTallyElectionCreated(uint256 indexed electionId, Params params, uint32 maxVoterId);
    /// @notice A voter registered its key `X` at registration index `index` (1-based).
    event VoterKeyRegistered(uint256 indexed electionId, uint256 indexed voterId, uint32 index, uint256[2] key);
    /// @notice A voter committed to its vote (commit round).
    event VoteCommitted(uint256 indexed electionId, uint256 indexed voterId, bytes32 commitment);
    /// @notice A voter cast its encrypted vote `V` (with a valid proof; the choice stays secret).
    event EncryptedVoteCast(uint256 indexed electionId, uint256 indexed voterId, uint256[2] vote);
    /// @notice A voter posted its recovery share `x_voter * X_absentee` for an absentee.
    event RecoverySharePosted(
        uint256 indexed electionId,
        uint256 indexed voterId,
        uint256 indexed absenteeId,
        uint256[2] share
    );
    /// @notice The tally was verified on-chain: `counts[c]` votes for option `c`.
    event SelfTallyFinalized(uint256 indexed electionId, uint256 t, uint256[] counts);
    /// @notice A guardian cancelled the election; `reason` commits to the published reasons.
    event SelfTallyElectionCancelled(uint256 indexed electionId, bytes32 reason);

    /**
     * @notice Creates a self-tallying election; the roll closes now. Restricted (ELECTION_OFFICIAL).
     * @param params The options, eligibility and rounds.
     * @return electionId The new election's id (ids start at 1).
     */
    function createElection(Params calldata params) external returns (uint256 electionId);

    /**
     * @notice Registers the caller identity's voting key during Registration, as its current primary wallet.
     * @param electionId An election in Registration.
     * @param voterId The caller's identity, eligible and not yet registered.
     * @param key `X = x*G`, a valid bn254 point.
     * @param c Schnorr challenge `H(ctx, X, s*G - c*X) mod N` (ctx binds chain, contract, election and identity).
     * @param s Schnorr response `w + c*x mod N`.
     */
    function register(uint256 electionId, uint256 voterId, uint256[2] calldata key, uint256 c, uint256 s) external;

    /**
     * @notice Commits to a vote during Commit (elections with a commit round), as the identity's current wallet.
     * @param electionId An election with a commit round, in Commit.
     * @param voterId The caller's registered identity.
     * @param commitment {voteCommitment} of the vote it will cast.
     */
    function commitVote(uint256 electionId, uint256 voterId, bytes32 commitment) external;

    /**
     * @notice Casts the caller identity's encrypted vote during Voting, as its current primary wallet.
     * @param electionId An election in Voting.
     * @param voterId The caller's registered identity, not yet voted.
     * @param encrypted `V = x*Y + v*G`.
     * @param proof The 1-out-of-k proof, `2k` words: the challenges `d_0..d_{k-1}` (they sum to the Fiat-Shamir
     * challenge), then the responses `r_0..r_{k-1}`.
     */
    function vote(
        uint256 electionId,
        uint256 voterId,
        uint256[2] calldata encrypted,
        uint256[] calldata proof
    ) external;

    /**
     * @notice Posts a voter's recovery share for an absentee, with its DLEQ proof. Open to anyone: the proof shows
     * the share was computed with the voter's registered key.
     * @param electionId An election in Recovery.
     * @param voterId A voter that voted.
     * @param absenteeId A registered identity that did not vote.
     * @param share `x_voter * X_absentee`.
     * @param c DLEQ challenge.
     * @param r DLEQ response.
     */
    function postRecoveryShare(
        uint256 electionId,
        uint256 voterId,
        uint256 absenteeId,
        uint256[2] calldata share,
        uint256 c,
        uint256 r
    ) external;

    /**
     * @notice Records the result: checks `t*G` against the product of the votes and shares with one `ecMul`. Open
     * to anyone (the check is the proof), once every share is posted.
     * @param electionId An election in Recovery.
     * @param t The discrete log found off-chain (the SDK's tally search).
     */
    function tally(uint256 electionId, uint256 t) external;

    /**
     * @notice Cancels an election that is not tallied (final). Restricted (GUARDIAN).
     * @param electionId An election not Tallied nor Cancelled.
     * @param reason A commitment to the published reasons.
     */
    function cancel(uint256 electionId, bytes32 reason) external;

    /// @notice The election's current phase.
    function phase(uint256 electionId) external view returns (Phase);

    /// @notice The stored configuration (counters included).
    function config(uint256 electionId) external view returns (Config memory);

    /// @notice A voter's key (zero when not registered), registration index (0 when not) and whether it voted.
    function voter(
        uint256 electionId,
        uint256 voterId
    ) external view returns (uint256[2] memory key, uint32 index, bool voted);

    /// @notice `Y_i` of a registered voter (final once Registration ended).
    function reconstructedKey(uint256 electionId, uint256 voterId) external view returns (uint256[2] memory);

    /// @notice The product of the votes and recovery shares so far, and the shares posted.
    function runningProduct(uint256 electionId) external view returns (uint256[2] memory product, uint256 shares);

    /// @notice The counts per option once tallied (empty before).
    function result(uint256 electionId) external view returns (uint256[] memory counts);

    /// @notice `keccak256(abi.encode(electionId, voterId, encrypted))`: what {commitVote} takes.
    function voteCommitment(
        uint256 electionId,
        uint256 voterId,
        uint256[2] calldata encrypted
    ) external pure returns (bytes32);

    /// @notice Elections created so far.
    function electionCount() external view returns (uint256);
}
