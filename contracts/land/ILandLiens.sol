// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Documents} from "../common/Documents.sol";

/**
 * @title ILandLiens
 * @notice Encumbrances on land titles: mortgages, easements and court orders. A lender proposes a lien;
 * it becomes active when every co-owner of the parcel approved (multi-party consent, on-chain or EIP-712).
 * A court imposes one directly. Only the holder, or a court, releases a lien. At a sale, payable liens
 * (blocking, with an amount) are paid off from the deed's escrow in priority order (oldest first);
 * a blocking lien without an amount (an injunction) prevents the sale; easements run with the land.
 *
 * Lien status transitions:
 *
 * | from     | to       | by                                   | function                          |
 * |----------|----------|--------------------------------------|-----------------------------------|
 * | (none)   | Proposed | a verified identity (the lender)     | proposeLien                       |
 * | Proposed | Active   | the last co-owner's approval         | approve / approveBySignature      |
 * | Proposed | Rejected | a co-owner, or the lender withdrawing | decline / withdrawLienProposal    |
 * | (none)   | Active   | COURT                                | imposeCourtLien                   |
 * | Active   | Released | the holder, or COURT                 | releaseLien / courtReleaseLien    |
 * | Active   | PaidOff  | LAND_MODULE (the deed office)         | dischargeForSale                  |
 */
interface ILandLiens {
    /// @notice What a lien is.
    enum LienKind {
        None,
        Mortgage, // blocking, with a payoff amount
        Easement, // non-blocking, no amount: runs with the land
        CourtOrder // blocking; payable when it has an amount (judgment), else an injunction
    }

    /// @notice Lifecycle of a lien.
    enum LienStatus {
        None,
        Proposed,
        Active,
        Released,
        PaidOff,
        Rejected
    }

    /// @notice A lien, packed into three slots.
    struct Lien {
        uint64 parcelId;
        address holder;
        LienKind kind;
        LienStatus status;
        bool blocking;
        uint96 amount; // payoff amount in the settlement token (0 for easements and injunctions)
        uint40 createdAt;
        uint64 consentId; // the owners' consent request (0 for court liens)
        bytes32 terms; // Documents commitment of the lien's terms or the court's order
    }

    /// @notice No lien has this id.
    error LienUnknown(uint256 lienId);
    /// @notice The lien is not in the status the action needs.
    error LienStatusInvalid(uint256 lienId, LienStatus status);
    /// @notice Only the lien's holder may do this.
    error LienNotHolder(uint256 lienId, address caller);
    /// @notice The proposing lender is not a verified identity.
    error LienHolderNotVerified(address holder);
    /// @notice The kind, blocking flag and amount do not fit together (see {LienKind}).
    error LienTermsInvalid(LienKind kind, bool blocking, uint256 amount);
    /// @notice The parcel already carries {MAX_ACTIVE_LIENS} active or proposed liens.
    error LienTooMany(uint256 parcelId, uint256 max);
    /// @notice A blocking lien without an amount (an injunction) prevents the sale.
    error LienNotPayable(uint256 parcelId, uint256 lienId);

    /// @notice A lender proposed a lien; it waits for the owners' consent `consentId`.
    event LienProposed(
        uint256 indexed lienId,
        uint256 indexed parcelId,
        address indexed holder,
        LienKind kind,
        bool blocking,
        uint96 amount,
        bytes32 terms,
        uint256 consentId
    );
    /// @notice A court imposed a lien (active at once): a judgment when `amount` > 0, else an injunction.
    event CourtLienImposed(
        uint256 indexed lienId,
        uint256 indexed parcelId,
        address indexed court,
        uint96 amount,
        bytes32 order
    );
    /// @notice A lien became active (by the owners' consent or a court's order).
    event LienActivated(uint256 indexed lienId, uint256 indexed parcelId, address indexed holder);
    /// @notice A proposal was declined by an owner or withdrawn by its lender.
    event LienRejected(uint256 indexed lienId, uint256 indexed parcelId);
    /// @notice The holder or a court released a lien.
    event LienReleased(uint256 indexed lienId, uint256 indexed parcelId, address indexed by);
    /// @notice A sale paid a lien off from the deed's escrow.
    event LienPaidOff(uint256 indexed lienId, uint256 indexed parcelId, uint256 indexed deedId, uint256 amount);

    /**
     * @notice Proposes a lien on a parcel, held by the caller (a verified identity's wallet). It becomes
     * active when every current co-owner approved the returned consent request before `deadline`.
     * @param parcelId An active parcel.
     * @param kind Mortgage (blocking, amount > 0) or Easement (non-blocking, amount 0).
     * @param amount The payoff amount (mortgages).
     * @param terms The lien's terms document (anchored by commitment).
     * @param deadline Last time at which the owners can approve.
     */
    function proposeLien(
        uint256 parcelId,
        LienKind kind,
        uint96 amount,
        Documents.Document calldata terms,
        uint48 deadline
    ) external returns (uint256 lienId);

    /**
     * @notice Imposes a court-ordered lien, active at once, held by the calling court. Restricted to COURT.
     * @param amount A judgment's payoff amount, or 0 for an injunction that blocks any sale.
     */
    function imposeCourtLien(
        uint256 parcelId,
        uint96 amount,
        Documents.Document calldata order
    ) external returns (uint256 lienId);

    /// @notice The lender withdraws its proposal before the owners agreed.
    function withdrawLienProposal(uint256 lienId) external;

    /// @notice The holder releases an active lien.
    function releaseLien(uint256 lienId) external;

    /// @notice A court releases an active lien. Restricted to COURT.
    function courtReleaseLien(uint256 lienId) external;

    /**
     * @notice Marks every payable lien of a parcel paid off by a sale and returns whom to pay, oldest lien
     * first. Reverts with {LienNotPayable} if an injunction blocks the sale. Restricted to LAND_MODULE.
     */
    function dischargeForSale(
        uint256 parcelId,
        uint256 deedId
    ) external returns (address[] memory holders, uint256[] memory amounts);

    /// @notice A lien (zeroed for an unknown id).
    function lien(uint256 lienId) external view returns (Lien memory);

    /// @notice The parcel's active and proposed liens, oldest first.
    function liensOf(uint256 parcelId) external view returns (uint256[] memory lienIds);

    /**
     * @notice What a sale of the parcel would pay off now: the total of its active payable liens, and the
     * first injunction that would block the sale (0 if none).
     */
    function payoffOf(uint256 parcelId) external view returns (uint256 total, uint256 blockingLienId);
}
