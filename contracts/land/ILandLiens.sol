// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Documents} from "../common/Documents.sol";

/**
 * @title ILandLiens
 * @notice Encumbrances on land titles: mortgages, easements and court orders. Every right here belongs to an
 * **identity id**: a lien's holder is an identity, and the wallet that may act for it (withdraw, release) or
 * be paid is read live from the identity registry, so a key recovery moves every lien at once. A lender
 * proposes a lien; it becomes active when every co-owner of the parcel approved (multi-party consent by
 * identity, on-chain or EIP-712). A court imposes one directly, naming the payee identity of a judgment.
 * Only the holder (for consensual liens), or a court, releases a lien. At a sale, payable liens (blocking,
 * with an amount) are paid off from the deed's escrow in priority order (activation order); a blocking lien
 * without an amount (an injunction) prevents the sale; easements run with the land.
 *
 * Limits that strangers cannot fill: active consensual liens per parcel ({MAX_ACTIVE_LIENS}, only owners'
 * consent fills them); court liens have their own slots ({MAX_COURT_LIENS}); open proposals are capped per
 * parcel ({MAX_PROPOSALS_PER_PARCEL}) and per proposer ({MAX_PROPOSALS_PER_PROPOSER}), live at most
 * {MAX_PROPOSAL_LIFETIME}, can be declined by any owner, rejected by a court, and pruned by anyone once
 * expired or once the parcel's owners changed. No proposal or consensual activation while a deed holds the
 * parcel.
 *
 * Lien status transitions:
 *
 * | from     | to       | by                                     | function                              |
 * |----------|----------|----------------------------------------|---------------------------------------|
 * | (none)   | Proposed | a verified identity (the lender)       | proposeLien                           |
 * | Proposed | Active   | the last co-owner's approval           | approve / approveBySignature          |
 * | Proposed | Rejected | a co-owner / the lender                | decline / withdrawLienProposal        |
 * | Proposed | Rejected | COURT / anyone once stale              | rejectLienProposal / pruneLienProposal |
 * | (none)   | Active   | COURT                                  | imposeCourtLien                       |
 * | (none)   | Active   | TAX_MODULE (the property-tax contract) | imposeStatutoryLien                   |
 * | Active   | Released | the holder (not court orders), or COURT | releaseLien / courtReleaseLien       |
 * | Active   | Released | TAX_MODULE (statutory liens only)      | releaseStatutoryLien                  |
 * | Active   | PaidOff  | LAND_MODULE (the deed office)          | dischargeForSale                      |
 */
interface ILandLiens {
    /// @notice What a lien is.
    enum LienKind {
        None,
        Mortgage, // blocking, with a payoff amount
        Easement, // non-blocking, no amount: runs with the land
        CourtOrder, // blocking; payable when it has an amount (judgment), else an injunction
        Statutory // blocking, with an amount: a tax lien imposed by law (no owner consent), paid off at a sale
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
        uint64 holderId; // the identity holding the lien (a court order's payee; 0 for an injunction)
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
    /// @notice Only the lien holder identity's current primary wallet may do this.
    error LienNotHolder(uint256 lienId, uint256 callerId);
    /// @notice A court order is released only by a court.
    error LienCourtOnly(uint256 lienId);
    /// @notice The lender (or acting holder) is not a verified, non-device identity at the land level.
    error LienHolderNotVerified(uint256 holderId);
    /// @notice A judgment needs a payee identity that is verified; an injunction names none.
    error LienPayeeInvalid(uint256 payeeId, uint256 amount);
    /// @notice The kind, blocking flag and amount do not fit together (see {LienKind}).
    error LienTermsInvalid(LienKind kind, bool blocking, uint256 amount);
    /// @notice The parcel already carries the most active liens of this origin (consensual or court).
    error LienTooMany(uint256 parcelId, uint256 max);
    /// @notice The parcel already has {MAX_PROPOSALS_PER_PARCEL} open proposals.
    error LienTooManyProposals(uint256 parcelId, uint256 max);
    /// @notice The proposer already has {MAX_PROPOSALS_PER_PROPOSER} open proposals.
    error LienProposerBusy(uint256 proposerId, uint256 max);
    /// @notice A proposal's deadline is further than {MAX_PROPOSAL_LIFETIME} from now.
    error LienProposalTooLong(uint256 deadline, uint256 latest);
    /// @notice The proposal is unexpired and its parcel's owners are those asked: only a party, the lender
    /// or a court can end it.
    error LienProposalLive(uint256 lienId);
    /// @notice A deed holds the parcel: no lien may be proposed or activated by consent until it ends.
    error LienParcelLocked(uint256 parcelId, uint256 deedId);
    /// @notice A blocking lien without an amount (an injunction) prevents the sale.
    error LienNotPayable(uint256 parcelId, uint256 lienId);
    /// @notice The lien's kind does not allow this action (a statutory lien is released only by the tax module
    /// or a court; the tax module releases only statutory liens).
    error LienKindMismatch(uint256 lienId, LienKind kind);

    /// @notice A lender proposed a lien; it waits for the owners' consent `consentId`.
    event LienProposed(
        uint256 indexed lienId,
        uint256 indexed parcelId,
        uint64 indexed holderId,
        LienKind kind,
        bool blocking,
        uint96 amount,
        bytes32 terms,
        uint256 consentId
    );
    /// @notice A court imposed a lien (active at once): a judgment payable to `payeeId` when `amount` > 0,
    /// else an injunction. `court` is the caller (the court's account, or the AccessManager for a delayed
    /// court); it never holds the lien.
    event CourtLienImposed(
        uint256 indexed lienId,
        uint256 indexed parcelId,
        uint64 indexed payeeId,
        address court,
        uint96 amount,
        bytes32 order
    );
    /// @notice The tax module imposed a statutory lien (active at once), payable to `holderId` (the treasury
    /// identity); `ref` is the module's commitment to what it secures (the parcel and tax year).
    event StatutoryLienImposed(
        uint256 indexed lienId,
        uint256 indexed parcelId,
        uint64 indexed holderId,
        address module,
        uint96 amount,
        bytes32 ref
    );
    /// @notice A lien became active (by the owners' consent or a court's order).
    event LienActivated(uint256 indexed lienId, uint256 indexed parcelId, uint64 indexed holderId);
    /// @notice A proposal was declined, withdrawn, rejected by a court or pruned (`by` is the caller).
    event LienRejected(uint256 indexed lienId, uint256 indexed parcelId, address indexed by);
    /// @notice The holder or a court released a lien.
    event LienReleased(uint256 indexed lienId, uint256 indexed parcelId, address indexed by);
    /// @notice A sale paid a lien off from the deed's escrow (credited to the holder identity).
    event LienPaidOff(uint256 indexed lienId, uint256 indexed parcelId, uint256 indexed deedId, uint256 amount);

    /**
     * @notice Proposes a lien on a parcel, held by the caller's identity (the caller must be the current
     * primary wallet of a verified, non-device identity at the land level). It becomes active when every
     * current co-owner approved the returned consent request before `deadline`, if no deed holds the parcel then.
     * @param parcelId An active parcel not locked by a deed.
     * @param kind Mortgage (blocking, amount > 0) or Easement (non-blocking, amount 0).
     * @param amount The payoff amount (mortgages).
     * @param terms The lien's terms document (anchored by commitment).
     * @param deadline Last time at which the owners can approve; at most {MAX_PROPOSAL_LIFETIME} from now.
     */
    function proposeLien(
        uint256 parcelId,
        LienKind kind,
        uint96 amount,
        Documents.Document calldata terms,
        uint48 deadline
    ) external returns (uint256 lienId);

    /**
     * @notice Imposes a court-ordered lien, active at once, in the court's own slots (proposals never block
     * it; allowed while a deed holds the parcel, and then that deed can no longer complete, since its buyer
     * approved other encumbrances). Restricted to COURT.
     * @param payeeId A judgment's payee identity (verified), or 0 for an injunction.
     * @param amount A judgment's payoff amount, or 0 for an injunction that blocks any sale.
     */
    function imposeCourtLien(
        uint256 parcelId,
        uint64 payeeId,
        uint96 amount,
        Documents.Document calldata order
    ) external returns (uint256 lienId);

    /**
     * @notice Imposes a statutory lien (a tax lien), active at once without the owners' consent, in its own
     * slots ({MAX_STATUTORY_LIENS} per parcel). Like a court lien it may be imposed while a deed holds the
     * parcel (that deed then cannot complete). Paid off at a sale to `holderId`. Restricted to TAX_MODULE.
     * @param holderId The verified identity paid at a sale (the city treasury's).
     * @param amount The payoff amount (> 0).
     * @param ref The module's commitment to what the lien secures.
     */
    function imposeStatutoryLien(
        uint256 parcelId,
        uint64 holderId,
        uint96 amount,
        bytes32 ref
    ) external returns (uint256 lienId);

    /// @notice The tax module releases an active statutory lien (the tax was paid). Restricted to TAX_MODULE.
    function releaseStatutoryLien(uint256 lienId) external;

    /// @notice The lender identity (through its current primary wallet) withdraws its proposal.
    function withdrawLienProposal(uint256 lienId) external;

    /// @notice A court rejects a pending proposal. Restricted to COURT.
    function rejectLienProposal(uint256 lienId) external;

    /**
     * @notice Anyone rejects a proposal that can no longer activate as asked: past its deadline, its parcel
     * retired, or the parcel's owners or shares changed since it was proposed.
     */
    function pruneLienProposal(uint256 lienId) external;

    /// @notice The holder identity (through its current primary wallet, verified) releases an active lien.
    function releaseLien(uint256 lienId) external;

    /// @notice A court releases an active lien. Restricted to COURT.
    function courtReleaseLien(uint256 lienId) external;

    /**
     * @notice Marks every payable lien of a parcel paid off by a sale and returns the holder identities to
     * credit, in priority order. Reverts with {LienNotPayable} if an injunction blocks the sale. Restricted to
     * LAND_MODULE.
     */
    function dischargeForSale(
        uint256 parcelId,
        uint256 deedId
    ) external returns (uint256[] memory holderIds, uint256[] memory amounts);

    /// @notice A lien (zeroed for an unknown id).
    function lien(uint256 lienId) external view returns (Lien memory);

    /// @notice The parcel's active liens, in priority order (activation order).
    function liensOf(uint256 parcelId) external view returns (uint256[] memory lienIds);

    /// @notice The parcel's open proposals, oldest first.
    function proposalsOf(uint256 parcelId) external view returns (uint256[] memory lienIds);

    /// @notice How many open proposals an identity has made.
    function openProposalsOf(uint256 proposerId) external view returns (uint256);

    /**
     * @notice A commitment to the parcel's active liens (0 when none): a deed's buyer approves it as part of
     * the sale, so the encumbrances cannot change between the buyer's approval and completion.
     */
    function encumbranceHash(uint256 parcelId) external view returns (bytes32);

    /**
     * @notice What a sale of the parcel would pay off now: the total of its active payable liens, and the
     * first injunction that would block the sale (0 if none).
     */
    function payoffOf(uint256 parcelId) external view returns (uint256 total, uint256 blockingLienId);
}
