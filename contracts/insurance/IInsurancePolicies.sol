// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IInsurancePolicies
 * @notice Risk pools, products and policies of the city's insurance service, and the identity-keyed credit
 * ledger every payout goes through.
 *
 * - A **pool** holds CityToken capital of one insurer identity. Every policy locks its maximum payout
 *   (sum insured less deductible) when it is bought, so `locked <= balance` always holds and the pool can pay
 *   every active policy in full. Capital unlocks when a policy is paid, expires or is settled; the insurer
 *   withdraws only free capital (`balance - locked`).
 * - A **product** (peril, premium rule, maximum sum insured, term, waiting and grace periods, deductible, four-eyes
 *   threshold, assessed or parametric, minimum identity level of a buyer) is defined by the pool's insurer.
 * - A **policy** is held by an identity id, never a wallet: a resident who recovers a lost key keeps it. A property
 *   policy names a land parcel that the buyer's identity co-owns at purchase; its sum insured is fixed then.
 *
 * Policy status transitions:
 *
 * | from   | to      | by     | function                                                               |
 * |--------|---------|--------|------------------------------------------------------------------------|
 * | (none) | Active  | buyer  | buyPolicy, buyPolicyWithPermit                                         |
 * | Active | Expired | anyone | expirePolicy (after end + grace, no confirmed payout pending)          |
 * | Active | Settled | anyone | settleRisk (parametric policies, once the oracle posted the result)    |
 *
 * Payouts are credited to the holder identity and pulled with {withdraw}, which pays the caller identity's credit
 * to that identity's current primary wallet.
 */
interface IInsurancePolicies {
    /// @notice What a product covers. Property products name a land parcel; the others cover the holder.
    enum Peril {
        None,
        Property,
        Flood,
        Fire,
        Storm,
        Health,
        Crop
    }

    /// @notice Lifecycle of a policy.
    enum PolicyStatus {
        None,
        Active,
        Expired,
        Settled, // parametric, result below the trigger: nothing paid, capital unlocked
        PaidOut // parametric, result at or above the trigger: the whole cover paid (recorded by this status alone)
    }

    /// @notice A risk pool: one slot of capital accounting, one of ownership.
    struct Pool {
        uint128 balance; // CityToken the pool holds (premiums + funding - payouts - withdrawals)
        uint128 locked; // sum of the maximum remaining payouts of its active policies
        uint64 insurerId; // the identity of the insurer that funds it
    }

    /// @notice The terms of a product, set once by its insurer (three slots).
    struct Product {
        uint32 poolId;
        Peril peril;
        bool parametric; // paid on an oracle's result (settleRisk), never through assessed claims
        uint8 minLevel; // minimum identity assurance level of a buyer (1..3)
        uint32 term; // seconds a policy runs (ignored for parametric: the risk's window)
        uint32 waitingPeriod; // seconds after purchase before a claim (or a loss event) is covered
        uint32 gracePeriod; // seconds after the end during which a claim may still be filed
        uint16 rateBps; // premium = basePremium + sumInsured * rateBps / 10,000
        uint64 trigger; // parametric: the result at or above which every policy pays out
        uint96 basePremium;
        uint80 maxSumInsured;
        uint80 deductible; // subtracted from the sum insured: the maximum payout (cover) of a policy
        uint96 fourEyesThreshold; // a confirmed claim above this amount needs two different assessors
    }

    /**
     * @notice A policy. A purchase writes one slot (the first five fields); `confirmed` and `paid` share a second
     * slot written at the first confirmed claim. The purchase time is `end - term` (no claim at or before it).
     */
    struct Policy {
        uint64 holderId;
        uint32 productId;
        uint40 end;
        PolicyStatus status;
        uint32 assetId; // the land parcel (property) or the parametric risk; 0 for personal cover
        uint80 sumInsured;
        uint80 confirmed; // total confirmed for payment (assessed claims)
        uint80 paid; // total credited to the holder (assessed claims; a PaidOut parametric policy paid its cover)
    }

    /// @notice The caller has no identity in the city's registry.
    error InsuranceCallerUnknown(address caller);
    /// @notice The caller is not the primary wallet of its identity (required for insurers).
    error InsuranceNotPrimaryWallet(address caller, uint256 identityId);
    /// @notice No pool has this id.
    error InsurancePoolUnknown(uint256 poolId);
    /// @notice The caller's identity does not own the pool.
    error InsuranceNotPoolInsurer(uint256 poolId, uint256 callerId);
    /// @notice The pool's free capital (balance - locked) does not cover the request.
    error InsurancePoolCapitalInsufficient(uint256 poolId, uint256 free, uint256 needed);
    /// @notice An amount is zero or does not fit the ledger.
    error InsuranceAmountInvalid(uint256 amount);
    /// @notice No product has this id.
    error InsuranceProductUnknown(uint256 productId);
    /// @notice A product's terms are inconsistent (which field, by index in {Product}).
    error InsuranceProductTermsInvalid(uint256 field);
    /// @notice The buyer is not verified at the product's minimum level.
    error InsuranceBuyerNotVerified(uint256 identityId, uint8 minLevel);
    /// @notice The sum insured is zero, at most the deductible, or above the product's maximum.
    error InsuranceSumInsuredInvalid(uint256 sumInsured, uint256 deductible, uint256 maxSumInsured);
    /// @notice The buyer's identity does not own the parcel.
    error InsuranceNotParcelOwner(uint256 parcelId, uint256 identityId);
    /// @notice A property policy must name a parcel (and a personal one must not name an asset).
    error InsuranceAssetInvalid(uint256 productId, uint256 assetId);
    /// @notice No policy has this id.
    error InsurancePolicyUnknown(uint256 policyId);
    /// @notice The policy is not active (expired, settled) or its cover ended.
    error InsurancePolicyNotActive(uint256 policyId, PolicyStatus status);
    /// @notice The policy cannot expire before `end + grace`.
    error InsurancePolicyNotExpired(uint256 policyId, uint256 expiresAt);
    /// @notice A confirmed payout of the policy is still waiting for its loss event to close.
    error InsurancePolicyPayoutPending(uint256 policyId, uint256 confirmed, uint256 paid);
    /// @notice The caller's identity has no credit.
    error InsuranceNothingToWithdraw(uint256 identityId);

    /// @notice An insurer opened a pool.
    event PoolCreated(uint256 indexed poolId, uint256 indexed insurerId);
    /// @notice Capital was added to a pool.
    event PoolFunded(uint256 indexed poolId, uint256 amount, uint256 balance);
    /// @notice The insurer took free capital out of a pool (paid to its identity's primary wallet).
    event PoolCapitalWithdrawn(uint256 indexed poolId, address indexed to, uint256 amount, uint256 balance);
    /// @notice An insurer defined a product; its terms never change afterwards (read them with {product}).
    event ProductCreated(uint256 indexed productId, uint256 indexed poolId, Peril indexed peril, bool parametric);
    /// @notice A policy was bought and its maximum payout locked in the pool.
    event PolicyBought(
        uint256 indexed policyId,
        uint256 indexed holderId,
        uint256 indexed productId,
        uint256 assetId,
        uint256 sumInsured,
        uint256 premium,
        uint256 end
    );
    /// @notice A policy expired; its remaining capital was unlocked.
    event PolicyExpired(uint256 indexed policyId, uint256 released);
    /// @notice A payout was credited to an identity (pull it with {withdraw}).
    event PayoutCredited(uint256 indexed identityId, uint256 indexed policyId, uint256 amount);
    /// @notice An identity withdrew its credit to its primary wallet.
    event CreditWithdrawn(uint256 indexed identityId, address indexed to, uint256 amount);

    /// @notice Opens a pool owned by the caller's identity (primary wallet). Restricted to INSURER.
    function createPool() external returns (uint256 poolId);

    /// @notice Adds capital from the caller's wallet (allowance). Restricted to INSURER; the pool's insurer only.
    function fundPool(uint256 poolId, uint256 amount) external;

    /**
     * @notice Takes free capital (balance - locked) out of a pool, paid to the insurer identity's primary wallet.
     * Restricted to INSURER; the pool's insurer only.
     */
    function withdrawCapital(uint256 poolId, uint256 amount) external;

    /// @notice Defines a product on one of the caller's pools. Restricted to INSURER; the pool's insurer only.
    function createProduct(Product calldata terms) external returns (uint256 productId);

    /**
     * @notice Buys a policy for the caller's identity; the premium is taken from the caller's wallet (existing
     * allowance) in the same transaction and the maximum payout is locked in the product's pool.
     * @param productId A product.
     * @param assetId Property: a parcel the caller's identity owns (any share). Parametric: the risk. Else 0.
     * @param sumInsured Above the deductible, at most the product's maximum; fixed for the policy's life.
     */
    function buyPolicy(uint256 productId, uint256 assetId, uint256 sumInsured) external returns (uint256 policyId);

    /**
     * @notice {buyPolicy} paying with an EIP-2612 permit for the premium
     * (`basePremium + sumInsured * rateBps / 10,000`) signed by the caller. The permit must
     * succeed: a failed permit reverts the purchase (it is never swallowed).
     */
    function buyPolicyWithPermit(
        uint256 productId,
        uint256 assetId,
        uint256 sumInsured,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 policyId);

    /// @notice Expires an active policy after `end + gracePeriod` (anyone), unlocking its remaining capital.
    function expirePolicy(uint256 policyId) external;

    /// @notice Pays the caller identity's whole credit to the identity's current primary wallet.
    function withdraw() external returns (uint256 amount);

    /// @notice A pool.
    function pool(uint256 poolId) external view returns (Pool memory);

    /// @notice A product's terms.
    function product(uint256 productId) external view returns (Product memory);

    /// @notice A policy.
    function policy(uint256 policyId) external view returns (Policy memory);

    /// @notice An identity's withdrawable credit.
    function creditOf(uint256 identityId) external view returns (uint256);
}
