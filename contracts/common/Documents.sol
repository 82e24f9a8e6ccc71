// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title Documents
 * @notice Off-chain documents anchored on-chain by commitment. The document itself (a deed, a survey, a
 * medical report) stays off-chain, encrypted when private; the chain keeps one 32-byte commitment to its
 * content hash, its encryption scheme and its URI, and an event carries the three values in clear so that
 * anyone holding the document can find it and prove it is the anchored one.
 */
library Documents {
    /// @notice Public document, stored in clear (survey maps, published decisions).
    uint8 internal constant SCHEME_PLAINTEXT = 0;
    /// @notice AES-256-GCM ciphertext as produced by the SDK (`src/documents.ts`); the hash is of the ciphertext.
    uint8 internal constant SCHEME_AES_256_GCM = 1;
    /// @notice The highest scheme id defined so far.
    uint8 internal constant MAX_SCHEME = SCHEME_AES_256_GCM;

    /// @notice A reference to an off-chain document.
    struct Document {
        bytes32 contentHash; // keccak256 of the stored bytes (the ciphertext when encrypted)
        uint8 scheme; // one of the SCHEME_* constants
        string uri; // where the bytes live (ipfs://, https://, a city archive id)
    }

    /// @notice The content hash is zero: nothing would be anchored.
    error DocumentHashEmpty();
    /// @notice The encryption scheme id is not one the city defines.
    error DocumentSchemeUnknown(uint8 scheme);
    /// @notice The URI is empty: nobody could retrieve the document.
    error DocumentUriEmpty();

    /**
     * @notice A document was anchored to a record.
     * @param recordKey The record it belongs to (service-specific key).
     * @param commitment The stored commitment, see {commitmentOf}.
     */
    event DocumentAnchored(
        bytes32 indexed recordKey,
        bytes32 indexed commitment,
        bytes32 contentHash,
        uint8 scheme,
        string uri
    );

    /**
     * @notice Validates a document and returns its commitment.
     * @dev Reverts with {DocumentHashEmpty}, {DocumentSchemeUnknown} or {DocumentUriEmpty}.
     */
    function commitmentOf(Document calldata doc) internal pure returns (bytes32) {
        if (doc.contentHash == bytes32(0)) revert DocumentHashEmpty();
        if (doc.scheme > MAX_SCHEME) revert DocumentSchemeUnknown(doc.scheme);
        if (bytes(doc.uri).length == 0) revert DocumentUriEmpty();
        return keccak256(abi.encode(doc.contentHash, doc.scheme, keccak256(bytes(doc.uri))));
    }

    /**
     * @notice Validates a document, emits {DocumentAnchored} for `recordKey` and returns the commitment
     * for the caller to store.
     */
    function anchor(bytes32 recordKey, Document calldata doc) internal returns (bytes32 commitment) {
        commitment = commitmentOf(doc);
        emit DocumentAnchored(recordKey, commitment, doc.contentHash, doc.scheme, doc.uri);
    }
}
