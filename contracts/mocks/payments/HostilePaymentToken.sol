// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @notice Test-only hostile token: the first transfer into or out of `victim` (or, armed with {armOnAnyTransfer},
 * the first transfer at all, e.g. one `victim` orders between two other accounts) calls back into `victim` with
 * `attack` and records whether the re-entrant call succeeded (and its revert data).
 */
contract HostilePaymentToken is ERC20 {
    address public victim;
    bytes public attack;
    bool public attempted;
    bool public reentered;
    bytes public reentryError;
    bool public onAnyTransfer;

    constructor() ERC20("Hostile", "HOST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address victim_, bytes calldata attack_) external {
        victim = victim_;
        attack = attack_;
        attempted = false;
        onAnyTransfer = false;
    }

    function armOnAnyTransfer(address victim_, bytes calldata attack_) external {
        victim = victim_;
        attack = attack_;
        attempted = false;
        onAnyTransfer = true;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (victim != address(0) && (onAnyTransfer || from == victim || to == victim) && !attempted) {
            attempted = true;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory returned) = victim.call(attack);
            reentered = ok;
            reentryError = returned;
        }
    }
}
