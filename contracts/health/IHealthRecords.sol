// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Documents} from "../common/Documents.sol";

/**
 * @title IHealthRecords
 * @notice Medical records anchored by licensed providers. The chain keeps, per record, the patient and provider
 * identity ids, a category and a commitment to the encrypted document (see {Documents}); the document and its
 * key stay off-chain (the SDK wraps the key for each grantee with the X25519 key the grantee publishes here).
 * Every patient has a paged, append-only index of its records; a correction is a new record linked to the one
 * it corrects, never an edit.
 *
 * Record life:
 * | from      | to        | who                                       | how           |
 * |-----------|-----------|-------------------------------------------|---------------|
 * | (none)    | Current   | a licensed provider (physician or clinic) | anchorRecord  |
 * | Current   | Corrected | the record's provider, still licensed     | correctRecord |
 */
interface IHealthRecords {
    /// @notice One record, in two slots.
    struct Record {
        uint64 patientId;
        uint64 providerId;
        uint64 previousId; // the record this one corrects (0 for an original)
        uint8 category; // one of HealthCodes.CATEGORY_*
        uint40 anchoredAt;
        uint64 correctedBy; // the record that corrects this one (0 while current)
        bytes32 commitment; // Documents.commitmentOf(document)
    }

    /// @notice An address given at initialisation is not a contract.
    error HealthContractInvalid(address account);
    /// @notice The caller's identity (primary wallet) holds no valid physician or clinic credential.
    error HealthProviderNotLicensed(address caller, uint256 providerId);
    /// @notice The patient is not a registered identity.
    error HealthPatientUnknown(uint256 patientId);
    /// @notice The category is not one the service defines.
    error HealthCategoryUnknown(uint8 category);
    /// @notice No record has this id.
    error HealthRecordUnknown(uint256 recordId);
    /// @notice The record was already corrected: correct its latest revision.
    error HealthRecordAlreadyCorrected(uint256 recordId, uint256 correctedBy);
    /// @notice Only the provider that anchored a record corrects it.
    error HealthRecordNotProvider(uint256 recordId, uint256 providerId);
    /// @notice The caller has no identity for which it is the primary wallet.
    error HealthCallerUnknown(address caller);
    /// @notice An encryption key of zero publishes nothing.
    error HealthEncryptionKeyEmpty();
    /// @notice A page larger than the most one call returns.
    error HealthPageTooLarge(uint256 limit, uint256 max);

    /// @notice A record was anchored (an original when `previousId` is 0, else a correction of it).
    event HealthRecordAnchored(
        uint256 indexed recordId,
        uint256 indexed patientId,
        uint256 indexed providerId,
        uint8 category,
        uint256 previousId,
        bytes32 commitment
    );
    /// @notice An identity published (or replaced) its X25519 public encryption key.
    event HealthEncryptionKeyPublished(uint256 indexed identityId, bytes32 publicKey);

    /**
     * @notice Anchors a record for `patientId` as the caller's identity (primary wallet, valid physician or clinic
     * credential). Reverts {HealthProviderNotLicensed}, {HealthPatientUnknown}, {HealthCategoryUnknown} or a
     * {Documents} error.
     * @return recordId The new record's id (from 1).
     */
    function anchorRecord(
        uint256 patientId,
        uint8 category,
        Documents.Document calldata document
    ) external returns (uint256 recordId);

    /**
     * @notice Corrects a record: a new record of the same patient and category linked to it. Only its provider,
     * still licensed, and only the latest revision.
     * @return recordId The correction's record id.
     */
    function correctRecord(uint256 recordId, Documents.Document calldata document) external returns (uint256);

    /// @notice Publishes the caller identity's X25519 public key (primary wallet); the SDK wraps document keys to it.
    function publishEncryptionKey(bytes32 publicKey) external;

    /// @notice A record (reverts {HealthRecordUnknown}).
    function record(uint256 recordId) external view returns (Record memory);

    /// @notice How many records exist.
    function recordCount() external view returns (uint256);

    /// @notice How many records a patient's index holds.
    function patientRecordCount(uint256 patientId) external view returns (uint256);

    /// @notice Record ids `[from, from + limit)` (positions from 0) of a patient's index, clipped to its end.
    function patientRecords(uint256 patientId, uint256 from, uint256 limit) external view returns (uint256[] memory);

    /// @notice An identity's published X25519 public key (zero when none).
    function encryptionKeyOf(uint256 identityId) external view returns (bytes32);

    /// @notice Whether an identity holds a valid physician or clinic credential right now.
    function isLicensed(uint256 identityId) external view returns (bool);

    /// @notice The identity registry and the claims registry this service reads.
    function registries() external view returns (address registry, address claims);
}
