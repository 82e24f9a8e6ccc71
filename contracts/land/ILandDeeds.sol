// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ILandDeeds
 * @notice The deed office: the only way a land title changes hands. A co-owner opens a deed naming the
 * buyer (a verified identity) and the price; the parcel is locked to it. A deed is a multi-party consent:
 * every co-owner and the buyer approve (on-chain or by EIP-712 signature, which anyone, e.g. the
 * registrar, may submit), the buyer pays the price in CityToken into escrow, and the land registrar's
 * completion is the last approval. Completion, in one transaction: payable liens are paid off from the
 * escrow in priority order, the rest is credited to the co-owners pro rata to their shares, the title moves
 * to the buyer and the lock is lifted. Payees withdraw their credits (pull payments). A declined,
 * cancelled or expired deed refunds the buyer and unlocks the parcel. The deed id is its consent id.
 *
 * | from   | to        | by                                      | function                          |
 * |--------|-----------|-----------------------------------------|-----------------------------------|
 * | (none) | Open      | a co-owner                              | openDeed                          |
 * | Open   | Open      | the buyer (funds it)                    | fundDeed / fundDeedWithPermit     |
 * | Open   | Completed | LAND_REGISTRAR, all approved and funded | completeDeed                      |
 * | Open   | Cancelled | a party, LAND_REGISTRAR, anyone once expired | decline / cancelDeed / expireDeed |
 */
interface ILandDeeds {
    /// @notice Lifecycle of a deed.
    enum DeedStatus {
        None,
        Open,
        Completed,
        Cancelled
    }

    /// @notice A deed, packed into one slot.
    struct Deed {
        uint64 parcelId;
        uint64 buyerId;
        uint96 price;
        DeedStatus status;
        bool funded;
    }

    /// @notice No deed has this id.
    error DeedUnknown(uint256 deedId);
    /// @notice The deed is completed or cancelled.
    error DeedNotOpen(uint256 deedId, DeedStatus status);
    /// @notice Only the primary wallet of a co-owner can open a deed on a parcel.
    error DeedCallerNotOwner(uint256 parcelId, address caller);
    /// @notice A co-owner's identity is not verified at the land service's level.
    error DeedSellerNotVerified(uint64 identityId);
    /// @notice The buyer is not a verified identity at the land service's level.
    error DeedBuyerNotVerified(uint64 buyerId);
    /// @notice The buyer already owns a share of the parcel.
    error DeedBuyerIsOwner(uint64 buyerId);
    /// @notice The price is zero or does not fit 96 bits.
    error DeedPriceInvalid(uint256 price);
    /// @notice The price does not cover the liens a sale must pay off.
    error DeedPriceBelowPayoff(uint256 price, uint256 payoff);
    /// @notice Only the buyer's wallet can fund the deed.
    error DeedNotBuyer(uint256 deedId, address caller);
    /// @notice The deed is already funded.
    error DeedAlreadyFunded(uint256 deedId);
    /// @notice The deed is not funded yet.
    error DeedNotFunded(uint256 deedId);
    /// @notice The deed has not expired yet.
    error DeedNotExpired(uint256 deedId, uint256 deadline);

    /// @notice A deed was opened and the parcel locked to it; `consent` lists the parties.
    event DeedOpened(
        uint256 indexed deedId,
        uint256 indexed parcelId,
        uint64 indexed buyerId,
        uint96 price,
        uint48 deadline
    );
    /// @notice The buyer paid the price into escrow.
    event DeedFunded(uint256 indexed deedId, address indexed buyer, uint96 price);
    /// @notice A co-owner was credited its part of the price (withdraw it from this contract).
    event SellerCredited(uint256 indexed deedId, uint64 indexed identityId, address indexed wallet, uint256 amount);
    /// @notice The sale completed: liens paid off, sellers credited, title moved.
    event DeedCompleted(uint256 indexed deedId, uint256 indexed parcelId, uint64 indexed buyerId, uint256 liensPaidOff);
    /// @notice The deed was cancelled (declined, by the registrar, or expired); the buyer was refunded.
    event DeedCancelled(uint256 indexed deedId, uint256 indexed parcelId, address indexed by);

    /**
     * @notice Opens a deed: sells the whole parcel to `buyerId` for `price`. The caller, the primary wallet
     * of a co-owner, approves by opening. Every co-owner's identity must be verified.
     * @param parcelId An active, unfrozen, unlocked parcel the caller co-owns.
     * @param buyerId A verified identity that does not own a share of the parcel.
     * @param price The price in the settlement token; at least what the parcel's payable liens require.
     * @param deadline Last time at which the deed can be approved and completed.
     * @return deedId The deed's id (its consent id).
     */
    function openDeed(
        uint256 parcelId,
        uint64 buyerId,
        uint256 price,
        uint48 deadline
    ) external returns (uint256 deedId);

    /**
     * @notice The buyer accepts the deed and pays the price into escrow (after approving this contract for
     * it). Paying from the buyer's own wallet counts as the buyer's approval of the deed.
     */
    function fundDeed(uint256 deedId) external;

    /**
     * @notice Pays the price into escrow with the buyer's EIP-2612 permit for exactly the price; anyone may
     * submit it. A permit already used (e.g. front-run) is tolerated when the allowance is in place. When the
     * buyer submits it, it also counts as the buyer's approval; a permit relayed by someone else does not
     * (it does not name the deed), so the buyer then approves on-chain or by EIP-712 signature.
     */
    function fundDeedWithPermit(uint256 deedId, uint256 permitDeadline, uint8 v, bytes32 r, bytes32 s) external;

    /**
     * @notice The land registrar's approval, which completes the sale. Restricted to LAND_REGISTRAR.
     * Requires every co-owner's and the buyer's approval before the deadline, and the price in escrow.
     */
    function completeDeed(uint256 deedId) external;

    /// @notice Cancels an open deed, refunding the buyer and unlocking the parcel. Restricted to LAND_REGISTRAR.
    function cancelDeed(uint256 deedId) external;

    /// @notice Cancels an open deed after its deadline, refunding the buyer and unlocking the parcel. Anyone.
    function expireDeed(uint256 deedId) external;

    /// @notice A deed (zeroed for an unknown id).
    function deed(uint256 deedId) external view returns (Deed memory);
}
