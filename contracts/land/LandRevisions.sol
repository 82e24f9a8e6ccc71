// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title LandRevisions
 * @notice The kinds of change in a parcel's chain of title (the `kind` of its `RecordRevised` revisions)
 * and what each revision's `ref` holds. A deed's lock on a parcel is process state, not a change of title:
 * it is announced by `ParcelLocked`/`ParcelUnlocked` events only, and the sale it leads to is the
 * TRANSFERRED revision, whose `ref` is the deed id. Kinds 3 and 4 are reserved (never reused).
 */
library LandRevisions {
    uint16 internal constant REGISTERED = 1; // ref: 0
    uint16 internal constant TRANSFERRED = 2; // ref: deed id
    uint16 internal constant FROZEN = 5; // ref: 0 (reason in ParcelFrozen)
    uint16 internal constant UNFROZEN = 6; // ref: 0
    uint16 internal constant LIEN_ADDED = 7; // ref: lien id
    uint16 internal constant LIEN_RELEASED = 8; // ref: lien id
    uint16 internal constant LIEN_PAID_OFF = 9; // ref: lien id
    uint16 internal constant SUBDIVIDED = 10; // on the parent; ref: number of children
    uint16 internal constant CREATED_BY_SUBDIVISION = 11; // on a child; ref: parent id
    uint16 internal constant MERGED = 12; // on each parent; ref: merged parcel id
    uint16 internal constant CREATED_BY_MERGER = 13; // on the merged parcel; ref: number of parents
    uint16 internal constant SUCCEEDED = 14; // an owner's share passed by succession; ref: fromId << 64 | toId
    uint16 internal constant SOLD = 15; // a signed sale (LandRegistry.settleSigned); ref: buyerId << 96 | price
}
