// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ILandDeeds
 * @notice The deed office: the only way a land title changes hands. A co-owner opens a deed naming the
 * buyer (a verified identity) and the price; the parcel is locked to it. A deed is a multi-party consent
 * whose parties are identity ids: every co-owner and the buyer approve through their identity's current
 * primary wallet (on-chain or by EIP-712 signature, which anyone, e.g. the registrar, may submit), so a
 * party that recovers its key mid-deed simply approves with the new key. The buyer pays the price in
 * CityToken into escrow, and the land registrar's completion is the last approval. The approved action
 * names the parcel, the buyer, the price and the parcel's active liens at opening (`encumbranceHash`), so a
 * deed whose encumbrances changed cannot complete. Completion, in one transaction: payable liens are paid
 * off from the escrow in priority order, the rest is credited to the co-owners' identities pro rata to their
 * shares, the title moves to the buyer and the lock is lifted. Payees withdraw their credits (pull
 * payments). A declined, cancelled or expired deed refunds the buyer (a credit) and unlocks the parcel;
 * no deed can then be opened on the parcel for {DEED_REOPEN_COOLDOWN}. The deed id is its consent id.
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
    /// @notice The deed's deadline passed.
    error DeedExpired(uint256 deedId, uint256 deadline);
    /// @notice A permit relayed by someone else than the buyer needs the buyer's recorded approval of this deed.
    error DeedBuyerNotApproved(uint256 deedId, uint64 buyerId);
    /// @notice A deed on the parcel was cancelled recently; no deed can be opened before `until`.
    error DeedParcelCoolingDown(uint256 parcelId, uint256 until);

    /// @notice A deed was opened and the parcel locked to it; `consent` lists the parties.
    event DeedOpened(
        uint256 indexed deedId,
        uint256 indexed parcelId,
        uint64 indexed buyerId,
        uint96 price,
        uint48 deadline
    );
    /// @notice The buyer paid the price into escrow from its wallet `payer`.
    event DeedFunded(uint256 indexed deedId, uint64 indexed buyerId, address indexed payer, uint96 price);
    /// @notice A co-owner identity was credited its part of the price (withdrawn through its primary wallet).
    event SellerCredited(uint256 indexed deedId, uint64 indexed identityId, uint256 amount);
    /// @notice The sale completed: liens paid off, sellers credited, title moved.
    event DeedCompleted(uint256 indexed deedId, uint256 indexed parcelId, uint64 indexed buyerId, uint256 liensPaidOff);
    /// @notice The deed was cancelled (declined, by the registrar, or expired); the buyer was refunded.
    event DeedCancelled(uint256 indexed deedId, uint256 indexed parcelId, address indexed by);
    /// @notice The register was closed in an emergency when the deed was cancelled: its lock stays until
    /// anyone calls {releaseStaleLock} after the register reopens. The buyer's refund is not held back.
    event DeedUnlockDeferred(uint256 indexed deedId, uint256 indexed parcelId);
    /// @notice A lock left by a deed that is no longer open was lifted.
    event StaleLockReleased(uint256 indexed parcelId, uint256 indexed deedId, address indexed by);

    /**
     * @notice Opens a deed: sells the whole parcel to `buyerId` for `price`. The caller, the primary wallet
     * of a co-owner, approves by opening. Every co-owner's identity must be verified (a land party).
     * @param parcelId An active, unfrozen, unlocked parcel the caller co-owns, not cooling down.
     * @param buyerId A verified identity that does not own a share of the parcel.
     * @param price The price in the settlement token; at least what the parcel's payable liens require.
     * @param deadline Last time at which the deed can be approved and completed (at most
     * `MAX_CONSENT_DURATION` from now).
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
     * @notice Pays the price into escrow with the buyer's EIP-2612 permit for exactly the price, before the
     * deed's deadline. The permit must succeed (a failed or front-run permit reverts: the buyer then uses
     * {fundDeed}). Submitted by the buyer's primary wallet, it is also the buyer's approval. Anyone else may
     * relay it only once the buyer's approval of this very deed is recorded (on-chain or by its EIP-712
     * consent signature, which names the deed): a permit does not name the deed, so it never stands for the
     * buyer's acceptance, and a standing allowance is never spent on a deed the buyer did not accept.
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

    /**
     * @notice Lifts a parcel's lock left by a deed of this office that is no longer open (its unlock was
     * deferred while the register was closed in an emergency). Anyone; retried until the register reopens.
     */
    function releaseStaleLock(uint256 parcelId) external;

    /// @notice Sends `to` the settlement tokens sent to the office directly (only the excess over
    /// `totalOwed()`). Restricted to TREASURER.
    function sweepExcess(address to) external;

    /// @notice A deed (zeroed for an unknown id).
    function deed(uint256 deedId) external view returns (Deed memory);
}
