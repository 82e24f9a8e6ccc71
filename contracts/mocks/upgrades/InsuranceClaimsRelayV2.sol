// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {InsuranceClaimsRelay} from "../../insurance/InsuranceClaimsRelay.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title InsuranceClaimsRelayV2
 * @notice Test implementation of an InsuranceClaimsRelay upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove nonces, links, the passkey policy and permissions survive an upgrade.
 * It replaces the code of an already initialised proxy, so it has a migration step (`initializeV2`, a
 * reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/insurance/InsuranceClaimsRelay.sol:InsuranceClaimsRelay
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract InsuranceClaimsRelayV2 is InsuranceClaimsRelay, V2Extension {}
