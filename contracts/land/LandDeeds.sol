// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {Escrow} from "../common/Escrow.sol";
import {MultiPartyConsent} from "../common/MultiPartyConsent.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandDeeds} from "./ILandDeeds.sol";
import {ILandLiens} from "./ILandLiens.sol";
import {ILandRegistry} from "./ILandRegistry.sol";

/**
 * @title LandDeeds
 * @notice The deed office: land sales by multi-party consent with the price in escrow. See {ILandDeeds}.
 * @dev Calls the registry (lock, unlock, convey) and the lien register (discharge) as a LAND_MODULE.
 * Every external function that moves tokens holds the escrow's reentrancy guard.
 */
contract LandDeeds is AccessManaged, MultiPartyConsent, Escrow, ILandDeeds {
    uint16 private constant _FULL_SHARE = 10_000;

    ILandRegistry private immutable _REGISTRY;
    ILandLiens private immutable _LIENS;
    IIdentityRegistry private immutable _IDENTITY;

    mapping(uint256 deedId => Deed) private _deeds;

    /**
     * @param authority The city's AccessManager.
     * @param registry The land title register.
     * @param liens The lien register.
     * @param identityRegistry The city's identity registry.
     * @param settlementToken The city's settlement token (the price currency).
     */
    constructor(
        address authority,
        ILandRegistry registry,
        ILandLiens liens,
        IIdentityRegistry identityRegistry,
        IERC20 settlementToken
    ) AccessManaged(authority) EIP712("citychain LandDeeds", "1") Escrow(settlementToken) {
        _REGISTRY = registry;
        _LIENS = liens;
        _IDENTITY = identityRegistry;
    }

    /// @inheritdoc ILandDeeds
    function openDeed(
        uint256 parcelId,
        uint64 buyerId,
        uint256 price,
        uint48 deadline
    ) external returns (uint256 deedId) {
        if (price == 0 || price > type(uint96).max) revert DeedPriceInvalid(price);
        ILandRegistry.Share[] memory owners = _REGISTRY.ownersOf(parcelId);
        uint8 minLevel = _IDENTITY.serviceMinLevel("land");
        if (!_IDENTITY.isIdentityVerified(buyerId, minLevel)) revert DeedBuyerNotVerified(buyerId);

        uint256 count = owners.length;
        address[] memory parties = new address[](count + 1);
        bool callerIsOwner;
        for (uint256 i = 0; i < count; ++i) {
            uint64 ownerId = owners[i].identityId;
            if (ownerId == buyerId) revert DeedBuyerIsOwner(buyerId);
            if (!_IDENTITY.isIdentityVerified(ownerId, minLevel)) revert DeedSellerNotVerified(ownerId);
            parties[i] = _IDENTITY.walletOf(ownerId);
            if (parties[i] == msg.sender) callerIsOwner = true;
        }
        if (!callerIsOwner) revert DeedCallerNotOwner(parcelId, msg.sender);
        parties[count] = _IDENTITY.walletOf(buyerId);
        if (_REGISTRY.activeLienCount(parcelId) != 0) {
            (uint256 payoff, uint256 blocker) = _LIENS.payoffOf(parcelId);
            if (blocker != 0) revert ILandLiens.LienNotPayable(parcelId, blocker);
            if (price < payoff) revert DeedPriceBelowPayoff(price, payoff);
        }

        deedId = _requestConsent(_deedAction(parcelId, buyerId, price), parties, deadline);
        _deeds[deedId] = Deed({
            parcelId: uint64(parcelId),
            buyerId: buyerId,
            price: uint96(price),
            status: DeedStatus.Open,
            funded: false
        });
        emit DeedOpened(deedId, parcelId, buyerId, uint96(price), deadline);
        _REGISTRY.lockForDeed(parcelId, deedId);
        _approve(deedId, msg.sender, false);
    }

    /// @inheritdoc ILandDeeds
    function fundDeed(uint256 deedId) external nonReentrant {
        _fund(deedId);
    }

    /// @inheritdoc ILandDeeds
    function fundDeedWithPermit(
        uint256 deedId,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        Deed storage d = _openDeed(deedId);
        address buyer = _IDENTITY.walletOf(d.buyerId);
        // A permit front-run by someone else has already set the allowance: go on if it is in place.
        try IERC20Permit(_escrowToken()).permit(buyer, address(this), d.price, permitDeadline, v, r, s) {} catch {}
        _lockPrice(deedId, d, buyer);
        // A permit does not name the deed, so it is the buyer's acceptance only when the buyer submits it.
        if (msg.sender == buyer) _acceptAsBuyer(deedId, buyer);
    }

    /// @inheritdoc ILandDeeds
    function completeDeed(uint256 deedId) external restricted nonReentrant {
        Deed storage d = _openDeed(deedId);
        if (!d.funded) revert DeedNotFunded(deedId);
        uint256 parcelId = d.parcelId;
        _consumeConsent(deedId, _deedAction(parcelId, d.buyerId, d.price));
        d.status = DeedStatus.Completed;

        // The registry counts active liens exactly (from the lien register's revisions): skip the call when none.
        (address[] memory holders, uint256[] memory payoffs) = _REGISTRY.activeLienCount(parcelId) == 0
            ? (new address[](0), new uint256[](0))
            : _LIENS.dischargeForSale(parcelId, deedId);
        uint256 payoff;
        for (uint256 i = 0; i < payoffs.length; ++i) payoff += payoffs[i];
        if (payoff > d.price) revert DeedPriceBelowPayoff(d.price, payoff);
        for (uint256 i = 0; i < holders.length; ++i) _release(deedId, holders[i], payoffs[i]);
        // The title moves first; the sellers it returns are credited in the same transaction (all or nothing).
        ILandRegistry.Share[] memory owners = _REGISTRY.conveyTitle(parcelId, deedId, d.buyerId);
        uint256 proceeds = _remaining(deedId);
        uint256 credited;
        for (uint256 i = 0; i < owners.length; ++i) {
            uint256 part = i + 1 == owners.length ? proceeds - credited : (proceeds * owners[i].bps) / _FULL_SHARE;
            credited += part;
            if (part == 0) continue;
            address wallet = _IDENTITY.walletOf(owners[i].identityId);
            _release(deedId, wallet, part);
            emit SellerCredited(deedId, owners[i].identityId, wallet, part);
        }
        emit DeedCompleted(deedId, parcelId, d.buyerId, holders.length);
    }

    /// @inheritdoc ILandDeeds
    function cancelDeed(uint256 deedId) external restricted nonReentrant {
        _openDeed(deedId);
        _cancelConsent(deedId); // the hook refunds and unlocks
    }

    /// @inheritdoc ILandDeeds
    function expireDeed(uint256 deedId) external nonReentrant {
        _openDeed(deedId);
        uint48 deadline = consentRequest(deedId).deadline;
        if (block.timestamp <= deadline) revert DeedNotExpired(deedId, deadline);
        _cancelConsent(deedId);
    }

    /// @inheritdoc ILandDeeds
    function deed(uint256 deedId) external view returns (Deed memory) {
        return _deeds[deedId];
    }

    /// @dev Any cancellation (a party's decline, the registrar, expiry) refunds the buyer and unlocks.
    function _afterConsentCancelled(uint256 deedId) internal override {
        Deed storage d = _deeds[deedId];
        d.status = DeedStatus.Cancelled;
        if (d.funded) _refund(deedId);
        emit DeedCancelled(deedId, d.parcelId, msg.sender);
        _REGISTRY.unlock(d.parcelId, deedId);
    }

    function _fund(uint256 deedId) private {
        Deed storage d = _openDeed(deedId);
        address buyer = _IDENTITY.walletOf(d.buyerId);
        if (msg.sender != buyer) revert DeedNotBuyer(deedId, msg.sender);
        _lockPrice(deedId, d, buyer);
        _acceptAsBuyer(deedId, buyer);
    }

    /// @dev Paying the price from the buyer's own wallet is the buyer's approval of the deed.
    function _acceptAsBuyer(uint256 deedId, address buyer) private {
        if (!hasApproved(deedId, buyer)) _approve(deedId, buyer, false);
    }

    function _lockPrice(uint256 deedId, Deed storage d, address buyer) private {
        if (d.funded) revert DeedAlreadyFunded(deedId);
        d.funded = true;
        emit DeedFunded(deedId, buyer, d.price);
        _lock(deedId, buyer, d.price);
    }

    function _deedAction(uint256 parcelId, uint64 buyerId, uint256 price) private pure returns (bytes32) {
        return keccak256(abi.encode("citychain.land.deed", parcelId, buyerId, price));
    }

    function _openDeed(uint256 deedId) private view returns (Deed storage d) {
        d = _deeds[deedId];
        if (d.status == DeedStatus.None) revert DeedUnknown(deedId);
        if (d.status != DeedStatus.Open) revert DeedNotOpen(deedId, d.status);
    }
}
