// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandRegistry} from "../land/ILandRegistry.sol";
import {InsuranceClaims} from "./InsuranceClaims.sol";
import {InsuranceParametric} from "./InsuranceParametric.sol";

/**
 * @title Insurance
 * @notice The city's insurance service: risk pools, products, policies held by identities, assessed claims with
 * four eyes, the city-wide loss-event register and parametric cover settled in batches. Behind a UUPS proxy.
 * See {IInsurancePolicies}, {IInsuranceClaims}, {IInsuranceParametric} and `contracts/insurance/README.md`.
 */
contract Insurance is InsuranceClaims, InsuranceParametric {
    /**
     * @param authority The city's AccessManager.
     * @param identity The identity registry (buyers, holders, insurers, assessors).
     * @param land The land title register (property policies).
     * @param token The settlement token (premiums, capital, payouts).
     */
    function initialize(
        address authority,
        IIdentityRegistry identity,
        ILandRegistry land,
        IERC20 token
    ) external initializer {
        __CityService_init(authority);
        Layout storage $ = _insuranceStorage();
        $.identity = identity;
        $.land = land;
        $.token = token;
    }
}
