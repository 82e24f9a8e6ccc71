// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

import {CityService} from "../common/CityService.sol";
import {Escrow} from "../common/Escrow.sol";
import {MultiPartyConsent} from "../common/MultiPartyConsent.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandDeeds} from "./ILandDeeds.sol";
import {ILandLiens} from "./ILandLiens.sol";
import {ILandRegistry} from "./ILandRegistry.sol";
import {LandParties} from "./LandParties.sol";

/**
 * @title LandDeeds
 * @notice The deed office: land sales by multi-party consent of identities with the price in escrow. See
 * {ILandDeeds}.
 * @dev Calls the registry (lock, unlock, convey) and the lien register (discharge) as a LAND_MODULE.
 * Every external function that moves tokens holds the escrow's reentrancy guard. Behind a UUPS proxy
 * ({CityService}); all state lives in ERC-7201 namespaces (this contract's, {MultiPartyConsent}'s, {Escrow}'s).
 */
contract LandDeeds is CityService, MultiPartyConsent, Escrow, ILandDeeds {
    /// @notice How long no deed can be opened on a parcel after a deed on it was cancelled (declined,
    /// cancelled by the registrar or expired): a bounded remedy against a co-owner who re-opens deeds to keep
    /// the parcel locked.
    uint256 public constant DEED_REOPEN_COOLDOWN = 1 days;

    uint16 private constant _FULL_SHARE = 10_000;

    /// @custom:storage-location erc7201:citychain.storage.LandDeeds
    struct LandDeedsStorage {
        ILandRegistry registry;
        ILandLiens liens;
        IIdentityRegistry identity;
        mapping(uint256 deedId => Deed) deeds;
        mapping(uint256 parcelId => uint256 until) coolingUntil;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.LandDeeds")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _LAND_DEEDS_STORAGE = 0x6917a85855de760d4861569f742339e51dff4f3ddccd97c9dbcd7914bca6c200;

    /**
     * @param authority The city's AccessManager.
     * @param registry The land title register.
     * @param liens The lien register.
     * @param identityRegistry The city's identity registry.
     * @param settlementToken The city's settlement token (the price currency).
     */
    function initialize(
        address authority,
        ILandRegistry registry,
        ILandLiens liens,
        IIdentityRegistry identityRegistry,
        IERC20 settlementToken
    ) external initializer {
        __CityService_init(authority);
        __MultiPartyConsent_init("citychain LandDeeds", "1");
        __Escrow_init(settlementToken);
        LandDeedsStorage storage $ = _deedsStorage();
        $.registry = registry;
        $.liens = liens;
        $.identity = identityRegistry;
    }

    /// @inheritdoc ILandDeeds
    function openDeed(
        uint256 parcelId,
        uint64 buyerId,
        uint256 price,
        uint48 deadline
    ) external returns (uint256 deedId) {
        if (price == 0 || price > type(uint96).max) revert DeedPriceInvalid(price);
        if (block.timestamp < _deedsStorage().coolingUntil[parcelId])
            revert DeedParcelCoolingDown(parcelId, _deedsStorage().coolingUntil[parcelId]);
        ILandRegistry.Share[] memory owners = _deedsStorage().registry.ownersOf(parcelId);
        if (!LandParties.isLandParty(_deedsStorage().identity, buyerId)) revert DeedBuyerNotVerified(buyerId);

        uint256 callerId = _deedsStorage().identity.identityOf(msg.sender);
        if (_deedsStorage().identity.walletOf(callerId) != msg.sender) callerId = 0;
        uint256 count = owners.length;
        uint256[] memory partyIds = new uint256[](count + 1);
        bool callerIsOwner;
        for (uint256 i = 0; i < count; ++i) {
            uint64 ownerId = owners[i].identityId;
            if (ownerId == buyerId) revert DeedBuyerIsOwner(buyerId);
            if (!LandParties.isLandParty(_deedsStorage().identity, ownerId)) revert DeedSellerNotVerified(ownerId);
            partyIds[i] = ownerId;
            if (ownerId == callerId) callerIsOwner = true;
        }
        if (!callerIsOwner) revert DeedCallerNotOwner(parcelId, msg.sender);
        partyIds[count] = buyerId;
        bytes32 encumbrances;
        if (_deedsStorage().registry.activeLienCount(parcelId) != 0) {
            (uint256 payoff, uint256 blocker) = _deedsStorage().liens.payoffOf(parcelId);
            if (blocker != 0) revert ILandLiens.LienNotPayable(parcelId, blocker);
            if (price < payoff) revert DeedPriceBelowPayoff(price, payoff);
            encumbrances = _deedsStorage().liens.encumbranceHash(parcelId);
        }

        deedId = _requestConsent(_deedAction(parcelId, buyerId, price, encumbrances), partyIds, deadline);
        _deedsStorage().deeds[deedId] = Deed({
            parcelId: uint64(parcelId),
            buyerId: buyerId,
            price: uint96(price),
            status: DeedStatus.Open,
            funded: false
        });
        emit DeedOpened(deedId, parcelId, buyerId, uint96(price), deadline);
        _deedsStorage().registry.lockForDeed(parcelId, deedId);
        _approve(deedId, callerId, false);
    }

    /// @inheritdoc ILandDeeds
    function fundDeed(uint256 deedId) external nonReentrant {
        Deed storage d = _openDeed(deedId);
        uint64 buyerId = d.buyerId;
        if (
            _deedsStorage().identity.identityOf(msg.sender) != buyerId ||
            _deedsStorage().identity.walletOf(buyerId) != msg.sender
        ) {
            revert DeedNotBuyer(deedId, msg.sender);
        }
        _lockPrice(deedId, d, msg.sender);
        if (!hasApproved(deedId, buyerId)) _approve(deedId, buyerId, false);
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
        uint64 buyerId = d.buyerId;
        address buyer = _deedsStorage().identity.walletOf(buyerId);
        bool byBuyer = msg.sender == buyer && _deedsStorage().identity.identityOf(msg.sender) == buyerId;
        if (!byBuyer && !hasApproved(deedId, buyerId)) revert DeedBuyerNotApproved(deedId, buyerId);
        // The permit must succeed: a failure is never mistaken for consent to spend a standing allowance.
        IERC20Permit(_escrowToken()).permit(buyer, address(this), d.price, permitDeadline, v, r, s);
        _lockPrice(deedId, d, buyer);
        if (byBuyer && !hasApproved(deedId, buyerId)) _approve(deedId, buyerId, false);
    }

    /// @inheritdoc ILandDeeds
    function completeDeed(uint256 deedId) external restricted nonReentrant {
        Deed storage d = _openDeed(deedId);
        if (!d.funded) revert DeedNotFunded(deedId);
        uint256 parcelId = d.parcelId;
        // The registry counts active liens exactly (from the lien register's revisions): skip the calls when none.
        bool encumbered = _deedsStorage().registry.activeLienCount(parcelId) != 0;
        bytes32 encumbrances = encumbered ? _deedsStorage().liens.encumbranceHash(parcelId) : bytes32(0);
        _consumeConsent(deedId, _deedAction(parcelId, d.buyerId, d.price, encumbrances));
        d.status = DeedStatus.Completed;

        (uint256[] memory holderIds, uint256[] memory payoffs) = encumbered
            ? _deedsStorage().liens.dischargeForSale(parcelId, deedId)
            : (new uint256[](0), new uint256[](0));
        uint256 payoff;
        for (uint256 i = 0; i < payoffs.length; ++i) payoff += payoffs[i];
        if (payoff > d.price) revert DeedPriceBelowPayoff(d.price, payoff);
        for (uint256 i = 0; i < holderIds.length; ++i) _release(deedId, holderIds[i], payoffs[i]);
        // The title moves first; the sellers it returns are credited in the same transaction (all or nothing).
        ILandRegistry.Share[] memory owners = _deedsStorage().registry.conveyTitle(parcelId, deedId, d.buyerId);
        uint256 proceeds = _remaining(deedId);
        uint256 credited;
        for (uint256 i = 0; i < owners.length; ++i) {
            uint256 part = i + 1 == owners.length ? proceeds - credited : (proceeds * owners[i].bps) / _FULL_SHARE;
            credited += part;
            if (part == 0) continue;
            _release(deedId, owners[i].identityId, part);
            emit SellerCredited(deedId, owners[i].identityId, part);
        }
        emit DeedCompleted(deedId, parcelId, d.buyerId, holderIds.length);
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
    function releaseStaleLock(uint256 parcelId) external {
        uint256 deedId = _deedsStorage().registry.parcel(parcelId).lockedByDeed;
        if (deedId == 0 || _deedsStorage().deeds[deedId].status == DeedStatus.Open) {
            revert ILandRegistry.LandLockNotStale(parcelId, deedId);
        }
        emit StaleLockReleased(parcelId, deedId, msg.sender);
        _deedsStorage().registry.unlock(parcelId, deedId);
    }

    /// @inheritdoc ILandDeeds
    function sweepExcess(address to) external restricted nonReentrant {
        _sweepExcess(to);
    }

    /// @inheritdoc ILandDeeds
    function deed(uint256 deedId) external view returns (Deed memory) {
        return _deedsStorage().deeds[deedId];
    }

    /**
     * @dev Any cancellation (a party's decline, the registrar, expiry) refunds the buyer first, starts the
     * parcel's cooldown, then lifts the lock; if a guardian closed the register in an emergency, the unlock
     * is deferred ({releaseStaleLock}) so that the refund is never held back.
     */
    function _afterConsentCancelled(uint256 deedId) internal override {
        Deed storage d = _deedsStorage().deeds[deedId];
        d.status = DeedStatus.Cancelled;
        if (d.funded) _refund(deedId);
        uint256 parcelId = d.parcelId;
        _deedsStorage().coolingUntil[parcelId] = block.timestamp + DEED_REOPEN_COOLDOWN;
        emit DeedCancelled(deedId, parcelId, msg.sender);
        if (IAccessManager(authority()).isTargetClosed(address(_deedsStorage().registry))) {
            emit DeedUnlockDeferred(deedId, parcelId);
        } else {
            _deedsStorage().registry.unlock(parcelId, deedId);
        }
    }

    function _identityRegistry() internal view override returns (IIdentityRegistry) {
        return _deedsStorage().identity;
    }

    function _escrowIdentityRegistry() internal view override returns (IIdentityRegistry) {
        return _deedsStorage().identity;
    }

    function _deedsStorage() private pure returns (LandDeedsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _LAND_DEEDS_STORAGE
        }
    }

    function _lockPrice(uint256 deedId, Deed storage d, address payer) private {
        if (d.funded) revert DeedAlreadyFunded(deedId);
        uint48 deadline = consentRequest(deedId).deadline;
        if (block.timestamp > deadline) revert DeedExpired(deedId, deadline);
        if (!LandParties.isLandParty(_deedsStorage().identity, d.buyerId)) revert DeedBuyerNotVerified(d.buyerId);
        d.funded = true;
        emit DeedFunded(deedId, d.buyerId, payer, d.price);
        _lock(deedId, d.buyerId, payer, d.price);
    }

    function _deedAction(
        uint256 parcelId,
        uint64 buyerId,
        uint256 price,
        bytes32 encumbrances
    ) private pure returns (bytes32) {
        return keccak256(abi.encode("citychain.land.deed", parcelId, buyerId, price, encumbrances));
    }

    function _openDeed(uint256 deedId) private view returns (Deed storage d) {
        d = _deedsStorage().deeds[deedId];
        if (d.status == DeedStatus.None) revert DeedUnknown(deedId);
        if (d.status != DeedStatus.Open) revert DeedNotOpen(deedId, d.status);
    }
}
