// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityService} from "../common/CityService.sol";
import {RevisionLog} from "../common/RevisionLog.sol";
import {IIdentityClaims} from "./IIdentityClaims.sol";
import {IIdentityRegistry} from "./IIdentityRegistry.sol";

/**
 * @title IdentityClaims
 * @notice Revocable, expiring credentials about identities, issued by identities the city trusts per topic.
 * @dev Reads the {IIdentityRegistry} (O(1) views only, never writes it). Each claim is a record of its own:
 * `RecordRevised(bytes32(claimId), 1, ISSUED, subjectId, issuer wallet)` at issuance and revision 2 at revocation.
 */
contract IdentityClaims is CityService, IIdentityClaims {
    /// @notice `RecordRevised` kind of a claim's issuance (revision 1); ref = the subject id.
    uint16 public constant CHANGE_ISSUED = 1;
    /// @notice `RecordRevised` kind of a claim's revocation (revision 2); ref = the subject id.
    uint16 public constant CHANGE_REVOKED = 2;
    /// @notice The most issuers one topic may trust: bounds {hasValidClaim}; only ADMIN fills the list.
    uint256 public constant MAX_ISSUERS_PER_TOPIC = 8;

    /// @custom:storage-location erc7201:citychain.storage.IdentityClaims
    struct IdentityClaimsStorage {
        IIdentityRegistry registry; // set once by the initializer
        uint256 claimCount;
        mapping(uint256 claimId => Claim) claims;
        mapping(uint256 subjectId => mapping(bytes32 topic => uint256 claimId)) latestClaims;
        mapping(uint256 subject => mapping(bytes32 topic => mapping(uint256 issuer => uint256 claimId))) currentClaims;
        mapping(bytes32 topic => uint256[] issuerIds) issuers;
        mapping(bytes32 topic => mapping(uint256 issuerId => uint256 position)) issuerPositions; // index + 1
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.IdentityClaims")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _IDENTITY_CLAIMS_STORAGE =
        0xad8b7d6fe431583b3fc82f81c4070263630d274b7fc2373624d0dd194df6a200;

    /**
     * @notice Initializes the claims registry behind its proxy (once, in the proxy's constructor).
     * @param authority The city's AccessManager.
     * @param identityRegistry The city's identity registry.
     */
    function initialize(address authority, address identityRegistry) external initializer {
        if (identityRegistry.code.length == 0) revert IdentityClaimRegistryInvalid(identityRegistry);
        __CityService_init(authority);
        _identityClaimsStorage().registry = IIdentityRegistry(identityRegistry);
    }

    /// @inheritdoc IIdentityClaims
    function setTrustedIssuer(bytes32 topic, uint256 issuerId, bool trusted) external restricted {
        if (topic == bytes32(0)) revert IdentityClaimTopicEmpty();
        IdentityClaimsStorage storage $ = _identityClaimsStorage();
        uint256 position = $.issuerPositions[topic][issuerId];
        if ((position != 0) == trusted) revert IdentityClaimTrustUnchanged(topic, issuerId, trusted);
        uint256[] storage issuers = $.issuers[topic];
        if (trusted) {
            IIdentityRegistry.Identity memory issuer = $.registry.identity(issuerId);
            if (
                issuer.status == IIdentityRegistry.IdentityStatus.None ||
                issuer.status == IIdentityRegistry.IdentityStatus.Revoked ||
                issuer.kind == IIdentityRegistry.IdentityKind.Device
            ) revert IdentityClaimIssuerInvalid(issuerId);
            if (issuers.length >= MAX_ISSUERS_PER_TOPIC)
                revert IdentityClaimTooManyIssuers(topic, MAX_ISSUERS_PER_TOPIC);
            issuers.push(issuerId);
            $.issuerPositions[topic][issuerId] = issuers.length;
        } else {
            uint256 last = issuers[issuers.length - 1];
            if (last != issuerId) {
                issuers[position - 1] = last;
                $.issuerPositions[topic][last] = position;
            }
            issuers.pop();
            delete $.issuerPositions[topic][issuerId];
        }
        emit IdentityClaimIssuerTrustSet(topic, issuerId, trusted);
    }

    /// @inheritdoc IIdentityClaims
    function issueClaim(
        uint256 subjectId,
        bytes32 topic,
        bytes32 dataCommitment,
        uint40 validUntil
    ) external returns (uint256 claimId) {
        if (topic == bytes32(0)) revert IdentityClaimTopicEmpty();
        if (dataCommitment == bytes32(0)) revert IdentityClaimDataEmpty();
        if (validUntil <= block.timestamp) revert IdentityClaimValidityInPast(validUntil, block.timestamp);
        IdentityClaimsStorage storage $ = _identityClaimsStorage();
        IIdentityRegistry registry_ = $.registry;
        uint256 issuerId = registry_.identityOf(msg.sender);
        if (issuerId == 0 || registry_.walletOf(issuerId) != msg.sender) revert IdentityClaimIssuerUnknown(msg.sender);
        if ($.issuerPositions[topic][issuerId] == 0) revert IdentityClaimIssuerNotTrusted(topic, issuerId);
        if (!registry_.isIdentityVerified(issuerId, 1)) revert IdentityClaimIssuerNotVerified(issuerId);
        if (subjectId == issuerId) revert IdentityClaimSelfIssued(issuerId);
        IIdentityRegistry.IdentityStatus subjectStatus = registry_.identity(subjectId).status;
        if (
            subjectStatus == IIdentityRegistry.IdentityStatus.None ||
            subjectStatus == IIdentityRegistry.IdentityStatus.Revoked
        ) {
            revert IdentityClaimSubjectInvalid(subjectId);
        }

        claimId = ++$.claimCount;
        // Known identity ids never exceed the registry's uint64 id counter, so the casts are exact.
        $.claims[claimId] = Claim({
            topic: topic,
            dataCommitment: dataCommitment,
            subjectId: uint64(subjectId),
            issuerId: uint64(issuerId),
            issuedAt: uint40(block.timestamp),
            validUntil: validUntil,
            revoked: false
        });
        $.currentClaims[subjectId][topic][issuerId] = claimId;
        $.latestClaims[subjectId][topic] = claimId;
        emit IdentityClaimIssued(claimId, subjectId, topic, issuerId, dataCommitment, validUntil);
        RevisionLog.announce(bytes32(claimId), 1, CHANGE_ISSUED, uint192(subjectId));
    }

    /// @inheritdoc IIdentityClaims
    function revokeClaim(uint256 claimId, bytes32 reasonCommitment) external {
        Claim storage record = _identityClaimsStorage().claims[claimId];
        if (record.issuerId == 0) revert IdentityClaimUnknown(claimId);
        if (record.revoked) revert IdentityClaimAlreadyRevoked(claimId);
        if (_identityClaimsStorage().registry.walletOf(record.issuerId) != msg.sender)
            revert IdentityClaimNotIssuer(claimId, msg.sender);
        record.revoked = true;
        emit IdentityClaimRevoked(claimId, record.subjectId, record.topic, reasonCommitment);
        RevisionLog.announce(bytes32(claimId), 2, CHANGE_REVOKED, record.subjectId);
    }

    /// @inheritdoc IIdentityClaims
    function claim(uint256 claimId) external view returns (Claim memory) {
        return _identityClaimsStorage().claims[claimId];
    }

    /// @inheritdoc IIdentityClaims
    function claimOf(uint256 subjectId, bytes32 topic) external view returns (uint256) {
        return _identityClaimsStorage().latestClaims[subjectId][topic];
    }

    /// @inheritdoc IIdentityClaims
    function claimOfIssuer(uint256 subjectId, bytes32 topic, uint256 issuerId) external view returns (uint256) {
        return _identityClaimsStorage().currentClaims[subjectId][topic][issuerId];
    }

    /// @inheritdoc IIdentityClaims
    function validClaimOf(uint256 subjectId, bytes32 topic) public view returns (uint256) {
        IdentityClaimsStorage storage $ = _identityClaimsStorage();
        uint256[] storage issuers = $.issuers[topic];
        uint256 count = issuers.length; // at most MAX_ISSUERS_PER_TOPIC
        for (uint256 i = 0; i < count; ++i) {
            uint256 claimId = $.currentClaims[subjectId][topic][issuers[i]];
            if (isClaimValid(claimId)) return claimId;
        }
        return 0;
    }

    /// @inheritdoc IIdentityClaims
    function isClaimValid(uint256 claimId) public view returns (bool) {
        Claim storage record = _identityClaimsStorage().claims[claimId];
        uint256 issuerId = record.issuerId;
        return
            issuerId != 0 &&
            !record.revoked &&
            block.timestamp <= record.validUntil &&
            _identityClaimsStorage().issuerPositions[record.topic][issuerId] != 0 &&
            _identityClaimsStorage().registry.identity(issuerId).status != IIdentityRegistry.IdentityStatus.Revoked;
    }

    /// @inheritdoc IIdentityClaims
    function hasValidClaim(uint256 subjectId, bytes32 topic) external view returns (bool) {
        return
            _identityClaimsStorage().registry.isIdentityVerified(subjectId, 1) && validClaimOf(subjectId, topic) != 0;
    }

    /// @inheritdoc IIdentityClaims
    function isTrustedIssuer(bytes32 topic, uint256 issuerId) external view returns (bool) {
        return _identityClaimsStorage().issuerPositions[topic][issuerId] != 0;
    }

    /// @inheritdoc IIdentityClaims
    function trustedIssuers(bytes32 topic) external view returns (uint256[] memory) {
        return _identityClaimsStorage().issuers[topic];
    }

    /// @inheritdoc IIdentityClaims
    function claimCount() external view returns (uint256) {
        return _identityClaimsStorage().claimCount;
    }

    /// @inheritdoc IIdentityClaims
    function registry() external view returns (address) {
        return address(_identityClaimsStorage().registry);
    }

    function _identityClaimsStorage() private pure returns (IdentityClaimsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _IDENTITY_CLAIMS_STORAGE
        }
    }
}
