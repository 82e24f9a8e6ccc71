// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @notice Test-only hostile token: on the first transfer that matches its trigger it calls back into `victim` with
 * `attack` (as an ERC-777 hook or a malicious token would) and records whether the re-entrant call succeeded.
 * The one hostile token of every service's reentrancy tests.
 */
contract ReentrantToken is ERC20 {
    /// @notice Which transfers re-enter: out of the victim, into or out of it, or any transfer at all.
    enum Trigger {
        Out,
        InOrOut,
        Any
    }

    address public victim;
    bytes public attack;
    Trigger public trigger;
    bool public attempted;
    bool public reentered;
    bytes public reentryError;

    constructor() ERC20("Hostile", "HOST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Re-enters `victim_` with `attack_` on the next transfer out of it.
    function arm(address victim_, bytes calldata attack_) external {
        _arm(victim_, attack_, Trigger.Out);
    }

    /// @notice Re-enters `victim_` with `attack_` on the next transfer that matches `trigger_`.
    function armOn(address victim_, bytes calldata attack_, Trigger trigger_) external {
        _arm(victim_, attack_, trigger_);
    }

    function _arm(address victim_, bytes calldata attack_, Trigger trigger_) private {
        victim = victim_;
        attack = attack_;
        trigger = trigger_;
        attempted = false;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (victim == address(0) || attempted) return;
        bool matches = trigger == Trigger.Any || from == victim || (trigger == Trigger.InOrOut && to == victim);
        if (matches) {
            attempted = true;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory returned) = victim.call(attack);
            reentered = ok;
            reentryError = returned;
        }
    }
}
