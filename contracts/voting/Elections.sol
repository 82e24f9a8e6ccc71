// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {CityService} from "../common/CityService.sol";
import {PasskeyActions} from "../common/PasskeyActions.sol";
import {IIdentityClaims} from "../identity/IIdentityClaims.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";
import {BallotBox} from "./BallotBox.sol";
import {ElectionRules} from "./ElectionRules.sol";
import {IElections} from "./IElections.sol";
import {VoterEligibility} from "./VoterEligibility.sol";

/**
 * @title Elections
 * @notice City elections and referendums, one vote per identity, by secret (commit-reveal) or public ballot,
 * directly or relayed with the voter's EIP-712 signature. See {IElections}.
 * @dev Gas shape of a ballot: one slot of configuration ({ElectionRules.Config}), one registry call, and two
 * rewrites of already-written words ({BallotBox}); a first commitment also creates the voter's receipt.
 */
contract Elections is CityService, PasskeyActions, EIP712Upgradeable, IElections {
    /// @notice EIP-712 type of a relayed commitment; `previous` is the commitment it replaces.
    bytes32 public constant COMMIT_TYPEHASH = keccak256(
        "Commit(uint256 electionId,uint256 voterId,bytes32 commitment,bytes32 previous,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type of a relayed public ballot.
    bytes32 public constant CAST_TYPEHASH = keccak256(
        "Cast(uint256 electionId,uint256 voterId,uint8 choice,uint256 nonce,uint256 deadline)"
    );

    /// @notice What is read only at creation, finalisation, cancellation and for district checks.
    struct Terms {
        uint32 quorum;
        uint16 passThresholdBps;
        Outcome outcome;
        uint8 winner;
        uint40 createdAt;
        bytes32 district;
        bytes32 metadata;
        bytes32 cancelReason;
    }

    /// @custom:storage-location erc7201:citychain.storage.Elections
    struct ElectionsStorage {
        IIdentityRegistry registry;
        uint64 electionCount;
        IIdentityClaims claims;
        mapping(uint256 electionId => ElectionRules.Config) configs;
        mapping(uint256 electionId => Terms) terms;
        mapping(uint256 electionId => uint256[2]) counts;
        mapping(uint256 electionId => mapping(uint256 word => uint256)) ballots;
        mapping(uint256 electionId => mapping(uint256 voterId => bytes32)) commitments;
        mapping(uint256 voterId => uint256) nonces;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.Elections")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _ELECTIONS_STORAGE = 0xdc067d561b4d6384e66f56b2df77bccba8bd4e0e3fd7cff15d1cbf3089bb6200;

    /**
     * @param authority The city's AccessManager.
     * @param identityRegistry The identity registry voters are read from.
     * @param claimsRegistry The claims registry district topics are checked in.
     */
    function initialize(address authority, address identityRegistry, address claimsRegistry) external initializer {
        if (identityRegistry == address(0) || claimsRegistry == address(0)) revert VotingRegistryZero();
        __CityService_init(authority);
        __EIP712_init("CityElections", "1");
        ElectionsStorage storage $ = _electionsStorage();
        $.registry = IIdentityRegistry(identityRegistry);
        $.claims = IIdentityClaims(claimsRegistry);
    }

    /// @inheritdoc IElections
    function createElection(ElectionParams calldata params) external restricted returns (uint256 electionId) {
        ElectionsStorage storage $ = _electionsStorage();
        uint256 maxVoterId = $.registry.identityCount();
        ElectionRules.validate(params, maxVoterId);
        electionId = ++$.electionCount;
        $.configs[electionId] = ElectionRules.configOf(params, maxVoterId);
        Terms storage terms = $.terms[electionId];
        terms.quorum = params.quorum;
        terms.passThresholdBps = params.passThresholdBps;
        terms.createdAt = uint40(block.timestamp);
        terms.district = params.district;
        terms.metadata = params.metadata;
        BallotBox.openTallies($.counts[electionId], params.optionCount);
        emit ElectionCreated(electionId, params, uint40(maxVoterId));
    }

    /// @inheritdoc IElections
    function commit(uint256 electionId, uint256 voterId, bytes32 commitment) external {
        ElectionRules.Config memory c = _ballotConfig(electionId, BallotMode.Secret, Phase.Voting);
        _requireCaller(_eligibleWallet(electionId, c, voterId), voterId);
        _commit(electionId, voterId, c, commitment);
    }

    /// @inheritdoc IElections
    function commitBySig(
        uint256 electionId,
        uint256 voterId,
        bytes32 commitment,
        bytes32 previous,
        uint256 deadline,
        bytes calldata signature
    ) external {
        (ElectionRules.Config memory c, address wallet, bytes32 digest) = _relayedCommit(
            electionId,
            voterId,
            commitment,
            previous,
            deadline
        );
        _checkSignature(wallet, voterId, digest, signature);
        _commit(electionId, voterId, c, commitment);
    }

    /// @inheritdoc IElections
    function commitByPasskey(
        uint256 electionId,
        uint256 voterId,
        bytes32 commitment,
        bytes32 previous,
        uint256 deadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external {
        (ElectionRules.Config memory c, , bytes32 digest) = _relayedCommit(
            electionId,
            voterId,
            commitment,
            previous,
            deadline
        );
        _verifyPasskey(voterId, digest, 1, assertion);
        _commit(electionId, voterId, c, commitment);
    }

    /// @inheritdoc IElections
    function reveal(uint256 electionId, uint256 voterId, uint8 choice, bytes32 salt) external {
        ElectionRules.Config memory c = _ballotConfig(electionId, BallotMode.Secret, Phase.Reveal);
        ElectionsStorage storage $ = _electionsStorage();
        mapping(uint256 => bytes32) storage receipts = $.commitments[electionId];
        bytes32 committed = receipts[voterId];
        if (committed == bytes32(0)) revert VotingNothingCommitted(electionId, voterId);
        if (!BallotBox.isCommitment(committed)) revert VotingAlreadyVoted(electionId, voterId);
        bytes32 opened = BallotBox.commitmentOf(electionId, voterId, choice, salt);
        if (opened != committed) revert VotingRevealMismatch(electionId, voterId, committed, opened);
        if (choice >= c.optionCount) revert VotingChoiceOutOfRange(choice, c.optionCount);
        receipts[voterId] = BallotBox.opened(committed, choice);
        BallotBox.addVote($.counts[electionId], choice);
        emit BallotRevealed(electionId, voterId, choice);
    }

    /// @inheritdoc IElections
    function cast(uint256 electionId, uint256 voterId, uint8 choice) external {
        ElectionRules.Config memory c = _ballotConfig(electionId, BallotMode.Public, Phase.Voting);
        if (choice >= c.optionCount) revert VotingChoiceOutOfRange(choice, c.optionCount);
        _requireCaller(_eligibleWallet(electionId, c, voterId), voterId);
        _cast(electionId, voterId, choice);
    }

    /// @inheritdoc IElections
    function castBySig(
        uint256 electionId,
        uint256 voterId,
        uint8 choice,
        uint256 deadline,
        bytes calldata signature
    ) external {
        (address wallet, bytes32 digest) = _relayedCast(electionId, voterId, choice, deadline);
        _checkSignature(wallet, voterId, digest, signature);
        _cast(electionId, voterId, choice);
    }

    /// @inheritdoc IElections
    function castByPasskey(
        uint256 electionId,
        uint256 voterId,
        uint8 choice,
        uint256 deadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external {
        (, bytes32 digest) = _relayedCast(electionId, voterId, choice, deadline);
        _verifyPasskey(voterId, digest, 1, assertion);
        _cast(electionId, voterId, choice);
    }

    /// @inheritdoc IElections
    function cancel(uint256 electionId, bytes32 reason) external restricted {
        ElectionsStorage storage $ = _electionsStorage();
        ElectionRules.Config memory c = _config($, electionId);
        Phase current = ElectionRules.phaseOf(c);
        if (current == Phase.Finalized || current == Phase.Cancelled) revert VotingWrongPhase(electionId, current);
        $.configs[electionId].state = ElectionState.Cancelled;
        $.terms[electionId].cancelReason = reason;
        emit ElectionCancelled(electionId, reason);
    }

    /// @inheritdoc IElections
    function finalize(uint256 electionId) external {
        ElectionsStorage storage $ = _electionsStorage();
        ElectionRules.Config memory c = _config($, electionId);
        Phase current = ElectionRules.phaseOf(c);
        if (current != Phase.Counting) revert VotingWrongPhase(electionId, current);
        Terms storage terms = $.terms[electionId];
        (Outcome outcome, uint8 winner, uint256 votes) = ElectionRules.outcomeOf(
            c,
            terms.quorum,
            terms.passThresholdBps,
            BallotBox.countsOf($.counts[electionId], c.optionCount)
        );
        $.configs[electionId].state = ElectionState.Finalized;
        terms.outcome = outcome;
        terms.winner = winner;
        emit ElectionFinalized(electionId, outcome, winner, votes, ElectionRules.turnout(c, votes));
    }

    /// @inheritdoc IElections
    function phase(uint256 electionId) external view returns (Phase) {
        return ElectionRules.phaseOf(_electionsStorage().configs[electionId]);
    }

    /// @inheritdoc IElections
    function election(uint256 electionId) external view returns (ElectionRecord memory record) {
        ElectionsStorage storage $ = _electionsStorage();
        ElectionRules.Config memory c = _config($, electionId);
        Terms memory terms = $.terms[electionId];
        record.params = ElectionParams({
            kind: c.kind,
            mode: c.mode,
            optionCount: c.optionCount,
            voterKind: c.voterKind,
            minLevel: c.minLevel,
            votingStart: c.votingStart,
            votingEnd: c.votingEnd,
            revealEnd: c.revealEnd,
            quorum: terms.quorum,
            passThresholdBps: terms.passThresholdBps,
            district: terms.district,
            metadata: terms.metadata
        });
        record.state = c.state;
        record.maxVoterId = c.maxVoterId;
        record.createdAt = terms.createdAt;
        record.turnout = uint32(
            ElectionRules.turnout(c, ElectionRules.sum(BallotBox.countsOf($.counts[electionId], c.optionCount)))
        );
        record.outcome = terms.outcome;
        record.winner = terms.winner;
        record.cancelReason = terms.cancelReason;
    }

    /// @inheritdoc IElections
    function tallies(uint256 electionId) external view returns (uint256[] memory) {
        ElectionsStorage storage $ = _electionsStorage();
        return BallotBox.countsOf($.counts[electionId], _config($, electionId).optionCount);
    }

    /// @inheritdoc IElections
    function receipt(uint256 electionId, uint256 voterId) external view returns (Receipt memory r) {
        ElectionsStorage storage $ = _electionsStorage();
        if ($.configs[electionId].mode == BallotMode.Secret) {
            (r.commitment, r.counted, r.choice) = BallotBox.readReceipt($.commitments[electionId][voterId]);
        } else {
            (r.counted, r.choice) = BallotBox.ballotOf($.ballots[electionId], voterId);
        }
    }

    /// @inheritdoc IElections
    function nonces(uint256 voterId) external view returns (uint256) {
        return _electionsStorage().nonces[voterId];
    }

    /// @inheritdoc IElections
    function ballotCommitment(
        uint256 electionId,
        uint256 voterId,
        uint8 choice,
        bytes32 salt
    ) external view returns (bytes32) {
        return BallotBox.commitmentOf(electionId, voterId, choice, salt);
    }

    /// @inheritdoc IElections
    function electionCount() external view returns (uint256) {
        return _electionsStorage().electionCount;
    }

    /// @inheritdoc IElections
    function registries() external view returns (address identityRegistry, address claimsRegistry) {
        ElectionsStorage storage $ = _electionsStorage();
        return (address($.registry), address($.claims));
    }

    /// @dev Writes the commitment; a first one adds the voter to the turnout (public turnout is the tally sum).
    function _commit(uint256 electionId, uint256 voterId, ElectionRules.Config memory c, bytes32 commitment) private {
        if (!BallotBox.isCommitment(commitment)) revert VotingCommitmentMalformed(commitment);
        ElectionsStorage storage $ = _electionsStorage();
        mapping(uint256 => bytes32) storage commitments = $.commitments[electionId];
        bool replaced = commitments[voterId] != bytes32(0);
        commitments[voterId] = commitment;
        if (!replaced) $.configs[electionId].turnout = c.turnout + 1;
        emit BallotCommitted(electionId, voterId, commitment, replaced);
    }

    function _cast(uint256 electionId, uint256 voterId, uint8 choice) private {
        ElectionsStorage storage $ = _electionsStorage();
        if (!BallotBox.count($.ballots[electionId], $.counts[electionId], voterId, choice)) {
            revert VotingAlreadyVoted(electionId, voterId);
        }
        emit BallotCast(electionId, voterId, choice);
    }

    /// @dev The configuration of a known election of `mode`, in `expected` phase.
    function _ballotConfig(
        uint256 electionId,
        BallotMode mode,
        Phase expected
    ) private view returns (ElectionRules.Config memory c) {
        c = _config(_electionsStorage(), electionId);
        if (c.mode != mode) revert VotingWrongMode(electionId, c.mode);
        Phase current = ElectionRules.phaseOf(c);
        if (current != expected) revert VotingWrongPhase(electionId, current);
    }

    function _config(
        ElectionsStorage storage $,
        uint256 electionId
    ) private view returns (ElectionRules.Config memory c) {
        c = $.configs[electionId];
        if (c.optionCount == 0) revert VotingElectionUnknown(electionId);
    }

    /// @dev The voter's current primary wallet, once every eligibility rule of the election passed.
    function _eligibleWallet(
        uint256 electionId,
        ElectionRules.Config memory c,
        uint256 voterId
    ) private view returns (address wallet) {
        ElectionsStorage storage $ = _electionsStorage();
        wallet = VoterEligibility.eligibleWallet($.registry, c, voterId);
        if (c.hasDistrict) VoterEligibility.checkDistrict($.claims, $.terms[electionId].district, voterId);
    }

    function _requireCaller(address wallet, uint256 voterId) private view {
        if (wallet != msg.sender) revert VotingCallerNotVoter(voterId, msg.sender);
    }

    /// @dev Checks a relayed commitment and uses the voter's nonce; returns the digest its voter signed.
    function _relayedCommit(
        uint256 electionId,
        uint256 voterId,
        bytes32 commitment,
        bytes32 previous,
        uint256 deadline
    ) private returns (ElectionRules.Config memory c, address wallet, bytes32 digest) {
        c = _ballotConfig(electionId, BallotMode.Secret, Phase.Voting);
        wallet = _eligibleWallet(electionId, c, voterId);
        bytes32 current = _electionsStorage().commitments[electionId][voterId];
        if (previous != current) revert VotingCommitmentStale(electionId, voterId, previous, current);
        uint256 nonce = _useNonce(voterId, deadline);
        digest = _hashTypedDataV4(
            keccak256(abi.encode(COMMIT_TYPEHASH, electionId, voterId, commitment, previous, nonce, deadline))
        );
    }

    /// @dev Checks a relayed public ballot and uses the voter's nonce; returns the digest its voter signed.
    function _relayedCast(
        uint256 electionId,
        uint256 voterId,
        uint8 choice,
        uint256 deadline
    ) private returns (address wallet, bytes32 digest) {
        ElectionRules.Config memory c = _ballotConfig(electionId, BallotMode.Public, Phase.Voting);
        if (choice >= c.optionCount) revert VotingChoiceOutOfRange(choice, c.optionCount);
        wallet = _eligibleWallet(electionId, c, voterId);
        uint256 nonce = _useNonce(voterId, deadline);
        digest = _hashTypedDataV4(keccak256(abi.encode(CAST_TYPEHASH, electionId, voterId, choice, nonce, deadline)));
    }

    function _useNonce(uint256 voterId, uint256 deadline) private returns (uint256 nonce) {
        if (block.timestamp > deadline) revert VotingSignatureExpired(deadline, block.timestamp);
        nonce = _electionsStorage().nonces[voterId]++;
        emit VoterNonceUsed(voterId, nonce);
    }

    function _checkSignature(address wallet, uint256 voterId, bytes32 digest, bytes calldata signature) private view {
        if (!SignatureChecker.isValidSignatureNow(wallet, digest, signature)) {
            revert VotingSignatureInvalid(voterId, wallet);
        }
    }

    function _electionsStorage() private pure returns (ElectionsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _ELECTIONS_STORAGE
        }
    }
}
