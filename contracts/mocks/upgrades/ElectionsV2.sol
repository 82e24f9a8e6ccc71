// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Elections} from "../../voting/Elections.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title ElectionsV2
 * @notice Test implementation of an Elections upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove elections, commitments, ballots, tallies and nonces survive.
 * @custom:oz-upgrades-from contracts/voting/Elections.sol:Elections
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract ElectionsV2 is Elections, V2Extension {}
