// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Escrow} from "../common/Escrow.sol";

/// @notice Test-only service exposing {Escrow}'s internal functions.
contract EscrowHarness is Escrow {
    constructor(IERC20 token) Escrow(token) {}

    function lock(uint256 escrowId, uint256 amount) external nonReentrant {
        _lock(escrowId, msg.sender, amount);
    }

    function lockFor(uint256 escrowId, address depositor, uint256 amount) external nonReentrant {
        _lock(escrowId, depositor, amount);
    }

    function release(uint256 escrowId, address payee, uint256 amount) external nonReentrant {
        _release(escrowId, payee, amount);
    }

    function refund(uint256 escrowId) external nonReentrant {
        _refund(escrowId);
    }

    function remaining(uint256 escrowId) external view returns (uint256) {
        return _remaining(escrowId);
    }
}
