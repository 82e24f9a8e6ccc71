// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Insurance} from "../../insurance/Insurance.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title InsuranceV2
 * @notice Test implementation of an Insurance upgrade: everything of v1 plus one field in a new ERC-7201 namespace.
 * Used by `test/insurance/Upgrade.test.ts` to prove pools, policies, claims, credits, loss events and risks survive.
 * @custom:oz-upgrades-from contracts/insurance/Insurance.sol:Insurance
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract InsuranceV2 is Insurance, V2Extension {}
