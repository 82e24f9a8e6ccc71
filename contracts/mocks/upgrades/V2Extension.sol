// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";

/**
 * @title V2Extension
 * @notice What every test "v2" of a city contract adds to its v1: one field in a new ERC-7201 namespace, a
 * migration step that sets it (`initializeV2`, a reinitializer: it replaces the code of an already initialised
 * proxy), an open setter and a version. Each `contracts/mocks/upgrades/<Service>V2.sol` is `<Service>, V2Extension`,
 * so the upgrade tests prove that v1's records survive next to a new namespace, and that the migration runs once.
 * @dev The namespace is the same for every v2: each proxy has its own storage, and no v1 declares it.
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
abstract contract V2Extension is Initializable {
    /// @custom:storage-location erc7201:citychain.storage.V2Extension
    struct V2ExtensionStorage {
        uint256 v2Field;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.V2Extension")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _V2_STORAGE = 0x30c7877bcb23baa3ba49649f2eb43d1ce4e097f4260344baaecba159f2e99800;

    /// @notice Emitted when the v2 field is set.
    event V2FieldSet(uint256 value);

    /**
     * @notice The v2 migration step, run by `upgradeToAndCall(v2, initializeV2(value))`; at most once.
     * @param value The first value of the field v2 adds.
     */
    function initializeV2(uint256 value) external reinitializer(2) {
        _setV2Field(value);
    }

    /**
     * @notice Sets the field v2 added (open: test only).
     * @param value The new value.
     */
    function setV2Field(uint256 value) external {
        _setV2Field(value);
    }

    /// @notice The field v2 added.
    function v2Field() external view returns (uint256) {
        return _v2Storage().v2Field;
    }

    /// @notice The implementation's version.
    function version() external pure returns (string memory) {
        return "2";
    }

    function _setV2Field(uint256 value) private {
        _v2Storage().v2Field = value;
        emit V2FieldSet(value);
    }

    function _v2Storage() private pure returns (V2ExtensionStorage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _V2_STORAGE
        }
    }
}
