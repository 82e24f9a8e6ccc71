// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @notice Test-only hostile token for the property tax: on its first transfer after being armed (whoever sends),
 * it calls `target` with `attack` and records whether the re-entrant call succeeded.
 */
contract ReentrantTaxToken is ERC20 {
    address public target;
    bytes public attack;
    bool public attempted;
    bool public reentered;
    bytes public reentryError;

    constructor() ERC20("Hostile", "HOST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata attack_) external {
        target = target_;
        attack = attack_;
        attempted = false;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (target != address(0) && !attempted) {
            attempted = true;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory returned) = target.call(attack);
            reentered = ok;
            reentryError = returned;
        }
    }
}
