// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IPropertyTax
 * @notice The city's property tax. For each tax year the tax office (TAX_OFFICE) levies once: a rate per square
 * metre for each zone, a due date and a grace period. A parcel's zone is a cadastral attribute kept here and set
 * by the cadastral authority (LAND_REGISTRAR), never by the tax office, so that the office that sets rates cannot
 * also re-classify single parcels; every change is an event and an entry of the parcel's stored zone history.
 * Unassigned parcels are in zone 0. A zone change applies to the tax years levied after it; years already
 * levied keep the zone in force at their levy.
 *
 * The tax of a parcel for a year is computed lazily, in O(1): `areaM2 x rate(year, zone at levy)`. Levying
 * writes nothing per parcel. A parcel owes a year when it was registered at or before the levy and not retired
 * (subdivided or merged) before it: a retired parcel keeps owing the years levied during its life, and its
 * children owe from the first year levied after their registration. Anyone pays a parcel's tax in CityToken,
 * directly or through a relayer with the payer's ERC-3009 `ReceiveWithAuthorization` whose nonce key is
 * {authorizationKey}(parcel, year) (so a signature pays exactly that parcel and year, once). Payments are held
 * here until anyone {sweep}s them to the treasury identity's current primary wallet.
 *
 * After the due date plus the grace period, the tax office imposes a tax lien through `LandLiens`
 * (`imposeStatutoryLien`, this contract holds TAX_MODULE), held by the treasury identity: it blocks a sale unless
 * the sale pays it off (the land service's atomic payoff pays the treasury identity), and paying the tax
 * directly releases it. A lien paid off at a sale settles the year (read lazily from the lien register).
 *
 * Status of a parcel's tax year ({taxStatus}):
 *
 * | from       | to         | by                                         | function                        |
 * |------------|------------|--------------------------------------------|---------------------------------|
 * | Unassessed | Due        | TAX_OFFICE (the year's levy)               | levy                            |
 * | Due        | Paid       | anyone (the payer pays)                    | pay / payWithAuthorization      |
 * | Due        | Liened     | TAX_OFFICE, after due date + grace         | imposeLien                      |
 * | Liened     | Paid       | anyone (the lien is released)              | pay / payWithAuthorization      |
 * | Liened     | PaidAtSale | LAND_MODULE (a sale pays the lien off)     | LandRegistry / LandDeeds        |
 * | Liened     | Due        | COURT releases the lien (tax still owed)   | LandLiens.courtReleaseLien      |
 *
 * `NotTaxed` (parcel registered after the levy, retired before it, or its zone has no rate that year) is final.
 */
interface IPropertyTax {
    /// @notice Where a parcel's tax year stands.
    enum TaxStatus {
        Unassessed, // the year is not levied
        NotTaxed, // the parcel did not exist at the levy, or was retired before it, or its zone is exempt
        Due,
        Liened,
        Paid,
        PaidAtSale
    }

    /// @notice A levied tax year.
    struct TaxYear {
        uint40 leviedAt;
        uint40 dueDate;
        uint32 grace; // seconds after the due date before a lien may be imposed
        uint16 zoneCount;
    }

    /// @notice What this contract knows of a parcel (one slot): its zone and the land register's immutable facts.
    struct ParcelTax {
        uint32 zone; // the current zone (0: unassigned)
        uint40 zoneSince; // when the current zone was assigned (0: never)
        uint64 areaM2; // the registered area (a parcel's area never changes)
        uint40 registeredAt;
        uint40 retiredAt; // 0 while active (or until {recordRetirement})
        bool enrolled; // the facts above were read from the register
    }

    /// @notice An entry of a parcel's zone history.
    struct ZoneChange {
        uint32 zone;
        uint40 since;
    }

    /// @notice The year is already levied (a levy is final).
    error TaxYearAlreadyLevied(uint16 year);
    /// @notice The year is not levied.
    error TaxYearNotAssessed(uint16 year);
    /// @notice The year is zero.
    error TaxYearInvalid(uint16 year);
    /// @notice The due date is not in the future.
    error TaxDueDateInvalid(uint256 dueDate, uint256 now_);
    /// @notice The grace period is longer than {MAX_GRACE}.
    error TaxGraceTooLong(uint256 grace, uint256 max);
    /// @notice A levy needs 1..{MAX_ZONES} zones and as many rates.
    error TaxZonesInvalid(uint256 zones, uint256 rates, uint256 max);
    /// @notice Zones must be listed in strictly ascending order.
    error TaxZoneOrder(uint32 zone, uint32 previous);
    /// @notice A listed zone has a zero rate (leave exempt zones out).
    error TaxRateZero(uint32 zone);
    /// @notice The parcel is already in this zone.
    error TaxZoneUnchanged(uint256 parcelId, uint32 zone);
    /// @notice No parcel has this id in the land register.
    error TaxParcelUnknown(uint256 parcelId);
    /// @notice The parcel is not retired in the land register.
    error TaxParcelNotRetired(uint256 parcelId);
    /// @notice The parcel's retirement is already recorded.
    error TaxRetirementRecorded(uint256 parcelId, uint40 retiredAt);
    /// @notice The parcel owes nothing for this year (see {TaxStatus-NotTaxed}).
    error TaxNotOwed(uint256 parcelId, uint16 year);
    /// @notice The year's tax of this parcel is already paid (directly or by a sale's payoff).
    error TaxAlreadyPaid(uint256 parcelId, uint16 year);
    /// @notice The due date plus the grace period has not passed.
    error TaxGraceNotOver(uint256 parcelId, uint16 year, uint256 endsAt);
    /// @notice The year's tax of this parcel already has an active lien.
    error TaxLienExists(uint256 parcelId, uint16 year, uint256 lienId);
    /// @notice The amount does not fit the lien register's payoff amount.
    error TaxAmountTooLarge(uint256 amount);
    /// @notice No treasury identity is set.
    error TaxTreasuryUnset();
    /// @notice The treasury identity is not verified or has no wallet.
    error TaxTreasuryInvalid(uint64 identityId);
    /// @notice The authorization's nonce key is not {authorizationKey}(parcel, year).
    error TaxAuthorizationNotBound(bytes32 nonce, uint192 expectedKey);

    /// @notice The tax office levied a year; each zone's rate is a {ZoneRateSet}.
    event TaxYearLevied(uint16 indexed year, uint40 dueDate, uint32 grace, uint16 zoneCount, address indexed by);
    /// @notice A zone's rate per square metre for a levied year.
    event ZoneRateSet(uint16 indexed year, uint32 indexed zone, uint96 ratePerM2);
    /// @notice The cadastral authority moved a parcel to another zone (applies to years levied from now on).
    event ParcelZoneAssigned(uint256 indexed parcelId, uint32 indexed zone, uint32 previousZone, address indexed by);
    /// @notice The register's facts of a parcel were read and kept (area, registration, retirement).
    event ParcelEnrolled(uint256 indexed parcelId, uint64 areaM2, uint40 registeredAt, uint40 retiredAt);
    /// @notice A parcel's retirement (subdivision, merger) was recorded.
    event ParcelRetirementRecorded(uint256 indexed parcelId, uint40 retiredAt);
    /// @notice A parcel's tax for a year was paid by `payer` (any wallet).
    event TaxPaid(uint256 indexed parcelId, uint16 indexed year, address indexed payer, uint256 amount);
    /// @notice The tax office imposed a tax lien (a statutory lien on the lien register).
    event TaxLienImposed(uint256 indexed parcelId, uint16 indexed year, uint256 indexed lienId, uint256 amount);
    /// @notice A direct payment released the year's tax lien.
    event TaxLienReleased(uint256 indexed parcelId, uint16 indexed year, uint256 indexed lienId);
    /// @notice The treasurer set the treasury identity (paid by sweeps and lien payoffs).
    event TreasurySet(uint64 indexed identityId);
    /// @notice Collected tax went to the treasury identity's current primary wallet.
    event TreasurySwept(uint64 indexed identityId, address indexed wallet, uint256 amount);

    /**
     * @notice Levies a tax year, once. Restricted to TAX_OFFICE.
     * @param year The tax year (e.g. 2027), not zero.
     * @param dueDate When the tax is due (in the future).
     * @param grace Seconds after the due date before a lien may be imposed (at most {MAX_GRACE}).
     * @param zones The taxed zones, strictly ascending (1..{MAX_ZONES}); unlisted zones are exempt.
     * @param ratesPerM2 Each zone's rate per square metre (token base units), not zero.
     */
    function levy(
        uint16 year,
        uint40 dueDate,
        uint32 grace,
        uint32[] calldata zones,
        uint96[] calldata ratesPerM2
    ) external;

    /// @notice Puts a parcel in a zone (from the next levy on). Restricted to LAND_REGISTRAR.
    function assignZone(uint256 parcelId, uint32 zone) external;

    /// @notice Records that a parcel was retired by a subdivision or merger (anyone; reads the land register).
    function recordRetirement(uint256 parcelId) external;

    /// @notice Pays a parcel's tax for a year from the caller's wallet (allowance to this contract).
    function pay(uint256 parcelId, uint16 year) external;

    /**
     * @notice Pays a parcel's tax for a year with `from`'s ERC-3009 `ReceiveWithAuthorization` to this contract
     * for exactly the amount due, whose nonce key is {authorizationKey}(parcelId, year). Anyone submits it.
     */
    function payWithAuthorization(
        uint256 parcelId,
        uint16 year,
        address from,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external;

    /// @notice Imposes a tax lien for an unpaid year after its due date plus grace. Restricted to TAX_OFFICE.
    function imposeLien(uint256 parcelId, uint16 year) external returns (uint256 lienId);

    /// @notice Sets the treasury identity (a verified identity). Restricted to TREASURER.
    function setTreasury(uint64 identityId) external;

    /// @notice Sends all collected tax to the treasury identity's current primary wallet (anyone).
    function sweep() external;

    /// @notice A parcel's tax for a year: its status, the amount (0 when not owed) and its lien (0 if none).
    function taxStatus(
        uint256 parcelId,
        uint16 year
    ) external view returns (TaxStatus status, uint256 amount, uint256 lienId);

    /// @notice The zone a parcel is taxed in for a levied year (its zone at the levy).
    function zoneForYear(uint256 parcelId, uint16 year) external view returns (uint32);

    /// @notice A parcel's zone history, oldest first.
    function zoneHistory(uint256 parcelId) external view returns (ZoneChange[] memory);

    /// @notice What this contract keeps of a parcel.
    function parcelTax(uint256 parcelId) external view returns (ParcelTax memory);

    /// @notice A levied year.
    function taxYear(uint16 year) external view returns (TaxYear memory);

    /// @notice A zone's rate per square metre for a year (0: exempt or not levied).
    function zoneRate(uint16 year, uint32 zone) external view returns (uint96);

    /// @notice The ERC-3009 nonce key a payment of this parcel and year must use.
    function authorizationKey(uint256 parcelId, uint16 year) external view returns (uint192);

    /// @notice The treasury identity.
    function treasury() external view returns (uint64);
}
