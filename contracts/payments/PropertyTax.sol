// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {CityService} from "../common/CityService.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandLiens} from "../land/ILandLiens.sol";
import {ILandRegistry} from "../land/ILandRegistry.sol";
import {ICityToken} from "../token/ICityToken.sol";
import {IPropertyTax} from "./IPropertyTax.sol";

/**
 * @title PropertyTax
 * @notice Property tax with tax liens. See {IPropertyTax}.
 * @dev Gas: a payment reads the year, the zone's rate and one parcel slot (the register's immutable facts are
 * kept here at the first payment or zone assignment), flips one bit of a per-parcel bitmap (two bits a year,
 * paid and liened, 128 years a word) and pulls the tokens: no call to the land register on the steady path.
 * Behind a UUPS proxy ({CityService}); all state lives in one ERC-7201 namespace.
 */
contract PropertyTax is CityService, ReentrancyGuardTransient, IPropertyTax {
    using SafeERC20 for IERC20;

    /// @notice The most zones one levy may rate.
    uint256 public constant MAX_ZONES = 64;
    /// @notice The longest grace period after a due date.
    uint256 public constant MAX_GRACE = 365 days;

    uint256 private constant _PAID = 1;
    uint256 private constant _LIENED = 2;

    /// @custom:storage-location erc7201:citychain.storage.PropertyTax
    struct PropertyTaxStorage {
        IERC20 token;
        ILandRegistry registry;
        ILandLiens liens;
        IIdentityRegistry identity;
        uint64 treasuryId;
        mapping(uint16 year => TaxYear) taxYears;
        mapping(uint16 year => mapping(uint32 zone => uint96 ratePerM2)) rates;
        mapping(uint256 parcelId => ParcelTax) parcels;
        mapping(uint256 parcelId => ZoneChange[]) zoneHistory;
        mapping(uint256 parcelId => mapping(uint256 word => uint256 bits)) marks; // 2 bits a year: paid, liened
        mapping(uint256 parcelId => mapping(uint16 year => uint256 lienId)) lienIds;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.PropertyTax")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _PROPERTY_TAX_STORAGE = 0x686e427ed9a8121ae0ab79094b76bc5a90bf54eb10ce8bdc2e3c287ff4571e00;

    /**
     * @param authority The city's AccessManager.
     * @param token The settlement token (CityToken, ERC-3009).
     * @param registry The land title register.
     * @param liens The lien register (this contract must hold TAX_MODULE there).
     * @param identityRegistry The city's identity registry.
     */
    function initialize(
        address authority,
        IERC20 token,
        ILandRegistry registry,
        ILandLiens liens,
        IIdentityRegistry identityRegistry
    ) external initializer {
        __CityService_init(authority);
        PropertyTaxStorage storage $ = _taxStorage();
        ($.token, $.registry, $.liens, $.identity) = (token, registry, liens, identityRegistry);
    }

    /// @inheritdoc IPropertyTax
    function levy(
        uint16 year,
        uint40 dueDate,
        uint32 grace,
        uint32[] calldata zones,
        uint96[] calldata ratesPerM2
    ) external restricted {
        PropertyTaxStorage storage $ = _taxStorage();
        if (year == 0) revert TaxYearInvalid(year);
        if ($.taxYears[year].leviedAt != 0) revert TaxYearAlreadyLevied(year);
        if (dueDate <= block.timestamp) revert TaxDueDateInvalid(dueDate, block.timestamp);
        if (grace > MAX_GRACE) revert TaxGraceTooLong(grace, MAX_GRACE);
        uint256 count = zones.length;
        if (count == 0 || count > MAX_ZONES || ratesPerM2.length != count) {
            revert TaxZonesInvalid(count, ratesPerM2.length, MAX_ZONES);
        }
        $.taxYears[year] = TaxYear(uint40(block.timestamp), dueDate, grace, uint16(count));
        emit TaxYearLevied(year, dueDate, grace, uint16(count), msg.sender);
        for (uint256 i = 0; i < count; ++i) {
            if (i > 0 && zones[i] <= zones[i - 1]) revert TaxZoneOrder(zones[i], zones[i - 1]);
            if (ratesPerM2[i] == 0) revert TaxRateZero(zones[i]);
            $.rates[year][zones[i]] = ratesPerM2[i];
            emit ZoneRateSet(year, zones[i], ratesPerM2[i]);
        }
    }

    /// @inheritdoc IPropertyTax
    function assignZone(uint256 parcelId, uint32 zone) external restricted {
        ParcelTax storage p = _enrolled(parcelId);
        uint32 previous = p.zone;
        if (previous == zone) revert TaxZoneUnchanged(parcelId, zone);
        (p.zone, p.zoneSince) = (zone, uint40(block.timestamp));
        _taxStorage().zoneHistory[parcelId].push(ZoneChange(zone, uint40(block.timestamp)));
        emit ParcelZoneAssigned(parcelId, zone, previous, msg.sender);
    }

    /// @inheritdoc IPropertyTax
    function recordRetirement(uint256 parcelId) external {
        ParcelTax storage p = _enrolled(parcelId);
        if (p.retiredAt != 0) revert TaxRetirementRecorded(parcelId, p.retiredAt);
        uint40 retiredAt = _retiredAt(parcelId);
        if (retiredAt == 0) revert TaxParcelNotRetired(parcelId);
        p.retiredAt = retiredAt;
        emit ParcelRetirementRecorded(parcelId, retiredAt);
    }

    /// @inheritdoc IPropertyTax
    function pay(uint256 parcelId, uint16 year) external nonReentrant {
        uint256 amount = _settle(parcelId, year, msg.sender);
        _taxStorage().token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IPropertyTax
    function payWithAuthorization(
        uint256 parcelId,
        uint16 year,
        address from,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external nonReentrant {
        uint192 key = authorizationKey(parcelId, year);
        if (uint192(uint256(nonce) >> 64) != key) revert TaxAuthorizationNotBound(nonce, key);
        uint256 amount = _settle(parcelId, year, from);
        ICityToken(address(_taxStorage().token)).receiveWithAuthorization(
            from,
            address(this),
            amount,
            validAfter,
            validBefore,
            nonce,
            signature
        );
    }

    /// @inheritdoc IPropertyTax
    function imposeLien(uint256 parcelId, uint16 year) external restricted returns (uint256 lienId) {
        PropertyTaxStorage storage $ = _taxStorage();
        (uint256 amount, uint256 word, uint256 mark) = _lienable(parcelId, year);
        lienId = $.liens.imposeStatutoryLien(
            parcelId,
            $.treasuryId,
            uint96(amount),
            keccak256(abi.encode("citychain.tax.lien", address(this), parcelId, year))
        );
        $.lienIds[parcelId][year] = lienId;
        $.marks[parcelId][word] |= mark;
        emit TaxLienImposed(parcelId, year, lienId, amount);
    }

    /// @inheritdoc IPropertyTax
    function setTreasury(uint64 identityId) external restricted {
        if (identityId == 0 || !_taxStorage().identity.isIdentityVerified(identityId, 0)) {
            revert TaxTreasuryInvalid(identityId);
        }
        _taxStorage().treasuryId = identityId;
        emit TreasurySet(identityId);
    }

    /// @inheritdoc IPropertyTax
    function sweep() external nonReentrant {
        PropertyTaxStorage storage $ = _taxStorage();
        uint64 treasuryId = $.treasuryId;
        if (treasuryId == 0) revert TaxTreasuryUnset();
        address wallet = $.identity.walletOf(treasuryId);
        if (wallet == address(0)) revert TaxTreasuryInvalid(treasuryId);
        uint256 amount = $.token.balanceOf(address(this));
        emit TreasurySwept(treasuryId, wallet, amount);
        $.token.safeTransfer(wallet, amount);
    }

    /// @inheritdoc IPropertyTax
    function taxStatus(
        uint256 parcelId,
        uint16 year
    ) external view returns (TaxStatus status, uint256 amount, uint256 lienId) {
        PropertyTaxStorage storage $ = _taxStorage();
        uint40 leviedAt = $.taxYears[year].leviedAt;
        if (leviedAt == 0) return (TaxStatus.Unassessed, 0, 0);
        ParcelTax memory p = _profile(parcelId);
        if (!_taxedAt(p, leviedAt)) return (TaxStatus.NotTaxed, 0, 0);
        amount = uint256(p.areaM2) * $.rates[year][_zoneAt(parcelId, p, leviedAt)];
        if (amount == 0) return (TaxStatus.NotTaxed, 0, 0);
        (uint256 word, uint256 shift) = _slot(year);
        uint256 bits = $.marks[parcelId][word] >> shift;
        lienId = $.lienIds[parcelId][year];
        if (bits & _PAID != 0) return (TaxStatus.Paid, amount, lienId);
        if (bits & _LIENED == 0) return (TaxStatus.Due, amount, 0);
        ILandLiens.LienStatus lien = $.liens.lien(lienId).status;
        if (lien == ILandLiens.LienStatus.PaidOff) return (TaxStatus.PaidAtSale, amount, lienId);
        return (lien == ILandLiens.LienStatus.Active ? TaxStatus.Liened : TaxStatus.Due, amount, lienId);
    }

    /// @inheritdoc IPropertyTax
    function zoneForYear(uint256 parcelId, uint16 year) external view returns (uint32) {
        uint40 leviedAt = _taxStorage().taxYears[year].leviedAt;
        if (leviedAt == 0) revert TaxYearNotAssessed(year);
        return _zoneAt(parcelId, _taxStorage().parcels[parcelId], leviedAt);
    }

    /// @inheritdoc IPropertyTax
    function zoneHistory(uint256 parcelId) external view returns (ZoneChange[] memory) {
        return _taxStorage().zoneHistory[parcelId];
    }

    /// @inheritdoc IPropertyTax
    function parcelTax(uint256 parcelId) external view returns (ParcelTax memory) {
        return _taxStorage().parcels[parcelId];
    }

    /// @inheritdoc IPropertyTax
    function taxYear(uint16 year) external view returns (TaxYear memory) {
        return _taxStorage().taxYears[year];
    }

    /// @inheritdoc IPropertyTax
    function zoneRate(uint16 year, uint32 zone) external view returns (uint96) {
        return _taxStorage().rates[year][zone];
    }

    /// @inheritdoc IPropertyTax
    function treasury() external view returns (uint64) {
        return _taxStorage().treasuryId;
    }

    /// @inheritdoc IPropertyTax
    function authorizationKey(uint256 parcelId, uint16 year) public view returns (uint192) {
        return
            uint192(uint256(keccak256(abi.encode("citychain.tax.pay", block.chainid, address(this), parcelId, year))));
    }

    /// @dev Checks that the year is due on the parcel, marks it paid (releasing its active lien) and returns the
    /// amount to collect. A lien paid off by a sale settled the year.
    function _settle(uint256 parcelId, uint16 year, address payer) private returns (uint256 amount) {
        PropertyTaxStorage storage $ = _taxStorage();
        uint40 leviedAt = $.taxYears[year].leviedAt;
        if (leviedAt == 0) revert TaxYearNotAssessed(year);
        uint256 word;
        uint256 shift;
        (amount, word, shift) = _owed(parcelId, year, leviedAt);
        uint256 bits = $.marks[parcelId][word];
        if (bits & (_PAID << shift) != 0) revert TaxAlreadyPaid(parcelId, year);
        $.marks[parcelId][word] = bits | (_PAID << shift);
        emit TaxPaid(parcelId, year, payer, amount);
        if (bits & (_LIENED << shift) != 0) {
            uint256 lienId = $.lienIds[parcelId][year];
            ILandLiens.LienStatus status = $.liens.lien(lienId).status;
            if (status == ILandLiens.LienStatus.PaidOff) revert TaxAlreadyPaid(parcelId, year);
            if (status == ILandLiens.LienStatus.Active) {
                emit TaxLienReleased(parcelId, year, lienId);
                $.liens.releaseStatutoryLien(lienId);
            }
        }
    }

    /// @dev Checks that a lien may be imposed now; returns the amount, the bitmap word and the liened mark.
    function _lienable(uint256 parcelId, uint16 year) private returns (uint256 amount, uint256 word, uint256 mark) {
        PropertyTaxStorage storage $ = _taxStorage();
        TaxYear memory y = $.taxYears[year];
        if (y.leviedAt == 0) revert TaxYearNotAssessed(year);
        uint256 endsAt = uint256(y.dueDate) + y.grace;
        if (block.timestamp <= endsAt) revert TaxGraceNotOver(parcelId, year, endsAt);
        if ($.treasuryId == 0) revert TaxTreasuryUnset();
        uint256 shift;
        (amount, word, shift) = _owed(parcelId, year, y.leviedAt);
        uint256 bits = $.marks[parcelId][word];
        if (bits & (_PAID << shift) != 0) revert TaxAlreadyPaid(parcelId, year);
        if (bits & (_LIENED << shift) != 0) {
            uint256 previous = $.lienIds[parcelId][year];
            ILandLiens.LienStatus status = $.liens.lien(previous).status;
            if (status == ILandLiens.LienStatus.PaidOff) revert TaxAlreadyPaid(parcelId, year);
            if (status == ILandLiens.LienStatus.Active) revert TaxLienExists(parcelId, year, previous);
        }
        if (amount > type(uint96).max) revert TaxAmountTooLarge(amount);
        mark = _LIENED << shift;
    }

    /// @dev The amount a parcel owes for a levied year (reverts if none) and the year's place in the bitmap.
    function _owed(
        uint256 parcelId,
        uint16 year,
        uint40 leviedAt
    ) private returns (uint256 amount, uint256 word, uint256 shift) {
        ParcelTax storage p = _enrolled(parcelId);
        if (!_taxedAt(p, leviedAt)) revert TaxNotOwed(parcelId, year);
        amount = uint256(p.areaM2) * _taxStorage().rates[year][_zoneAt(parcelId, p, leviedAt)];
        if (amount == 0) revert TaxNotOwed(parcelId, year);
        (word, shift) = _slot(year);
    }

    /// @dev The parcel's slot, reading the register's facts the first time.
    function _enrolled(uint256 parcelId) private returns (ParcelTax storage p) {
        p = _taxStorage().parcels[parcelId];
        if (p.enrolled) return p;
        ParcelTax memory facts = _profile(parcelId);
        (p.areaM2, p.registeredAt, p.retiredAt, p.enrolled) = (facts.areaM2, facts.registeredAt, facts.retiredAt, true);
        emit ParcelEnrolled(parcelId, facts.areaM2, facts.registeredAt, facts.retiredAt);
    }

    /// @dev What is kept of a parcel, or what would be kept (read from the register) if it is not yet enrolled.
    function _profile(uint256 parcelId) private view returns (ParcelTax memory p) {
        p = _taxStorage().parcels[parcelId];
        if (p.enrolled) return p;
        ILandRegistry.Parcel memory record = _taxStorage().registry.parcel(parcelId);
        if (record.status == ILandRegistry.ParcelStatus.None) revert TaxParcelUnknown(parcelId);
        (p.areaM2, p.registeredAt) = (record.areaM2, record.registeredAt);
        if (record.status == ILandRegistry.ParcelStatus.Retired) p.retiredAt = _retiredAt(parcelId);
    }

    /// @dev A retired parcel's retirement time: its first child's registration (the subdivision or merger).
    function _retiredAt(uint256 parcelId) private view returns (uint40) {
        uint256[] memory children = _taxStorage().registry.childrenOf(parcelId);
        if (children.length == 0) return 0;
        return _taxStorage().registry.parcel(children[0]).registeredAt;
    }

    function _taxedAt(ParcelTax memory p, uint40 leviedAt) private pure returns (bool) {
        return p.registeredAt <= leviedAt && (p.retiredAt == 0 || p.retiredAt > leviedAt);
    }

    /// @dev The parcel's zone at a levy: the current one if assigned by then, else a binary search of its history
    /// (bounded by the number of the cadastral authority's changes on that parcel).
    function _zoneAt(uint256 parcelId, ParcelTax memory p, uint40 leviedAt) private view returns (uint32) {
        if (p.zoneSince <= leviedAt) return p.zone;
        ZoneChange[] storage history = _taxStorage().zoneHistory[parcelId];
        (uint256 low, uint256 high) = (0, history.length); // first entry assigned after the levy
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (history[mid].since > leviedAt) high = mid;
            else low = mid + 1;
        }
        return low == 0 ? 0 : history[low - 1].zone;
    }

    function _slot(uint16 year) private pure returns (uint256 word, uint256 shift) {
        return (year / 128, (year % 128) * 2);
    }

    function _taxStorage() private pure returns (PropertyTaxStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _PROPERTY_TAX_STORAGE
        }
    }
}
