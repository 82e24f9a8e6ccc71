// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEscrow} from "../../contracts/common/IEscrow.sol";
import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {EscrowHarness} from "../../contracts/mocks/EscrowHarness.sol";
import {IdentityRegistryMock} from "../../contracts/mocks/IdentityRegistryMock.sol";
import {ReentrantToken} from "../../contracts/mocks/ReentrantToken.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Proxies} from "../utils/Proxies.sol";
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

    constructor(EscrowHarness escrow_, ReentrantToken token_, IdentityRegistryMock identity) {
        escrow = escrow_;
        token = token_;
        for (uint256 i = 0; i < 4; ++i) {
            _actors[i] = address(uint160(0xA11CE + i));
            identity.set(i + 1, _actors[i]);
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
        escrow.lock(id, (actorSeed % 4) + 1, amount);
        ghostLocked += amount;
        ghostRemaining[id] = amount;
    }

    function release(uint256 idSeed, uint256 payeeSeed, uint256 amount) external {
        if (nextId == 1) return;
        uint256 id = bound(idSeed, 1, nextId - 1);
        if (ghostRemaining[id] == 0) return;
        amount = bound(amount, 1, ghostRemaining[id]);
        escrow.release(id, (payeeSeed % 4) + 1, amount);
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
        uint256 credit = escrow.creditOf((actorSeed % 4) + 1);
        if (credit == 0) return;
        vm.prank(payee);
        escrow.withdraw();
        ghostWithdrawn += credit;
    }

    function sumCredits() external view returns (uint256 total) {
        for (uint256 i = 0; i < 4; ++i) total += escrow.creditOf(i + 1);
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
        IdentityRegistryMock identity = new IdentityRegistryMock();
        escrow = EscrowHarness(
            Proxies.deploy(
                address(new EscrowHarness()),
                abi.encodeCall(
                    EscrowHarness.initialize,
                    (address(this), IERC20(address(token)), IIdentityRegistry(address(identity)))
                )
            )
        );
        handler = new EscrowHandler(escrow, token, identity);
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
    uint256 internal constant DEPOSITOR = 1;
    uint256 internal constant SELLER = 2;

    function setUp() public {
        token = new ReentrantToken();
        IdentityRegistryMock identity = new IdentityRegistryMock();
        escrow = EscrowHarness(
            Proxies.deploy(
                address(new EscrowHarness()),
                abi.encodeCall(
                    EscrowHarness.initialize,
                    (address(this), IERC20(address(token)), IIdentityRegistry(address(identity)))
                )
            )
        );
        depositor = makeAddr("depositor");
        identity.set(DEPOSITOR, depositor);
        identity.set(SELLER, makeAddr("seller"));
        token.mint(depositor, type(uint96).max);
        vm.prank(depositor);
        token.approve(address(escrow), type(uint256).max);
    }

    function testFuzz_releaseThenRefundPaysExactlyTheDeposit(uint256 amount, uint256 released) public {
        amount = bound(amount, 1, type(uint96).max);
        released = bound(released, 1, amount);
        vm.prank(depositor);
        escrow.lock(1, DEPOSITOR, amount);
        escrow.release(1, SELLER, released);
        if (released < amount) escrow.refund(1);
        assertEq(escrow.creditOf(SELLER), released, "seller credit");
        assertEq(escrow.creditOf(DEPOSITOR), amount - released, "refund");
        assertEq(escrow.remaining(1), 0, "remaining");
        assertEq(escrow.totalOwed(), amount, "owed");
    }

    function testFuzz_cannotReleaseMoreThanLocked(uint256 amount, uint256 excess) public {
        amount = bound(amount, 1, type(uint96).max);
        excess = bound(excess, 1, 1e30);
        vm.prank(depositor);
        escrow.lock(1, DEPOSITOR, amount);
        vm.expectRevert(abi.encodeWithSelector(IEscrow.EscrowInsufficient.selector, 1, amount, amount + excess));
        escrow.release(1, SELLER, amount + excess);
        assertEq(escrow.remaining(1), amount, "untouched");
    }
}
