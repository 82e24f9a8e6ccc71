// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {ISupplyChain} from "../../contracts/supply/ISupplyChain.sol";
import {SupplyChain} from "../../contracts/supply/SupplyChain.sol";
import {IdentitySetup} from "../identity/IdentitySetup.sol";
import {Proxies} from "../utils/Proxies.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice Random creations, hand-overs, splits, merges, transforms and recalls by three businesses.
contract SupplyHandler is TestBase {
    SupplyChain public immutable CHAIN;
    address[3] internal _wallets;
    uint256[3] internal _ids;

    /// @dev A transformation as the handler made it: inputs, outputs range, factor, process emissions.
    struct Made {
        uint256[] inputs;
        uint256 first;
        uint256 count;
        uint256 factorBps;
        uint256 processCo2e;
    }

    Made[] internal _made;
    uint256[] public batches;
    mapping(uint256 batchId => uint256[]) internal _parents;
    mapping(uint256 batchId => bool) public recalledDirectly;

    constructor(SupplyChain chain, address[3] memory wallets, uint256[3] memory ids) {
        CHAIN = chain;
        _wallets = wallets;
        _ids = ids;
    }

    function batchCount() external view returns (uint256) {
        return batches.length;
    }

    function madeCount() external view returns (uint256) {
        return _made.length;
    }

    function made(uint256 i) external view returns (Made memory) {
        return _made[i];
    }

    function parentsOf(uint256 batchId) external view returns (uint256[] memory) {
        return _parents[batchId];
    }

    function idOf(uint256 i) external view returns (uint256) {
        return _ids[i];
    }

    function create(uint256 who, uint256 quantity, uint256 co2e) external {
        if (batches.length >= 40) return;
        ISupplyChain.BatchInput memory input = ISupplyChain.BatchInput({
            productType: "wheat",
            quantity: uint128(bound(quantity, 1, 1e9)),
            unit: 1,
            origin: bytes32(0),
            dataCommitment: bytes32(0),
            gtinCommitment: bytes32(0),
            lotCommitment: bytes32(0),
            co2eGrams: uint96(bound(co2e, 0, 1e12))
        });
        vm.prank(_wallets[who % 3]);
        batches.push(CHAIN.createBatch(input, bytes32(0)));
    }

    function handOver(uint256 seed, uint256 to) external {
        uint256 id = _pick(seed);
        if (id == 0) return;
        ISupplyChain.Batch memory b = CHAIN.batch(id);
        uint256 toId = _ids[to % 3];
        address holder = _walletOfId(b.holder);
        vm.prank(holder);
        try CHAIN.offer(id, toId, bytes32(0)) {
            vm.prank(_wallets[to % 3]);
            CHAIN.accept(id, bytes32(0));
        } catch {}
    }

    function split(uint256 seed, uint256 parts, uint256 share) external {
        uint256 id = _pick(seed);
        if (id == 0 || batches.length >= 40) return;
        ISupplyChain.Batch memory b = CHAIN.batch(id);
        uint256 n = bound(parts, 2, 3);
        uint128[] memory q = new uint128[](n);
        for (uint256 i; i < n; ++i) q[i] = uint128(bound(share, 1, b.quantity));
        uint256[] memory inputs = new uint256[](1);
        inputs[0] = id;
        vm.prank(_walletOfId(b.holder));
        try CHAIN.split(id, q, bytes32(0)) returns (uint256 first) {
            _record(inputs, first, n, 10_000, 0);
        } catch {}
    }

    function merge(uint256 seedA, uint256 seedB) external {
        uint256 a = _pick(seedA);
        uint256 b = _pick(seedB);
        if (a == 0 || b == 0 || batches.length >= 40) return;
        uint256[] memory inputs = new uint256[](2);
        (inputs[0], inputs[1]) = (a, b);
        vm.prank(_walletOfId(CHAIN.batch(a).holder));
        try CHAIN.merge(inputs, bytes32(0)) returns (uint256 output) {
            _record(inputs, output, 1, 10_000, 0);
        } catch {}
    }

    function transform(uint256 seed, uint256 factor, uint256 quantity, uint256 co2e) external {
        uint256 id = _pick(seed);
        if (id == 0 || batches.length >= 40) return;
        ISupplyChain.Batch memory b = CHAIN.batch(id);
        uint32 factorBps = uint32(bound(factor, 1, 50_000));
        ISupplyChain.TransformOutput[] memory outputs = new ISupplyChain.TransformOutput[](1);
        outputs[0] = ISupplyChain.TransformOutput("flour", uint128(bound(quantity, 1, 2 * uint256(b.quantity))), 0);
        uint256[] memory inputs = new uint256[](1);
        inputs[0] = id;
        uint96 process = uint96(bound(co2e, 0, 1e9));
        vm.prank(_walletOfId(b.holder));
        try CHAIN.transform(inputs, outputs, 2, factorBps, process, bytes32(0)) returns (uint256 first) {
            _record(inputs, first, 1, factorBps, process);
        } catch {}
    }

    function recall(uint256 seed) external {
        if (batches.length == 0) return;
        uint256 id = batches[seed % batches.length];
        vm.prank(_walletOfId(CHAIN.batch(id).producer));
        try CHAIN.recall(id, bytes32(0)) {
            recalledDirectly[id] = true;
        } catch {}
    }

    function _record(
        uint256[] memory inputs,
        uint256 first,
        uint256 count,
        uint256 factorBps,
        uint256 process
    ) private {
        _made.push(Made(inputs, first, count, factorBps, process));
        for (uint256 i; i < count; ++i) {
            batches.push(first + i);
            _parents[first + i] = inputs;
        }
    }

    function _pick(uint256 seed) private view returns (uint256) {
        return batches.length == 0 ? 0 : batches[seed % batches.length];
    }

    function _walletOfId(uint256 identityId) private view returns (address) {
        for (uint256 i; i < 3; ++i) if (_ids[i] == identityId) return _wallets[i];
        return address(0);
    }
}

/// @notice Mass balance, recall reach and single custody over any sequence of supply-chain operations.
contract SupplyInvariants is IdentitySetup {
    SupplyChain internal chain;
    SupplyHandler internal handler;

    function setUp() public {
        _deployIdentity(address(this));
        chain = SupplyChain(
            Proxies.deploy(
                deployCode("SupplyChain.sol:SupplyChain", ""),
                abi.encodeCall(SupplyChain.initialize, (address(manager), registry))
            )
        );
        address[3] memory wallets = [makeAddr("farm"), makeAddr("mill"), makeAddr("bakery")];
        uint256[3] memory ids;
        for (uint256 i; i < 3; ++i) {
            ids[i] = registry.register(
                IIdentityRegistry.IdentityKind.Business,
                3,
                keccak256(abi.encode("subject", i)),
                keccak256(abi.encode("record", i)),
                uint40(block.timestamp + 36_500 days),
                wallets[i]
            );
        }
        handler = new SupplyHandler(chain, wallets, ids);
        targetContract(address(handler));
    }

    /// Outputs never exceed inputs times the declared factor, and embedded carbon is conserved by every step.
    function invariant_massBalance() public view {
        for (uint256 t; t < handler.madeCount(); ++t) {
            SupplyHandler.Made memory m = handler.made(t);
            (uint256 inQ, uint256 inC, uint256 outQ, uint256 outC) = (0, 0, 0, 0);
            for (uint256 i; i < m.inputs.length; ++i) {
                ISupplyChain.Batch memory b = chain.batch(m.inputs[i]);
                assertEq(uint256(b.status), uint256(ISupplyChain.BatchStatus.Consumed), "input not consumed");
                (inQ, inC) = (inQ + b.quantity, inC + b.co2eGrams);
            }
            for (uint256 i; i < m.count; ++i) {
                ISupplyChain.Batch memory b = chain.batch(m.first + i);
                (outQ, outC) = (outQ + b.quantity, outC + b.co2eGrams);
            }
            assertLe(outQ * 10_000, inQ * m.factorBps, "mass balance");
            assertEq(outC, inC + m.processCo2e, "carbon conserved");
        }
    }

    /// A batch is recalled exactly when it or an ancestor was recalled, and a recalled batch cannot be offered.
    function invariant_recallReachesDescendants() public {
        for (uint256 i; i < handler.batchCount(); ++i) {
            uint256 id = handler.batches(i);
            bool expected = _ghostRecalled(id);
            assertTrue(chain.isRecalled(id) == expected, "recall reach");
            ISupplyChain.Batch memory b = chain.batch(id);
            if (expected && b.status == ISupplyChain.BatchStatus.Active && b.offeredTo == 0) {
                uint256 other = b.holder == handler.idOf(0) ? handler.idOf(1) : handler.idOf(0);
                vm.prank(registry.walletOf(b.holder));
                vm.expectRevert(abi.encodeWithSelector(ISupplyChain.SupplyBatchRecalled.selector, id));
                chain.offer(id, other, bytes32(0));
            }
        }
    }

    /// Every batch has exactly one holder, one of the businesses, never offered to itself.
    function invariant_exactlyOneHolder() public view {
        for (uint256 i; i < handler.batchCount(); ++i) {
            ISupplyChain.Batch memory b = chain.batch(handler.batches(i));
            bool known = b.holder == handler.idOf(0) || b.holder == handler.idOf(1) || b.holder == handler.idOf(2);
            assertTrue(known, "holder");
            assertTrue(b.offeredTo != b.holder, "offered to holder");
        }
    }

    function _ghostRecalled(uint256 id) private view returns (bool) {
        if (handler.recalledDirectly(id)) return true;
        uint256[] memory parents = handler.parentsOf(id);
        for (uint256 i; i < parents.length; ++i) if (_ghostRecalled(parents[i])) return true;
        return false;
    }
}
