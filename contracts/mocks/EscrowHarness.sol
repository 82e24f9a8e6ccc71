// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Escrow} from "../common/Escrow.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";

/// @notice Test-only service exposing {Escrow}'s internal functions.
contract EscrowHarness is Escrow {
    IIdentityRegistry private immutable _IDENTITY;

    constructor(IERC20 token, IIdentityRegistry identityRegistry) Escrow(token) {
        _IDENTITY = identityRegistry;
    }

    /// @notice Locks `amount` paid by the caller on behalf of identity `depositorId`.
    function lock(uint256 escrowId, uint256 depositorId, uint256 amount) external nonReentrant {
        _lock(escrowId, depositorId, msg.sender, amount);
    }

    function lockFor(uint256 escrowId, uint256 depositorId, address payer, uint256 amount) external nonReentrant {
        _lock(escrowId, depositorId, payer, amount);
    }

    function release(uint256 escrowId, uint256 payeeId, uint256 amount) external nonReentrant {
        _release(escrowId, payeeId, amount);
    }

    function refund(uint256 escrowId) external nonReentrant {
        _refund(escrowId);
    }

    function sweep(address to) external nonReentrant {
        _sweepExcess(to);
    }

    function remaining(uint256 escrowId) external view returns (uint256) {
        return _remaining(escrowId);
    }

    function _escrowIdentityRegistry() internal view override returns (IIdentityRegistry) {
        return _IDENTITY;
    }
}
