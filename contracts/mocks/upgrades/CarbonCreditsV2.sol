// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CarbonCredits} from "../../carbon/CarbonCredits.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title CarbonCreditsV2
 * @notice Test implementation of a CarbonCredits upgrade: everything of v1 plus one field in a new ERC-7201 namespace.
 * Used by the carbon upgrade test to prove every record survives an upgrade.
 * @custom:oz-upgrades-from contracts/carbon/CarbonCredits.sol:CarbonCredits
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract CarbonCreditsV2 is CarbonCredits, V2Extension {}
