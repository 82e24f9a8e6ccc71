// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PropertyTax} from "../../payments/PropertyTax.sol";

/**
 * @title PropertyTaxV2
 * @notice Test implementation of a PropertyTax upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace, with a migration step.
 * @custom:oz-upgrades-from contracts/payments/PropertyTax.sol:PropertyTax
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract PropertyTaxV2 is PropertyTax {
    /// @custom:storage-location erc7201:citychain.storage.PropertyTaxV2
    struct PropertyTaxV2Storage {
        uint256 v2Field;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.PropertyTaxV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _V2_STORAGE = 0x2b44f5958f94b71bbed12540d26f8b9a2626862eb9dc5f462e6a246cda020000;

    /// @notice Emitted when the v2 field is set.
    event V2FieldSet(uint256 value);

    /// @notice The v2 migration step; at most once.
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

    function _v2Storage() private pure returns (PropertyTaxV2Storage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _V2_STORAGE
        }
    }
}
