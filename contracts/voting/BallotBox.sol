// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title BallotBox
 * @notice Counted ballots and tallies, packed so that a vote rewrites already-written storage words
 * (5,000 gas each) instead of creating new ones (22,100):
 * - public ballots: 4 bits per voter identity (`choice + 1`; 0 = not counted), 64 voters per word, keyed by
 *   `voterId / 64`: one identity, one counted ballot, and every voter's counted choice readable;
 * - secret ballots: the voter's receipt slot holds the commitment, whose last byte is zero, and the reveal
 *   writes `choice + 1` into that byte (a rewrite of a slot the reveal reads anyway);
 * - tallies: 8 counts of 31 bits per word (at most 2^31 - 1 voters), with bit 255 set when the election is
 *   created, so the word is never zero and the first vote for an option costs the same as the thousandth.
 */
library BallotBox {
    uint256 private constant _LANE_MASK = 0xf;
    uint256 private constant _COUNT_MASK = 0x7fffffff;
    uint256 private constant _WRITTEN = 1 << 255;
    uint256 private constant _RECEIPT_BYTE = 0xff;

    /// @notice Writes the tally words of an election with `optionCount` options (at most 16).
    function openTallies(uint256[2] storage counts, uint8 optionCount) internal {
        counts[0] = _WRITTEN;
        if (optionCount > 8) counts[1] = _WRITTEN;
    }

    /**
     * @notice Records `voterId`'s counted `choice` and adds it to the tally; returns false (and changes nothing)
     * when this voter already has a counted ballot.
     */
    function count(
        mapping(uint256 word => uint256) storage ballots,
        uint256[2] storage counts,
        uint256 voterId,
        uint8 choice
    ) internal returns (bool) {
        uint256 word = voterId >> 6;
        uint256 shift = (voterId & 63) << 2;
        uint256 packed = ballots[word];
        if ((packed >> shift) & _LANE_MASK != 0) return false;
        ballots[word] = packed | ((uint256(choice) + 1) << shift);
        addVote(counts, choice);
        return true;
    }

    /// @notice Adds one vote for `choice` (below 16) to the tally.
    function addVote(uint256[2] storage counts, uint8 choice) internal {
        // A count is below 2^31 - 1 (one per voter on the roll), so the addition never reaches the next lane.
        counts[choice >> 3] += 1 << ((uint256(choice) & 7) << 5);
    }

    /// @notice Whether `commitment` can be a secret ballot's commitment: non-zero, last byte zero.
    function isCommitment(bytes32 commitment) internal pure returns (bool) {
        return commitment != bytes32(0) && uint256(commitment) & _RECEIPT_BYTE == 0;
    }

    /// @notice A secret ballot's receipt once `choice` was revealed: the commitment with `choice + 1` in its last byte.
    function opened(bytes32 commitment, uint8 choice) internal pure returns (bytes32) {
        return commitment | bytes32(uint256(choice) + 1);
    }

    /// @notice Splits a secret ballot's receipt into its commitment and, once revealed, the counted choice.
    function readReceipt(bytes32 stored) internal pure returns (bytes32 commitment, bool counted, uint8 choice) {
        uint256 mark = uint256(stored) & _RECEIPT_BYTE;
        commitment = stored & ~bytes32(_RECEIPT_BYTE);
        return mark == 0 ? (commitment, false, 0) : (commitment, true, uint8(mark - 1));
    }

    /// @notice Whether `voterId` has a counted ballot, and its choice.
    function ballotOf(
        mapping(uint256 word => uint256) storage ballots,
        uint256 voterId
    ) internal view returns (bool counted, uint8 choice) {
        uint256 lane = (ballots[voterId >> 6] >> ((voterId & 63) << 2)) & _LANE_MASK;
        return lane == 0 ? (false, 0) : (true, uint8(lane - 1));
    }

    /// @notice The counts of the first `optionCount` options.
    function countsOf(uint256[2] storage counts, uint8 optionCount) internal view returns (uint256[] memory out) {
        out = new uint256[](optionCount);
        for (uint256 i = 0; i < optionCount; ++i) {
            out[i] = (counts[i >> 3] >> ((i & 7) << 5)) & _COUNT_MASK;
        }
    }

    /// @notice A secret ballot's commitment, bound to this chain and contract; its last byte is cleared (the
    /// receipt slot uses it to record the reveal).
    function commitmentOf(
        uint256 electionId,
        uint256 voterId,
        uint8 choice,
        bytes32 salt
    ) internal view returns (bytes32) {
        return
            keccak256(abi.encode(block.chainid, address(this), electionId, voterId, choice, salt)) &
            ~bytes32(uint256(0xff));
    }
}
