// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IElections} from "./IElections.sol";

/**
 * @title ElectionRules
 * @notice The ballot-mode-independent rules of an election: validation of what an official sets, the packed
 * configuration every ballot reads in one storage slot, the phase machine and the outcome. A new ballot mode
 * (e.g. issue 12's self-tallying ballot) reuses all of it and only adds how ballots are recorded and counted.
 */
library ElectionRules {
    /// @notice Options an election may have: a ballot stores `choice + 1` in 4 bits (see {BallotBox}).
    uint8 internal constant MAX_OPTIONS = 15;
    /// @notice Largest roll: tallies are 31-bit lanes (see {BallotBox}).
    uint256 internal constant MAX_ROLL = (1 << 31) - 1;
    uint16 internal constant BPS = 10_000;
    uint16 internal constant MIN_THRESHOLD_BPS = 5_000;

    /**
     * @notice What every ballot checks, in one storage slot (31 bytes): mode, options, eligibility, schedule,
     * state, roll and turnout.
     */
    struct Config {
        IElections.ElectionKind kind;
        IElections.BallotMode mode;
        uint8 optionCount;
        IIdentityRegistry.IdentityKind voterKind;
        uint8 minLevel;
        bool hasDistrict;
        IElections.ElectionState state;
        uint40 votingStart;
        uint40 votingEnd;
        uint40 revealEnd;
        uint40 maxVoterId;
        uint32 turnout;
    }

    /// @notice Reverts with the matching `Voting*` error unless `p` is a valid election for a roll of `maxVoterId`.
    function validate(IElections.ElectionParams calldata p, uint256 maxVoterId) internal view {
        bool referendum = p.kind == IElections.ElectionKind.Referendum;
        if (p.optionCount < 2 || (referendum && p.optionCount > 3) || (!referendum && p.optionCount > MAX_OPTIONS))
            revert IElections.VotingOptionCountInvalid(p.kind, p.optionCount);
        if (p.voterKind == IIdentityRegistry.IdentityKind.None || p.voterKind == IIdentityRegistry.IdentityKind.Device)
            revert IElections.VotingVoterKindInvalid(p.voterKind);
        if (p.minLevel < 1 || p.minLevel > 3) revert IElections.VotingMinLevelInvalid(p.minLevel);
        bool ordered =
            p.votingStart >= block.timestamp &&
                p.votingEnd > p.votingStart &&
                (p.mode == IElections.BallotMode.Public ? p.revealEnd == p.votingEnd : p.revealEnd > p.votingEnd);
        if (!ordered) revert IElections.VotingScheduleInvalid(p.votingStart, p.votingEnd, p.revealEnd, block.timestamp);
        if (referendum ? p.passThresholdBps < MIN_THRESHOLD_BPS || p.passThresholdBps >= BPS : p.passThresholdBps != 0)
            revert IElections.VotingThresholdInvalid(p.kind, p.passThresholdBps);
        if (maxVoterId > MAX_ROLL) revert IElections.VotingRollTooLarge(maxVoterId);
        if (p.quorum > maxVoterId) revert IElections.VotingQuorumUnreachable(p.quorum, maxVoterId);
    }

    /// @notice The packed configuration of a validated election whose roll closes at `maxVoterId`.
    function configOf(IElections.ElectionParams calldata p, uint256 maxVoterId) internal pure returns (Config memory) {
        return
            Config({
                kind: p.kind,
                mode: p.mode,
                optionCount: p.optionCount,
                voterKind: p.voterKind,
                minLevel: p.minLevel,
                hasDistrict: p.district != bytes32(0),
                state: IElections.ElectionState.Open,
                votingStart: p.votingStart,
                votingEnd: p.votingEnd,
                revealEnd: p.revealEnd,
                maxVoterId: uint40(maxVoterId),
                turnout: 0
            });
    }

    /// @notice The phase now: from the stored state once final, otherwise from the clock (so it only moves forward).
    function phaseOf(Config memory c) internal view returns (IElections.Phase) {
        if (c.optionCount == 0) return IElections.Phase.None;
        if (c.state == IElections.ElectionState.Finalized) return IElections.Phase.Finalized;
        if (c.state == IElections.ElectionState.Cancelled) return IElections.Phase.Cancelled;
        if (block.timestamp < c.votingStart) return IElections.Phase.Scheduled;
        if (block.timestamp <= c.votingEnd) return IElections.Phase.Voting;
        if (block.timestamp <= c.revealEnd) return IElections.Phase.Reveal;
        return IElections.Phase.Counting;
    }

    /**
     * @notice The outcome of final tallies. Referendum: 0 = yes, 1 = no (2 = abstain counts for the quorum only);
     * passed when `yes * 10,000 > threshold * (yes + no)`. Election: the option with the most votes, or a tie.
     * @return outcome The outcome.
     * @return winner The elected option (`Elected` only, else 0).
     * @return votes The counted votes.
     */
    function outcomeOf(
        Config memory c,
        uint32 quorum,
        uint16 passThresholdBps,
        uint256[] memory counts
    ) internal pure returns (IElections.Outcome outcome, uint8 winner, uint256 votes) {
        uint256 best;
        bool tied;
        for (uint8 i = 0; i < counts.length; ++i) {
            votes += counts[i];
            if (counts[i] > best || i == 0) {
                (best, winner, tied) = (counts[i], i, false);
            } else if (counts[i] == best) {
                tied = true;
            }
        }
        if (votes < quorum) return (IElections.Outcome.NoQuorum, 0, votes);
        if (c.kind == IElections.ElectionKind.Referendum) {
            uint256 yes = counts[0];
            bool passed = yes * BPS > uint256(passThresholdBps) * (yes + counts[1]);
            return (passed ? IElections.Outcome.Passed : IElections.Outcome.Rejected, 0, votes);
        }
        return tied ? (IElections.Outcome.Tied, 0, votes) : (IElections.Outcome.Elected, winner, votes);
    }

    /// @notice Secret: identities that committed. Public: ballots cast (the counted votes).
    function turnout(Config memory c, uint256 votes) internal pure returns (uint256) {
        return c.mode == IElections.BallotMode.Secret ? c.turnout : votes;
    }

    /// @notice The sum of `values`.
    function sum(uint256[] memory values) internal pure returns (uint256 total) {
        for (uint256 i = 0; i < values.length; ++i) total += values[i];
    }
}
