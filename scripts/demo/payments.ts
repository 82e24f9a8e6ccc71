import { formatEther, id, parseEther, Wallet } from "ethers";

import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import {
  authorizationArgs,
  invoiceIdOf,
  invoiceIssueArgs,
  invoicePaymentArgs,
  signInvoicePayment,
  RECEIVE_WITH_AUTHORIZATION,
  signAuthorization,
  signCancelAuthorization,
  CANCEL_AUTHORIZATION,
} from "../../src/payments.js";
import type { Chapter, DemoContext } from "./narrator.js";

const DAY = 86_400n;

/** Payments: a resident without ether pays a shop; the shop relays the resident's signed ERC-3009 payment. */
export const paymentsChapter: Chapter = async ({ connection, city, say }) => {
  const { ethers, networkHelpers } = connection;
  const { token, accounts } = city;
  const { treasurer, shop, mallory } = accounts;

  say.title("6. Payments: a resident with no ether pays a shop");
  const resident = Wallet.createRandom(ethers.provider);
  await say.tx(
    "treasurer mints 100 CITY to a new resident",
    token.connect(treasurer).mint(resident.address, parseEther("100")),
  );
  say.line(
    `the resident holds ${formatEther(await ethers.provider.getBalance(resident.address))} ether: it cannot send a transaction`,
  );

  const validBefore = BigInt(await networkHelpers.time.latest()) + 600n;
  const auth = await signAuthorization(resident, token, shop.address, parseEther("12.5"), {
    validBefore,
    kind: "receive",
  });
  say.line("the resident signs an ERC-3009 ReceiveWithAuthorization (12.5 CITY to the shop, valid 10 min) offline");
  await say.refused(
    "mallory tries to submit it (front-running the shop)",
    token.connect(mallory)[RECEIVE_WITH_AUTHORIZATION](...authorizationArgs(auth)),
    token,
  );
  await say.tx(
    "the shop relays it and pays the gas",
    token.connect(shop)[RECEIVE_WITH_AUTHORIZATION](...authorizationArgs(auth)),
  );
  await say.refused(
    "the shop replays it",
    token.connect(shop)[RECEIVE_WITH_AUTHORIZATION](...authorizationArgs(auth)),
    token,
  );

  const second = await signAuthorization(resident, token, shop.address, parseEther("99"), {
    validBefore,
    kind: "receive",
  });
  const cancel = await signCancelAuthorization(resident, token, second.nonce);
  await say.tx(
    "the resident changes its mind: the shop relays its signed cancellation",
    token.connect(shop)[CANCEL_AUTHORIZATION](cancel.authorizer, cancel.nonce, cancel.signature),
  );
  await say.refused(
    "the cancelled authorization is dead",
    token.connect(shop)[RECEIVE_WITH_AUTHORIZATION](...authorizationArgs(second)),
    token,
  );
  say.record(
    `resident ${resident.address.slice(0, 10)}… paid the shop 12.5 CITY gaslessly; ` +
      `balance ${formatEther(await token.balanceOf(resident.address))} CITY, 0 ether`,
  );
};

/**
 * Invoices and payroll streams: a plumber invoices a resident, who pays in two parts (the second signed
 * offline and relayed by a shop); an employer streams a remote employee's salary, the employee withdraws,
 * loses her key, recovers her identity through two guardians, and the stream follows her.
 */
export const invoicesAndStreamsChapter: Chapter = async (ctx) => {
  const { connection, city, say } = ctx;
  const { ethers, networkHelpers } = connection;
  const { token, invoices, payrollStreams, identity, accounts } = city;
  const { treasurer, plumber, employer, shop, admin, mallory } = accounts;

  say.title("6b. Payments: a plumber's invoice paid in two parts, and a remote employee's salary stream");
  const register = registrarOf(ctx);
  const plumberId = await register("Quick Fix Plumbing (business)", plumber.address, IdentityKind.Business);
  await register("Harbour Software (business, employer)", employer.address, IdentityKind.Business);
  const resident = Wallet.createRandom(ethers.provider);
  const residentId = await register("a resident (no ether)", resident.address, IdentityKind.Resident);
  await say.tx(
    "treasurer mints 500 CITY to the resident",
    token.connect(treasurer).mint(resident.address, parseEther("500")),
  );

  const due = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
  const terms = {
    payerId: residentId,
    amount: parseEther("180"),
    dueDate: due,
    referenceCommitment: id("invoice QF-2026-117"),
  };
  const invoiceId = invoiceIdOf(plumberId, terms); // known before it is sent
  await say.tx(
    "plumber: issue(resident, 180 CITY, due in 30 days, commitment to the invoice PDF)",
    invoices.connect(plumber).issue(...invoiceIssueArgs(terms)),
  );
  const relay = async (amount: bigint, label: string) => {
    const signed = await signInvoicePayment(resident, token, invoices, invoiceId, amount, {
      validBefore: BigInt(await networkHelpers.time.latest()) + 3600n,
    });
    await say.tx(label, invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, signed)));
    return signed;
  };
  const first = await relay(
    parseEther("80"),
    "shop relays the resident's signed first part (80 CITY): straight to the plumber's wallet",
  );
  await say.refused(
    "the shop replays the same signature",
    invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, first)),
    token,
  );
  await say.refused(
    "the resident signs 150 CITY, more than the 100 still due",
    signInvoicePayment(resident, token, invoices, invoiceId, parseEther("150"), {
      validBefore: BigInt(await networkHelpers.time.latest()) + 3600n,
    }).then((a) => invoices.connect(shop).payWithAuthorization(...invoicePaymentArgs(invoiceId, a))),
    invoices,
  );
  await relay(parseEther("100"), "shop relays the second part (100 CITY): the invoice is Paid");
  const receipts = await invoices.queryFilter(invoices.filters.InvoicePaid(undefined, residentId));
  const stamped = await Promise.all(
    receipts.map(async (r) => `${formatEther(r.args.amount)} CITY at ${(await r.getBlock()).timestamp}`),
  );
  say.line(`receipts (InvoicePaid events, by the resident's identity): ${stamped.join(", ")}`);
  say.line(`the plumber's wallet now holds ${formatEther(await token.balanceOf(plumber.address))} CITY`);

  say.line("Harbour Software pays a remote employee 3,000 CITY over 30 days, streamed by the second.");
  const employee = Wallet.createRandom(ethers.provider);
  await (await admin.sendTransaction({ to: employee.address, value: parseEther("1") })).wait();
  const employeeId = await register("the remote employee", employee.address, IdentityKind.Resident);
  const salary = parseEther("3000");
  const rate = salary / (30n * DAY);
  await say.tx("treasurer mints the payroll to the employer", token.connect(treasurer).mint(employer.address, salary));
  await say.tx(
    "employer approves the payroll contract",
    token.connect(employer).approve(await payrollStreams.getAddress(), salary),
  );
  const start = BigInt(await networkHelpers.time.latest()) + 60n;
  await say.tx(
    "employer: createStream(employee, rate, start, no cliff, start + 30 days)",
    payrollStreams.connect(employer).createStream(employeeId, rate, start, 0n, start + 30n * DAY),
  );
  const streamId = (await payrollStreams.streamsOf(employeeId, false, 0n, 1n))[0][0];
  await networkHelpers.time.increaseTo(start + 10n * DAY);
  const tenDays = await payrollStreams.withdrawable(streamId);
  await say.tx(
    `employee withdraws 10 days of salary (${formatEther(tenDays)} CITY)`,
    payrollStreams.connect(employee).withdraw(streamId, tenDays),
  );

  say.line("The employee loses her phone. Two guardians recover her identity to a new key; the stream follows.");
  const guardianA = await register("guardian one", shop.address, IdentityKind.Business);
  const guardianB = await register("guardian two", plumber.address, IdentityKind.Business);
  await say.tx(
    "employee appoints two guardians (2 of 2)",
    identity.connect(employee).appointGuardians(employeeId, [guardianA, guardianB], 2),
  );
  const delay = await identity.recoveryDelay();
  await networkHelpers.time.increase(delay + 1n);
  const newKey = Wallet.createRandom(ethers.provider);
  await (await admin.sendTransaction({ to: newKey.address, value: parseEther("1") })).wait();
  const recoveryId = await identity.connect(shop).initiateRecovery.staticCall(employeeId, newKey.address);
  await say.tx(
    "guardian one initiates the recovery to the new key",
    identity.connect(shop).initiateRecovery(employeeId, newKey.address),
  );
  await say.tx("guardian two approves", identity.connect(plumber).approveRecovery(recoveryId));
  await networkHelpers.time.increase(delay + 1n);
  await say.tx("the recovery executes after the veto window", identity.connect(shop).executeRecovery(recoveryId));
  await say.refused(
    "the old key withdraws salary",
    payrollStreams.connect(employee).withdraw(streamId, 1n),
    payrollStreams,
  );
  await say.refused("mallory cancels the stream", payrollStreams.connect(mallory).cancel(streamId), payrollStreams);
  const accrued = await payrollStreams.withdrawable(streamId);
  await say.tx(
    `the new key withdraws what accrued (${formatEther(accrued)} CITY)`,
    payrollStreams.connect(newKey).withdraw(streamId, accrued),
  );
  await say.tx(
    "the employer cancels: the rest of the deposit is refunded to it",
    payrollStreams.connect(employer).cancel(streamId),
  );
  say.record(
    `invoice ${invoiceId} paid in 2 receipts by a resident with no ether; stream ${streamId} paid ` +
      `${formatEther((await payrollStreams.stream(streamId)).withdrawn)} CITY across a key recovery`,
  );
};

/** Registers a wallet's identity, or reuses the one an earlier chapter registered. */
function registrarOf({ connection, city, say }: DemoContext) {
  return async (label: string, wallet: string, kind: number): Promise<bigint> => {
    const existing = await city.identity.identityOf(wallet);
    if (existing !== 0n) return existing;
    const validUntil = BigInt(await connection.networkHelpers.time.latest()) + 3650n * DAY;
    await say.tx(
      `registrar: register ${label}`,
      city.identity
        .connect(city.accounts.registrar)
        .register(
          kind,
          AssuranceLevel.ONE_TIME_CODE,
          id(`subject ${label}`),
          id(`record ${label}`),
          validUntil,
          wallet,
        ),
    );
    return city.identity.identityOf(wallet);
  };
}
