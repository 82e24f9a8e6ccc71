// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// solhint-disable-next-line max-line-length
import {AccessManagedUpgradeable} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagedUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";

import {ICityAccessManager} from "../access/ICityAccessManager.sol";
import {ICityService} from "./ICityService.sol";

/**
 * @title CityService
 * @notice Base of every stateful city contract: UUPS upgrades authorised by the city's AccessManager (role
 * UPGRADER), an irreversible freeze, and an implementation that can never be initialised or used directly.
 * See {ICityService}.
 * @dev `_authorizeUpgrade` carries `restricted`: it only runs inside `upgradeToAndCall`, so the authority checks
 * the caller's right to that selector (OpenZeppelin's pattern for AccessManaged UUPS contracts). With an
 * execution delay on UPGRADER, the call must have been scheduled on the authority and not cancelled.
 */
abstract contract CityService is Initializable, UUPSUpgradeable, AccessManagedUpgradeable, ICityService {
    /// @custom:storage-location erc7201:citychain.storage.CityService
    struct CityServiceStorage {
        bool upgradesFrozen;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.CityService")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _CITY_SERVICE_STORAGE = 0xfcc5e46f4194e6d5b08e9c228f2b9129762f97555bb36a3582dec5ce04e8b300;

    /**
     * @dev OpenZeppelin's `AccessManagedStorage` slot (`address _authority`, bits 0..159; `bool _consumingSchedule`,
     * bits 160..167), read directly by the lean `restricted` check below.
     */
    // keccak256(abi.encode(uint256(keccak256("openzeppelin.storage.AccessManaged")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 internal constant _ACCESS_MANAGED_STORAGE =
        0xf3177357ab46d8af007ab3fdb9af81da189e1068fefdc0073dca88a2cab40a00;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @inheritdoc ICityService
    function freezeUpgrades() external restricted {
        CityServiceStorage storage $ = _cityServiceStorage();
        if ($.upgradesFrozen) revert CityUpgradesFrozen(address(this));
        $.upgradesFrozen = true;
        address current = ERC1967Utils.getImplementation();
        emit UpgradesFrozen(current, current.codehash);
    }

    /// @inheritdoc ICityService
    function upgradesFrozen() external view returns (bool) {
        return _cityServiceStorage().upgradesFrozen;
    }

    /// @inheritdoc ICityService
    function implementation() external view returns (address) {
        return ERC1967Utils.getImplementation();
    }

    /// @notice Sets the city's authority; call it from the contract's `initialize`.
    // solhint-disable-next-line func-name-mixedcase
    function __CityService_init(address authority) internal onlyInitializing {
        __AccessManaged_init(authority);
    }

    /**
     * @dev Only the UPGRADER (through the authority), never once frozen, never to an address without code (UUPS
     * would then fail without a reason); a contract that is not UUPS is refused next by `upgradeToAndCall`
     * (`ERC1967InvalidImplementation`).
     */
    function _authorizeUpgrade(address newImplementation) internal override restricted {
        if (_cityServiceStorage().upgradesFrozen) revert CityUpgradesFrozen(address(this));
        if (newImplementation.code.length == 0) revert CityUpgradeNotAContract(newImplementation);
    }

    /**
     * @dev `restricted` for the common case at the cost of one small query: the city's authority answers
     * `canCallNow(selector | caller)` (see {CityAccessManager-canCallNow}: OpenZeppelin's `canCall(caller, this,
     * selector)`, immediate or not), without the generic encoding of OpenZeppelin's check (about 1,000 gas less per
     * restricted call). Only an immediate "yes" is decided here; any other answer (a delay to consume, a refusal,
     * a failed or empty answer, e.g. an authority that is a plain OpenZeppelin AccessManager) falls through to
     * OpenZeppelin's check, which asks `canCall` and consumes the scheduled operation or reverts
     * `AccessManagedUnauthorized` exactly as before.
     */
    function _checkCanCall(address account, bytes calldata data) internal virtual override {
        bytes4 canCallNow = ICityAccessManager.canCallNow.selector;
        bool immediate;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, canCallNow)
            // the called selector (left-aligned, bits 224..255) and the caller (bits 0..159)
            mstore(
                0x04,
                or(
                    and(calldataload(data.offset), shl(224, 0xffffffff)),
                    and(account, 0xffffffffffffffffffffffffffffffffffffffff)
                )
            )
            let authority_ := and(sload(_ACCESS_MANAGED_STORAGE), 0xffffffffffffffffffffffffffffffffffffffff)
            let ok := staticcall(gas(), authority_, 0x00, 0x24, 0x00, 0x20)
            immediate := and(ok, and(eq(returndatasize(), 0x20), eq(mload(0x00), 1)))
        }
        if (!immediate) super._checkCanCall(account, data);
    }

    function _cityServiceStorage() private pure returns (CityServiceStorage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _CITY_SERVICE_STORAGE
        }
    }
}
