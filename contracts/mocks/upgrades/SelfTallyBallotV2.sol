// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SelfTallyBallot} from "../../voting/SelfTallyBallot.sol";

/**
 * @title SelfTallyBallotV2
 * @notice Test implementation of a SelfTallyBallot upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove keys, votes, shares and running products survive.
 * @custom:oz-upgrades-from contracts/voting/SelfTallyBallot.sol:SelfTallyBallot
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract SelfTallyBallotV2 is SelfTallyBallot {
    /// @custom:storage-location erc7201:citychain.storage.SelfTallyBallotV2
    struct SelfTallyBallotV2Storage {
        uint256 v2Field;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.SelfTallyBallotV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _V2_STORAGE = 0x2cde5e38bf270e413bc2c978df88a8d1eb2e22a3f948609395b2562750309600;

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

    function _v2Storage() private pure returns (SelfTallyBallotV2Storage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _V2_STORAGE
        }
    }
}
