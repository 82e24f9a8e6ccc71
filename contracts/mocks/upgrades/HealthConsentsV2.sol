// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HealthConsents} from "../../health/HealthConsents.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title HealthConsentsV2
 * @notice Test implementation of a HealthConsents upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove records, grants and trails survive an upgrade.
 * It replaces the code of an already initialised proxy, so it has a migration step (`initializeV2`, a
 * reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/health/HealthConsents.sol:HealthConsents
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract HealthConsentsV2 is HealthConsents, V2Extension {}
