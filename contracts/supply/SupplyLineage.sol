// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISupplyChain} from "./ISupplyChain.sol";

/**
 * @title SupplyLineage
 * @notice The bounded lineage arithmetic of the supply chain: the recall walk, the mass balance and pages.
 */
library SupplyLineage {
    /// @notice Basis points of a conversion factor of 1.
    uint32 internal constant BPS = 10_000;

    /// @notice What the inputs of a transformation add up to.
    struct Inputs {
        uint256 holderId;
        uint256 quantity;
        uint256 co2eGrams;
        uint256 paths;
        uint256 packed;
        uint256 count;
        uint256 produced;
        uint256 co2eOut;
        uint16 unit;
    }

    /// @notice The declared parameters of a transformation (unit 0: the inputs' unit).
    struct Step {
        uint8 kind;
        uint16 unit;
        uint32 factorBps;
        uint96 processCo2eGrams;
        bytes32 where;
    }

    /**
     * @notice Whether `batchId` or an ancestor was recalled. Depth-first walk of the ancestry, pruned at every
     * batch created at the current recall epoch (no recall happened since, and none before: a recalled batch
     * cannot be transformed). A batch's lineage has at most `maxPaths` paths, so at most 1 + maxPaths visits.
     * @param parents Up to four parent ids per batch, packed as uint64s.
     */
    function isRecalled(
        mapping(uint256 => ISupplyChain.Batch) storage batches,
        mapping(uint256 => uint256) storage parents,
        uint32 epoch,
        uint256 batchId,
        uint256 maxPaths
    ) internal view returns (bool) {
        ISupplyChain.Batch storage root = batches[batchId];
        if (root.recalled) return true;
        if (root.createdEpoch == epoch) return false;
        uint256[] memory stack = new uint256[](maxPaths + 1);
        stack[0] = batchId;
        uint256 top = 1;
        while (top != 0) {
            uint256 id = stack[--top];
            ISupplyChain.Batch storage b = batches[id];
            if (b.recalled) return true;
            uint256 n = b.parentCount;
            if (n == 0 || b.createdEpoch == epoch) continue;
            uint256 packed = parents[id];
            for (uint256 i; i < n; ++i) stack[top++] = uint64(packed >> (64 * i));
        }
        return false;
    }

    /// @notice Reverts unless `outputs <= inputs * factorBps / BPS`.
    function checkBalance(uint256 outputs, uint256 inputs, uint256 factorBps) internal pure {
        uint256 maxOutputs = (inputs * factorBps) / BPS;
        if (outputs > maxOutputs) revert ISupplyChain.SupplyMassBalanceExceeded(outputs, maxOutputs);
    }

    /// @notice An empty page of `min(limit, count - offset)` entries (none when `offset >= count`).
    function page(uint256 count, uint256 offset, uint256 limit) internal pure returns (uint256[] memory) {
        if (offset >= count) return new uint256[](0);
        uint256 n = count - offset;
        return new uint256[](n < limit ? n : limit);
    }
}
