// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {IInsuranceClaims} from "../../contracts/insurance/IInsuranceClaims.sol";
import {IInsurancePolicies} from "../../contracts/insurance/IInsurancePolicies.sol";
import {Insurance} from "../../contracts/insurance/Insurance.sol";
import {MockIdentityRegistry} from "../../contracts/mocks/insurance/MockIdentityRegistry.sol";
import {MockLandRegistry} from "../../contracts/mocks/insurance/MockLandRegistry.sol";
import {ReentrantToken} from "../../contracts/mocks/ReentrantToken.sol";
import {ILandRegistry} from "../../contracts/land/ILandRegistry.sol";
import {Proxies} from "../utils/Proxies.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice Random purchases (two pools, the same parcels), claims, confirmations, events, expiries, settlements.
contract InsuranceHandler is TestBase {
    Insurance public immutable insurance;
    ReentrantToken public immutable token;
    uint256 internal constant _ACTORS = 4;
    uint256 internal constant _INSURER = 5;
    uint256 internal constant _ASSESSOR2 = 6;

    bytes32[] public claimIds;
    uint256 public events;
    uint256 public ghostWithdrawn;
    bool public ghostBadTransition;
    bool public ghostDoublePay;
    bool public ghostDoubleSettle;
    mapping(uint256 policyId => uint256) public settledCount;
    uint256 public riskId;

    constructor(Insurance insurance_, ReentrantToken token_, uint256 riskId_) {
        insurance = insurance_;
        token = token_;
        riskId = riskId_;
    }

    function claimCount() external view returns (uint256) {
        return claimIds.length;
    }

    function buy(uint256 actorSeed, uint256 productSeed, uint256 sum) external {
        uint256 actor = (actorSeed % _ACTORS) + 1;
        uint256 productId = (productSeed % 3) + 1;
        uint256 assetId = productId == 3 ? riskId : actor;
        sum = bound(sum, 2_000 ether, 400_000 ether);
        vm.prank(_wallet(actor));
        try insurance.buyPolicy(productId, assetId, sum) {} catch {}
    }

    function claim(uint256 actorSeed, uint256 policySeed, uint256 incident, uint256 amount) external {
        (, uint256 policyId) = _policy(policySeed);
        if (policyId == 0) return;
        amount = bound(amount, 1, 400_000 ether);
        vm.prank(_wallet((actorSeed % _ACTORS) + 1));
        try insurance.submitClaim(policyId, bytes32((incident % 4) + 1), amount, bytes32(0)) returns (bytes32 id) {
            claimIds.push(id);
        } catch {}
    }

    function eventClaim(uint256 policySeed, uint256 amount) external {
        (IInsurancePolicies.Policy memory p, uint256 policyId) = _policy(policySeed);
        if (policyId == 0 || events == 0) return;
        amount = bound(amount, 1, 400_000 ether);
        vm.prank(_wallet(p.holderId));
        try insurance.submitEventClaim(policyId, events, amount, bytes32(0)) returns (bytes32 id) {
            claimIds.push(id);
        } catch {}
    }

    function confirm(uint256 claimSeed, uint256 amount, bool second) external {
        if (claimIds.length == 0) return;
        bytes32 id = claimIds[claimSeed % claimIds.length];
        IInsuranceClaims.ClaimStatus before = insurance.claim(id).status;
        amount = bound(amount, 1, 400_000 ether);
        vm.prank(second ? _wallet(_ASSESSOR2) : address(this));
        try insurance.confirmClaim(id, amount) {
            if (before == IInsuranceClaims.ClaimStatus.Paid) ghostDoublePay = true;
        } catch {}
        _checkTransition(before, insurance.claim(id).status);
    }

    function decline(uint256 claimSeed) external {
        if (claimIds.length == 0) return;
        bytes32 id = claimIds[claimSeed % claimIds.length];
        IInsuranceClaims.ClaimStatus before = insurance.claim(id).status;
        try insurance.declineClaim(id, bytes32(0)) {} catch {}
        _checkTransition(before, insurance.claim(id).status);
    }

    function payEvent(uint256 claimSeed) external {
        if (claimIds.length == 0) return;
        bytes32 id = claimIds[claimSeed % claimIds.length];
        IInsuranceClaims.ClaimStatus before = insurance.claim(id).status;
        try insurance.payEventClaim(id) {
            if (before == IInsuranceClaims.ClaimStatus.Paid) ghostDoublePay = true;
        } catch {}
        _checkTransition(before, insurance.claim(id).status);
    }

    function declare(uint256 length) external {
        uint40 start = uint40(block.timestamp);
        try
            insurance.declareLossEvent(
                IInsurancePolicies.Peril.Flood,
                start,
                start,
                uint40(start + bound(length, 1 hours, 20 days)),
                bytes32(0)
            )
        returns (uint256 eventId) {
            events = eventId;
        } catch {}
    }

    function expire(uint256 policySeed) external {
        (, uint256 policyId) = _policy(policySeed);
        if (policyId == 0) return;
        try insurance.expirePolicy(policyId) {} catch {}
    }

    function withdraw(uint256 actorSeed) external {
        address wallet = _wallet((actorSeed % _ACTORS) + 1);
        vm.prank(wallet);
        try insurance.withdraw() returns (uint256 amount) {
            ghostWithdrawn += amount;
        } catch {}
    }

    function postResult(uint64 result) external {
        try insurance.postResult(riskId, result % 300) {} catch {}
    }

    function settle(uint256 batch) external {
        uint256 from = insurance.risk(riskId).cursor;
        try insurance.settleRisk(riskId, bound(batch, 1, 5)) returns (uint256 n) {
            for (uint256 i = from; i < from + n; ++i) ++settledCount[insurance.riskPolicyAt(riskId, i)];
        } catch {}
        for (uint256 i = from; i < insurance.risk(riskId).cursor; ++i) {
            if (settledCount[insurance.riskPolicyAt(riskId, i)] > 1) ghostDoubleSettle = true;
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 40 days));
    }

    function _policy(uint256 seed) internal view returns (IInsurancePolicies.Policy memory p, uint256 policyId) {
        uint256 count = _policyCount();
        if (count == 0) return (p, 0);
        policyId = (seed % count) + 1;
        p = insurance.policy(policyId);
    }

    function _policyCount() internal view returns (uint256 n) {
        while (insurance.policy(n + 1).holderId != 0) ++n;
    }

    function _checkTransition(IInsuranceClaims.ClaimStatus from, IInsuranceClaims.ClaimStatus to) internal {
        if (from == to) return;
        bool ok =
            (from == IInsuranceClaims.ClaimStatus.Submitted &&
                (to == IInsuranceClaims.ClaimStatus.Confirmed ||
                    to == IInsuranceClaims.ClaimStatus.Declined ||
                    to == IInsuranceClaims.ClaimStatus.Withdrawn ||
                    to == IInsuranceClaims.ClaimStatus.Paid)) ||
                (from == IInsuranceClaims.ClaimStatus.Confirmed && to == IInsuranceClaims.ClaimStatus.Paid);
        if (!ok) ghostBadTransition = true;
    }

    function _wallet(uint256 identityId) internal pure returns (address) {
        return address(uint160(0x1000 + identityId));
    }
}

/// @notice Invariants of the insurance service (capital, per-policy and per-(event, asset) caps, exactly-once).
contract InsuranceInvariantsTest is TestBase {
    Insurance internal insurance;
    ReentrantToken internal token;
    InsuranceHandler internal handler;

    function setUp() public {
        // Deployed from its artifact so this test contract stays under the code size limit.
        IAccessManager manager = IAccessManager(
            deployCode("CityAccessManager.sol:CityAccessManager", abi.encode(address(this)))
        );
        MockIdentityRegistry identity = new MockIdentityRegistry();
        MockLandRegistry land = new MockLandRegistry();
        token = new ReentrantToken();
        insurance = Insurance(
            Proxies.deploy(
                deployCode("Insurance.sol:Insurance", ""),
                abi.encodeCall(
                    Insurance.initialize,
                    (
                        address(manager),
                        IIdentityRegistry(address(identity)),
                        ILandRegistry(address(land)),
                        IERC20(address(token))
                    )
                )
            )
        );
        for (uint256 i = 1; i <= 6; ++i) identity.set(i, address(uint160(0x1000 + i)));
        for (uint256 i = 1; i <= 4; ++i) {
            address w = address(uint160(0x1000 + i));
            token.mint(w, 10_000_000 ether);
            vm.prank(w);
            token.approve(address(insurance), type(uint256).max);
        }
        // The test contract is ADMIN (every unwired restricted function), acting for insurer identity 5.
        identity.set(5, address(this));
        token.mint(address(this), 10_000_000 ether);
        token.approve(address(insurance), type(uint256).max);
        for (uint256 pool = 1; pool <= 2; ++pool) {
            insurance.createPool();
            insurance.fundPool(pool, 2_000_000 ether);
            insurance.createProduct(_terms(pool, false));
        }
        insurance.createProduct(_terms(1, true));
        uint256 riskId = insurance.createRisk(
            3,
            uint40(block.timestamp + 10 days),
            uint40(block.timestamp + 11 days),
            0
        );
        handler = new InsuranceHandler(insurance, token, riskId);
        manager.grantRole(0, address(handler), 0);
        identity.set(5, address(handler)); // the handler is assessor #1 and the insurer from now on
        manager.grantRole(0, address(uint160(0x1000 + 6)), 0); // assessor #2
        targetContract(address(handler));
    }

    function invariant_poolsHoldTheirLockedCapital() public view {
        uint256 pools;
        for (uint256 id = 1; id <= 2; ++id) {
            IInsurancePolicies.Pool memory p = insurance.pool(id);
            assertGe(p.balance, p.locked, "pool balance >= locked");
            pools += p.balance;
        }
        uint256 credits;
        for (uint256 id = 1; id <= 4; ++id) credits += insurance.creditOf(id);
        assertEq(token.balanceOf(address(insurance)), pools + credits, "tokens held = pools + credits");
    }

    function invariant_policyTotalsWithinCover() public view {
        for (uint256 id = 1; insurance.policy(id).holderId != 0; ++id) {
            IInsurancePolicies.Policy memory p = insurance.policy(id);
            uint256 deductible = insurance.product(p.productId).deductible;
            assertLe(p.paid, p.confirmed, "paid <= confirmed");
            assertLe(p.confirmed, p.sumInsured - deductible, "confirmed <= cover");
        }
    }

    function invariant_eventPaidWithinHighestInsuredValue() public view {
        for (uint256 e = 1; e <= handler.events(); ++e) {
            for (uint256 asset = 1; asset <= 4; ++asset) {
                IInsuranceClaims.EventAsset memory ea = insurance.eventAsset(e, asset);
                assertLe(ea.paid, ea.maxInsured, "paid per (event, asset) <= highest insured value");
            }
        }
    }

    function invariant_exactlyOnce() public view {
        assertFalse(handler.ghostDoublePay(), "a claim was paid twice");
        assertFalse(handler.ghostDoubleSettle(), "a parametric policy was settled twice");
        assertFalse(handler.ghostBadTransition(), "a claim took a transition the table does not list");
    }

    function _terms(uint256 pool, bool parametric) internal pure returns (IInsurancePolicies.Product memory t) {
        t.poolId = uint32(pool);
        t.peril = parametric ? IInsurancePolicies.Peril.Flood : IInsurancePolicies.Peril.Property;
        t.parametric = parametric;
        t.minLevel = 1;
        t.term = parametric ? 0 : 60 days;
        t.waitingPeriod = parametric ? 0 : 1 days;
        t.gracePeriod = 10 days;
        t.rateBps = 100;
        t.trigger = parametric ? 150 : 0;
        t.basePremium = 1 ether;
        t.maxSumInsured = 500_000 ether;
        t.deductible = parametric ? 0 : 1_000 ether;
        t.fourEyesThreshold = 50_000 ether;
    }
}
