// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @notice Test-only hostile token for the property tax: on its first transfer after being armed (whoever sends),
 * it calls `victim` with `attack` and records whether the re-entrant call succeeded.
 */
contract ReentrantTaxToken is ERC20 {
    address public victim;
    bytes public attack;
    bool public attempted;
    bool public reentered;
    bytes public reentryError;

    constructor() ERC20("Hostile", "HOST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata attack_) external {
        victim = target_;
        attack = attack_;
        attempted = false;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (victim != address(0) && !attempted) {
            attempted = true;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory returned) = victim.call(attack);
            reentered = ok;
            reentryError = returned;
        }
    }
}
