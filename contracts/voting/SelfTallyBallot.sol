// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityService} from "../common/CityService.sol";
import {IIdentityClaims} from "../identity/IIdentityClaims.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {Bn254} from "./Bn254.sol";
import {ElectionRules} from "./ElectionRules.sol";
import {ISelfTallyBallot} from "./ISelfTallyBallot.sol";
import {SelfTallyProofs} from "./SelfTallyProofs.sol";
import {VoterEligibility} from "./VoterEligibility.sol";

/**
 * @title SelfTallyBallot
 * @notice The self-tallying secret ballot mode of the voting service. See {ISelfTallyBallot}.
 * @dev Storage per voter: the prefix sum `P_i = X_1 + ... + X_i` (two words) and one record word (index, voted):
 * `X_i = P_i - P_{i-1}` and `Y_i = P_{i-1} + P_i - P_n` are two point additions, whatever the number of voters.
 * The product of the votes is kept as a running sum (flagged so it is never a zero word), so the tally is one
 * `ecMul` whatever the turnout.
 */
contract SelfTallyBallot is CityService, ISelfTallyBallot {
    uint8 private constant _MAX_OPTIONS = 8;
    /// @dev Set on both stored words of a running product: a stored word is never zero (no first-write cost).
    uint256 private constant _FLAG = 1 << 255;
    uint256 private constant _VOTED = 1 << 32;

    /// @notice What is read only at creation, registration (district), tally and cancellation.
    struct Terms {
        bytes32 district;
        bytes32 metadata;
        bytes32 cancelReason;
        uint256 t;
        uint64 shares;
    }

    /// @custom:storage-location erc7201:citychain.storage.SelfTallyBallot
    struct SelfTallyBallotStorage {
        IIdentityRegistry registry;
        uint64 electionCount;
        IIdentityClaims claims;
        mapping(uint256 electionId => Config) configs;
        mapping(uint256 electionId => Terms) terms;
        mapping(uint256 electionId => uint256[2]) products;
        mapping(uint256 electionId => mapping(uint256 index => uint256[2])) prefix;
        mapping(uint256 electionId => mapping(uint256 voterId => uint256)) records;
        mapping(uint256 electionId => mapping(uint256 voterId => bytes32)) commitments;
        mapping(uint256 electionId => mapping(uint256 voterId => mapping(uint256 absenteeId => bool))) shares;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.SelfTallyBallot")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE = 0x84f111b59ea9a5a54734232aed5a2e5d5bb979ad246c53f51defede7c9023500;

    /**
     * @param authority The city's AccessManager.
     * @param identityRegistry The identity registry voters are read from.
     * @param claimsRegistry The claims registry district topics are checked in.
     */
    function initialize(address authority, address identityRegistry, address claimsRegistry) external initializer {
        if (identityRegistry == address(0) || claimsRegistry == address(0)) revert SelfTallyRegistryZero();
        __CityService_init(authority);
        SelfTallyBallotStorage storage $ = _storage();
        $.registry = IIdentityRegistry(identityRegistry);
        $.claims = IIdentityClaims(claimsRegistry);
    }

    /// @inheritdoc ISelfTallyBallot
    function createElection(Params calldata p) external restricted returns (uint256 electionId) {
        SelfTallyBallotStorage storage $ = _storage();
        uint256 maxVoterId = $.registry.identityCount();
        if (p.optionCount < 2 || p.optionCount > _MAX_OPTIONS) revert SelfTallyOptionCountInvalid(p.optionCount);
        if (p.voterKind == IIdentityRegistry.IdentityKind.None || p.voterKind == IIdentityRegistry.IdentityKind.Device)
            revert SelfTallyVoterKindInvalid(p.voterKind);
        if (p.minLevel < 1 || p.minLevel > 3) revert SelfTallyMinLevelInvalid(p.minLevel);
        if (p.registrationEnd < block.timestamp || p.commitEnd < p.registrationEnd || p.votingEnd <= p.commitEnd)
            revert SelfTallyScheduleInvalid(p.registrationEnd, p.commitEnd, p.votingEnd, block.timestamp);
        if (maxVoterId > type(uint32).max) revert SelfTallyRollTooLarge(maxVoterId);
        electionId = ++$.electionCount;
        $.configs[electionId] = Config({
            optionCount: p.optionCount,
            voterKind: p.voterKind,
            minLevel: p.minLevel,
            state: State.Open,
            registrationEnd: p.registrationEnd,
            commitEnd: p.commitEnd,
            votingEnd: p.votingEnd,
            maxVoterId: uint32(maxVoterId),
            registered: 0,
            voted: 0
        });
        Terms storage terms = $.terms[electionId];
        terms.district = p.district;
        terms.metadata = p.metadata;
        $.products[electionId] = [_FLAG, _FLAG];
        emit SelfTallyElectionCreated(electionId, p, uint32(maxVoterId));
    }

    /// @inheritdoc ISelfTallyBallot
    function register(uint256 electionId, uint256 voterId, uint256[2] calldata key, uint256 c, uint256 s) external {
        Config memory cfg = _inPhase(electionId, Phase.Registration);
        _requireEligible(electionId, cfg, voterId);
        SelfTallyBallotStorage storage $ = _storage();
        if ($.records[electionId][voterId] != 0) revert SelfTallyAlreadyRegistered(electionId, voterId);
        _requireValid(key[0], key[1]);
        bytes32 ctx = SelfTallyProofs.context(SelfTallyProofs.KEY_TAG, electionId, voterId, 0);
        if (!SelfTallyProofs.keyProofValid(ctx, key, c, s)) {
            revert SelfTallyKeyProofInvalid(electionId, voterId);
        }
        uint32 index = cfg.registered + 1;
        _appendKey(electionId, index, key);
        $.records[electionId][voterId] = index;
        $.configs[electionId].registered = index;
        emit VoterKeyRegistered(electionId, voterId, index, key);
    }

    /// @inheritdoc ISelfTallyBallot
    function commitVote(uint256 electionId, uint256 voterId, bytes32 commitment) external {
        SelfTallyBallotStorage storage $ = _storage();
        Config memory cfg = _config(electionId);
        if (cfg.commitEnd == cfg.registrationEnd) revert SelfTallyNoCommitRound(electionId);
        _requirePhase(electionId, cfg, Phase.Commit);
        _requireVoter(voterId);
        if ($.records[electionId][voterId] == 0) revert SelfTallyNotRegistered(electionId, voterId);
        if ($.commitments[electionId][voterId] != bytes32(0)) revert SelfTallyAlreadyCommitted(electionId, voterId);
        $.commitments[electionId][voterId] = commitment;
        emit VoteCommitted(electionId, voterId, commitment);
    }

    /// @inheritdoc ISelfTallyBallot
    function vote(
        uint256 electionId,
        uint256 voterId,
        uint256[2] calldata encrypted,
        uint256[] calldata proof
    ) external {
        Config memory cfg = _inPhase(electionId, Phase.Voting);
        _requireVoter(voterId);
        uint256 record = _storage().records[electionId][voterId];
        if (record == 0) revert SelfTallyNotRegistered(electionId, voterId);
        if (record & _VOTED != 0) revert SelfTallyAlreadyVoted(electionId, voterId);
        if (cfg.commitEnd != cfg.registrationEnd) _checkCommitment(electionId, voterId, encrypted);
        _requireValid(encrypted[0], encrypted[1]);
        if (proof.length != 2 * uint256(cfg.optionCount)) revert SelfTallyProofShape(proof.length, cfg.optionCount);
        uint256[2][3] memory points;
        (points[0], points[1]) = _keys(electionId, record, cfg.registered);
        (points[2][0], points[2][1]) = (encrypted[0], encrypted[1]);
        bytes32 ctx = SelfTallyProofs.context(SelfTallyProofs.VOTE_TAG, electionId, voterId, 0);
        if (!SelfTallyProofs.voteProofValid(ctx, points, uint256(cfg.registered) + 1, proof)) {
            revert SelfTallyVoteProofInvalid(electionId, voterId);
        }
        _storage().records[electionId][voterId] = record | _VOTED;
        _storage().configs[electionId].voted = cfg.voted + 1;
        _accumulate(electionId, encrypted[0], encrypted[1]);
        emit EncryptedVoteCast(electionId, voterId, encrypted);
    }

    /// @inheritdoc ISelfTallyBallot
    function postRecoveryShare(
        uint256 electionId,
        uint256 voterId,
        uint256 absenteeId,
        uint256[2] calldata share,
        uint256 c,
        uint256 r
    ) external {
        uint32 registered = _inPhase(electionId, Phase.Recovery).registered;
        (uint256 voterRecord, uint256 absentRecord) = _recoveryPair(electionId, voterId, absenteeId);
        _requireValid(share[0], share[1]);
        uint256[2][3] memory points;
        (points[0], ) = _keys(electionId, voterRecord, registered);
        (points[1], ) = _keys(electionId, absentRecord, registered);
        points[2] = [share[0], share[1]];
        bytes32 ctx = SelfTallyProofs.context(SelfTallyProofs.SHARE_TAG, electionId, voterId, absenteeId);
        if (!SelfTallyProofs.shareProofValid(ctx, points, c, r)) {
            revert SelfTallyShareProofInvalid(electionId, voterId, absenteeId);
        }
        _storage().shares[electionId][voterId][absenteeId] = true;
        ++_storage().terms[electionId].shares;
        // sum_i x_i*Y_i over voters misses, per absentee j, +x_i*X_j when j < i and -x_i*X_j when j > i.
        if (uint32(absentRecord) < uint32(voterRecord)) {
            (uint256 nx, uint256 ny) = Bn254.neg(share[0], share[1]);
            _accumulate(electionId, nx, ny);
        } else {
            _accumulate(electionId, share[0], share[1]);
        }
        emit RecoverySharePosted(electionId, voterId, absenteeId, share);
    }

    /// @inheritdoc ISelfTallyBallot
    function tally(uint256 electionId, uint256 t) external {
        SelfTallyBallotStorage storage $ = _storage();
        Config memory cfg = _inPhase(electionId, Phase.Recovery);
        Terms storage terms = $.terms[electionId];
        uint256 required = uint256(cfg.voted) * (cfg.registered - cfg.voted);
        if (terms.shares != required) revert SelfTallyRecoveryIncomplete(electionId, terms.shares, required);
        if (t >= (uint256(cfg.registered) + 1) ** (cfg.optionCount - 1)) revert SelfTallyWrongTally(electionId, t);
        (uint256 px, uint256 py) = _product(electionId);
        (uint256 gx, uint256 gy) = Bn254.mul(Bn254.GX, Bn254.GY, t);
        if (gx != px || gy != py) revert SelfTallyWrongTally(electionId, t);
        uint256[] memory counts = _counts(cfg, t);
        $.configs[electionId].state = State.Tallied;
        terms.t = t;
        emit SelfTallyFinalized(electionId, t, counts);
    }

    /// @inheritdoc ISelfTallyBallot
    function cancel(uint256 electionId, bytes32 reason) external restricted {
        SelfTallyBallotStorage storage $ = _storage();
        Phase current = _phase(_config(electionId));
        if (current == Phase.Tallied || current == Phase.Cancelled) revert SelfTallyWrongPhase(electionId, current);
        $.configs[electionId].state = State.Cancelled;
        $.terms[electionId].cancelReason = reason;
        emit SelfTallyElectionCancelled(electionId, reason);
    }

    /// @inheritdoc ISelfTallyBallot
    function phase(uint256 electionId) external view returns (Phase) {
        return _phase(_storage().configs[electionId]);
    }

    /// @inheritdoc ISelfTallyBallot
    function config(uint256 electionId) external view returns (Config memory) {
        return _config(electionId);
    }

    /// @inheritdoc ISelfTallyBallot
    function voter(
        uint256 electionId,
        uint256 voterId
    ) external view returns (uint256[2] memory key, uint32 index, bool voted) {
        uint256 record = _storage().records[electionId][voterId];
        if (record == 0) return (key, 0, false);
        (key, ) = _keys(electionId, record, _config(electionId).registered);
        return (key, uint32(record), record & _VOTED != 0);
    }

    /// @inheritdoc ISelfTallyBallot
    function reconstructedKey(uint256 electionId, uint256 voterId) external view returns (uint256[2] memory y) {
        uint256 record = _storage().records[electionId][voterId];
        if (record == 0) revert SelfTallyNotRegistered(electionId, voterId);
        (, y) = _keys(electionId, record, _config(electionId).registered);
    }

    /// @inheritdoc ISelfTallyBallot
    function runningProduct(uint256 electionId) external view returns (uint256[2] memory product, uint256 shares) {
        (product[0], product[1]) = _product(electionId);
        shares = _storage().terms[electionId].shares;
    }

    /// @inheritdoc ISelfTallyBallot
    function result(uint256 electionId) external view returns (uint256[] memory counts) {
        Config memory cfg = _config(electionId);
        if (cfg.state == State.Tallied) counts = _counts(cfg, _storage().terms[electionId].t);
    }

    /// @inheritdoc ISelfTallyBallot
    function voteCommitment(
        uint256 electionId,
        uint256 voterId,
        uint256[2] calldata encrypted
    ) external pure returns (bytes32) {
        return keccak256(abi.encode(electionId, voterId, encrypted));
    }

    /// @inheritdoc ISelfTallyBallot
    function electionCount() external view returns (uint256) {
        return _storage().electionCount;
    }

    /// @dev The records of a voter that voted and of a registered absentee it has not yet posted a share for.
    function _recoveryPair(
        uint256 electionId,
        uint256 voterId,
        uint256 absenteeId
    ) private view returns (uint256 voterRecord, uint256 absentRecord) {
        SelfTallyBallotStorage storage $ = _storage();
        voterRecord = $.records[electionId][voterId];
        if (voterRecord & _VOTED == 0) revert SelfTallyNotVoted(electionId, voterId);
        absentRecord = $.records[electionId][absenteeId];
        if (absentRecord == 0 || absentRecord & _VOTED != 0) revert SelfTallyNotAbsent(electionId, absenteeId);
        if ($.shares[electionId][voterId][absenteeId]) {
            revert SelfTallyShareAlreadyPosted(electionId, voterId, absenteeId);
        }
    }

    function _checkCommitment(uint256 electionId, uint256 voterId, uint256[2] calldata encrypted) private view {
        bytes32 committed = _storage().commitments[electionId][voterId];
        bytes32 opened = keccak256(abi.encode(electionId, voterId, encrypted));
        if (committed != opened) revert SelfTallyCommitmentMismatch(electionId, voterId, committed, opened);
    }

    /// @dev The election's eligibility rules ({VoterEligibility}) and the caller is the identity's primary wallet.
    function _requireEligible(uint256 electionId, Config memory cfg, uint256 voterId) private view {
        SelfTallyBallotStorage storage $ = _storage();
        ElectionRules.Config memory rules;
        (rules.maxVoterId, rules.voterKind, rules.minLevel) = (cfg.maxVoterId, cfg.voterKind, cfg.minLevel);
        address wallet = VoterEligibility.eligibleWallet($.registry, rules, voterId);
        bytes32 district = $.terms[electionId].district;
        if (district != bytes32(0)) VoterEligibility.checkDistrict($.claims, district, voterId);
        if (wallet != msg.sender) revert SelfTallyCallerNotVoter(voterId, msg.sender);
    }

    /// @dev `P_index = P_{index-1} + key`.
    function _appendKey(uint256 electionId, uint256 index, uint256[2] calldata key) private {
        mapping(uint256 => uint256[2]) storage prefix = _storage().prefix[electionId];
        uint256[2] memory previous = prefix[index - 1];
        (uint256 px, uint256 py) = Bn254.add(previous[0], previous[1], key[0], key[1]);
        prefix[index] = [px, py];
    }

    /// @dev `X_i = P_i - P_{i-1}` and `Y_i = P_{i-1} + P_i - P_n` for the voter of `record` (index in its low bits).
    function _keys(
        uint256 electionId,
        uint256 record,
        uint32 registered
    ) private view returns (uint256[2] memory x, uint256[2] memory y) {
        mapping(uint256 => uint256[2]) storage prefix = _storage().prefix[electionId];
        uint256 index = uint32(record);
        uint256[2] storage before = prefix[index - 1];
        uint256[2] storage upTo = prefix[index];
        uint256[2] storage total = index == registered ? upTo : prefix[registered];
        (uint256 bx, uint256 by, uint256 ux, uint256 uy) = (before[0], before[1], upTo[0], upTo[1]);
        (x[0], x[1]) = Bn254.sub(ux, uy, bx, by);
        (uint256 sx, uint256 sy) = Bn254.add(bx, by, ux, uy);
        (y[0], y[1]) = Bn254.sub(sx, sy, total[0], total[1]);
    }

    function _accumulate(uint256 electionId, uint256 x, uint256 y) private {
        (uint256 px, uint256 py) = _product(electionId);
        (px, py) = Bn254.add(px, py, x, y);
        uint256[2] storage stored = _storage().products[electionId];
        (stored[0], stored[1]) = (px | _FLAG, py | _FLAG);
    }

    function _product(uint256 electionId) private view returns (uint256, uint256) {
        uint256[2] storage stored = _storage().products[electionId];
        return (stored[0] & ~_FLAG, stored[1] & ~_FLAG);
    }

    /// @dev Option c >= 1 counts the base-(registered + 1) digit c - 1 of t; option 0 the rest of the votes.
    function _counts(Config memory cfg, uint256 t) private pure returns (uint256[] memory counts) {
        counts = new uint256[](cfg.optionCount);
        uint256 base = uint256(cfg.registered) + 1;
        uint256 others;
        for (uint256 c = 1; c < cfg.optionCount; ++c) {
            counts[c] = t % base;
            t /= base;
            others += counts[c];
        }
        counts[0] = cfg.voted - others;
    }

    function _requireValid(uint256 x, uint256 y) private pure {
        if (!Bn254.isValid(x, y)) revert SelfTallyPointInvalid(x, y);
    }

    function _requireVoter(uint256 voterId) private view {
        if (_storage().registry.walletOf(voterId) != msg.sender) revert SelfTallyCallerNotVoter(voterId, msg.sender);
    }

    function _inPhase(uint256 electionId, Phase expected) private view returns (Config memory cfg) {
        cfg = _config(electionId);
        _requirePhase(electionId, cfg, expected);
    }

    function _requirePhase(uint256 electionId, Config memory cfg, Phase expected) private view {
        Phase current = _phase(cfg);
        if (current != expected) revert SelfTallyWrongPhase(electionId, current);
    }

    function _config(uint256 electionId) private view returns (Config memory cfg) {
        cfg = _storage().configs[electionId];
        if (cfg.optionCount == 0) revert SelfTallyElectionUnknown(electionId);
    }

    function _phase(Config memory cfg) private view returns (Phase) {
        if (cfg.optionCount == 0) return Phase.None;
        if (cfg.state == State.Tallied) return Phase.Tallied;
        if (cfg.state == State.Cancelled) return Phase.Cancelled;
        if (block.timestamp <= cfg.registrationEnd) return Phase.Registration;
        if (block.timestamp <= cfg.commitEnd) return Phase.Commit;
        if (block.timestamp <= cfg.votingEnd) return Phase.Voting;
        return Phase.Recovery;
    }

    function _storage() private pure returns (SelfTallyBallotStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _STORAGE
        }
    }
}
