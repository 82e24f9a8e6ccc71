// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {CityService} from "../common/CityService.sol";
import {Escrow} from "../common/Escrow.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";

/**
 * @notice Test-only service exposing {Escrow}'s internal functions. Deployed behind an ERC-1967 proxy like every
 * city contract (`initialize(authority, token, identityRegistry)`); its own functions are open.
 */
contract EscrowHarness is CityService, Escrow {
    /// @custom:storage-location erc7201:citychain.storage.EscrowHarness
    struct EscrowHarnessStorage {
        IIdentityRegistry identity;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.EscrowHarness")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _HARNESS_STORAGE = 0x6dc1ec2730c7991243f4818aeb0e7dac973e4e9bd9a8de1c8d47ea8b31a06600;

    function initialize(address authority, IERC20 token, IIdentityRegistry identityRegistry) external initializer {
        __CityService_init(authority);
        __Escrow_init(token);
        _harnessStorage().identity = identityRegistry;
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
        return _harnessStorage().identity;
    }

    function _harnessStorage() private pure returns (EscrowHarnessStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _HARNESS_STORAGE
        }
    }
}
