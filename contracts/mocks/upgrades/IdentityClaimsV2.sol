// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IdentityClaims} from "../../identity/IdentityClaims.sol";

/**
 * @title IdentityClaimsV2
 * @notice Test implementation of an IdentityClaims upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by `test/identity/Upgrade.test.ts` to prove every record, pending operation and permission
 * survives an upgrade. It replaces the code of an already initialised proxy, so it has a migration step
 * (`initializeV2`, a reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/identity/IdentityClaims.sol:IdentityClaims
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract IdentityClaimsV2 is IdentityClaims {
    /// @custom:storage-location erc7201:citychain.storage.IdentityClaimsV2
    struct IdentityClaimsV2Storage {
        uint256 v2Field;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.IdentityClaimsV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _V2_STORAGE = 0xbbef5d16289f7adffc42c18c0010fb8574efb36cff580fcc72c9e8cd8eaa6900;

    /// @notice Emitted when the v2 field is set.
    event V2FieldSet(uint256 value);

    /**
     * @notice The v2 migration step, run by `upgradeToAndCall(v2, initializeV2(value))`; at most once.
     * @param value The first value of the field v2 adds.
     */
    function initializeV2(uint256 value) external reinitializer(2) {
        _v2Storage().v2Field = value;
        emit V2FieldSet(value);
    }

    /// @notice Sets the field v2 added (open: test only).
    function setV2Field(uint256 value) external {
        _v2Storage().v2Field = value;
        emit V2FieldSet(value);
    }

    /// @notice The field v2 added.
    function v2Field() external view returns (uint256) {
        return _v2Storage().v2Field;
    }

    /// @notice The implementation's version.
    function version() external pure returns (string memory) {
        return "2";
    }

    function _v2Storage() private pure returns (IdentityClaimsV2Storage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _V2_STORAGE
        }
    }
}
