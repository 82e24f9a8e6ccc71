// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IIdentityRegistry} from "../../identity/IIdentityRegistry.sol";
import {ILandLiens} from "../../land/ILandLiens.sol";
import {ILandRegistry} from "../../land/ILandRegistry.sol";
import {LandSettlement} from "../../land/LandSettlement.sol";

/**
 * @title LandSettlementV2
 * @notice Test implementation of an upgrade of the signed settlement: everything of v1 plus one field in a new
 * ERC-7201 namespace. Used by `test/land/SettlementUpgrade.test.ts` to prove that its links, EIP-712 domain and
 * permissions survive the upgrade (so terms signed before it still settle after it). It replaces the code of an
 * already initialised proxy, so it has a migration step (`initializeV2`, a reinitializer) instead of a full
 * initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/land/LandSettlement.sol:LandSettlement
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract LandSettlementV2 is LandSettlement {
    /// @custom:storage-location erc7201:citychain.storage.LandSettlementV2
    struct LandSettlementV2Storage {
        uint256 v2Field;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.LandSettlementV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _V2_STORAGE = 0xaba0fc483017cd644c20ffb110efb56c9a19941cd5296eb260c56fdf3ba22e00;

    /// @notice The same links as v1 (immutables of the implementation).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(
        ILandRegistry registry,
        ILandLiens liens,
        IIdentityRegistry identityRegistry,
        IERC20 settlementToken
    ) LandSettlement(registry, liens, identityRegistry, settlementToken) {}

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

    function _v2Storage() private pure returns (LandSettlementV2Storage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _V2_STORAGE
        }
    }
}
