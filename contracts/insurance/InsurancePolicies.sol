// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {CityService} from "../common/CityService.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandRegistry} from "../land/ILandRegistry.sol";
import {IInsuranceParametric} from "./IInsuranceParametric.sol";
import {IInsurancePolicies} from "./IInsurancePolicies.sol";
import {InsuranceStorage} from "./InsuranceStorage.sol";

/**
 * @title InsurancePolicies
 * @notice Pools, products, policies and the identity-keyed credit ledger of the insurance service. See
 * {IInsurancePolicies}. Abstract: deployed as part of `Insurance`.
 * @dev The credit ledger is the service's own (`credits`, keyed by identity id), not `contracts/common/Escrow`.
 * Every function that moves tokens holds the reentrancy guard and moves them after its effects.
 */
abstract contract InsurancePolicies is CityService, ReentrancyGuardTransient, InsuranceStorage, IInsurancePolicies {
    using SafeERC20 for IERC20;

    uint256 internal constant _BPS = 10_000;
    uint8 private constant _MAX_LEVEL = 3;

    /// @inheritdoc IInsurancePolicies
    function createPool() external restricted returns (uint256 poolId) {
        uint64 insurerId = uint64(_primaryCaller());
        Layout storage $ = _insuranceStorage();
        poolId = ++$.poolCount;
        $.pools[poolId].insurerId = insurerId;
        emit PoolCreated(poolId, insurerId);
    }

    /// @inheritdoc IInsurancePolicies
    function fundPool(uint256 poolId, uint256 amount) external restricted nonReentrant {
        Pool storage p = _ownPool(poolId);
        if (amount == 0 || amount > type(uint128).max - p.balance) revert InsuranceAmountInvalid(amount);
        p.balance += uint128(amount);
        emit PoolFunded(poolId, amount, p.balance);
        _insuranceStorage().token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IInsurancePolicies
    function withdrawCapital(uint256 poolId, uint256 amount) external restricted nonReentrant {
        Pool storage p = _ownPool(poolId);
        uint256 free = p.balance - p.locked;
        if (amount == 0) revert InsuranceAmountInvalid(amount);
        if (amount > free) revert InsurancePoolCapitalInsufficient(poolId, free, amount);
        p.balance -= uint128(amount);
        Layout storage $ = _insuranceStorage();
        address to = $.identity.walletOf(p.insurerId);
        emit PoolCapitalWithdrawn(poolId, to, amount, p.balance);
        $.token.safeTransfer(to, amount);
    }

    /// @inheritdoc IInsurancePolicies
    function createProduct(Product calldata terms) external restricted returns (uint256 productId) {
        _ownPool(terms.poolId);
        if (terms.peril == Peril.None) revert InsuranceProductTermsInvalid(1);
        if (terms.parametric && (terms.peril == Peril.Property || terms.trigger == 0)) {
            revert InsuranceProductTermsInvalid(2);
        }
        if (terms.minLevel == 0 || terms.minLevel > _MAX_LEVEL) revert InsuranceProductTermsInvalid(3);
        if (terms.term == 0 && !terms.parametric) revert InsuranceProductTermsInvalid(4);
        if (terms.rateBps > _BPS) revert InsuranceProductTermsInvalid(7);
        if (terms.maxSumInsured <= terms.deductible) revert InsuranceProductTermsInvalid(10);
        Layout storage $ = _insuranceStorage();
        productId = ++$.productCount;
        $.products[productId] = terms;
        emit ProductCreated(productId, terms.poolId, terms.peril, terms.parametric);
    }

    /// @inheritdoc IInsurancePolicies
    function buyPolicy(
        uint256 productId,
        uint256 assetId,
        uint256 sumInsured
    ) external nonReentrant returns (uint256 policyId) {
        uint256 premium;
        (policyId, premium) = _buy(productId, assetId, sumInsured);
        _insuranceStorage().token.safeTransferFrom(msg.sender, address(this), premium);
    }

    /// @inheritdoc IInsurancePolicies
    function buyPolicyWithPermit(
        uint256 productId,
        uint256 assetId,
        uint256 sumInsured,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 policyId) {
        uint256 premium;
        (policyId, premium) = _buy(productId, assetId, sumInsured);
        IERC20 token = _insuranceStorage().token;
        // Not swallowed: a permit that fails (expired, replayed, wrong signer or amount) reverts the purchase.
        IERC20Permit(address(token)).permit(msg.sender, address(this), premium, deadline, v, r, s);
        token.safeTransferFrom(msg.sender, address(this), premium);
    }

    /// @inheritdoc IInsurancePolicies
    function expirePolicy(uint256 policyId) external {
        Layout storage $ = _insuranceStorage();
        Policy storage p = _activePolicy(policyId);
        Product storage prod = $.products[p.productId];
        uint256 expiresAt = uint256(p.end) + prod.gracePeriod;
        if (block.timestamp <= expiresAt) revert InsurancePolicyNotExpired(policyId, expiresAt);
        if (p.confirmed != p.paid) revert InsurancePolicyPayoutPending(policyId, p.confirmed, p.paid);
        if (prod.parametric && $.risks[p.assetId].posted) revert IInsuranceParametric.InsuranceRiskObserved(p.assetId);
        uint256 released = uint256(p.sumInsured) - prod.deductible - p.paid;
        p.status = PolicyStatus.Expired;
        $.pools[prod.poolId].locked -= uint128(released);
        emit PolicyExpired(policyId, released);
    }

    /// @inheritdoc IInsurancePolicies
    function withdraw() external nonReentrant returns (uint256 amount) {
        Layout storage $ = _insuranceStorage();
        IIdentityRegistry identity = $.identity;
        uint256 id = identity.identityOf(msg.sender);
        if (id == 0) revert InsuranceCallerUnknown(msg.sender);
        amount = $.credits[id];
        if (amount == 0) revert InsuranceNothingToWithdraw(id);
        $.credits[id] = 0;
        address to = identity.walletOf(id);
        emit CreditWithdrawn(id, to, amount);
        $.token.safeTransfer(to, amount);
    }

    /// @inheritdoc IInsurancePolicies
    function pool(uint256 poolId) external view returns (Pool memory) {
        return _insuranceStorage().pools[poolId];
    }

    /// @inheritdoc IInsurancePolicies
    function product(uint256 productId) external view returns (Product memory) {
        return _insuranceStorage().products[productId];
    }

    /// @inheritdoc IInsurancePolicies
    function policy(uint256 policyId) external view returns (Policy memory) {
        return _insuranceStorage().policies[policyId];
    }

    /// @inheritdoc IInsurancePolicies
    function creditOf(uint256 identityId) external view returns (uint256) {
        return _insuranceStorage().credits[identityId];
    }

    /// @dev Validates and records a purchase; the caller takes the premium afterwards.
    function _buy(
        uint256 productId,
        uint256 assetId,
        uint256 sumInsured
    ) private returns (uint256 policyId, uint256 premium) {
        Layout storage $ = _insuranceStorage();
        Product storage prod = _product(productId);
        uint256 holderId = _verifiedBuyer($.identity, prod.minLevel);
        uint256 deductible = prod.deductible;
        if (sumInsured <= deductible || sumInsured > prod.maxSumInsured) {
            revert InsuranceSumInsuredInvalid(sumInsured, deductible, prod.maxSumInsured);
        }
        if (assetId > type(uint32).max) revert InsuranceAssetInvalid(productId, assetId);
        policyId = ++$.policyCount;
        uint256 end;
        if (prod.peril == Peril.Property) {
            if (assetId == 0) revert InsuranceAssetInvalid(productId, assetId);
            _requireParcelOwner($.land, assetId, holderId);
            end = block.timestamp + prod.term;
        } else if (prod.parametric) {
            end = _joinRisk($, productId, assetId, policyId, prod.waitingPeriod);
        } else {
            if (assetId != 0) revert InsuranceAssetInvalid(productId, assetId);
            end = block.timestamp + prod.term;
        }
        premium = _lockCover($, prod, sumInsured - deductible, sumInsured);
        _record($, policyId, holderId, productId, assetId, sumInsured, premium, end);
    }

    /// @dev The caller's identity, verified at `minLevel` (any wallet bound to it may buy and pay).
    function _verifiedBuyer(IIdentityRegistry identity, uint8 minLevel) private view returns (uint256 holderId) {
        holderId = identity.identityOf(msg.sender);
        if (holderId == 0) revert InsuranceCallerUnknown(msg.sender);
        if (!identity.isIdentityVerified(holderId, minLevel)) revert InsuranceBuyerNotVerified(holderId, minLevel);
    }

    /// @dev Adds the premium to the pool and locks the cover; returns the premium.
    function _lockCover(
        Layout storage $,
        Product storage prod,
        uint256 cover,
        uint256 sumInsured
    ) private returns (uint256 premium) {
        premium = prod.basePremium + (sumInsured * prod.rateBps) / _BPS;
        uint256 poolId = prod.poolId;
        Pool storage p = $.pools[poolId];
        uint256 free = uint256(p.balance) + premium - p.locked;
        if (cover > free) revert InsurancePoolCapitalInsufficient(poolId, free, cover);
        p.balance += uint128(premium);
        p.locked += uint128(cover);
    }

    /// @dev Writes a new policy and announces it.
    function _record(
        Layout storage $,
        uint256 policyId,
        uint256 holderId,
        uint256 productId,
        uint256 assetId,
        uint256 sumInsured,
        uint256 premium,
        uint256 end
    ) private {
        // One new slot: `confirmed` and `paid` stay zero (their slot is written at the first confirmation).
        Policy storage p = $.policies[policyId];
        p.holderId = uint64(holderId);
        p.productId = uint32(productId);
        p.end = uint40(end);
        p.status = PolicyStatus.Active;
        p.assetId = uint32(assetId);
        p.sumInsured = uint80(sumInsured);
        emit PolicyBought(policyId, holderId, productId, assetId, sumInsured, premium, end);
    }

    /// @dev Adds a parametric policy to its risk's settlement list; returns the policy's end (the risk's end).
    function _joinRisk(
        Layout storage $,
        uint256 productId,
        uint256 riskId,
        uint256 policyId,
        uint256 waitingPeriod
    ) private returns (uint256 end) {
        IInsuranceParametric.Risk storage r = $.risks[riskId];
        if (r.productId != productId || productId == 0) revert InsuranceAssetInvalid(productId, riskId);
        if (block.timestamp + waitingPeriod >= r.start)
            revert IInsuranceParametric.InsuranceRiskStarted(riskId, r.start);
        $.riskPolicies[riskId][r.policyCount++] = policyId;
        return r.end;
    }

    /// @dev The parcel must be an active title co-owned (any share) by `identityId` (the register's `isActiveOwner`).
    function _requireParcelOwner(ILandRegistry land, uint256 parcelId, uint256 identityId) private view {
        if (!land.isActiveOwner(parcelId, identityId)) revert InsuranceNotParcelOwner(parcelId, identityId);
    }

    /// @dev Moves `amount` of a pool's locked capital out of the pool (a payout).
    function _payFromPool(Layout storage $, uint256 poolId, uint256 amount) internal {
        Pool storage p = $.pools[poolId];
        p.balance -= uint128(amount);
        p.locked -= uint128(amount);
    }

    /// @dev A pool the caller's identity (primary wallet) owns.
    function _ownPool(uint256 poolId) internal view returns (Pool storage p) {
        p = _insuranceStorage().pools[poolId];
        if (p.insurerId == 0) revert InsurancePoolUnknown(poolId);
        uint256 callerId = _primaryCaller();
        if (p.insurerId != callerId) revert InsuranceNotPoolInsurer(poolId, callerId);
    }

    /// @dev A product that exists.
    function _product(uint256 productId) internal view returns (Product storage prod) {
        prod = _insuranceStorage().products[productId];
        if (prod.poolId == 0) revert InsuranceProductUnknown(productId);
    }

    /// @dev An active policy (unknown and inactive ones revert).
    function _activePolicy(uint256 policyId) internal view returns (Policy storage p) {
        p = _insuranceStorage().policies[policyId];
        PolicyStatus status = p.status;
        if (status != PolicyStatus.Active) {
            if (status == PolicyStatus.None) revert InsurancePolicyUnknown(policyId);
            revert InsurancePolicyNotActive(policyId, status);
        }
    }

    /// @dev The caller's identity id, which must exist (any wallet bound to it).
    function _callerId() internal view returns (uint256 id) {
        id = _insuranceStorage().identity.identityOf(msg.sender);
        if (id == 0) revert InsuranceCallerUnknown(msg.sender);
    }

    /// @dev The caller's identity id, called from its primary wallet.
    function _primaryCaller() internal view returns (uint256 id) {
        id = _callerId();
        if (_insuranceStorage().identity.walletOf(id) != msg.sender) {
            revert InsuranceNotPrimaryWallet(msg.sender, id);
        }
    }
}
