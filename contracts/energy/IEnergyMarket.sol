// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IEnergyMarket
 * @notice Peer-to-peer energy market: one uniform-price double auction per delivery interval and feeder, cleared
 * off-chain (the SDK's engine, `src/energy/clearing.ts`) and verified on-chain in one pass, open to challenges
 * that trade more volume, then settled on delivery against the meters' signed readings. Orders, locks, balances
 * and green credits belong to identity ids; money is pulled ({withdraw}) to the identity's current primary wallet.
 *
 * Markets: a market is `(interval, feeder)` where `interval` is the delivery interval's start (a multiple of the
 * interval length) and trades pair only inside one feeder (per-feeder books, one clearing price per feeder).
 * Quantities are Wh, prices token base units per Wh.
 *
 * | from     | to       | by                                   | function                            |
 * |----------|----------|--------------------------------------|-------------------------------------|
 * | Open     | Open     | a meter owner, before gate closure   | {placeBid}, {placeAsk}              |
 * | Open     | Proposed | anyone, valid clearing, gate closed  | {submitClearing}                    |
 * | Proposed | Proposed | anyone, valid and more volume, within the challenge window | {challengeClearing} |
 * | Proposed | Settled  | anyone, clearing final, interval end + settlement delay passed | {settle}  |
 * | Settled  | (none)   | final                                |                                     |
 *
 * A valid clearing (price `p`, one fill per order, bids then asks): every fill within its order; a filled ask's
 * minimum price <= p and a filled bid's maximum price >= p; filled bids = filled asks (energy balance); volume
 * <= the feeder's capacity; merit order (no order with remaining quantity is priced better than a filled order of
 * its side); and, unless the capacity binds, no remaining bid priced above a remaining ask (no missed trade), every
 * remaining ask priced >= p and every remaining bid <= p. Orders priced exactly at p may be left unfilled by a
 * valid clearing: a challenge that fills them trades more volume and replaces it (the SDK engine always trades the
 * most). An identity never holds both a bid and an ask in one interval, so no clearing contains a self-trade.
 */
interface IEnergyMarket {
    /// @notice See the state machine above.
    enum MarketStatus {
        Open,
        Proposed,
        Settled
    }

    /// @notice Grid-operator settings, in one slot.
    struct Config {
        uint32 intervalLength; // seconds per delivery interval (900 = 15 min by default)
        uint32 gateClosure; // orders close this many seconds before the interval starts
        uint32 challengeWindow; // seconds a proposed clearing can be challenged
        uint32 settlementDelay; // seconds after the interval's end before settlement (meters report)
        uint64 feePerWh; // the grid operator's fee per delivered Wh, taken from the seller's price
        uint64 penaltyPerWh; // the penalty per Wh a seller sold but did not deliver
    }

    /// @notice One market, in two slots.
    struct Market {
        uint16 bidCount;
        uint16 askCount;
        MarketStatus status;
        uint32 lengthSeconds; // the interval length when the market opened (its end = interval + lengthSeconds)
        uint40 proposedAt; // when the current clearing was proposed
        uint64 price; // the current clearing's uniform price per Wh
        uint64 volumeWh; // the current clearing's traded energy
        bytes32 fillsHash; // keccak256(abi.encode(price, fills)) of the current clearing
    }

    /// @notice An order, in one slot. The side is implied by where it is stored ({bid} / {ask}).
    struct Order {
        uint64 identityId; // the buyer or seller identity
        uint64 meterId; // its meter on the market's feeder
        uint32 quantityWh; // energy offered or wanted
        uint64 price; // ask: minimum price per Wh; bid: maximum price per Wh
        bool green; // the meter's export is renewable (used for asks)
    }

    /// @notice The caller is not the primary wallet of a verified identity.
    error EnergyCallerNotIdentity(address caller, uint256 identityId);
    /// @notice The meter is not admitted, not verified, or not owned by the ordering identity.
    error EnergyMeterNotUsable(uint256 meterId, uint256 identityId);
    /// @notice The interval is not a start of an interval (a multiple of the current length) in the future.
    error EnergyIntervalInvalid(uint64 interval);
    /// @notice The order comes after the gate closed at `gateClosedAt`.
    error EnergyGateClosed(uint64 interval, uint256 gateClosedAt);
    /// @notice The book of this side of the market is full (`MAX_ORDERS_PER_SIDE`).
    error EnergyBookFull(uint64 interval, uint32 feeder);
    /// @notice The identity reached its per-interval cap (`MAX_BIDS_PER_IDENTITY` bids, or its one ask).
    error EnergyIdentityCapReached(uint64 interval, uint256 identityId);
    /// @notice The identity already holds an order of the other side in this interval.
    error EnergySelfTrade(uint64 interval, uint256 identityId);
    /// @notice A zero quantity or price, or a bid whose lock would overflow.
    error EnergyOrderInvalid(uint32 quantityWh, uint64 price);
    /// @notice The market is not in the status the operation needs.
    error EnergyMarketStatus(uint64 interval, uint32 feeder, MarketStatus status);
    /// @notice The market has no orders: there is nothing to clear.
    error EnergyMarketEmpty(uint64 interval, uint32 feeder);
    /// @notice A clearing submitted before the gate closed.
    error EnergyGateOpen(uint64 interval, uint256 gateClosedAt);
    /// @notice The fill vector's length is not the number of orders.
    error EnergyFillCount(uint256 given, uint256 orders);
    /// @notice A fill exceeds its order's quantity.
    error EnergyFillExceedsOrder(uint256 index, uint256 fill, uint256 quantityWh);
    /// @notice An order at `index` breaks the uniform-price rule (filled on the wrong side, or left on the right one).
    error EnergyPriceRuleViolated(uint256 index, uint64 orderPrice, uint64 price);
    /// @notice Filled bids and filled asks differ.
    error EnergyUnbalanced(uint256 bidWh, uint256 askWh);
    /// @notice The volume exceeds the feeder's capacity.
    error EnergyFeederOverCapacity(uint32 feeder, uint256 volumeWh, uint64 capacityWh);
    /// @notice A remaining bid at `bidPrice` is priced above a remaining ask at `askPrice`: they would still trade.
    error EnergyMissedTrade(uint64 bidPrice, uint64 askPrice);
    /// @notice A remaining order is priced better than a filled order of its side.
    error EnergyMeritOrderViolated(uint64 remainingPrice, uint64 filledPrice);
    /// @notice The challenge window of the current clearing closed at `closedAt`.
    error EnergyChallengeClosed(uint64 interval, uint32 feeder, uint256 closedAt);
    /// @notice A challenge must trade strictly more than the current clearing.
    error EnergyChallengeNotMoreVolume(uint64 volumeWh, uint64 currentVolumeWh);
    /// @notice The clearing can still be challenged until `finalAt`.
    error EnergyClearingNotFinal(uint64 interval, uint32 feeder, uint256 finalAt);
    /// @notice Settlement opens at `opensAt` (interval end plus settlement delay).
    error EnergySettlementTooEarly(uint64 interval, uint256 opensAt);
    /// @notice The fills given at settlement are not the final clearing's.
    error EnergyFillsMismatch(bytes32 given, bytes32 committed);
    /// @notice The grid operator's account identity is not set.
    error EnergyOperatorAccountUnset();
    /// @notice A configuration value out of range.
    error EnergyConfigInvalid(Config config);
    /// @notice Nothing to withdraw.
    error EnergyNothingToWithdraw(uint256 identityId);

    /// @notice The grid operator changed the settings.
    event ConfigSet(Config config);
    /// @notice The grid operator set a feeder's capacity (Wh per interval).
    event FeederCapacitySet(uint32 indexed feeder, uint64 capacityWh);
    /// @notice The grid operator set the identity that receives fees and penalties.
    event OperatorAccountSet(uint256 indexed identityId);
    /// @notice A bid was placed and its maximum cost `locked`.
    event BidPlaced(
        uint64 indexed interval,
        uint32 indexed feeder,
        uint256 indexed identityId,
        uint256 index,
        uint256 meterId,
        uint32 quantityWh,
        uint64 maxPrice,
        uint256 locked
    );
    /// @notice An ask was placed.
    event AskPlaced(
        uint64 indexed interval,
        uint32 indexed feeder,
        uint256 indexed identityId,
        uint256 index,
        uint256 meterId,
        uint32 quantityWh,
        uint64 minPrice
    );
    /// @notice A clearing was proposed (`challenger` false) or replaced one trading less (`challenger` true).
    event ClearingProposed(
        uint64 indexed interval,
        uint32 indexed feeder,
        address indexed by,
        uint64 price,
        uint64 volumeWh,
        bytes32 fillsHash,
        bool challenger
    );
    /// @notice A seller was settled: paid for `deliveredWh`, penalised for `shortfallWh`.
    event SellerSettled(
        uint64 indexed interval,
        uint32 indexed feeder,
        uint256 indexed identityId,
        uint256 deliveredWh,
        uint256 shortfallWh,
        uint256 proceeds,
        uint256 penalty
    );
    /// @notice A buyer was settled: charged `paid` for `receivedWh` (green part `greenWh`), `refunded` the rest.
    event BuyerSettled(
        uint64 indexed interval,
        uint32 indexed feeder,
        uint256 indexed identityId,
        uint256 receivedWh,
        uint256 greenWh,
        uint256 paid,
        uint256 refunded
    );
    /// @notice A market was settled.
    event MarketSettled(
        uint64 indexed interval,
        uint32 indexed feeder,
        uint256 deliveredWh,
        uint256 greenWh,
        uint256 paid,
        uint256 fees,
        uint256 penalties
    );
    /// @notice An identity's credit was paid to its current primary wallet.
    event Withdrawn(uint256 indexed identityId, address indexed wallet, uint256 amount);

    /**
     * @notice Sets the market settings. Restricted (GRID_OPERATOR). Markets already open keep their length.
     * @param config Interval length 60 s – 1 day; gate closure, challenge window and settlement delay <= 1 day.
     */
    function setConfig(Config calldata config) external;

    /**
     * @notice Sets a feeder's capacity for traded energy per interval (0 closes it to trading). Restricted
     * (GRID_OPERATOR).
     */
    function setFeederCapacity(uint32 feeder, uint64 capacityWh) external;

    /// @notice Sets the identity credited with fees and penalties. Restricted (GRID_OPERATOR).
    function setOperatorAccount(uint256 identityId) external;

    /**
     * @notice Places a bid on the meter's feeder and locks its maximum cost (`quantityWh * maxPrice`), pulled
     * from the caller's wallet. The caller is the primary wallet of the identity owning `meterId`.
     * @return index The bid's index in the market's book.
     */
    function placeBid(
        uint64 interval,
        uint256 meterId,
        uint32 quantityWh,
        uint64 maxPrice
    ) external returns (uint256 index);

    /**
     * @notice Places an ask on the meter's feeder (the meter's readings decide what is delivered). One ask per
     * identity and interval. The caller is the primary wallet of the identity owning `meterId`.
     * @return index The ask's index in the market's book.
     */
    function placeAsk(
        uint64 interval,
        uint256 meterId,
        uint32 quantityWh,
        uint64 minPrice
    ) external returns (uint256 index);

    /**
     * @notice Proposes the first clearing of a market after its gate closed; open to anyone.
     * @param fills One fill per order: the bids in book order, then the asks in book order.
     */
    function submitClearing(uint64 interval, uint32 feeder, uint64 price, uint32[] calldata fills) external;

    /// @notice Replaces the proposed clearing, within its challenge window, by a valid one trading more.
    function challengeClearing(uint64 interval, uint32 feeder, uint64 price, uint32[] calldata fills) external;

    /**
     * @notice Settles a market on delivery: sellers are paid for what their meters delivered (at most their
     * fill), less the operator's fee; a shortfall is penalised; buyers pay pro rata for what was delivered and
     * get the rest of their locks back; buyers receive green credits for the green share. Open to anyone.
     * @param fills The final clearing's fills (checked against its commitment).
     */
    function settle(uint64 interval, uint32 feeder, uint32[] calldata fills) external;

    /// @notice Pays the caller identity's whole credit to its current primary wallet.
    function withdraw() external;

    /// @notice The settings.
    function config() external view returns (Config memory);

    /// @notice A feeder's capacity in Wh per interval.
    function feederCapacity(uint32 feeder) external view returns (uint64);

    /// @notice The identity credited with fees and penalties.
    function operatorAccount() external view returns (uint256);

    /// @notice A market's record.
    function market(uint64 interval, uint32 feeder) external view returns (Market memory);

    /// @notice A bid of a market's book.
    function bid(uint64 interval, uint32 feeder, uint256 index) external view returns (Order memory);

    /// @notice An ask of a market's book.
    function ask(uint64 interval, uint32 feeder, uint256 index) external view returns (Order memory);

    /// @notice An identity's withdrawable credit.
    function balanceOf(uint256 identityId) external view returns (uint256);

    /// @notice Green energy (Wh) an identity bought and received in an interval: what it may certify.
    function greenCredit(uint64 interval, uint256 identityId) external view returns (uint256);

    /// @notice The sum of the open bids' locks and the sum of all credits (together: the token balance).
    function totals() external view returns (uint256 locked, uint256 credited);
}
