// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title RevisionLog
 * @notice The city's append-only revision pattern. Every change to a record bumps the record's revision
 * counter and emits one {RecordRevised} event with the same signature in every service, so one indexer
 * rebuilds the full history of any record in the city. Services that must also answer history queries
 * on-chain keep a {History}: one storage slot per revision, read back in bounded pages.
 * @dev Nothing here deletes or rewrites an entry: the only write is an append.
 */
library RevisionLog {
    /// @notice The largest page {page} returns, so a history query never runs out of gas.
    uint256 internal constant MAX_PAGE = 100;

    /// @notice One revision, packed into one storage slot.
    struct Entry {
        uint48 timestamp; // block timestamp of the change
        uint16 kind; // service-defined change kind (e.g. Registered, Transferred, LienAdded)
        uint192 ref; // service-defined reference: a deed id, a lien id, a counterpart record id
    }

    /// @notice The stored history of one record.
    struct History {
        uint256 count;
        mapping(uint256 revision => Entry) entries;
    }

    /// @notice A page of history was asked for with more entries than {MAX_PAGE}.
    error RevisionPageTooLarge(uint256 limit, uint256 max);

    /**
     * @notice A record changed.
     * @param recordKey The record (service-specific key, e.g. `bytes32(parcelId)`).
     * @param revision The record's revision after the change; the first change is revision 1.
     * @param kind The service-defined change kind.
     * @param ref The service-defined reference.
     * @param actor The account that made the change.
     */
    event RecordRevised(
        bytes32 indexed recordKey,
        uint256 indexed revision,
        uint16 indexed kind,
        uint192 ref,
        address actor
    );

    /**
     * @notice Appends a revision to a stored history and emits {RecordRevised}.
     * @return revision The new revision number (1 for the first change).
     */
    function append(
        History storage history,
        bytes32 recordKey,
        uint16 kind,
        uint192 ref
    ) internal returns (uint256 revision) {
        revision = ++history.count;
        history.entries[revision] = Entry({timestamp: uint48(block.timestamp), kind: kind, ref: ref});
        emit RecordRevised(recordKey, revision, kind, ref, msg.sender);
    }

    /**
     * @notice Emits {RecordRevised} for a record whose revision counter the caller keeps itself (packed into
     * the record), for records whose full history lives in events only.
     */
    function announce(bytes32 recordKey, uint256 revision, uint16 kind, uint192 ref) internal {
        emit RecordRevised(recordKey, revision, kind, ref, msg.sender);
    }

    /**
     * @notice Reads revisions `[fromRevision, fromRevision + limit)` of a history, clipped to its end.
     * @param fromRevision The first revision to read (revisions start at 1).
     * @param limit The most entries to return, at most {MAX_PAGE}.
     */
    function page(
        History storage history,
        uint256 fromRevision,
        uint256 limit
    ) internal view returns (Entry[] memory entries) {
        if (limit > MAX_PAGE) revert RevisionPageTooLarge(limit, MAX_PAGE);
        uint256 count = history.count;
        if (fromRevision == 0) fromRevision = 1;
        if (limit == 0 || fromRevision > count) return new Entry[](0);
        uint256 end = fromRevision + limit - 1;
        if (end > count) end = count;
        entries = new Entry[](end - fromRevision + 1);
        for (uint256 i = 0; i < entries.length; ++i) {
            entries[i] = history.entries[fromRevision + i];
        }
    }
}
