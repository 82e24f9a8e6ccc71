// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Invoices} from "../../payments/Invoices.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title InvoicesV2
 * @notice Test implementation of a Invoices upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace. Used by the upgrade tests to prove its records survive an upgrade.
 * It replaces the code of an already initialised proxy, so it has a migration step (`initializeV2`, a
 * reinitializer) instead of a full initializer: the validator is told so explicitly.
 * @custom:oz-upgrades-from contracts/payments/Invoices.sol:Invoices
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract InvoicesV2 is Invoices, V2Extension {}
