// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SelfTallyBallot} from "../../voting/SelfTallyBallot.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title SelfTallyBallotV2
 * @notice Test implementation of a SelfTallyBallot upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove keys, votes, shares and running products survive.
 * @custom:oz-upgrades-from contracts/voting/SelfTallyBallot.sol:SelfTallyBallot
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract SelfTallyBallotV2 is SelfTallyBallot, V2Extension {}
