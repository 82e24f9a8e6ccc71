// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {CityService} from "../common/CityService.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IPayrollStreams} from "./IPayrollStreams.sol";
import {PaymentParties} from "./PaymentParties.sol";

/**
 * @title PayrollStreams
 * @notice Linear salary streams between identities. See {IPayrollStreams}.
 * @dev Three slots per stream. `totalHeld` is the sum over streams of `rate * (end - start) - withdrawn`; the
 * token balance never falls below it (the solvency invariant). Every token move comes after the state change,
 * under a transient reentrancy guard.
 */
contract PayrollStreams is CityService, ReentrancyGuardTransient, IPayrollStreams {
    using PaymentParties for IIdentityRegistry;
    using SafeERC20 for IERC20;

    /// @inheritdoc IPayrollStreams
    uint256 public constant MAX_PAGE = 100;

    struct StoredStream {
        uint64 employerId;
        uint64 employeeId;
        uint128 ratePerSecond;
        uint40 start;
        uint40 cliff;
        uint40 end;
        StreamStatus status;
        uint128 withdrawn;
        uint64 prevFunded; // the employer's previous stream (linked list, newest first)
        uint64 prevReceived; // the employee's previous stream
    }

    struct Party {
        uint64 funded;
        uint64 fundedHead;
        uint64 received;
        uint64 receivedHead;
    }

    /// @custom:storage-location erc7201:citychain.storage.PayrollStreams
    struct PayrollStreamsStorage {
        IIdentityRegistry identity;
        IERC20 token;
        uint64 streamCount;
        uint256 totalHeld;
        mapping(uint256 streamId => StoredStream) streams;
        mapping(uint256 identityId => Party) parties;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.PayrollStreams")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STREAMS_STORAGE = 0xa897a7864cc384794fd8cd88d58d806b724f7df2604417cf6873c64dc7e34200;

    /**
     * @param authority The city's AccessManager.
     * @param identityRegistry The city's identity registry.
     * @param token The settlement token.
     */
    function initialize(address authority, IIdentityRegistry identityRegistry, IERC20 token) external initializer {
        __CityService_init(authority);
        _s().identity = identityRegistry;
        _s().token = token;
    }

    /// @inheritdoc IPayrollStreams
    function createStream(
        uint256 employeeId,
        uint256 ratePerSecond,
        uint256 start,
        uint256 cliff,
        uint256 end
    ) external nonReentrant returns (uint256 streamId) {
        PayrollStreamsStorage storage $ = _s();
        uint256 employerId = $.identity.verifiedCaller(msg.sender);
        $.identity.requireCounterparty(employerId, employeeId);
        if (
            start < block.timestamp ||
            end <= start ||
            end > type(uint40).max ||
            (cliff != 0 && (cliff < start || cliff > end))
        ) {
            revert StreamTimesInvalid(start, cliff, end);
        }
        if (ratePerSecond == 0 || ratePerSecond > type(uint128).max) revert PaymentsAmountInvalid(ratePerSecond);
        uint256 deposit = ratePerSecond * (end - start);
        if (deposit > type(uint128).max) revert PaymentsAmountInvalid(deposit);
        streamId = ++$.streamCount;
        Party storage employer = $.parties[employerId];
        Party storage employee = $.parties[employeeId];
        $.streams[streamId] = StoredStream({
            employerId: uint64(employerId),
            employeeId: uint64(employeeId),
            ratePerSecond: uint128(ratePerSecond),
            start: uint40(start),
            cliff: uint40(cliff),
            end: uint40(end),
            status: StreamStatus.Active,
            withdrawn: 0,
            prevFunded: employer.fundedHead,
            prevReceived: employee.receivedHead
        });
        employer.fundedHead = uint64(streamId);
        ++employer.funded;
        employee.receivedHead = uint64(streamId);
        ++employee.received;
        $.totalHeld += deposit;
        emit StreamCreated(streamId, employerId, employeeId, ratePerSecond, start, cliff, end, deposit);
        $.token.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @inheritdoc IPayrollStreams
    function withdraw(uint256 streamId, uint256 amount) external nonReentrant {
        PayrollStreamsStorage storage $ = _s();
        StoredStream storage s = _existing($, streamId);
        uint256 employeeId = s.employeeId;
        if ($.identity.walletOf(employeeId) != msg.sender || !$.identity.isIdentityVerified(employeeId, 1)) {
            revert StreamCallerNotEmployee(streamId, msg.sender);
        }
        uint256 withdrawn = s.withdrawn;
        uint256 available = _streamed(s, block.timestamp) - withdrawn;
        if (amount == 0) revert PaymentsAmountInvalid(amount);
        if (amount > available) revert StreamOverdraw(streamId, available, amount);
        s.withdrawn = uint128(withdrawn + amount);
        $.totalHeld -= amount;
        emit StreamWithdrawn(streamId, employeeId, msg.sender, amount);
        $.token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IPayrollStreams
    function cancel(uint256 streamId) external nonReentrant {
        PayrollStreamsStorage storage $ = _s();
        StoredStream storage s = _existing($, streamId);
        if (s.status != StreamStatus.Active) revert StreamNotActive(streamId, s.status);
        uint256 employerId = s.employerId;
        if ($.identity.walletOf(employerId) != msg.sender) revert StreamCallerNotEmployer(streamId, msg.sender);
        uint256 end = s.end;
        if (block.timestamp >= end) revert StreamEnded(streamId, end);
        uint256 deposit = uint256(s.ratePerSecond) * (end - s.start);
        uint256 accrued = _streamed(s, block.timestamp);
        if (accrued == 0) {
            s.end = s.start; // nothing accrued (before the start or the cliff): the stream stops empty
            s.cliff = 0;
        } else {
            s.end = uint40(block.timestamp);
        }
        s.status = StreamStatus.Cancelled;
        uint256 refund = deposit - accrued;
        $.totalHeld -= refund;
        emit StreamCancelled(streamId, employerId, msg.sender, accrued, refund);
        $.token.safeTransfer(msg.sender, refund);
    }

    /// @inheritdoc IPayrollStreams
    function stream(uint256 streamId) external view returns (Stream memory) {
        StoredStream storage s = _existing(_s(), streamId);
        return Stream(s.employerId, s.employeeId, s.ratePerSecond, s.start, s.cliff, s.end, s.withdrawn, s.status);
    }

    /// @inheritdoc IPayrollStreams
    function streamedAmount(uint256 streamId) external view returns (uint256) {
        return _streamed(_existing(_s(), streamId), block.timestamp);
    }

    /// @inheritdoc IPayrollStreams
    function withdrawable(uint256 streamId) external view returns (uint256) {
        StoredStream storage s = _existing(_s(), streamId);
        return _streamed(s, block.timestamp) - s.withdrawn;
    }

    /// @inheritdoc IPayrollStreams
    function totalHeld() external view returns (uint256) {
        return _s().totalHeld;
    }

    /// @inheritdoc IPayrollStreams
    function streamCounts(uint256 identityId) external view returns (uint256 funded, uint256 received) {
        Party memory p = _s().parties[identityId];
        return (p.funded, p.received);
    }

    /// @inheritdoc IPayrollStreams
    function streamsOf(
        uint256 identityId,
        bool asEmployer,
        uint256 cursor,
        uint256 limit
    ) external view returns (uint256[] memory ids, uint256 next) {
        PaymentParties.requirePage(limit, MAX_PAGE);
        PayrollStreamsStorage storage $ = _s();
        Party memory p = $.parties[identityId];
        next =
            cursor != 0
                ? cursor
                : asEmployer
                    ? p.fundedHead
                    : p.receivedHead;
        if (next != 0) {
            StoredStream storage first = _existing($, next);
            if ((asEmployer ? first.employerId : first.employeeId) != identityId) revert StreamUnknown(next);
        }
        ids = new uint256[](limit);
        uint256 n;
        while (n < limit && next != 0) {
            ids[n++] = next;
            StoredStream storage s = $.streams[next];
            next = asEmployer ? s.prevFunded : s.prevReceived;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(ids, n)
        }
    }

    /// @dev Accrued by time `t`: 0 before the cliff (or the start), then linear up to the end.
    function _streamed(StoredStream storage s, uint256 t) private view returns (uint256) {
        uint256 start = s.start;
        if (t < s.cliff || t <= start) return 0;
        uint256 end = s.end;
        return uint256(s.ratePerSecond) * ((t < end ? t : end) - start);
    }

    function _existing(
        PayrollStreamsStorage storage $,
        uint256 streamId
    ) private view returns (StoredStream storage s) {
        s = $.streams[streamId];
        if (s.status == StreamStatus.None) revert StreamUnknown(streamId);
    }

    function _s() private pure returns (PayrollStreamsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _STREAMS_STORAGE
        }
    }
}
