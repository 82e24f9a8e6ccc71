// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Elections} from "../../voting/Elections.sol";

/**
 * @title ElectionsV2
 * @notice Test implementation of an Elections upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove elections, commitments, ballots, tallies and nonces survive.
 * @custom:oz-upgrades-from contracts/voting/Elections.sol:Elections
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract ElectionsV2 is Elections {
    /// @custom:storage-location erc7201:citychain.storage.ElectionsV2
    struct ElectionsV2Storage {
        uint256 v2Field;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.ElectionsV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _V2_STORAGE = 0x38a868e3108243b91a702eb9be37829895a6c95d697c13595514351952c34000;

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

    function _v2Storage() private pure returns (ElectionsV2Storage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _V2_STORAGE
        }
    }
}
