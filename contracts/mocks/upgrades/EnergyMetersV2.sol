// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EnergyMeters} from "../../energy/EnergyMeters.sol";

/**
 * @title EnergyMetersV2
 * @notice Test implementation of a EnergyMeters upgrade: everything of v1 plus one field in a new
 * ERC-7201 namespace.
 * Used by `test/energy/Upgrade.test.ts` to prove every record survives an upgrade.
 * @custom:oz-upgrades-from contracts/energy/EnergyMeters.sol:EnergyMeters
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract EnergyMetersV2 is EnergyMeters {
    /// @custom:storage-location erc7201:citychain.storage.EnergyMetersV2
    struct EnergyMetersV2Storage {
        uint256 v2Field;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.EnergyMetersV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _V2_STORAGE = 0x9c32bb63987434163af771dcf151e6c45499e0d834b659bf13c42341d16f8200;

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

    function _v2Storage() private pure returns (EnergyMetersV2Storage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _V2_STORAGE
        }
    }
}
