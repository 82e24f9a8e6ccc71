// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEnergyMarket} from "./IEnergyMarket.sol";

/**
 * @title EnergyClearing
 * @notice One-pass verification of a uniform-price double auction (see {IEnergyMarket} for the rules): reads each
 * order once (one slot), keeps running extremes, and checks the price rule, merit order, energy balance,
 * capacity and missed trades at the end. No sorting on-chain: the off-chain engine did that.
 */
library EnergyClearing {
    /// @dev Running extremes of one pass. Prices are non-zero, so 0 marks "none" for maxima.
    struct Pass {
        uint256 bidWh;
        uint256 askWh;
        uint64 minFilledBid;
        uint64 maxRemainingBid;
        uint256 maxRemainingBidIndex;
        uint64 maxFilledAsk;
        uint64 minRemainingAsk;
        uint256 minRemainingAskIndex;
    }

    /**
     * @notice Verifies a clearing and returns its volume; reverts with the rule it breaks.
     * @param book The market's orders (bids at 0.., asks at `askBase`..).
     * @param bidCount Number of bids.
     * @param askCount Number of asks.
     * @param askBase The slot of the first ask.
     * @param feeder The market's feeder (for the error).
     * @param capacityWh The feeder's capacity per interval.
     * @param price The uniform price.
     * @param fills The bids' fills then the asks' fills.
     */
    function verify(
        mapping(uint256 => IEnergyMarket.Order) storage book,
        uint256 bidCount,
        uint256 askCount,
        uint256 askBase,
        uint32 feeder,
        uint64 capacityWh,
        uint64 price,
        uint32[] calldata fills
    ) internal view returns (uint64 volumeWh) {
        if (fills.length != bidCount + askCount)
            revert IEnergyMarket.EnergyFillCount(fills.length, bidCount + askCount);
        Pass memory p = Pass(0, 0, type(uint64).max, 0, 0, 0, type(uint64).max, 0);
        _passBids(book, bidCount, price, fills, p);
        _passAsks(book, bidCount, askCount, askBase, price, fills, p);
        return _conclude(p, feeder, capacityWh, price);
    }

    function _passBids(
        mapping(uint256 => IEnergyMarket.Order) storage book,
        uint256 bidCount,
        uint64 price,
        uint32[] calldata fills,
        Pass memory p
    ) private view {
        for (uint256 i = 0; i < bidCount; ++i) {
            IEnergyMarket.Order storage o = book[i];
            (uint32 quantity, uint64 limit, uint32 fill) = (o.quantityWh, o.price, fills[i]);
            if (fill > quantity) revert IEnergyMarket.EnergyFillExceedsOrder(i, fill, quantity);
            if (fill != 0) {
                if (limit < price) revert IEnergyMarket.EnergyPriceRuleViolated(i, limit, price);
                p.bidWh += fill;
                if (limit < p.minFilledBid) p.minFilledBid = limit;
            }
            if (fill < quantity && limit > p.maxRemainingBid) {
                p.maxRemainingBid = limit;
                p.maxRemainingBidIndex = i;
            }
        }
    }

    function _passAsks(
        mapping(uint256 => IEnergyMarket.Order) storage book,
        uint256 bidCount,
        uint256 askCount,
        uint256 askBase,
        uint64 price,
        uint32[] calldata fills,
        Pass memory p
    ) private view {
        for (uint256 j = 0; j < askCount; ++j) {
            IEnergyMarket.Order storage o = book[askBase + j];
            uint256 index = bidCount + j;
            (uint32 quantity, uint64 limit, uint32 fill) = (o.quantityWh, o.price, fills[index]);
            if (fill > quantity) revert IEnergyMarket.EnergyFillExceedsOrder(index, fill, quantity);
            if (fill != 0) {
                if (limit > price) revert IEnergyMarket.EnergyPriceRuleViolated(index, limit, price);
                p.askWh += fill;
                if (limit > p.maxFilledAsk) p.maxFilledAsk = limit;
            }
            if (fill < quantity && limit < p.minRemainingAsk) {
                p.minRemainingAsk = limit;
                p.minRemainingAskIndex = index;
            }
        }
    }

    function _conclude(Pass memory p, uint32 feeder, uint64 capacityWh, uint64 price) private pure returns (uint64) {
        if (p.bidWh != p.askWh) revert IEnergyMarket.EnergyUnbalanced(p.bidWh, p.askWh);
        if (p.bidWh > capacityWh) revert IEnergyMarket.EnergyFeederOverCapacity(feeder, p.bidWh, capacityWh);
        if (p.maxRemainingBid > p.minFilledBid) {
            revert IEnergyMarket.EnergyMeritOrderViolated(p.maxRemainingBid, p.minFilledBid);
        }
        if (p.minRemainingAsk < p.maxFilledAsk) {
            revert IEnergyMarket.EnergyMeritOrderViolated(p.minRemainingAsk, p.maxFilledAsk);
        }
        if (p.bidWh < capacityWh) {
            // The capacity does not bind: no remaining bid may be priced above a remaining ask (they would both
            // gain from trading more), and remaining orders sit on the wrong side of the price or at it. Orders
            // exactly at the price may stay unfilled here: a challenge that fills them trades more and wins.
            if (p.maxRemainingBid > p.minRemainingAsk) {
                revert IEnergyMarket.EnergyMissedTrade(p.maxRemainingBid, p.minRemainingAsk);
            }
            if (p.maxRemainingBid > price) {
                revert IEnergyMarket.EnergyPriceRuleViolated(p.maxRemainingBidIndex, p.maxRemainingBid, price);
            }
            if (p.minRemainingAsk < price) {
                revert IEnergyMarket.EnergyPriceRuleViolated(p.minRemainingAskIndex, p.minRemainingAsk, price);
            }
        }
        return uint64(p.bidWh);
    }
}
