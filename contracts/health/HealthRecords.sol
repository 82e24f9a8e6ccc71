// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CityService} from "../common/CityService.sol";
import {Documents} from "../common/Documents.sol";
import {IIdentityClaims} from "../identity/IIdentityClaims.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {HealthCodes} from "./HealthCodes.sol";
import {IHealthRecords} from "./IHealthRecords.sol";

/**
 * @title HealthRecords
 * @notice Records anchored by licensed providers, per-patient paged indexes, corrections as linked revisions, and
 * the grantees' public encryption keys. See {IHealthRecords}.
 * @dev Every right is keyed by identity id: a key recovery (new primary wallet, same id) keeps the patient's
 * index and the provider's authorship. The only user-grown structures are the record table and the indexes,
 * appended to and read in bounded pages; nothing loops over them.
 */
contract HealthRecords is CityService, IHealthRecords {
    /// @notice The largest page {patientRecords} returns.
    uint256 public constant MAX_PAGE = 100;

    /// @custom:storage-location erc7201:citychain.storage.HealthRecords
    struct HealthRecordsStorage {
        IIdentityRegistry registry;
        IIdentityClaims claims;
        uint256 recordCount;
        mapping(uint256 recordId => Record) records;
        mapping(uint256 patientId => uint256) indexCount;
        mapping(uint256 patientId => mapping(uint256 position => uint256 recordId)) index;
        mapping(uint256 identityId => bytes32) encryptionKeys;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.HealthRecords")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _HEALTH_RECORDS_STORAGE =
        0xe7fa75141f4a8a0a59a6e09223334e0a5e354d8aad239cf4e956367b51889a00;

    /**
     * @notice Sets the authority and the registries.
     * @param authority The city's AccessManager.
     * @param registry_ The identity registry.
     * @param claims_ The claims registry (physician and clinic credentials).
     */
    function initialize(address authority, address registry_, address claims_) external initializer {
        if (registry_.code.length == 0) revert HealthContractInvalid(registry_);
        if (claims_.code.length == 0) revert HealthContractInvalid(claims_);
        __CityService_init(authority);
        HealthRecordsStorage storage $ = _storage();
        $.registry = IIdentityRegistry(registry_);
        $.claims = IIdentityClaims(claims_);
    }

    /// @inheritdoc IHealthRecords
    function anchorRecord(
        uint256 patientId,
        uint8 category,
        Documents.Document calldata document
    ) external returns (uint256 recordId) {
        HealthRecordsStorage storage $ = _storage();
        uint256 providerId = _licensedCaller($);
        if (category == 0 || category > HealthCodes.MAX_CATEGORY) revert HealthCategoryUnknown(category);
        if ($.registry.walletOf(patientId) == address(0)) revert HealthPatientUnknown(patientId);
        recordId = _append($, patientId, providerId, category, 0, document);
    }

    /// @inheritdoc IHealthRecords
    function correctRecord(uint256 recordId, Documents.Document calldata document) external returns (uint256) {
        HealthRecordsStorage storage $ = _storage();
        uint256 providerId = _licensedCaller($);
        Record storage old = _record($, recordId);
        if (old.providerId != providerId) revert HealthRecordNotProvider(recordId, providerId);
        if (old.correctedBy != 0) revert HealthRecordAlreadyCorrected(recordId, old.correctedBy);
        uint256 correction = _append($, old.patientId, providerId, old.category, recordId, document);
        old.correctedBy = uint64(correction);
        return correction;
    }

    /// @inheritdoc IHealthRecords
    function publishEncryptionKey(bytes32 publicKey) external {
        if (publicKey == bytes32(0)) revert HealthEncryptionKeyEmpty();
        HealthRecordsStorage storage $ = _storage();
        uint256 identityId = _primaryCaller($);
        $.encryptionKeys[identityId] = publicKey;
        emit HealthEncryptionKeyPublished(identityId, publicKey);
    }

    /// @inheritdoc IHealthRecords
    function record(uint256 recordId) external view returns (Record memory) {
        return _record(_storage(), recordId);
    }

    /// @inheritdoc IHealthRecords
    function recordCount() external view returns (uint256) {
        return _storage().recordCount;
    }

    /// @inheritdoc IHealthRecords
    function patientRecordCount(uint256 patientId) external view returns (uint256) {
        return _storage().indexCount[patientId];
    }

    /// @inheritdoc IHealthRecords
    function patientRecords(
        uint256 patientId,
        uint256 from,
        uint256 limit
    ) external view returns (uint256[] memory ids) {
        if (limit > MAX_PAGE) revert HealthPageTooLarge(limit, MAX_PAGE);
        HealthRecordsStorage storage $ = _storage();
        uint256 count = $.indexCount[patientId];
        if (from >= count) return new uint256[](0);
        uint256 end = from + limit > count ? count : from + limit;
        ids = new uint256[](end - from);
        for (uint256 i = 0; i < ids.length; ++i) ids[i] = $.index[patientId][from + i];
    }

    /// @inheritdoc IHealthRecords
    function encryptionKeyOf(uint256 identityId) external view returns (bytes32) {
        return _storage().encryptionKeys[identityId];
    }

    /// @inheritdoc IHealthRecords
    function isLicensed(uint256 identityId) external view returns (bool) {
        return HealthCodes.isLicensed(_storage().claims, identityId);
    }

    /// @inheritdoc IHealthRecords
    function registries() external view returns (address registry, address claims) {
        HealthRecordsStorage storage $ = _storage();
        return (address($.registry), address($.claims));
    }

    function _append(
        HealthRecordsStorage storage $,
        uint256 patientId,
        uint256 providerId,
        uint8 category,
        uint256 previousId,
        Documents.Document calldata document
    ) private returns (uint256 recordId) {
        recordId = ++$.recordCount;
        bytes32 commitment = Documents.anchor(bytes32(recordId), document);
        $.records[recordId] = Record({
            patientId: uint64(patientId),
            providerId: uint64(providerId),
            previousId: uint64(previousId),
            category: category,
            anchoredAt: uint40(block.timestamp),
            correctedBy: 0,
            commitment: commitment
        });
        $.index[patientId][$.indexCount[patientId]++] = recordId;
        emit HealthRecordAnchored(recordId, patientId, providerId, category, previousId, commitment);
    }

    /// @dev The caller's identity, of which it is the primary wallet.
    function _primaryCaller(HealthRecordsStorage storage $) private view returns (uint256 identityId) {
        identityId = $.registry.identityOf(msg.sender);
        if (identityId == 0 || $.registry.walletOf(identityId) != msg.sender) revert HealthCallerUnknown(msg.sender);
    }

    /// @dev The caller's identity (primary wallet), which must hold a valid physician or clinic credential.
    function _licensedCaller(HealthRecordsStorage storage $) private view returns (uint256 providerId) {
        providerId = $.registry.identityOf(msg.sender);
        if (
            providerId == 0 ||
            $.registry.walletOf(providerId) != msg.sender ||
            !HealthCodes.isLicensed($.claims, providerId)
        ) revert HealthProviderNotLicensed(msg.sender, providerId);
    }

    function _record(HealthRecordsStorage storage $, uint256 recordId) private view returns (Record storage r) {
        r = $.records[recordId];
        if (r.patientId == 0) revert HealthRecordUnknown(recordId);
    }

    function _storage() private pure returns (HealthRecordsStorage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _HEALTH_RECORDS_STORAGE
        }
    }
}
