// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title CarbonIds
 * @notice The ERC-1155 token ids and certificate ids of the carbon ledger, as pure arithmetic.
 * @dev Offset credit: `projectId << 64 | vintage << 32 | batch` (project -> vintage -> batch is readable from
 * the id, so no lookup is needed to find a batch's project or vintage); every credit id is below 2^128.
 * Compliance allowance of a period: `1 << 255 | periodId`.
 * Retirement certificate: `creditId << 64 | offset`, where `offset` is the position of the certificate's first
 * serial in its batch. Serial ranges of a batch never overlap, so the id is unique, and the certificates of a
 * batch chain: the next one starts at `offset + amount`.
 */
library CarbonIds {
    /// @notice The flag bit of a compliance allowance id.
    uint256 internal constant ALLOWANCE_FLAG = 1 << 255;

    /// @notice The token id of a batch of offset credits.
    function creditId(uint256 projectId, uint16 vintage, uint32 batch) internal pure returns (uint256) {
        return (projectId << 64) | (uint256(vintage) << 32) | batch;
    }

    /// @notice The token id of the compliance allowances of a period.
    function allowanceId(uint256 periodId) internal pure returns (uint256) {
        return ALLOWANCE_FLAG | periodId;
    }

    /// @notice Whether a token id is in the offset-credit range (it may still be unissued).
    function isCredit(uint256 tokenId) internal pure returns (bool) {
        return tokenId >> 128 == 0;
    }

    /// @notice Whether a token id is in the allowance range.
    function isAllowance(uint256 tokenId) internal pure returns (bool) {
        return tokenId & ALLOWANCE_FLAG != 0 && tokenId >> 64 == ALLOWANCE_FLAG >> 64;
    }

    /// @notice The period of an allowance id.
    function periodOf(uint256 tokenId) internal pure returns (uint256) {
        return uint64(tokenId);
    }

    /// @notice The project, vintage and batch number of a credit id.
    function decodeCredit(uint256 tokenId) internal pure returns (uint256 projectId, uint16 vintage, uint32 batch) {
        return (tokenId >> 64, uint16(tokenId >> 32), uint32(tokenId));
    }

    /// @notice The certificate id of the range starting `offset` serials into batch `tokenId`.
    function certificateId(uint256 tokenId, uint64 offset) internal pure returns (uint256) {
        return (tokenId << 64) | offset;
    }

    /// @notice The batch and first-serial offset of a certificate id.
    function decodeCertificate(uint256 certificate) internal pure returns (uint256 tokenId, uint64 offset) {
        return (certificate >> 64, uint64(certificate));
    }
}
