// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @notice Test-only stand-in for the claims registry: `hasValidClaim` answers per subject (any topic), so the
 * health invariant tests can run the service alone.
 */
contract MockHealthClaims {
    mapping(uint256 subjectId => bool) public licensed;

    function setLicensed(uint256 subjectId, bool value) external {
        licensed[subjectId] = value;
    }

    function hasValidClaim(uint256 subjectId, bytes32) external view returns (bool) {
        return licensed[subjectId];
    }
}
