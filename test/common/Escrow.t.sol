// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEscrow} from "../../contracts/common/IEscrow.sol";
import {EscrowHarness} from "../../contracts/mocks/EscrowHarness.sol";
import {ReentrantToken} from "../../contracts/mocks/ReentrantToken.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice Drives an escrow through random locks, releases, refunds and withdrawals, keeping ghost totals.
contract EscrowHandler is TestBase {
    EscrowHarness public immutable escrow;
    ReentrantToken public immutable token;
    address[4] internal _actors;
    uint256 public nextId = 1;
    uint256 public ghostLocked; // sum of all amounts ever locked
    uint256 public ghostWithdrawn; // sum of all amounts ever withdrawn
    mapping(uint256 escrowId => uint256) public ghostRemaining;

    constructor(EscrowHarness escrow_, ReentrantToken token_) {
        escrow = escrow_;
        token = token_;
        for (uint256 i = 0; i < 4; ++i) {
            _actors[i] = address(uint160(0xA11CE + i));
            token.mint(_actors[i], 1e30);
            vm.prank(_actors[i]);
            token.approve(address(escrow), type(uint256).max);
        }
    }

    function lock(uint256 actorSeed, uint256 amount) external {
        amount = bound(amount, 1, 1e24);
        address depositor = _actors[actorSeed % 4];
        uint256 id = nextId++;
        vm.prank(depositor);
        escrow.lock(id, amount);
        ghostLocked += amount;
        ghostRemaining[id] = amount;
    }

    function release(uint256 idSeed, uint256 payeeSeed, uint256 amount) external {
        if (nextId == 1) return;
        uint256 id = bound(idSeed, 1, nextId - 1);
        if (ghostRemaining[id] == 0) return;
        amount = bound(amount, 1, ghostRemaining[id]);
        escrow.release(id, _actors[payeeSeed % 4], amount);
        ghostRemaining[id] -= amount;
    }

    function refund(uint256 idSeed) external {
        if (nextId == 1) return;
        uint256 id = bound(idSeed, 1, nextId - 1);
        if (ghostRemaining[id] == 0) return;
        escrow.refund(id);
        ghostRemaining[id] = 0;
    }

    function withdraw(uint256 actorSeed) external {
        address payee = _actors[actorSeed % 4];
        uint256 credit = escrow.creditOf(payee);
        if (credit == 0) return;
        vm.prank(payee);
        escrow.withdraw();
        ghostWithdrawn += credit;
    }

    function sumCredits() external view returns (uint256 total) {
        for (uint256 i = 0; i < 4; ++i) total += escrow.creditOf(_actors[i]);
    }

    function sumRemaining() external view returns (uint256 total) {
        for (uint256 id = 1; id < nextId; ++id) total += escrow.remaining(id);
    }
}

contract EscrowInvariantTest is TestBase {
    EscrowHarness internal escrow;
    ReentrantToken internal token;
    EscrowHandler internal handler;

    function setUp() public {
        token = new ReentrantToken();
        escrow = new EscrowHarness(IERC20(address(token)));
        handler = new EscrowHandler(escrow, token);
        targetContract(address(handler));
    }

    /// Solvency: the escrow owes exactly what it holds (nobody sends it tokens out of band here).
    function invariant_owedEqualsBalance() public view {
        assertEq(escrow.totalOwed(), token.balanceOf(address(escrow)), "owed != balance");
    }

    /// Conservation: every locked token is still locked, credited, or withdrawn; none created or lost.
    function invariant_conservation() public view {
        assertEq(
            handler.sumRemaining() + handler.sumCredits() + handler.ghostWithdrawn(),
            handler.ghostLocked(),
            "locked != remaining + credits + withdrawn"
        );
        assertEq(handler.sumRemaining() + handler.sumCredits(), escrow.totalOwed(), "owed mismatch");
    }
}

contract EscrowFuzzTest is TestBase {
    EscrowHarness internal escrow;
    ReentrantToken internal token;
    address internal depositor;
    address internal seller;

    function setUp() public {
        token = new ReentrantToken();
        escrow = new EscrowHarness(IERC20(address(token)));
        depositor = makeAddr("depositor");
        seller = makeAddr("seller");
        token.mint(depositor, type(uint96).max);
        vm.prank(depositor);
        token.approve(address(escrow), type(uint256).max);
    }

    function testFuzz_releaseThenRefundPaysExactlyTheDeposit(uint256 amount, uint256 released) public {
        amount = bound(amount, 1, type(uint96).max);
        released = bound(released, 1, amount);
        vm.prank(depositor);
        escrow.lock(1, amount);
        escrow.release(1, seller, released);
        if (released < amount) escrow.refund(1);
        assertEq(escrow.creditOf(seller), released, "seller credit");
        assertEq(escrow.creditOf(depositor), amount - released, "refund");
        assertEq(escrow.remaining(1), 0, "remaining");
        assertEq(escrow.totalOwed(), amount, "owed");
    }

    function testFuzz_cannotReleaseMoreThanLocked(uint256 amount, uint256 excess) public {
        amount = bound(amount, 1, type(uint96).max);
        excess = bound(excess, 1, 1e30);
        vm.prank(depositor);
        escrow.lock(1, amount);
        vm.expectRevert(abi.encodeWithSelector(IEscrow.EscrowInsufficient.selector, 1, amount, amount + excess));
        escrow.release(1, seller, amount + excess);
        assertEq(escrow.remaining(1), amount, "untouched");
    }
}
