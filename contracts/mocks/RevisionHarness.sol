// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Documents} from "../common/Documents.sol";
import {RevisionLog} from "../common/RevisionLog.sol";

/// @notice Test-only contract exposing the {RevisionLog} and {Documents} libraries.
contract RevisionHarness {
    mapping(bytes32 recordKey => RevisionLog.History) private _histories;

    function append(bytes32 recordKey, uint16 kind, uint192 ref) external returns (uint256) {
        return RevisionLog.append(_histories[recordKey], recordKey, kind, ref);
    }

    function announce(bytes32 recordKey, uint256 revision, uint16 kind, uint192 ref) external {
        RevisionLog.announce(recordKey, revision, kind, ref);
    }

    function page(
        bytes32 recordKey,
        uint256 fromRevision,
        uint256 limit
    ) external view returns (RevisionLog.Entry[] memory) {
        return RevisionLog.page(_histories[recordKey], fromRevision, limit);
    }

    function count(bytes32 recordKey) external view returns (uint256) {
        return _histories[recordKey].count;
    }

    function anchor(bytes32 recordKey, Documents.Document calldata doc) external returns (bytes32) {
        return Documents.anchor(recordKey, doc);
    }

    function commitmentOf(Documents.Document calldata doc) external pure returns (bytes32) {
        return Documents.commitmentOf(doc);
    }
}
