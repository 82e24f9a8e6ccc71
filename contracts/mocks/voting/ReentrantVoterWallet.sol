// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

import {IElections} from "../../voting/IElections.sol";

/**
 * @notice Test-only hostile smart-contract wallet of a voter: asked to check a relayed ballot's signature, it
 * tries to cast a second ballot for its identity from inside the check. The check is a static call, so the
 * attempt can only make the signature invalid. It can also act on-chain (`castDirectly`) like an honest wallet.
 */
contract ReentrantVoterWallet {
    IElections public immutable ELECTIONS;
    uint256 public electionId;
    uint256 public voterId;

    constructor(IElections elections) {
        ELECTIONS = elections;
    }

    /// @notice Sets the election and identity the wallet attacks.
    function arm(uint256 electionId_, uint256 voterId_) external {
        (electionId, voterId) = (electionId_, voterId_);
    }

    /// @notice ERC-1271 check that re-enters the elections contract before answering "valid".
    function isValidSignature(bytes32, bytes calldata) external returns (bytes4) {
        ELECTIONS.cast(electionId, voterId, 1);
        return IERC1271.isValidSignature.selector;
    }

    /// @notice Casts the wallet identity's ballot itself.
    function castDirectly(uint8 choice) external {
        ELECTIONS.cast(electionId, voterId, choice);
    }
}
