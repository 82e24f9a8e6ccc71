// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @notice Test-only stand-in for the identity registry, with only the views the insurance
 * service reads (same selectors), so invariant tests can run the service alone.
 */
contract MockIdentityRegistry {
    mapping(address wallet => uint256) public identityOf;
    mapping(uint256 identityId => address) public walletOf;

    function set(uint256 identityId, address wallet) external {
        identityOf[walletOf[identityId]] = 0;
        identityOf[wallet] = identityId;
        walletOf[identityId] = wallet;
    }

    function isIdentityVerified(uint256 identityId, uint8) external view returns (bool) {
        return walletOf[identityId] != address(0);
    }
}
