// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPaymentsCommon} from "./IPaymentsCommon.sol";

/**
 * @title IPayrollStreams
 * @notice Payroll streams (after Sablier's linear streams): an employer identity deposits
 * `ratePerSecond * (end - start)` and the employee identity's salary accrues every second from `start` to
 * `end`; before the optional cliff nothing has accrued. The employee withdraws what has accrued at any time,
 * to its identity's current primary wallet (the stream follows the identity through a key recovery). The
 * employer may cancel an Active stream before its end: what has accrued stays the employee's (withdrawable
 * later), the rest is refunded at once to the caller, the employer identity's current primary wallet.
 *
 * streamed(t) = 0 if t < cliff, else ratePerSecond * (min(t, end) - start) (0 before start); the deposit is
 * ratePerSecond * (end - start), so a stream never pays more than its deposit (no rounding: integer rate).
 *
 * | status    | withdraw (employee)       | cancel (employer, before end)                         |
 * |-----------|---------------------------|-------------------------------------------------------|
 * | Active    | up to streamed - withdrawn| Cancelled; end := now (start if before the cliff)     |
 * | Cancelled | up to streamed - withdrawn| StreamNotActive                                       |
 */
interface IPayrollStreams is IPaymentsCommon {
    /// @notice Lifecycle of a stream; see the table above.
    enum StreamStatus {
        None,
        Active,
        Cancelled
    }

    /// @notice A stream as the views return it (`end` is the stop time after a cancellation).
    struct Stream {
        uint256 employerId;
        uint256 employeeId;
        uint256 ratePerSecond;
        uint256 start;
        uint256 cliff;
        uint256 end;
        uint256 withdrawn;
        StreamStatus status;
    }

    /// @notice No stream has this id.
    error StreamUnknown(uint256 streamId);
    /// @notice The stream was cancelled already.
    error StreamNotActive(uint256 streamId, StreamStatus status);
    /// @notice The stream has ended: nothing is left to cancel.
    error StreamEnded(uint256 streamId, uint256 end);
    /// @notice The caller is not the current primary wallet of the employee identity (or it is not verified).
    error StreamCallerNotEmployee(uint256 streamId, address caller);
    /// @notice The caller is not the current primary wallet of the employer identity.
    error StreamCallerNotEmployer(uint256 streamId, address caller);
    /// @notice Not `now <= start < end < 2^40` with `cliff` 0 or within `[start, end]`.
    error StreamTimesInvalid(uint256 start, uint256 cliff, uint256 end);
    /// @notice The withdrawal is more than has accrued and not been withdrawn.
    error StreamOverdraw(uint256 streamId, uint256 available, uint256 amount);

    /// @notice A stream was created and its deposit pulled from the employer's wallet.
    event StreamCreated(
        uint256 indexed streamId,
        uint256 indexed employerId,
        uint256 indexed employeeId,
        uint256 ratePerSecond,
        uint256 start,
        uint256 cliff,
        uint256 end,
        uint256 deposit
    );
    /// @notice The employee withdrew `amount` to `wallet`, its identity's primary wallet.
    event StreamWithdrawn(uint256 indexed streamId, uint256 indexed employeeId, address indexed wallet, uint256 amount);
    /// @notice The employer cancelled: `accrued` stays the employee's, `refunded` went to `wallet`.
    event StreamCancelled(
        uint256 indexed streamId,
        uint256 indexed employerId,
        address indexed wallet,
        uint256 accrued,
        uint256 refunded
    );

    /**
     * @notice Creates a stream from the caller's identity (its primary wallet, verified) to `employeeId` and
     * pulls the deposit `ratePerSecond * (end - start)` from the caller (approval needed).
     * @param employeeId The employee identity (registered, not the employer).
     * @param ratePerSecond Tokens per second, > 0.
     * @param start Start time, not in the past.
     * @param cliff 0 (no cliff) or a time in `[start, end]` before which nothing accrues.
     * @param end End time, after `start`, below 2^40.
     * @return streamId The new stream's id.
     */
    function createStream(
        uint256 employeeId,
        uint256 ratePerSecond,
        uint256 start,
        uint256 cliff,
        uint256 end
    ) external returns (uint256 streamId);

    /**
     * @notice Pays `amount` of what has accrued to the caller, the employee identity's current primary wallet.
     * @param streamId The stream.
     * @param amount 1 .. {withdrawable}.
     */
    function withdraw(uint256 streamId, uint256 amount) external;

    /**
     * @notice Cancels an Active stream before its end; only the employer identity's primary wallet. The accrued
     * part stays the employee's; the rest is sent to the caller.
     * @param streamId The stream.
     */
    function cancel(uint256 streamId) external;

    /// @notice The stream `streamId`.
    function stream(uint256 streamId) external view returns (Stream memory);

    /// @notice What the stream has accrued so far (withdrawn included).
    function streamedAmount(uint256 streamId) external view returns (uint256);

    /// @notice What the employee can withdraw now.
    function withdrawable(uint256 streamId) external view returns (uint256);

    /// @notice Everything the contract holds for its streams: deposits not yet withdrawn nor refunded.
    function totalHeld() external view returns (uint256);

    /// @notice How many streams identity `identityId` funds and receives.
    function streamCounts(uint256 identityId) external view returns (uint256 funded, uint256 received);

    /**
     * @notice Up to `limit` ids of the streams `identityId` funds (`asEmployer`) or receives, newest first,
     * from `cursor` (0: the newest); `next` is the cursor of the following page (0 when none).
     */
    function streamsOf(
        uint256 identityId,
        bool asEmployer,
        uint256 cursor,
        uint256 limit
    ) external view returns (uint256[] memory ids, uint256 next);

    /// @notice The largest page of {streamsOf}.
    function MAX_PAGE() external view returns (uint256);
}
