// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {CityService} from "../common/CityService.sol";
import {PasskeyActions} from "../common/PasskeyActions.sol";
import {IIdentityClaims} from "../identity/IIdentityClaims.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";
import {IInsuranceClaims} from "../insurance/IInsuranceClaims.sol";
import {IInsurancePolicies} from "../insurance/IInsurancePolicies.sol";
import {HealthCodes} from "./HealthCodes.sol";
import {HealthEmergency} from "./HealthEmergency.sol";
import {IHealthConsents} from "./IHealthConsents.sol";
import {IHealthRecords} from "./IHealthRecords.sol";

/**
 * @title HealthConsents
 * @notice Consents, relayed consents, break glass, insurance claim grants and the audit trail. See
 * {IHealthConsents}.
 * @dev Every grant is keyed by identity ids and read in one slot; a key recovery (new wallet, same id) keeps
 * them, and the old wallet can neither grant, revoke nor sign. The insurance contract is only read (its `claim`
 * and `policy` views).
 */
contract HealthConsents is CityService, PasskeyActions, EIP712Upgradeable, HealthEmergency {
    /// @notice The longest a consent may run.
    uint256 public constant MAX_GRANT_DURATION = 365 days;
    /// @notice EIP-712 type of a relayed consent.
    bytes32 public constant GRANT_TYPEHASH = keccak256(
        // solhint-disable-next-line max-line-length
        "HealthGrant(uint256 patientId,uint256 providerId,uint8 category,uint8 purpose,uint64 expiresAt,uint256 nonce,uint256 deadline)"
    );

    /// @custom:storage-location erc7201:citychain.storage.HealthConsents
    struct HealthConsentsStorage {
        IIdentityRegistry registry;
        IIdentityClaims claims;
        IHealthRecords records;
        address insurance;
        uint256 grantCount;
        uint256 claimGrantCount;
        mapping(bytes32 key => Grant) grants;
        mapping(uint256 patientId => uint256) nonces;
        mapping(bytes32 key => ClaimGrant) claimGrants;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.HealthConsents")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _HEALTH_CONSENTS_STORAGE =
        0x05f85f13289e66a43d4c3212ca2b9f9e07bc94db1ec116757534287f314b8d00;

    /**
     * @notice Sets the authority and the contracts this service reads.
     * @param authority The city's AccessManager.
     * @param registry_ The identity registry.
     * @param claims_ The claims registry.
     * @param records_ The health records.
     * @param insurance_ The insurance contract (its `claim` and `policy` views).
     */
    function initialize(
        address authority,
        address registry_,
        address claims_,
        address records_,
        address insurance_
    ) external initializer {
        address[4] memory deps = [registry_, claims_, records_, insurance_];
        for (uint256 i = 0; i < deps.length; ++i) {
            if (deps[i].code.length == 0) revert HealthContractInvalid(deps[i]);
        }
        __CityService_init(authority);
        __EIP712_init("CityHealth", "1");
        HealthConsentsStorage storage $ = _storage();
        $.registry = IIdentityRegistry(registry_);
        $.claims = IIdentityClaims(claims_);
        $.records = IHealthRecords(records_);
        $.insurance = insurance_;
    }

    /// @inheritdoc IHealthConsents
    function grantAccess(
        uint256 providerId,
        uint8 category,
        uint8 purpose,
        uint64 expiresAt
    ) external returns (uint256) {
        return _grant(_primaryCaller(), providerId, category, purpose, expiresAt, address(0));
    }

    /// @inheritdoc IHealthConsents
    function grantAccessBySignature(
        uint256 patientId,
        uint256 providerId,
        uint8 category,
        uint8 purpose,
        uint64 expiresAt,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256) {
        (address wallet, bytes32 digest) = _relayedGrant(patientId, providerId, category, purpose, expiresAt, deadline);
        if (!SignatureChecker.isValidSignatureNowCalldata(wallet, digest, signature)) {
            revert HealthSignatureInvalid(patientId, wallet);
        }
        return _grant(patientId, providerId, category, purpose, expiresAt, msg.sender);
    }

    /// @inheritdoc IHealthConsents
    function grantAccessByPasskey(
        uint256 patientId,
        uint256 providerId,
        uint8 category,
        uint8 purpose,
        uint64 expiresAt,
        uint256 deadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external returns (uint256) {
        (, bytes32 digest) = _relayedGrant(patientId, providerId, category, purpose, expiresAt, deadline);
        _verifyPasskey(patientId, digest, 1, assertion);
        return _grant(patientId, providerId, category, purpose, expiresAt, msg.sender);
    }

    /// @inheritdoc IHealthConsents
    function revokeAccess(uint256 providerId, uint8 category, uint8 purpose) external {
        uint256 patientId = _primaryCaller();
        Grant storage grant = _storage().grants[_key(patientId, providerId, category, purpose)];
        if (grant.revoked || block.timestamp >= grant.expiresAt) {
            revert HealthGrantNotActive(patientId, providerId, category, purpose);
        }
        grant.revoked = true;
        _audit(patientId, HealthCodes.AUDIT_REVOKED, grant.grantId);
        emit HealthAccessRevoked(patientId, providerId, grant.grantId);
    }

    /// @inheritdoc IHealthConsents
    function declareAccess(uint256 recordId, uint8 purpose) external {
        uint256 identityId = _primaryCaller();
        IHealthRecords.Record memory r = _storage().records.record(recordId);
        if (!_canAccessRecord(identityId, recordId, r, purpose))
            revert HealthAccessDenied(identityId, recordId, purpose);
        _audit(r.patientId, HealthCodes.AUDIT_ACCESSED, recordId);
        emit HealthAccessDeclared(r.patientId, identityId, recordId, purpose);
    }

    /// @inheritdoc IHealthConsents
    function grantClaimAccess(uint256 recordId, uint256 assessorId, bytes32 claimId) external returns (uint256 id) {
        HealthConsentsStorage storage $ = _storage();
        uint256 patientId = _patientOf(recordId);
        if ($.registry.walletOf(assessorId) == address(0)) revert HealthIdentityUnknown(assessorId);
        IInsuranceClaims.Claim memory c = IInsuranceClaims($.insurance).claim(claimId);
        if (!_open(c.status)) revert HealthClaimNotOpen(claimId, uint8(c.status));
        uint256 holderId = IInsurancePolicies($.insurance).policy(c.policyId).holderId;
        if (holderId != patientId) revert HealthClaimNotPatients(claimId, holderId);
        id = ++$.claimGrantCount;
        $.claimGrants[_claimKey(recordId, assessorId)] = ClaimGrant({
            claimId: claimId,
            claimGrantId: uint64(id),
            revoked: false
        });
        _audit(patientId, HealthCodes.AUDIT_CLAIM_GRANTED, id);
        emit HealthClaimAccessGranted(patientId, assessorId, recordId, claimId, id);
    }

    /// @inheritdoc IHealthConsents
    function revokeClaimAccess(uint256 recordId, uint256 assessorId) external {
        uint256 patientId = _patientOf(recordId);
        ClaimGrant storage grant = _storage().claimGrants[_claimKey(recordId, assessorId)];
        if (grant.claimGrantId == 0 || grant.revoked) revert HealthClaimGrantNotActive(recordId, assessorId);
        grant.revoked = true;
        _audit(patientId, HealthCodes.AUDIT_CLAIM_REVOKED, grant.claimGrantId);
        emit HealthClaimAccessRevoked(patientId, assessorId, recordId);
    }

    /// @inheritdoc IHealthConsents
    function canAccess(
        uint256 providerId,
        uint256 patientId,
        uint8 category,
        uint8 purpose
    ) public view returns (bool) {
        if (purpose == HealthCodes.PURPOSE_EMERGENCY) {
            if (category == 0 || category > HealthCodes.MAX_CATEGORY) return false;
            if (!_inEmergency(providerId, patientId)) return false;
        } else {
            Grant memory grant = _storage().grants[_key(patientId, providerId, category, purpose)];
            if (grant.revoked || block.timestamp >= grant.expiresAt) return false;
        }
        return HealthCodes.isLicensed(_storage().claims, providerId);
    }

    /// @inheritdoc IHealthConsents
    function canAccessRecord(uint256 identityId, uint256 recordId, uint8 purpose) external view returns (bool) {
        return _canAccessRecord(identityId, recordId, _storage().records.record(recordId), purpose);
    }

    /// @inheritdoc IHealthConsents
    function grantOf(
        uint256 patientId,
        uint256 providerId,
        uint8 category,
        uint8 purpose
    ) external view returns (Grant memory) {
        return _storage().grants[_key(patientId, providerId, category, purpose)];
    }

    /// @inheritdoc IHealthConsents
    function claimGrantOf(uint256 recordId, uint256 assessorId) external view returns (ClaimGrant memory) {
        return _storage().claimGrants[_claimKey(recordId, assessorId)];
    }

    /// @inheritdoc IHealthConsents
    function nonceOf(uint256 patientId) external view returns (uint256) {
        return _storage().nonces[patientId];
    }

    /// @inheritdoc IHealthConsents
    function dependencies()
        external
        view
        returns (address registry, address claims, address records, address insurance)
    {
        HealthConsentsStorage storage $ = _storage();
        return (address($.registry), address($.claims), address($.records), $.insurance);
    }

    function _grant(
        uint256 patientId,
        uint256 providerId,
        uint8 category,
        uint8 purpose,
        uint64 expiresAt,
        address relayer
    ) private returns (uint256 grantId) {
        if (category == 0 || category > HealthCodes.MAX_CATEGORY) revert HealthCategoryUnknown(category);
        if (purpose == 0 || purpose >= HealthCodes.PURPOSE_EMERGENCY) revert HealthPurposeInvalid(purpose);
        if (expiresAt <= block.timestamp || expiresAt > block.timestamp + MAX_GRANT_DURATION) {
            revert HealthExpiryInvalid(expiresAt, block.timestamp);
        }
        HealthConsentsStorage storage $ = _storage();
        if (!HealthCodes.isLicensed($.claims, providerId)) revert HealthGranteeNotLicensed(providerId);
        grantId = ++$.grantCount;
        $.grants[_key(patientId, providerId, category, purpose)] = Grant({
            grantId: uint64(grantId),
            expiresAt: uint40(expiresAt),
            revoked: false
        });
        _audit(patientId, HealthCodes.AUDIT_GRANTED, grantId);
        emit HealthAccessGranted(patientId, providerId, grantId, category, purpose, expiresAt, relayer);
    }

    /// @dev Checks a relayed grant's deadline and uses the patient's nonce; returns the digest the patient signed.
    function _relayedGrant(
        uint256 patientId,
        uint256 providerId,
        uint8 category,
        uint8 purpose,
        uint64 expiresAt,
        uint256 deadline
    ) private returns (address wallet, bytes32 digest) {
        if (block.timestamp > deadline) revert HealthSignatureExpired(deadline, block.timestamp);
        HealthConsentsStorage storage $ = _storage();
        wallet = $.registry.walletOf(patientId);
        if (wallet == address(0)) revert HealthIdentityUnknown(patientId);
        uint256 nonce = $.nonces[patientId]++;
        digest = _hashTypedDataV4(
            keccak256(abi.encode(GRANT_TYPEHASH, patientId, providerId, category, purpose, expiresAt, nonce, deadline))
        );
    }

    function _canAccessRecord(
        uint256 identityId,
        uint256 recordId,
        IHealthRecords.Record memory r,
        uint8 purpose
    ) private view returns (bool) {
        if (purpose == HealthCodes.PURPOSE_INSURANCE) {
            HealthConsentsStorage storage $ = _storage();
            ClaimGrant memory grant = $.claimGrants[_claimKey(recordId, identityId)];
            if (
                grant.claimGrantId != 0 &&
                !grant.revoked &&
                _open(IInsuranceClaims($.insurance).claim(grant.claimId).status)
            ) return true;
        }
        return canAccess(identityId, r.patientId, r.category, purpose);
    }

    /// @dev The record's patient, which must be the caller's identity (primary wallet).
    function _patientOf(uint256 recordId) private view returns (uint256 patientId) {
        uint256 callerId = _primaryCaller();
        patientId = _storage().records.record(recordId).patientId;
        if (patientId != callerId) revert HealthNotPatient(recordId, callerId);
    }

    /// @dev The caller's identity, of which it is the primary wallet.
    function _primaryCaller() private view returns (uint256 identityId) {
        IIdentityRegistry registry = _storage().registry;
        identityId = registry.identityOf(msg.sender);
        if (identityId == 0 || registry.walletOf(identityId) != msg.sender) revert HealthCallerUnknown(msg.sender);
    }

    function _identityRegistry() internal view override returns (IIdentityRegistry) {
        return _storage().registry;
    }

    function _claimsRegistry() internal view override returns (IIdentityClaims) {
        return _storage().claims;
    }

    function _open(IInsuranceClaims.ClaimStatus status) private pure returns (bool) {
        return status == IInsuranceClaims.ClaimStatus.Submitted || status == IInsuranceClaims.ClaimStatus.Confirmed;
    }

    function _key(uint256 patientId, uint256 providerId, uint8 category, uint8 purpose) private pure returns (bytes32) {
        return keccak256(abi.encode(patientId, providerId, category, purpose));
    }

    function _claimKey(uint256 recordId, uint256 assessorId) private pure returns (bytes32) {
        return keccak256(abi.encode(recordId, assessorId));
    }

    function _storage() private pure returns (HealthConsentsStorage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _HEALTH_CONSENTS_STORAGE
        }
    }
}
