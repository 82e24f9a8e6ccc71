// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Documents} from "../common/Documents.sol";

/**
 * @title ILandRegistry
 * @notice The city's register of land titles. A parcel has a unique cadastral id, an area, commitments to
 * its survey geometry and deed documents, and owners who are verified identities (keyed by identity id)
 * holding shares in basis points that sum to 10,000. Titles are ERC-721 tokens so that wallets and
 * explorers show them, but they move only through a deed (`LandDeeds`): the ERC-721 transfer and approval
 * functions revert. A parcel can be frozen by a court, locked by an open deed, subdivided or merged (the
 * parents are retired, never deleted); every change is a revision in the parcel's chain of title (events,
 * anchored on-chain by a hash-chained head: {historyHead}).
 *
 * Parcel status transitions:
 *
 * | from   | to      | by                                  | function                 |
 * |--------|---------|-------------------------------------|--------------------------|
 * | (none) | Active  | LAND_REGISTRAR                      | registerParcel           |
 * | Active | Active  | LAND_MODULE (deed office)           | conveyTitle (new owners) |
 * | Active | Active  | LAND_REGISTRAR (signed sale)        | settleSigned (new owner) |
 * | Active | Active  | COURT / LAND_REGISTRAR (succession) | succeedByCourt / succeedByRegistrar |
 * | Active | Retired | LAND_REGISTRAR                      | subdivide, merge         |
 *
 * Independent flags on an Active parcel: `frozen` (COURT: freeze/unfreeze) and `lockedByDeed` (LAND_MODULE:
 * lockForDeed/unlock). A frozen or locked parcel cannot be subdivided, merged or conveyed by another deed.
 */
interface ILandRegistry {
    /// @notice Lifecycle of a parcel record.
    enum ParcelStatus {
        None,
        Active,
        Retired
    }

    /// @notice An owner's share of a parcel.
    struct Share {
        uint64 identityId;
        uint16 bps; // basis points; all shares of a parcel sum to 10,000
    }

    /// @notice A parcel record, packed into three slots.
    struct Parcel {
        uint64 areaM2;
        uint40 registeredAt;
        ParcelStatus status;
        bool frozen;
        uint8 ownerCount;
        uint64 lockedByDeed; // the deed holding the lock, 0 when unlocked
        bytes32 cadastralId;
        bytes32 documents; // keccak256(surveyCommitment, deedDocumentsCommitment), see {ParcelRegistered}
    }

    /// @notice What a registrar supplies for a new parcel (registration, subdivision child, merger result).
    struct ParcelSpec {
        bytes32 cadastralId;
        uint64 areaM2;
        Documents.Document survey;
        Documents.Document deedDocuments;
    }

    /// @notice No parcel has this id (or it was never registered).
    error LandParcelUnknown(uint256 parcelId);
    /// @notice The parcel was retired by a subdivision or merger.
    error LandParcelRetired(uint256 parcelId);
    /// @notice The cadastral id is zero.
    error LandCadastralIdEmpty();
    /// @notice The cadastral id is already registered.
    error LandDuplicateCadastralId(bytes32 cadastralId, uint256 parcelId);
    /// @notice The area is zero.
    error LandAreaZero();
    /// @notice A parcel needs between 1 and {MAX_OWNERS} owners.
    error LandOwnerCountInvalid(uint256 count, uint256 max);
    /// @notice An owner is named twice.
    error LandDuplicateOwner(uint64 identityId);
    /// @notice An owner's share is zero.
    error LandShareZero(uint64 identityId);
    /// @notice The shares do not sum to 10,000 basis points.
    error LandSharesInvalid(uint256 sum);
    /// @notice The owner is not a verified identity at the land service's minimum level.
    error LandOwnerNotVerified(uint64 identityId);
    /// @notice The parcel is frozen by a court.
    error LandParcelFrozen(uint256 parcelId);
    /// @notice The parcel is not frozen.
    error LandParcelNotFrozen(uint256 parcelId);
    /// @notice The parcel is locked to an open deed.
    error LandParcelLocked(uint256 parcelId, uint256 deedId);
    /// @notice The parcel is not locked to this deed.
    error LandParcelNotLockedBy(uint256 parcelId, uint256 deedId);
    /// @notice Titles move only through a deed; ERC-721 transfers and approvals are disabled.
    error LandTransferRequiresDeed(uint256 parcelId);
    /// @notice The children's areas do not add up to the parent's area.
    error LandAreaMismatch(uint256 expected, uint256 actual);
    /// @notice A subdivision needs 2..{MAX_LINEAGE} children; a merger 2..{MAX_LINEAGE} parents.
    error LandLineageSizeInvalid(uint256 count, uint256 max);
    /// @notice Parcels merged into one must have exactly the same owners and shares.
    error LandOwnershipDiffers(uint256 parcelId, uint256 otherParcelId);
    /// @notice The parcel carries an active lien; it must be released or paid off first.
    error LandParcelEncumbered(uint256 parcelId, uint256 lienCount);
    /// @notice A merger names the same parcel twice.
    error LandDuplicateParcel(uint256 parcelId);
    /// @notice The city has not set the land service's minimum level (`serviceMinLevel("land")` is 0): the
    /// land service fails closed.
    error LandServiceLevelUnset();
    /// @notice The identity does not own a share of the parcel.
    error LandNotAnOwner(uint256 parcelId, uint64 identityId);
    /// @notice The registrar's succession needs `fromId` revoked and `toId` its registered successor.
    error LandNotSuccessor(uint64 fromId, uint64 toId);
    /// @notice A signed sale relies on revision `expected` of the parcel's chain of title; it is at `current`.
    error LandRevisionStale(uint256 parcelId, uint256 expected, uint256 current);
    /// @notice The parcel's deed lock is held by a deed that is still open.
    error LandLockNotStale(uint256 parcelId, uint256 deedId);
    /// @notice The lien register is already linked (once only), or the address given is zero.
    error LandSaleLiensLinkInvalid(address current, address given);

    /// @notice A parcel was registered with its owners and its documents' commitments.
    event ParcelRegistered(
        uint256 indexed parcelId,
        bytes32 indexed cadastralId,
        uint64 areaM2,
        bytes32 surveyCommitment,
        bytes32 deedDocumentsCommitment,
        Share[] owners
    );
    /// @notice A deed moved the title to new owners (`deedId` 0: a signed sale, see `settleSigned`).
    event ParcelTransferred(
        uint256 indexed parcelId,
        uint256 indexed deedId,
        Share[] previousOwners,
        Share[] newOwners
    );
    /// @notice A court froze the parcel.
    event ParcelFrozen(uint256 indexed parcelId, bytes32 reasonCommitment);
    /// @notice A court unfroze the parcel.
    event ParcelUnfrozen(uint256 indexed parcelId, bytes32 reasonCommitment);
    /// @notice An open deed locked the parcel.
    event ParcelLocked(uint256 indexed parcelId, uint256 indexed deedId);
    /// @notice The parcel's deed lock was lifted (deed completed, cancelled or expired).
    event ParcelUnlocked(uint256 indexed parcelId, uint256 indexed deedId);
    /// @notice A parcel was split into children; it is retired.
    event ParcelSubdivided(uint256 indexed parentId, uint256[] childIds);
    /// @notice Parcels were merged into one; they are retired.
    event ParcelsMerged(uint256[] parentIds, uint256 indexed childId);
    /// @notice A (revoked) owner's share passed to another identity by succession (`byCourt`: a court's
    /// order; otherwise the registrar, to the identity registered as the owner's successor).
    event TitleSucceeded(uint256 indexed parcelId, uint64 indexed fromId, uint64 indexed toId, bool byCourt);
    /// @notice The ADMIN linked the lien register the signed-sale module uses ({linkSaleLiens}).
    event SaleLiensLinked(address indexed liens);

    /**
     * @notice Registers a parcel and mints its title. Restricted to LAND_REGISTRAR.
     * @param spec Cadastral id (unique, non-zero), area (non-zero) and the survey and deed documents.
     * @param owners 1..{MAX_OWNERS} distinct verified identities whose shares sum to 10,000.
     * @return parcelId The new parcel's id (ids start at 1), also its ERC-721 token id.
     */
    function registerParcel(ParcelSpec calldata spec, Share[] calldata owners) external returns (uint256 parcelId);

    /**
     * @notice Freezes a disputed parcel: no deed, subdivision or merger until unfrozen. Restricted to COURT.
     * @param reasonCommitment Commitment to the court's (off-chain, possibly sealed) order.
     */
    function freeze(uint256 parcelId, bytes32 reasonCommitment) external;

    /// @notice Lifts a freeze. Restricted to COURT.
    function unfreeze(uint256 parcelId, bytes32 reasonCommitment) external;

    /**
     * @notice Splits a parcel into children whose areas add up to the parent's; the children inherit the
     * owners and shares and record the parent; the parent is retired. Restricted to LAND_REGISTRAR.
     * @param parentId An active, unfrozen, unlocked parcel without active liens.
     * @param children 2..{MAX_LINEAGE} new parcels.
     */
    function subdivide(uint256 parentId, ParcelSpec[] calldata children) external returns (uint256[] memory childIds);

    /**
     * @notice Merges parcels with identical ownership into one whose area is their sum; the parents are
     * retired. Restricted to LAND_REGISTRAR.
     * @param parentIds 2..{MAX_LINEAGE} distinct active, unfrozen, unlocked, unencumbered parcels.
     * @param merged The new parcel (its area must equal the parents' total).
     */
    function merge(uint256[] calldata parentIds, ParcelSpec calldata merged) external returns (uint256 childId);

    /**
     * @notice A court moves owner `fromId`'s share to identity `toId` (e.g. an heir, or the new identity of
     * an owner whose identity was revoked); if `toId` already co-owns, the shares are added. Restricted to
     * COURT. The parcel must be active and not locked by a deed; `toId` must be a land party.
     */
    function succeedByCourt(uint256 parcelId, uint64 fromId, uint64 toId) external;

    /**
     * @notice The land registrar moves a revoked owner's share to the identity the identity registry records
     * as its successor (`predecessorOf(toId) == fromId`). Restricted to LAND_REGISTRAR. The parcel must be
     * active, unfrozen and not locked by a deed; `toId` must be a land party.
     */
    function succeedByRegistrar(uint256 parcelId, uint64 fromId, uint64 toId) external;

    /// @notice Locks a parcel to a deed. Restricted to LAND_MODULE (the deed office).
    function lockForDeed(uint256 parcelId, uint256 deedId) external;

    /// @notice Lifts a deed's lock. Restricted to LAND_MODULE (the deed office).
    function unlock(uint256 parcelId, uint256 deedId) external;

    /**
     * @notice Moves a title locked to `deedId` to a single new owner and lifts the lock. Restricted to
     * LAND_MODULE: the deed office calls it after every party agreed, and credits the sellers it returns.
     * @return previousOwners The owners and shares the title had before the sale.
     */
    function conveyTitle(
        uint256 parcelId,
        uint256 deedId,
        uint64 buyerId
    ) external returns (Share[] memory previousOwners);

    /**
     * @notice Links the lien register the signed-sale module pays liens off on (it is deployed after the register,
     * so it cannot be an immutable of the module). Once only. Restricted to ADMIN.
     * @param liens The city's lien register.
     */
    function linkSaleLiens(address liens) external;

    /**
     * @notice The signed-sale module (`settleSigned` runs its code by `DELEGATECALL`; an immutable of the
     * register's implementation, so changing it is a timelocked upgrade) and the lien register it uses.
     * @return module The {LandSettlementModule}.
     * @return liens The lien register ({linkSaleLiens}; 0 until linked).
     */
    function settlement() external view returns (address module, address liens);

    /**
     * @notice Appends a revision to a parcel's history on behalf of another land module (liens).
     * Restricted to LAND_MODULE.
     */
    function recordRevision(uint256 parcelId, uint16 kind, uint192 ref) external;

    /// @notice A parcel record (zeroed for an unknown id).
    function parcel(uint256 parcelId) external view returns (Parcel memory);

    /// @notice Whether `identityId` owns a share of the live (Active) title `parcelId`; false for a retired or
    /// unknown parcel.
    function isActiveOwner(uint256 parcelId, uint256 identityId) external view returns (bool);

    /// @notice The owners of a parcel and their shares.
    function ownersOf(uint256 parcelId) external view returns (Share[] memory);

    /// @notice The parcel registered under a cadastral id (0 if none).
    function parcelOfCadastralId(bytes32 cadastralId) external view returns (uint256);

    /// @notice The parcels a parcel was created from (empty for an original registration).
    function parentsOf(uint256 parcelId) external view returns (uint256[] memory);

    /// @notice The parcels a retired parcel was split or merged into.
    function childrenOf(uint256 parcelId) external view returns (uint256[] memory);

    /// @notice The number of active liens on a parcel (kept from the lien register's revisions).
    function activeLienCount(uint256 parcelId) external view returns (uint256);

    /// @notice How many titles (sole-owned) an identity holds.
    function titleCountOf(uint256 identityId) external view returns (uint256);

    /// @notice The number of revisions in a parcel's chain of title.
    function revisionCount(uint256 parcelId) external view returns (uint256);

    /**
     * @notice The on-chain anchor of a parcel's chain of title. The full history is the parcel's `RecordRevised`
     * events (`recordKey = bytes32(parcelId)`, revisions 1, 2, ...); the register keeps only their hash chain, in
     * one slot: `head_0 = 0`, `head_n = (keccak256(abi.encode(head_{n-1}, n, kind, ref, actor, timestamp)) &
     * ~0xffffffffffffffff) | n` (types `bytes32, uint256, uint16, uint192, address, uint256`): the hash's high 192
     * bits, then the revision count in the low 64. `actor` is the event's `actor`, `timestamp` the block timestamp
     * of its block. `landHistory` in `src/land.ts` rebuilds the history from the logs and checks it against this.
     * @return revision The parcel's revision count (the low 64 bits of `head`).
     * @return head The chain's head after revision `revision` (0 for an unknown parcel).
     */
    function historyHead(uint256 parcelId) external view returns (uint256 revision, bytes32 head);
}
