// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Insurance} from "../../insurance/Insurance.sol";

/**
 * @title InsuranceV2
 * @notice Test implementation of an Insurance upgrade: everything of v1 plus one field in a new ERC-7201 namespace.
 * Used by `test/insurance/Upgrade.test.ts` to prove pools, policies, claims, credits, loss events and risks survive.
 * @custom:oz-upgrades-from contracts/insurance/Insurance.sol:Insurance
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract InsuranceV2 is Insurance {
    /// @custom:storage-location erc7201:citychain.storage.InsuranceV2
    struct InsuranceV2Storage {
        uint256 v2Field;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.InsuranceV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _V2_STORAGE = 0xbd003b1e419f605992ea3ae0db7114c3aad4fcfc86e2c83e1328a4af14f5f300;

    /// @notice Emitted when the v2 field is set.
    event V2FieldSet(uint256 value);

    /// @notice The v2 migration step, run by `upgradeToAndCall(v2, initializeV2(value))`; at most once.
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

    function _v2Storage() private pure returns (InsuranceV2Storage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _V2_STORAGE
        }
    }
}
