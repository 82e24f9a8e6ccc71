// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../../identity/IIdentityRegistry.sol";
import {PasskeyRegistry} from "../../identity/PasskeyRegistry.sol";

/**
 * @title PasskeyRegistryV2
 * @notice Test implementation of a PasskeyRegistry upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove passkeys, revisions and the relying party survive an upgrade.
 * It replaces the code of an already initialised proxy, so it has a migration step (`initializeV2`, a
 * reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/identity/PasskeyRegistry.sol:PasskeyRegistry
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract PasskeyRegistryV2 is PasskeyRegistry {
    /// @custom:storage-location erc7201:citychain.storage.PasskeyRegistryV2
    struct PasskeyRegistryV2Storage {
        uint256 v2Field;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.PasskeyRegistryV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _V2_STORAGE = 0x826b8e3e031600efc5bf348249a22fad09661f3e2ad503bf444c639813278c00;

    /// @notice Emitted when the v2 field is set.
    event V2FieldSet(uint256 value);

    /**
     * @param identity_ The city's identity registry (as v1's).
     * @param rpIdHash_ The relying party id hash (as v1's, or another to move the city's relying party).
     * @custom:oz-upgrades-unsafe-allow constructor
     */
    constructor(IIdentityRegistry identity_, bytes32 rpIdHash_) PasskeyRegistry(identity_, rpIdHash_) {}

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

    function _v2Storage() private pure returns (PasskeyRegistryV2Storage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _V2_STORAGE
        }
    }
}
