// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CarbonCredits} from "../../contracts/carbon/CarbonCredits.sol";
import {CarbonIds} from "../../contracts/carbon/CarbonIds.sol";
import {EmissionsRegister} from "../../contracts/carbon/EmissionsRegister.sol";
import {ICarbonCommon} from "../../contracts/carbon/ICarbonCommon.sol";
import {ICarbonCredits} from "../../contracts/carbon/ICarbonCredits.sol";
import {IEmissionsRegister} from "../../contracts/carbon/IEmissionsRegister.sol";
import {Documents} from "../../contracts/common/Documents.sol";
import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {TestBase} from "../utils/TestBase.sol";
import {CarbonSetup} from "./CarbonSetup.sol";

/// @notice Random issuance, transfers, retirements, cancellations, allocations, reports, surrenders, settlements.
contract CarbonHandler is TestBase {
    CarbonCredits public immutable CREDITS;
    EmissionsRegister public immutable EMISSIONS;
    address[4] internal _wallets;
    uint256[4] internal _ids;

    uint256[] public batches; // in issue order (one project)
    mapping(uint256 tokenId => uint256) public certificateCount;
    mapping(uint256 tokenId => uint256) public lastRetired;
    bool public ghostRetiredDecreased;
    uint256 public periods;

    constructor(
        CarbonCredits credits_,
        EmissionsRegister emissions_,
        address[4] memory wallets,
        uint256[4] memory ids
    ) {
        CREDITS = credits_;
        EMISSIONS = emissions_;
        _wallets = wallets;
        _ids = ids;
    }

    function batchCount() external view returns (uint256) {
        return batches.length;
    }

    function idOf(uint256 i) external view returns (uint256) {
        return _ids[i];
    }

    function walletOf(uint256 i) external view returns (address) {
        return _wallets[i];
    }

    function issue(uint256 gap, uint256 amount, bool otherVintage) external {
        uint16 vintage = otherVintage ? 2027 : 2026;
        uint64 start = CREDITS.project(1).nextSerial + uint64(bound(gap, 0, 1_000));
        try CREDITS.issueBatch(1, vintage, start, uint64(bound(amount, 1, 5_000)), _doc()) returns (uint256 tokenId) {
            batches.push(tokenId);
        } catch {}
        _checkRetired();
    }

    function transfer(uint256 batchSeed, uint256 from, uint256 to, uint256 amount) external {
        (uint256 tokenId, bool ok) = _batch(batchSeed);
        if (!ok) return;
        address sender = _wallets[from % 4];
        vm.prank(sender);
        try CREDITS.safeTransferFrom(sender, _wallets[to % 4], tokenId, bound(amount, 1, 3_000), "") {} catch {}
        _checkRetired();
    }

    function retire(uint256 batchSeed, uint256 holder, uint256 amount, uint256 beneficiary) external {
        (uint256 tokenId, bool ok) = _batch(batchSeed);
        if (!ok) return;
        vm.prank(_wallets[holder % 4]);
        try CREDITS.retire(_ids[holder % 4], tokenId, uint64(bound(amount, 0, 2_000)), _ids[beneficiary % 4], "r") {
            ++certificateCount[tokenId];
        } catch {}
        _checkRetired();
    }

    function cancel(uint256 batchSeed, uint256 holder, uint256 amount) external {
        (uint256 tokenId, bool ok) = _batch(batchSeed);
        if (!ok) return;
        try CREDITS.cancel(tokenId, _ids[holder % 4], uint64(bound(amount, 1, 500)), "c") {
            ++certificateCount[tokenId];
        } catch {}
        _checkRetired();
    }

    function allocate(uint256 emitter, uint256 amount) external {
        if (periods == 0) return;
        try CREDITS.allocate(periods, _ids[emitter % 4], uint64(bound(amount, 1, 5_000))) {} catch {}
    }

    function openPeriod(uint256 length, uint256 offsetBps) external {
        uint256 previous = periods == 0 ? block.timestamp : EMISSIONS.period(periods).deadline;
        if (previous < block.timestamp) previous = block.timestamp;
        uint40 deadline = uint40(previous + bound(length, 1 days, 90 days));
        try EMISSIONS.openPeriod(deadline, 100_000, uint16(bound(offsetBps, 0, 10_000)), 1e18) returns (uint256 id) {
            periods = id;
        } catch {}
    }

    function report(uint256 emitter, uint256 tonnes, bool correct) external {
        if (periods == 0) return;
        uint256 id = _ids[emitter % 4];
        uint64 t = uint64(bound(tonnes, 0, 20_000));
        if (correct) {
            try EMISSIONS.correctEmissions(id, periods, t, _doc(), "fix") {} catch {}
        } else {
            try EMISSIONS.recordEmissions(id, periods, t, _doc()) {} catch {}
        }
    }

    function surrender(uint256 emitter, uint256 batchSeed, bool offsets, uint256 amount) external {
        if (periods == 0) return;
        uint256 tokenId = CarbonIds.allowanceId(bound(batchSeed, 1, periods));
        if (offsets) {
            bool ok;
            (tokenId, ok) = _batch(batchSeed);
            if (!ok) return;
        }
        vm.prank(_wallets[emitter % 4]);
        try EMISSIONS.surrender(periods, tokenId, uint64(bound(amount, 1, 5_000))) {
            if (offsets) ++certificateCount[tokenId];
        } catch {}
        _checkRetired();
    }

    function settle(uint256 emitter, uint256 period, uint256 wait) external {
        if (periods == 0) return;
        vm.warp(block.timestamp + bound(wait, 0, 30 days));
        try EMISSIONS.settle(_ids[emitter % 4], bound(period, 1, periods)) {} catch {}
    }

    function _checkRetired() private {
        for (uint256 i = 0; i < batches.length; ++i) {
            uint256 retired = CREDITS.batch(batches[i]).retired;
            if (retired < lastRetired[batches[i]]) ghostRetiredDecreased = true;
            lastRetired[batches[i]] = retired;
        }
    }

    function _batch(uint256 seed) private view returns (uint256, bool) {
        if (batches.length == 0) return (0, false);
        return (batches[seed % batches.length], true);
    }

    function _doc() private pure returns (Documents.Document memory) {
        return Documents.Document({contentHash: keccak256("mrv"), scheme: 0, uri: "ipfs://mrv"});
    }
}

contract CarbonInvariantTest is CarbonSetup {
    CarbonHandler internal handler;

    function setUp() public {
        _deployCarbon();
        string[4] memory names = ["solar", "cement", "steel", "glass"];
        address[4] memory wallets;
        uint256[4] memory ids;
        for (uint256 i = 0; i < 4; ++i) {
            wallets[i] = makeAddr(names[i]);
            ids[i] = _identity(names[i], IIdentityRegistry.IdentityKind.Business, wallets[i]);
        }
        handler = new CarbonHandler(credits, emissions, wallets, ids);
        _identity("verifier", IIdentityRegistry.IdentityKind.Official, address(handler));
        manager.grantRole(0, address(handler), 0); // ADMIN: plays regulator and verifier (functions not wired)
        credits.registerProject(ids[0], Documents.Document({contentHash: keccak256("pdd"), scheme: 0, uri: "p"}));
        credits.setVintageCap(1, 2026, 40_000);
        credits.setVintageCap(1, 2027, 20_000);
        credits.setProjectEligibility(1, true);
        targetContract(address(handler));
    }

    /// issued = circulating + retired + cancelled for every batch and vintage, and holders own exactly circulating.
    function invariant_batchTotalsBalance() public view {
        uint256[2] memory vintageIssued;
        for (uint256 i = 0; i < handler.batchCount(); ++i) {
            uint256 tokenId = handler.batches(i);
            ICarbonCredits.Totals memory t = credits.batchTotals(tokenId);
            assertEq(t.issued, t.circulating + t.retired + t.cancelled, "batch totals");
            uint256 held;
            for (uint256 h = 0; h < 4; ++h) held += credits.balanceOfIdentity(handler.idOf(h), tokenId);
            assertEq(held, t.circulating, "holders own the circulating units");
            (, uint16 vintage, ) = CarbonIds.decodeCredit(tokenId);
            vintageIssued[vintage - 2026] += t.issued;
        }
        for (uint16 v = 2026; v <= 2027; ++v) {
            ICarbonCredits.Totals memory t = credits.vintageTotals(1, v);
            assertEq(t.issued, vintageIssued[v - 2026], "vintage issued = sum of batches");
            assertEq(t.issued, t.circulating + t.retired + t.cancelled, "vintage totals");
            assertLe(t.issued, credits.vintageCap(1, v), "vintage cap");
        }
    }

    /// Retired totals never decrease.
    function invariant_retiredOnlyGrows() public view {
        assertFalse(handler.ghostRetiredDecreased(), "retired decreased");
    }

    /// Serial ranges of the project never overlap, and every serial taken out lies in exactly one certificate.
    function invariant_serialsExact() public view {
        uint256 previousEnd;
        for (uint256 i = 0; i < handler.batchCount(); ++i) {
            uint256 tokenId = handler.batches(i);
            ICarbonCredits.Batch memory b = credits.batch(tokenId);
            assertGe(b.serialStart, previousEnd + (i == 0 ? 0 : 1), "ranges overlap");
            previousEnd = uint256(b.serialStart) + b.issued - 1;
            // Walk the certificate chain: each starts where the previous ended, and the chain ends at the cursor.
            uint64 offset;
            uint256 count;
            while (offset < b.retired + b.cancelled) {
                ICarbonCredits.Certificate memory c = credits.certificate(CarbonIds.certificateId(tokenId, offset));
                assertEq(c.firstSerial, b.serialStart + offset, "certificate start");
                offset += c.amount;
                ++count;
            }
            assertEq(offset, b.retired + b.cancelled, "chain ends at the cursor");
            assertEq(count, handler.certificateCount(tokenId), "one certificate per take-out");
        }
    }

    /// An emitter's record balances: surrendered + shortfall = obligation once settled, never above it before;
    /// every allowance allocated is either held or surrendered.
    function invariant_complianceBalances() public view {
        for (uint256 p = 1; p <= handler.periods(); ++p) {
            ICarbonCredits.AllowanceTotals memory a = credits.allowanceTotals(p);
            uint256 held;
            for (uint256 h = 0; h < 4; ++h)
                held += credits.balanceOfIdentity(handler.idOf(h), CarbonIds.allowanceId(p));
            assertEq(held + a.surrendered, a.allocated, "allowances conserved");
            for (uint256 h = 0; h < 4; ++h) {
                IEmissionsRegister.Record memory r = emissions.record(handler.idOf(h), p);
                uint256 obligation = uint256(r.verified) + r.carriedIn;
                uint256 surrendered = uint256(r.allowances) + r.offsets;
                if (r.status == IEmissionsRegister.RecordStatus.Settled) {
                    assertEq(surrendered + r.shortfall, obligation, "settled record balances");
                } else {
                    assertLe(surrendered, obligation, "surrendered within obligation");
                    assertEq(r.shortfall, 0, "no shortfall before settlement");
                }
            }
        }
    }

    /// The handler's actions really change state (a handler whose calls all revert would prove nothing).
    function test_handlerMakesProgress() public {
        handler.issue(0, 1_000, false);
        handler.retire(0, 0, 10, 1);
        handler.cancel(0, 0, 5);
        handler.transfer(0, 0, 1, 500);
        handler.openPeriod(30 days, 5_000);
        handler.allocate(1, 100);
        handler.report(1, 1_000, false);
        handler.surrender(1, 0, false, 100);
        handler.surrender(1, 0, true, 300);
        uint256 tokenId = handler.batches(0);
        assertEq(handler.certificateCount(tokenId), 3, "certificates");
        assertEq(credits.batchTotals(tokenId).retired, 310, "retired");
        IEmissionsRegister.Record memory r = emissions.record(handler.idOf(1), 1);
        assertEq(r.allowances, 100, "allowances surrendered");
        assertEq(r.offsets, 300, "offsets surrendered");
        vm.warp(block.timestamp + 31 days);
        handler.settle(1, 1, 0);
        assertEq(emissions.record(handler.idOf(1), 1).shortfall, 600, "shortfall");
        assertEq(emissions.record(handler.idOf(1), 2).carriedIn, 600, "carried");
    }

    /// Any sequence of retirements takes consecutive serials: certificate i starts where i-1 ended.
    function testFuzz_retirementsTakeConsecutiveSerials(uint64[6] memory amounts, uint64 serialStart) public {
        serialStart = uint64(bound(serialStart, 1, 1e12));
        vm.prank(address(handler));
        uint256 tokenId = credits.issueBatch(1, 2026, serialStart, 30_000, _mrv());
        address holder = handler.walletOf(0);
        uint256 holderId = handler.idOf(0);
        uint64 next = serialStart;
        for (uint256 i = 0; i < amounts.length; ++i) {
            uint64 amount = uint64(bound(amounts[i], 1, 5_000));
            uint256 beneficiaryId = handler.idOf(i % 4);
            vm.prank(holder);
            uint256 certificateId = credits.retire(holderId, tokenId, amount, beneficiaryId, "fuzz");
            ICarbonCredits.Certificate memory c = credits.certificate(certificateId);
            assertEq(c.firstSerial, next, "first serial");
            assertEq(c.lastSerial, next + amount - 1, "last serial");
            next += amount;
        }
        vm.prank(holder);
        vm.expectRevert(ICarbonCommon.CarbonZeroAmount.selector);
        credits.retire(holderId, tokenId, 0, holderId, "zero");
    }

    function _mrv() private pure returns (Documents.Document memory) {
        return Documents.Document({contentHash: keccak256("v"), scheme: 0, uri: "v"});
    }
}
