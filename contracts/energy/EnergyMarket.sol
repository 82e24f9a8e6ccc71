// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {EnergyClearing} from "./EnergyClearing.sol";
import {EnergySettlement} from "./EnergySettlement.sol";
import {IEnergyMarket} from "./IEnergyMarket.sol";
import {IEnergyMeters} from "./IEnergyMeters.sol";

/**
 * @title EnergyMarket
 * @notice Per-feeder, per-interval uniform-price double auctions: orders with gate closure and bounded books,
 * clearings verified in one pass and open to challenges, settlement on delivery ({EnergySettlement}) and pulled
 * identity-keyed credits. See {IEnergyMarket}.
 */
contract EnergyMarket is EnergySettlement, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /**
     * @param authority The city's AccessManager.
     * @param registry The identity registry.
     * @param meters The meter register.
     * @param token The settlement token.
     */
    function initialize(
        address authority,
        IIdentityRegistry registry,
        IEnergyMeters meters,
        IERC20 token
    ) external initializer {
        __CityService_init(authority);
        EnergyMarketStorageLayout storage $ = _market();
        ($.registry, $.meters, $.token) = (registry, meters, token);
        Config memory defaults = Config({
            intervalLength: 900,
            gateClosure: 300,
            challengeWindow: 300,
            settlementDelay: 900,
            feePerWh: 0,
            penaltyPerWh: 0
        });
        $.config = defaults;
        emit ConfigSet(defaults);
    }

    /// @inheritdoc IEnergyMarket
    function setConfig(Config calldata newConfig) external restricted {
        if (
            newConfig.intervalLength < 60 ||
            newConfig.intervalLength > 1 days ||
            newConfig.gateClosure > 1 days ||
            newConfig.challengeWindow > 1 days ||
            newConfig.settlementDelay > 1 days
        ) revert EnergyConfigInvalid(newConfig);
        _market().config = newConfig;
        emit ConfigSet(newConfig);
    }

    /// @inheritdoc IEnergyMarket
    function setFeederCapacity(uint32 feeder, uint64 capacityWh) external restricted {
        _market().capacity[feeder] = capacityWh;
        emit FeederCapacitySet(feeder, capacityWh);
    }

    /// @inheritdoc IEnergyMarket
    function setOperatorAccount(uint256 identityId) external restricted {
        if (_market().registry.walletOf(identityId) == address(0))
            revert EnergyCallerNotIdentity(address(0), identityId);
        _market().operatorId = identityId;
        emit OperatorAccountSet(identityId);
    }

    /// @inheritdoc IEnergyMarket
    function placeBid(
        uint64 interval,
        uint256 meterId,
        uint32 quantityWh,
        uint64 maxPrice
    ) external nonReentrant returns (uint256 index) {
        (uint256 identityId, uint32 feeder, Market storage m, ) = _admit(interval, meterId, quantityWh, maxPrice, true);
        index = m.bidCount++;
        EnergyMarketStorageLayout storage $ = _market();
        $.orders[interval][feeder][index] = Order(uint64(identityId), uint64(meterId), quantityWh, maxPrice, false);
        uint256 lock = uint256(quantityWh) * maxPrice;
        $.locked += lock;
        emit BidPlaced(interval, feeder, identityId, index, meterId, quantityWh, maxPrice, lock);
        $.token.safeTransferFrom(msg.sender, address(this), lock);
    }

    /// @inheritdoc IEnergyMarket
    function placeAsk(
        uint64 interval,
        uint256 meterId,
        uint32 quantityWh,
        uint64 minPrice
    ) external returns (uint256 index) {
        (uint256 identityId, uint32 feeder, Market storage m, bool green) = _admit(
            interval,
            meterId,
            quantityWh,
            minPrice,
            false
        );
        index = m.askCount++;
        _market().orders[interval][feeder][MAX_ORDERS_PER_SIDE + index] = Order(
            uint64(identityId),
            uint64(meterId),
            quantityWh,
            minPrice,
            green
        );
        emit AskPlaced(interval, feeder, identityId, index, meterId, quantityWh, minPrice);
    }

    /// @inheritdoc IEnergyMarket
    function submitClearing(uint64 interval, uint32 feeder, uint64 price, uint32[] calldata fills) external {
        EnergyMarketStorageLayout storage $ = _market();
        Market storage m = $.markets[interval][feeder];
        if (m.status != MarketStatus.Open) revert EnergyMarketStatus(interval, feeder, m.status);
        if (m.bidCount == 0 && m.askCount == 0) revert EnergyMarketEmpty(interval, feeder);
        uint256 closedAt = _gateClosedAt($, interval);
        if (block.timestamp < closedAt) revert EnergyGateOpen(interval, closedAt);
        uint64 volume = _verify($, m, interval, feeder, price, fills);
        _propose(m, interval, feeder, price, volume, fills, false);
    }

    /// @inheritdoc IEnergyMarket
    function challengeClearing(uint64 interval, uint32 feeder, uint64 price, uint32[] calldata fills) external {
        EnergyMarketStorageLayout storage $ = _market();
        Market storage m = $.markets[interval][feeder];
        if (m.status != MarketStatus.Proposed) revert EnergyMarketStatus(interval, feeder, m.status);
        uint256 closesAt = uint256(m.proposedAt) + $.config.challengeWindow;
        if (block.timestamp >= closesAt) revert EnergyChallengeClosed(interval, feeder, closesAt);
        uint64 volume = _verify($, m, interval, feeder, price, fills);
        if (volume <= m.volumeWh) revert EnergyChallengeNotMoreVolume(volume, m.volumeWh);
        _propose(m, interval, feeder, price, volume, fills, true);
    }

    /// @inheritdoc IEnergyMarket
    function withdraw() external nonReentrant {
        uint256 identityId = _callerIdentity();
        EnergyMarketStorageLayout storage $ = _market();
        uint256 amount = $.balances[identityId];
        if (amount == 0) revert EnergyNothingToWithdraw(identityId);
        $.balances[identityId] = 0;
        $.credited -= amount;
        emit Withdrawn(identityId, msg.sender, amount);
        $.token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IEnergyMarket
    function config() external view returns (Config memory) {
        return _market().config;
    }

    /// @inheritdoc IEnergyMarket
    function feederCapacity(uint32 feeder) external view returns (uint64) {
        return _market().capacity[feeder];
    }

    /// @inheritdoc IEnergyMarket
    function operatorAccount() external view returns (uint256) {
        return _market().operatorId;
    }

    /// @inheritdoc IEnergyMarket
    function market(uint64 interval, uint32 feeder) external view returns (Market memory) {
        return _market().markets[interval][feeder];
    }

    /// @inheritdoc IEnergyMarket
    function bid(uint64 interval, uint32 feeder, uint256 index) external view returns (Order memory) {
        return _market().orders[interval][feeder][index];
    }

    /// @inheritdoc IEnergyMarket
    function ask(uint64 interval, uint32 feeder, uint256 index) external view returns (Order memory) {
        return _market().orders[interval][feeder][MAX_ORDERS_PER_SIDE + index];
    }

    /// @inheritdoc IEnergyMarket
    function balanceOf(uint256 identityId) external view returns (uint256) {
        return _market().balances[identityId];
    }

    /// @inheritdoc IEnergyMarket
    function greenCredit(uint64 interval, uint256 identityId) external view returns (uint256) {
        return _market().green[interval][identityId];
    }

    /// @inheritdoc IEnergyMarket
    function totals() external view returns (uint256 locked, uint256 credited) {
        EnergyMarketStorageLayout storage $ = _market();
        return ($.locked, $.credited);
    }

    /// @dev Every check of a new order; books the identity's participation and opens the market if needed.
    function _admit(
        uint64 interval,
        uint256 meterId,
        uint32 quantityWh,
        uint64 price,
        bool isBid
    ) private returns (uint256 identityId, uint32 feeder, Market storage m, bool green) {
        if (quantityWh == 0 || price == 0) revert EnergyOrderInvalid(quantityWh, price);
        identityId = _callerIdentity();
        EnergyMarketStorageLayout storage $ = _market();
        IEnergyMeters.Meter memory meterRecord = $.meters.meter(meterId);
        (feeder, green) = (meterRecord.feeder, meterRecord.green);
        if (
            feeder == 0 ||
            identityId > type(uint64).max ||
            $.registry.deviceOwnerOf(meterId) != identityId ||
            !$.registry.isIdentityVerified(meterId, 1)
        ) revert EnergyMeterNotUsable(meterId, identityId);
        uint32 length = $.config.intervalLength;
        if (interval % length != 0) revert EnergyIntervalInvalid(interval);
        uint256 closedAt = _gateClosedAt($, interval);
        if (block.timestamp >= closedAt) revert EnergyGateClosed(interval, closedAt);
        m = $.markets[interval][feeder];
        if (m.lengthSeconds == 0) m.lengthSeconds = length;
        if ((isBid ? m.bidCount : m.askCount) >= MAX_ORDERS_PER_SIDE) revert EnergyBookFull(interval, feeder);
        Participation storage p = $.participation[interval][identityId];
        if (isBid ? p.asked : p.bids != 0) revert EnergySelfTrade(interval, identityId);
        if (isBid ? p.bids >= MAX_BIDS_PER_IDENTITY : p.asked) revert EnergyIdentityCapReached(interval, identityId);
        if (isBid) ++p.bids;
        else p.asked = true;
    }

    function _verify(
        EnergyMarketStorageLayout storage $,
        Market storage m,
        uint64 interval,
        uint32 feeder,
        uint64 price,
        uint32[] calldata fills
    ) private view returns (uint64) {
        return
            EnergyClearing.verify(
                $.orders[interval][feeder],
                m.bidCount,
                m.askCount,
                MAX_ORDERS_PER_SIDE,
                feeder,
                $.capacity[feeder],
                price,
                fills
            );
    }

    function _propose(
        Market storage m,
        uint64 interval,
        uint32 feeder,
        uint64 price,
        uint64 volume,
        uint32[] calldata fills,
        bool challenger
    ) private {
        bytes32 fillsHash = keccak256(abi.encode(price, fills));
        m.status = MarketStatus.Proposed;
        m.proposedAt = uint40(block.timestamp);
        m.price = price;
        m.volumeWh = volume;
        m.fillsHash = fillsHash;
        emit ClearingProposed(interval, feeder, msg.sender, price, volume, fillsHash, challenger);
    }

    function _gateClosedAt(EnergyMarketStorageLayout storage $, uint64 interval) private view returns (uint256) {
        uint32 gate = $.config.gateClosure;
        return interval > gate ? interval - gate : 0;
    }
}
