// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {EnergyMarketStorage} from "./EnergyMarketStorage.sol";
import {IEnergyMarket} from "./IEnergyMarket.sol";
import {IEnergyMeters} from "./IEnergyMeters.sol";

/**
 * @title EnergySettlement
 * @notice Settlement on delivery of one market (see {IEnergyMarket-settle}). Sellers first: each is paid for
 * `min(fill, exported)` per its meter's reading at the clearing price, less the operator's fee, and penalised for
 * the shortfall (capped at what it holds in the market). Then buyers, pro rata to their fills: the running total
 * of what buyers pay is `floor(cumulative fill * delivered * price / volume)`, so the buyers pay exactly what the
 * sellers were credited, to the wei; the green share is split the same way. One pass over at most 2 x 64 orders.
 */
abstract contract EnergySettlement is EnergyMarketStorage {
    /// @dev Running figures of one settlement (memory, against stack depth).
    struct Run {
        uint64 interval;
        uint32 feeder;
        uint64 price;
        uint256 volume;
        uint256 delivered;
        uint256 green;
        uint256 fees;
        uint256 penalties;
        uint256 locks;
        uint256 cumulativeFill;
        uint256 paidSoFar;
        uint256 receivedSoFar;
        uint256 greenSoFar;
    }

    /// @inheritdoc IEnergyMarket
    function settle(uint64 interval, uint32 feeder, uint32[] calldata fills) external {
        EnergyMarketStorageLayout storage $ = _market();
        Market storage m = $.markets[interval][feeder];
        if (m.status != MarketStatus.Proposed) revert EnergyMarketStatus(interval, feeder, m.status);
        uint256 finalAt = uint256(m.proposedAt) + $.config.challengeWindow;
        if (block.timestamp < finalAt) revert EnergyClearingNotFinal(interval, feeder, finalAt);
        uint256 opensAt = uint256(interval) + m.lengthSeconds + $.config.settlementDelay;
        if (block.timestamp < opensAt) revert EnergySettlementTooEarly(interval, opensAt);
        bytes32 given = keccak256(abi.encode(m.price, fills));
        if (given != m.fillsHash) revert EnergyFillsMismatch(given, m.fillsHash);
        if ($.operatorId == 0) revert EnergyOperatorAccountUnset();
        m.status = MarketStatus.Settled;

        Run memory run;
        (run.interval, run.feeder, run.price, run.volume) = (interval, feeder, m.price, m.volumeWh);
        uint256 bids = m.bidCount;
        uint256 asks = m.askCount;
        for (uint256 j = 0; j < asks; ++j) _settleAsk($, run, MAX_ORDERS_PER_SIDE + j, fills[bids + j]);
        for (uint256 i = 0; i < bids; ++i) _settleBid($, run, i, fills[i]);

        _credit($, $.operatorId, run.fees + run.penalties);
        $.locked -= run.locks;
        $.credited += run.locks;
        emit MarketSettled(interval, feeder, run.delivered, run.green, run.paidSoFar, run.fees, run.penalties);
    }

    function _settleAsk(EnergyMarketStorageLayout storage $, Run memory run, uint256 slot, uint32 fill) private {
        if (fill == 0) return;
        Order memory o = $.orders[run.interval][run.feeder][slot];
        IEnergyMeters.Reading memory r = $.meters.reading(o.meterId, run.interval);
        uint256 delivered = Math.min(fill, r.exportedWh);
        uint256 shortfall = fill - delivered;
        uint256 gross = delivered * run.price;
        uint256 fee = delivered * Math.min($.config.feePerWh, run.price);
        uint256 available = $.balances[o.identityId] + gross - fee;
        uint256 penalty = Math.min(shortfall * $.config.penaltyPerWh, available);
        $.balances[o.identityId] = available - penalty;
        run.delivered += delivered;
        if (o.green) run.green += delivered;
        run.fees += fee;
        run.penalties += penalty;
        emit SellerSettled(run.interval, run.feeder, o.identityId, delivered, shortfall, gross - fee, penalty);
    }

    function _settleBid(EnergyMarketStorageLayout storage $, Run memory run, uint256 slot, uint32 fill) private {
        Order memory o = $.orders[run.interval][run.feeder][slot];
        uint256 lock = uint256(o.quantityWh) * o.price;
        run.locks += lock;
        uint256 paid;
        uint256 received;
        uint256 greenWh;
        if (fill != 0) {
            run.cumulativeFill += fill;
            uint256 paidTotal = Math.mulDiv(run.cumulativeFill, run.delivered * run.price, run.volume);
            uint256 receivedTotal = Math.mulDiv(run.cumulativeFill, run.delivered, run.volume);
            uint256 greenTotal = Math.mulDiv(run.cumulativeFill, run.green, run.volume);
            (paid, received, greenWh) = (
                paidTotal - run.paidSoFar,
                receivedTotal - run.receivedSoFar,
                greenTotal - run.greenSoFar
            );
            (run.paidSoFar, run.receivedSoFar, run.greenSoFar) = (paidTotal, receivedTotal, greenTotal);
            if (greenWh != 0) $.green[run.interval][o.identityId] += greenWh;
        }
        _credit($, o.identityId, lock - paid);
        emit BuyerSettled(run.interval, run.feeder, o.identityId, received, greenWh, paid, lock - paid);
    }
}
