// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HealthRecords} from "../../health/HealthRecords.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title HealthRecordsV2
 * @notice Test implementation of a HealthRecords upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove records, grants and trails survive an upgrade.
 * It replaces the code of an already initialised proxy, so it has a migration step (`initializeV2`, a
 * reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/health/HealthRecords.sol:HealthRecords
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract HealthRecordsV2 is HealthRecords, V2Extension {}
