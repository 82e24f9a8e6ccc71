// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {ReentrantToken} from "../../contracts/mocks/ReentrantToken.sol";
import {IInvoices} from "../../contracts/payments/IInvoices.sol";
import {IPayrollStreams} from "../../contracts/payments/IPayrollStreams.sol";
import {Invoices} from "../../contracts/payments/Invoices.sol";
import {PayrollStreams} from "../../contracts/payments/PayrollStreams.sol";
import {IdentitySetup} from "../identity/IdentitySetup.sol";
import {Proxies} from "../utils/Proxies.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice Random invoices, payments, cancellations, streams, withdrawals and cancellations among three identities.
contract PaymentsHandler is TestBase {
    Invoices public immutable INVOICES;
    PayrollStreams public immutable STREAMS;
    IERC20 public immutable TOKEN;
    address[3] internal _wallets;
    uint256[3] internal _ids;
    uint256[] public invoiceIds;
    uint256 public streamCount;
    /// @notice Ghost: the tokens each issuer identity's wallet received from invoice payments.
    mapping(uint256 identityId => uint256) public paidTo;
    /// @notice Ghost: the sum of each invoice's receipts (its `InvoicePaid` amounts).
    mapping(uint256 invoiceId => uint256) public receiptSum;

    constructor(
        Invoices invoices,
        PayrollStreams streams,
        IERC20 token,
        address[3] memory wallets,
        uint256[3] memory ids
    ) {
        INVOICES = invoices;
        STREAMS = streams;
        TOKEN = token;
        _wallets = wallets;
        _ids = ids;
    }

    function invoiceCount() external view returns (uint256) {
        return invoiceIds.length;
    }

    function idOf(uint256 i) external view returns (uint256) {
        return _ids[i];
    }

    function issue(uint256 who, uint256 to, uint256 amount) external {
        if (invoiceIds.length >= 20 || who % 3 == to % 3) return;
        vm.prank(_wallets[who % 3]);
        bytes32 ref = keccak256(abi.encode(invoiceIds.length));
        invoiceIds.push(INVOICES.issue(_ids[to % 3], bound(amount, 1, 1e21), block.timestamp + 1 days, ref));
    }

    function pay(uint256 seed, uint256 amount) external {
        if (invoiceIds.length == 0) return;
        uint256 invoiceId = invoiceIds[seed % invoiceIds.length];
        IInvoices.Invoice memory inv = INVOICES.invoice(invoiceId);
        if (inv.status != IInvoices.InvoiceStatus.Open) return;
        uint256 part = bound(amount, 1, inv.amount - inv.paid);
        address issuerWallet = _walletOf(inv.issuerId);
        uint256 before = TOKEN.balanceOf(issuerWallet);
        vm.prank(_walletOf(inv.payerId));
        INVOICES.pay(invoiceId, part);
        paidTo[inv.issuerId] += TOKEN.balanceOf(issuerWallet) - before;
        receiptSum[invoiceId] += part;
    }

    function cancelInvoice(uint256 seed) external {
        if (invoiceIds.length == 0) return;
        uint256 invoiceId = invoiceIds[seed % invoiceIds.length];
        if (INVOICES.invoice(invoiceId).status != IInvoices.InvoiceStatus.Open) return;
        vm.prank(_walletOf(invoiceId >> 64));
        INVOICES.cancel(invoiceId, bytes32(0));
    }

    function createStream(uint256 who, uint256 to, uint256 rate, uint256 length, uint256 cliff) external {
        if (streamCount >= 20 || who % 3 == to % 3) return;
        uint256 start = block.timestamp + 1;
        uint256 end = start + bound(length, 1, 30 days);
        uint256 c = cliff % 2 == 0 ? 0 : bound(cliff, start, end);
        vm.prank(_wallets[who % 3]);
        STREAMS.createStream(_ids[to % 3], bound(rate, 1, 1e15), start, c, end);
        ++streamCount;
    }

    function withdrawStream(uint256 seed, uint256 amount) external {
        if (streamCount == 0) return;
        uint256 streamId = (seed % streamCount) + 1;
        uint256 available = STREAMS.withdrawable(streamId);
        if (available == 0) return;
        vm.prank(_walletOf(STREAMS.stream(streamId).employeeId));
        STREAMS.withdraw(streamId, bound(amount, 1, available));
    }

    function cancelStream(uint256 seed) external {
        if (streamCount == 0) return;
        uint256 streamId = (seed % streamCount) + 1;
        IPayrollStreams.Stream memory s = STREAMS.stream(streamId);
        if (s.status != IPayrollStreams.StreamStatus.Active || block.timestamp >= s.end) return;
        vm.prank(_walletOf(s.employerId));
        STREAMS.cancel(streamId);
    }

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + bound(dt, 1, 10 days));
    }

    function _walletOf(uint256 identityId) private view returns (address) {
        for (uint256 i; i < 3; ++i) if (_ids[i] == identityId) return _wallets[i];
        revert("unknown identity");
    }
}

contract PaymentsInvariants is IdentitySetup {
    ReentrantToken internal token;
    Invoices internal invoices;
    PayrollStreams internal streams;
    PaymentsHandler internal handler;

    function setUp() public {
        _deployIdentity(address(this));
        token = ReentrantToken(deployCode("ReentrantToken.sol:ReentrantToken", ""));
        invoices = Invoices(
            Proxies.deploy(
                deployCode("Invoices.sol:Invoices", ""),
                abi.encodeCall(Invoices.initialize, (address(manager), registry, token))
            )
        );
        streams = PayrollStreams(
            Proxies.deploy(
                deployCode("PayrollStreams.sol:PayrollStreams", ""),
                abi.encodeCall(PayrollStreams.initialize, (address(manager), registry, token))
            )
        );
        address[3] memory wallets = [makeAddr("plumber"), makeAddr("employer"), makeAddr("resident")];
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
            token.mint(wallets[i], 1e40);
            vm.startPrank(wallets[i]);
            token.approve(address(invoices), type(uint256).max);
            token.approve(address(streams), type(uint256).max);
            vm.stopPrank();
        }
        handler = new PaymentsHandler(invoices, streams, token, wallets, ids);
        targetContract(address(handler));
    }

    /**
     * @notice The invoices contract owes nothing and holds nothing (every payment goes to the issuer's wallet);
     * receipts sum to the paid part <= amount; the issuers were paid exactly their invoices' paid parts.
     */
    function invariant_invoicesConserveTokens() public view {
        assertEq(token.balanceOf(address(invoices)), 0, "invoices hold nothing");
        uint256[3] memory paid;
        for (uint256 k; k < handler.invoiceCount(); ++k) {
            uint256 invoiceId = handler.invoiceIds(k);
            IInvoices.Invoice memory inv = invoices.invoice(invoiceId);
            assertEq(handler.receiptSum(invoiceId), inv.paid, "receipts sum to paid");
            assertLe(inv.paid, inv.amount, "never over the amount");
            if (inv.status == IInvoices.InvoiceStatus.Paid) assertEq(inv.paid, inv.amount, "paid in full");
            for (uint256 i; i < 3; ++i) if (handler.idOf(i) == inv.issuerId) paid[i] += inv.paid;
        }
        for (uint256 i; i < 3; ++i) assertEq(handler.paidTo(handler.idOf(i)), paid[i], "issuers paid exactly");
    }

    /// @notice Streams are solvent: held == sum of (deposit - withdrawn); nothing pays more than its deposit.
    function invariant_streamsSolvent() public view {
        uint256 held;
        for (uint256 id = 1; id <= handler.streamCount(); ++id) {
            IPayrollStreams.Stream memory s = streams.stream(id);
            uint256 deposit = s.ratePerSecond * (s.end - s.start);
            uint256 streamed = streams.streamedAmount(id);
            assertLe(s.withdrawn, streamed, "withdrawn <= streamed");
            assertLe(streamed, deposit, "streamed <= deposit");
            held += deposit - s.withdrawn;
        }
        assertEq(streams.totalHeld(), held, "totalHeld");
        assertEq(token.balanceOf(address(streams)), held, "streams hold exactly what they owe");
    }
}
