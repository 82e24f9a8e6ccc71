// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {CityService} from "../common/CityService.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IEnergyMeters} from "./IEnergyMeters.sol";

/**
 * @title EnergyMeters
 * @notice Smart meters (device identities) admitted by the grid operator, and their signed interval readings.
 * See {IEnergyMeters}.
 */
contract EnergyMeters is CityService, EIP712Upgradeable, IEnergyMeters {
    /// @notice EIP-712 type of a meter reading: the meter (signer identity), the interval and the figures it
    /// reports, its nonce and a deadline; chain and contract are in the domain.
    bytes32 public constant READING_TYPEHASH = keccak256(
        "Reading(uint256 meterId,uint64 interval,uint64 exportedWh,uint64 importedWh,uint64 nonce,uint256 deadline)"
    );

    /// @custom:storage-location erc7201:citychain.storage.EnergyMeters
    struct EnergyMetersStorage {
        IIdentityRegistry registry;
        mapping(uint256 meterId => Meter) meters;
        mapping(uint256 meterId => mapping(uint64 interval => Reading)) readings;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.EnergyMeters")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _ENERGY_METERS_STORAGE =
        0xeafc91e03ca10bb4c4dbfcb135326ec2c91713c8815c3b3a59101e4774540e00;

    /**
     * @param authority The city's AccessManager.
     * @param registry The identity registry (meters are its device identities).
     */
    function initialize(address authority, IIdentityRegistry registry) external initializer {
        __CityService_init(authority);
        __EIP712_init("CityEnergyMeters", "1");
        _meters().registry = registry;
    }

    /// @inheritdoc IEnergyMeters
    function admitMeter(uint256 meterId, uint32 feeder, bool green) external restricted {
        EnergyMetersStorage storage $ = _meters();
        if (feeder == 0) revert EnergyFeederInvalid(feeder);
        uint32 current = $.meters[meterId].feeder;
        if (current != 0) revert EnergyMeterAlreadyAdmitted(meterId, current);
        if ($.registry.identity(meterId).kind != IIdentityRegistry.IdentityKind.Device) {
            revert EnergyMeterNotDevice(meterId);
        }
        if (!$.registry.isIdentityVerified(meterId, 1)) revert EnergyMeterNotVerified(meterId);
        $.meters[meterId] = Meter({feeder: feeder, green: green, nonce: 0});
        emit MeterAdmitted(meterId, $.registry.deviceOwnerOf(meterId), feeder, green);
    }

    /// @inheritdoc IEnergyMeters
    function submitReading(
        uint256 meterId,
        uint64 interval,
        uint64 exportedWh,
        uint64 importedWh,
        uint64 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external {
        EnergyMetersStorage storage $ = _meters();
        Meter storage m = $.meters[meterId];
        if (m.feeder == 0) revert EnergyMeterUnknown(meterId);
        if (interval > block.timestamp) revert EnergyReadingTooEarly(interval, block.timestamp);
        if (deadline < block.timestamp) revert EnergyReadingExpired(deadline, block.timestamp);
        if (m.nonce != nonce) revert EnergyReadingNonceInvalid(meterId, m.nonce, nonce);
        Reading storage r = $.readings[meterId][interval];
        if (r.recorded) revert EnergyReadingDuplicate(meterId, interval);
        if (!$.registry.isIdentityVerified(meterId, 1)) revert EnergyMeterNotVerified(meterId);
        address key = $.registry.walletOf(meterId);
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(READING_TYPEHASH, meterId, interval, exportedWh, importedWh, nonce, deadline))
        );
        if (!SignatureChecker.isValidSignatureNow(key, digest, signature)) {
            revert EnergyReadingSignatureInvalid(meterId, key);
        }
        m.nonce = nonce + 1;
        $.readings[meterId][interval] = Reading({exportedWh: exportedWh, importedWh: importedWh, recorded: true});
        emit ReadingSubmitted(meterId, interval, exportedWh, importedWh, nonce);
    }

    /// @inheritdoc IEnergyMeters
    function meter(uint256 meterId) external view returns (Meter memory) {
        return _meters().meters[meterId];
    }

    /// @inheritdoc IEnergyMeters
    function reading(uint256 meterId, uint64 interval) external view returns (Reading memory) {
        return _meters().readings[meterId][interval];
    }

    /// @inheritdoc IEnergyMeters
    function identityRegistry() external view returns (address) {
        return address(_meters().registry);
    }

    function _meters() private pure returns (EnergyMetersStorage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _ENERGY_METERS_STORAGE
        }
    }
}
