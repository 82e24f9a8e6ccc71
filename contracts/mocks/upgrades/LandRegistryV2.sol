// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILandSettlement} from "../../land/ILandSettlement.sol";
import {LandRegistry} from "../../land/LandRegistry.sol";

/**
 * @title LandRegistryV2
 * @notice Test implementation of an upgrade of the title register: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by `test/land/Upgrade.test.ts` to prove every record, balance, credit, pending consent and
 * permission survives the upgrade. It replaces the code of an already initialised proxy, so it has a migration
 * step (`initializeV2`, a reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/land/LandRegistry.sol:LandRegistry
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract LandRegistryV2 is LandRegistry {
    /// @custom:storage-location erc7201:citychain.storage.LandRegistryV2
    struct LandRegistryV2Storage {
        uint256 v2Field;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.LandRegistryV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _V2_STORAGE = 0x6242a9c7b728a00dfd884503606342c470fe0cf4c559bb07a4c2fa8783aa1800;

    /**
     * @param settlementModule The signed-sale module of this implementation (may differ from v1's).
     * @custom:oz-upgrades-unsafe-allow constructor
     */
    constructor(ILandSettlement settlementModule) LandRegistry(settlementModule) {}

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

    function _v2Storage() private pure returns (LandRegistryV2Storage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _V2_STORAGE
        }
    }
}
