// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IdentityClaims} from "../../identity/IdentityClaims.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title IdentityClaimsV2
 * @notice Test implementation of an IdentityClaims upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by `test/identity/Upgrade.test.ts` to prove every record, pending operation and permission
 * survives an upgrade. It replaces the code of an already initialised proxy, so it has a migration step
 * (`initializeV2`, a reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/identity/IdentityClaims.sol:IdentityClaims
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract IdentityClaimsV2 is IdentityClaims, V2Extension {}
