// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PropertyTax} from "../../payments/PropertyTax.sol";
import {V2Extension} from "./V2Extension.sol";

/**
 * @title PropertyTaxV2
 * @notice Test implementation of a PropertyTax upgrade: everything of v1 plus one field in a new ERC-7201
 * namespace, with a migration step.
 * @custom:oz-upgrades-from contracts/payments/PropertyTax.sol:PropertyTax
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract PropertyTaxV2 is PropertyTax, V2Extension {}
