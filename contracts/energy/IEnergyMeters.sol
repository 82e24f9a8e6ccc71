// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IEnergyMeters
 * @notice The meter register of the energy service. A meter is a device identity of the identity registry
 * (`registerDevice`, owned by a prosumer identity); the grid operator admits it to one feeder and says whether
 * its export is green. Readings are EIP-712 messages signed by the meter's own key (the device identity's primary
 * wallet) and submitted by anyone: exactly one per meter and delivery interval, in nonce order.
 *
 * A meter's life (nothing is ever deleted):
 *
 * | from       | to        | by            | function        |
 * |------------|-----------|---------------|-----------------|
 * | (unknown)  | Admitted  | GRID_OPERATOR | {admitMeter}    |
 *
 * An admitted meter reads only while its device identity is verified, which the identity registry grants only
 * while the device's owner identity is Active and unexpired: a suspended or expired owner's meter is refused.
 */
interface IEnergyMeters {
    /// @notice A meter's record, in one slot.
    struct Meter {
        uint32 feeder; // the feeder (distribution line) the meter is connected to; 0 = not admitted
        bool green; // its export is from a renewable source (solar, wind)
        uint64 nonce; // the next reading nonce the meter must sign
    }

    /// @notice A recorded reading of one meter for one delivery interval.
    struct Reading {
        uint64 exportedWh; // energy fed into the feeder during the interval, Wh
        uint64 importedWh; // energy drawn from the feeder during the interval, Wh
        bool recorded;
    }

    /// @notice The identity is not a device of the identity registry.
    error EnergyMeterNotDevice(uint256 meterId);
    /// @notice The meter was already admitted (to `feeder`); a meter stays on its feeder.
    error EnergyMeterAlreadyAdmitted(uint256 meterId, uint32 feeder);
    /// @notice Feeder 0 is reserved (it marks a meter that was never admitted).
    error EnergyFeederInvalid(uint32 feeder);
    /// @notice The grid operator never admitted this meter.
    error EnergyMeterUnknown(uint256 meterId);
    /// @notice The meter's device identity is not verified (suspended, revoked or expired, or its owner is).
    error EnergyMeterNotVerified(uint256 meterId);
    /// @notice The signature is not the meter key's (its device identity's current primary wallet `key`).
    error EnergyReadingSignatureInvalid(uint256 meterId, address key);
    /// @notice The reading's nonce is not the meter's next one.
    error EnergyReadingNonceInvalid(uint256 meterId, uint64 expected, uint64 nonce);
    /// @notice The meter already has a reading for this interval.
    error EnergyReadingDuplicate(uint256 meterId, uint64 interval);
    /// @notice The signed reading's deadline passed.
    error EnergyReadingExpired(uint256 deadline, uint256 currentTime);
    /// @notice A reading for an interval that has not started yet.
    error EnergyReadingTooEarly(uint64 interval, uint256 currentTime);

    /**
     * @notice The grid operator admitted a meter to a feeder.
     * @param meterId The meter's device identity id.
     * @param ownerId The identity owning the meter when it was admitted.
     * @param feeder The feeder it is connected to.
     * @param green Whether its export is renewable.
     */
    event MeterAdmitted(uint256 indexed meterId, uint256 indexed ownerId, uint32 indexed feeder, bool green);

    /**
     * @notice A meter's signed reading was recorded.
     * @param meterId The meter.
     * @param interval The delivery interval's start (unix seconds).
     * @param exportedWh Energy exported during the interval.
     * @param importedWh Energy imported during the interval.
     * @param nonce The meter nonce the reading consumed.
     */
    event ReadingSubmitted(
        uint256 indexed meterId,
        uint64 indexed interval,
        uint64 exportedWh,
        uint64 importedWh,
        uint64 nonce
    );

    /**
     * @notice Admits a device identity as a meter on a feeder. Restricted (GRID_OPERATOR).
     * @param meterId A device identity, not yet admitted, currently verified.
     * @param feeder The feeder it is connected to, non-zero.
     * @param green Whether its export is renewable (certificates of origin are issued only for green export).
     */
    function admitMeter(uint256 meterId, uint32 feeder, bool green) external;

    /**
     * @notice Records a meter's reading, signed by the meter's key (EIP-712 `Reading`); anyone may submit it.
     * @param meterId An admitted meter whose device identity is verified.
     * @param interval The delivery interval's start, already begun; one reading per meter and interval.
     * @param exportedWh Energy exported during the interval, Wh.
     * @param importedWh Energy imported during the interval, Wh.
     * @param nonce The meter's next nonce ({meter}).
     * @param deadline The last second the signature is valid.
     * @param signature The meter key's signature (ECDSA, or ERC-1271 when the key is a contract).
     */
    function submitReading(
        uint256 meterId,
        uint64 interval,
        uint64 exportedWh,
        uint64 importedWh,
        uint64 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /// @notice A meter's record (feeder 0: not admitted).
    function meter(uint256 meterId) external view returns (Meter memory);

    /// @notice A meter's reading for an interval (`recorded` false: none yet).
    function reading(uint256 meterId, uint64 interval) external view returns (Reading memory);

    /// @notice The identity registry the meters are device identities of.
    function identityRegistry() external view returns (address);
}
