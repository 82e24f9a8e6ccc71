import type { RoleName } from "./roles.js";

/**
 * The restricted functions every upgradeable city contract inherits from `contracts/common/CityService.sol`:
 * its code changes, or is frozen for good, only through the UPGRADER role (execution delay, GUARDIAN veto).
 */
export const UPGRADE_PERMISSIONS = {
  "upgradeToAndCall(address,bytes)": "UPGRADER",
  "freezeUpgrades()": "UPGRADER",
} as const;

/**
 * Which role may call which restricted function of which contract. This table is the single source for
 * wiring the AccessManager (Ignition modules and `deployCity`), for the admin scripts and for the
 * shared unauthorized-caller test suite, which calls every entry from an account without the role.
 *
 * Keys are contract names (artifact names); values map a function signature to the role that may call it.
 * A function missing from the table stays ADMIN-only: AccessManager's default is fail-safe.
 */
/** The restricted setters every service with passkey entry points inherits (contracts/common/PasskeyActions.sol). */
export const PASSKEY_ACTION_PERMISSIONS = {
  "setPasskeyRegistry(address)": "ADMIN",
  "setPasskeyLevel3From(uint256)": "ADMIN",
} as const;

export const PERMISSIONS = {
  CityToken: {
    "mint(address,uint256)": "TREASURER",
    ...PASSKEY_ACTION_PERMISSIONS,
    ...UPGRADE_PERMISSIONS,
  },
  ServiceDirectory: {
    "register(bytes32,address,(bytes32,uint8,string))": "ADMIN",
    "replace(bytes32,address,(bytes32,uint8,string))": "ADMIN",
    "retire(bytes32)": "ADMIN",
    ...UPGRADE_PERMISSIONS,
  },
  IdentityRegistry: {
    "register(uint8,uint8,bytes32,bytes32,uint40,address)": "REGISTRAR",
    "registerDevice(uint256,uint8,bytes32,bytes32,uint40,address)": "REGISTRAR",
    "setLevel(uint256,uint8)": "REGISTRAR",
    "renew(uint256,uint40)": "REGISTRAR",
    "updateRecord(uint256,bytes32)": "REGISTRAR",
    "suspend(uint256,bytes32)": "REGISTRAR",
    "reinstate(uint256)": "REGISTRAR",
    "revoke(uint256,bytes32)": "REGISTRAR",
    "changeDeviceOwner(uint256,uint256)": "REGISTRAR",
    "resetGuardians(uint256,bool)": "REGISTRAR",
    "setServiceMinLevel(bytes32,uint8)": "ADMIN",
    ...UPGRADE_PERMISSIONS,
  },
  IdentityClaims: {
    "setTrustedIssuer(bytes32,uint256,bool)": "ADMIN",
    ...UPGRADE_PERMISSIONS,
  },
  PasskeyRegistry: {
    "enrolPasskey(uint256,bytes32,bytes32,bytes)": "REGISTRAR",
    ...UPGRADE_PERMISSIONS,
  },
  LandRegistry: {
    "registerParcel((bytes32,uint64,(bytes32,uint8,string),(bytes32,uint8,string)),(uint64,uint16)[])":
      "LAND_REGISTRAR",
    "subdivide(uint256,(bytes32,uint64,(bytes32,uint8,string),(bytes32,uint8,string))[])": "LAND_REGISTRAR",
    "merge(uint256[],(bytes32,uint64,(bytes32,uint8,string),(bytes32,uint8,string)))": "LAND_REGISTRAR",
    "freeze(uint256,bytes32)": "COURT",
    "unfreeze(uint256,bytes32)": "COURT",
    "succeedByCourt(uint256,uint64,uint64)": "COURT",
    "succeedByRegistrar(uint256,uint64,uint64)": "LAND_REGISTRAR",
    "lockForDeed(uint256,uint256)": "LAND_MODULE",
    "unlock(uint256,uint256)": "LAND_MODULE",
    "conveyTitle(uint256,uint256,uint64)": "LAND_MODULE",
    "settleSigned((uint256,uint64,uint256,bytes32,uint256,uint256),bytes[],bytes,(uint256,uint8,bytes32,bytes32))":
      "LAND_REGISTRAR",
    "linkSaleLiens(address)": "ADMIN",
    "recordRevision(uint256,uint16,uint192)": "LAND_MODULE",
    ...UPGRADE_PERMISSIONS,
  },
  LandLiens: {
    "imposeCourtLien(uint256,uint64,uint96,(bytes32,uint8,string))": "COURT",
    "courtReleaseLien(uint256)": "COURT",
    "rejectLienProposal(uint256)": "COURT",
    "dischargeForSale(uint256,uint256)": "LAND_MODULE",
    "imposeStatutoryLien(uint256,uint64,uint96,bytes32)": "TAX_MODULE",
    "releaseStatutoryLien(uint256)": "TAX_MODULE",
    "setConsentPasskeys(address)": "ADMIN",
    ...UPGRADE_PERMISSIONS,
  },
  PropertyTax: {
    "levy(uint16,uint40,uint32,uint32[],uint96[])": "TAX_OFFICE",
    "imposeLien(uint256,uint16)": "TAX_OFFICE",
    "assignZone(uint256,uint32)": "LAND_REGISTRAR",
    "setTreasury(uint64)": "TREASURER",
    ...UPGRADE_PERMISSIONS,
  },
  LandDeeds: {
    "completeDeed(uint256)": "LAND_REGISTRAR",
    "cancelDeed(uint256)": "LAND_REGISTRAR",
    "sweepExcess(address)": "TREASURER",
    "setConsentPasskeys(address)": "ADMIN",
    ...UPGRADE_PERMISSIONS,
  },
  EnergyMeters: {
    "admitMeter(uint256,uint32,bool)": "GRID_OPERATOR",
    ...UPGRADE_PERMISSIONS,
  },
  EnergyMarket: {
    "setConfig((uint32,uint32,uint32,uint32,uint64,uint64))": "GRID_OPERATOR",
    "setFeederCapacity(uint32,uint64)": "GRID_OPERATOR",
    "setOperatorAccount(uint256)": "GRID_OPERATOR",
    ...UPGRADE_PERMISSIONS,
  },
  EnergyCertificates: {
    ...UPGRADE_PERMISSIONS,
  },
  Elections: {
    "createElection((uint8,uint8,uint8,uint8,uint8,uint40,uint40,uint40,uint32,uint16,bytes32,bytes32))":
      "ELECTION_OFFICIAL",
    "cancel(uint256,bytes32)": "GUARDIAN",
    ...PASSKEY_ACTION_PERMISSIONS,
    ...UPGRADE_PERMISSIONS,
  },
  SelfTallyBallot: {
    "createElection((uint8,uint8,uint8,uint40,uint40,uint40,bytes32,bytes32))": "ELECTION_OFFICIAL",
    "cancel(uint256,bytes32)": "GUARDIAN",
    ...UPGRADE_PERMISSIONS,
  },
  CarbonCredits: {
    "registerProject(uint256,(bytes32,uint8,string))": "CARBON_REGULATOR",
    "setProjectEligibility(uint256,bool)": "CARBON_REGULATOR",
    "setVintageCap(uint256,uint16,uint64)": "CARBON_REGULATOR",
    "allocate(uint256,uint256,uint64)": "CARBON_REGULATOR",
    "issueBatch(uint256,uint16,uint64,uint64,(bytes32,uint8,string))": "CARBON_VERIFIER",
    "cancel(uint256,uint256,uint64,string)": "CARBON_VERIFIER",
    "bindRegister(address)": "ADMIN",
    ...UPGRADE_PERMISSIONS,
  },
  EmissionsRegister: {
    "openPeriod(uint40,uint64,uint16,uint128)": "CARBON_REGULATOR",
    "recordEmissions(uint256,uint256,uint64,(bytes32,uint8,string))": "CARBON_VERIFIER",
    "correctEmissions(uint256,uint256,uint64,(bytes32,uint8,string),string)": "CARBON_VERIFIER",
    ...UPGRADE_PERMISSIONS,
  },
  Scope3Register: {
    "registerSource(address)": "ADMIN",
    ...UPGRADE_PERMISSIONS,
  },
  Insurance: {
    "createPool()": "INSURER",
    "fundPool(uint256,uint256)": "INSURER",
    "withdrawCapital(uint256,uint256)": "INSURER",
    "createProduct((uint32,uint8,bool,uint8,uint32,uint32,uint32,uint16,uint64,uint96,uint80,uint80,uint96))":
      "INSURER",
    "createRisk(uint256,uint40,uint40,bytes32)": "INSURER",
    "confirmClaim(bytes32,uint256)": "CLAIMS_ASSESSOR",
    "declineClaim(bytes32,bytes32)": "CLAIMS_ASSESSOR",
    "declareLossEventByAssessor(uint8,uint40,uint40,uint40,bytes32)": "CLAIMS_ASSESSOR",
    "declareLossEvent(uint8,uint40,uint40,uint40,bytes32)": "ORACLE",
    "postResult(uint256,uint64)": "ORACLE",
    "submitClaimFor(uint256,uint256,bytes32,uint256,bytes32)": "INSURANCE_MODULE",
    ...UPGRADE_PERMISSIONS,
  },
  InsuranceClaimsRelay: {
    ...PASSKEY_ACTION_PERMISSIONS,
    ...UPGRADE_PERMISSIONS,
  },
  HealthRecords: {
    ...UPGRADE_PERMISSIONS,
  },
  HealthConsents: {
    ...PASSKEY_ACTION_PERMISSIONS,
    ...UPGRADE_PERMISSIONS,
  },
  SupplyChain: {
    "recallByAuthority(uint256,bytes32)": "FOOD_SAFETY",
    ...PASSKEY_ACTION_PERMISSIONS,
    ...UPGRADE_PERMISSIONS,
  },
  SupplyInspections: {
    ...UPGRADE_PERMISSIONS,
  },
  Invoices: {
    ...UPGRADE_PERMISSIONS,
  },
  PayrollStreams: {
    ...UPGRADE_PERMISSIONS,
  },
} as const satisfies Record<string, Record<string, RoleName>>;

export type PermissionedContract = keyof typeof PERMISSIONS;

/** The restricted functions of one contract, grouped by role: one `setTargetFunctionRole` call per group. */
export function signaturesByRole(contract: PermissionedContract): Map<RoleName, string[]> {
  const grouped = new Map<RoleName, string[]>();
  for (const [signature, role] of Object.entries(PERMISSIONS[contract]) as [string, RoleName][]) {
    grouped.set(role, [...(grouped.get(role) ?? []), signature]);
  }
  return grouped;
}

/** The open functions every service inherits from `MultiPartyConsent` (and AccessManaged's `setAuthority`). */
const CONSENT_OPEN_FUNCTIONS = {
  "approve(uint256)":
    "acts only for the caller's own identity (caller must be its current primary wallet, identity verified) and only on a request naming it",
  "approveBySignature(uint256,uint256,uint256,uint256,bytes)":
    "anyone submits, but only an EIP-712 signature by the named party identity's current primary wallet (party, request, action, nonce, deadline signed) counts",
  "approveByPasskey(uint256,uint256,uint256,uint256,(uint256,bytes32,bytes32,bytes,bytes,uint256,uint256,bytes32,bytes32))":
    "anyone (a relayer) submits, but only a WebAuthn assertion of a live passkey of the named party identity over the same EIP-712 approval digest (party, request, action, nonce, deadline) counts",
  "decline(uint256)": "a verified party identity, through its current primary wallet, refuses a request naming it",
  "invalidateNonce(uint192)": "burns only the caller identity's own nonce, withdrawing its unsubmitted signature",
  "setAuthority(address)": "AccessManaged: only the current authority may call it",
} as const;

/**
 * Why an upgradeable contract's `initialize` is open: it is an `initializer`, called once by the proxy's own
 * constructor in the deployment transaction (deploy/wiring.ts `deployProxy`); a second call, or a call on the
 * implementation (whose constructor disabled initializers), reverts with `InvalidInitialization`.
 */
export const INITIALIZER_REASON =
  "initializer: runs once, inside the proxy's constructor; again, or on the implementation, it reverts" as const;

/**
 * The state-changing functions of each permissioned contract that are deliberately NOT restricted, with
 * the reason. Together with {@link PERMISSIONS} this classifies every state-changing function of every
 * city contract; `test/access/Permissions.test.ts` fails when a new function is in neither table.
 */
export const OPEN_FUNCTIONS = {
  CityToken: {
    "initialize(string,string,address)": INITIALIZER_REASON,
    "transfer(address,uint256)": "holder moves its own tokens",
    "approve(address,uint256)": "holder sets its own allowance",
    "transferFrom(address,address,uint256)": "bounded by the holder's allowance",
    "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)": "holder's EIP-2612 signature",
    "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)":
      "holder's ERC-3009 ECDSA signature over receiver, amount, validity window and a single-use nonce (relayed)",
    "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)":
      "holder's ERC-3009 signature (ECDSA or ERC-1271) over receiver, amount, validity window and a single-use nonce",
    "receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)":
      "holder's ERC-3009 ECDSA signature, and only the named receiver may submit it",
    "receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)":
      "holder's ERC-3009 signature (ECDSA or ERC-1271), and only the named receiver may submit it",
    "cancelAuthorization(address,bytes32,uint8,bytes32,bytes32)":
      "the authorizer's ECDSA signature burns one of its own unused nonces",
    "cancelAuthorization(address,bytes32,bytes)":
      "the authorizer's signature (ECDSA or ERC-1271) burns one of its own unused nonces",
    "transferWithPasskey(address,address,uint256,uint256,uint256,bytes32,(uint256,bytes32,bytes32,bytes,bytes,uint256,uint256,bytes32,bytes32))":
      "a live passkey of the identity whose primary wallet pays asserts the same ERC-3009 digest (single-use nonce)",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  ServiceDirectory: {
    "initialize(address)": INITIALIZER_REASON,
    "recordImplementation(bytes32)":
      "anyone may write down the code now behind a service's proxy: it reads the chain, it decides nothing",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  IdentityRegistry: {
    "initialize(address,uint256)": INITIALIZER_REASON,
    "bindWallet(uint256,address,uint256,uint256,bytes)":
      "the identity's primary wallet, with the bound wallet's own EIP-712 signature",
    "unbindWallet(uint256,address)":
      "the bound wallet itself, or the identity's primary wallet while the identity is Active",
    "invalidateBindingNonce()": "a wallet burns its own binding nonce",
    "appointGuardians(uint256,uint256[],uint8)":
      "the identity's primary wallet while Active; every set, the first included, takes effect after the recovery delay",
    "initiateRecovery(uint256,address)": "a verified guardian of the set in effect, through its own primary wallet",
    "approveRecovery(uint256)":
      "a verified guardian of the set the recovery was opened under, while that set is in effect and within the approval window",
    "vetoRecovery(uint256)": "the identity's current primary wallet, while the identity is Active",
    "executeRecovery(uint256)":
      "anyone, once M guardians approved, strictly after the veto window and within the execution window, unless stale or reset",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  IdentityClaims: {
    "initialize(address,address)": INITIALIZER_REASON,
    "issueClaim(uint256,bytes32,bytes32,uint40)":
      "a verified issuer identity the city trusts for the topic; it replaces only its own current claim",
    "revokeClaim(uint256,bytes32)": "the claim's issuer identity, through its current primary wallet",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  LandRegistry: {
    "initialize(address,address,string)": INITIALIZER_REASON,
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  PasskeyRegistry: {
    "initialize(address)": INITIALIZER_REASON,
    "registerPasskey(uint256,bytes32,bytes32,bytes)":
      "only the identity's current primary wallet, identity verified, adds a passkey to its own identity (at most MAX_PASSKEYS live)",
    "removePasskey(uint256)": "only the passkey's identity's current primary wallet may remove it",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  LandLiens: {
    "initialize(address,address,address)": INITIALIZER_REASON,
    "proposeLien(uint256,uint8,uint96,(bytes32,uint8,string),uint48)":
      "a verified lender identity proposes; nothing binds until every owner consents; capped per parcel and per proposer, bounded lifetime, none while a deed holds the parcel",
    "withdrawLienProposal(uint256)":
      "only the proposing lender identity (its current primary wallet) may withdraw its own proposal",
    "pruneLienProposal(uint256)":
      "anyone, but only a proposal that can no longer activate as asked (expired, parcel retired, or owners changed)",
    "releaseLien(uint256)":
      "only the lien holder identity's current primary wallet, verified, may release it (never a court order)",
    ...CONSENT_OPEN_FUNCTIONS,
  },
  PropertyTax: {
    "initialize(address,address,address,address,address)": INITIALIZER_REASON,
    "pay(uint256,uint16)":
      "anyone may pay a parcel's tax from its own wallet: only the exact amount due of a levied, unpaid year is taken",
    "payWithAuthorization(uint256,uint16,address,uint256,uint256,bytes32,bytes)":
      "anyone may relay a payer's ERC-3009 receive authorization; its nonce key binds it to this parcel and year, its value to the amount due",
    "recordRetirement(uint256)":
      "anyone may record a fact of the land register (a parcel's retirement by subdivision or merger), read from the register itself",
    "sweep()": "anyone may send the collected tax to the treasury identity's current primary wallet, never elsewhere",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  LandDeeds: {
    "initialize(address,address,address,address,address)": INITIALIZER_REASON,
    "openDeed(uint256,uint64,uint256,uint48)": "only a co-owner identity's current primary wallet may offer its parcel",
    "fundDeed(uint256)": "only the buyer identity's current primary wallet pays the price, and that is its approval",
    "fundDeedWithPermit(uint256,uint256,uint8,bytes32,bytes32)":
      "the buyer's own permit must succeed; a caller other than the buyer's wallet needs the buyer's approval of this deed already recorded, before the deadline",
    "expireDeed(uint256)": "anyone may clean up after the deadline: refund the buyer, unlock the parcel",
    "releaseStaleLock(uint256)":
      "anyone, but only lifts a lock whose deed is no longer open (an unlock deferred by an emergency close)",
    "withdraw()":
      "pays only the caller identity's own credit to its current primary wallet (pull payment), Active identities only",
    "claimPredecessorCredit()":
      "moves only the credit of the revoked identities the caller's Active identity replaced (registry's predecessorOf) to it",
    ...CONSENT_OPEN_FUNCTIONS,
  },
  EnergyMeters: {
    "initialize(address,address)": INITIALIZER_REASON,
    "submitReading(uint256,uint64,uint64,uint64,uint64,uint256,bytes)":
      "anyone relays a reading; only the meter key's EIP-712 signature (with its nonce) makes it valid",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  EnergyMarket: {
    "initialize(address,address,address,address)": INITIALIZER_REASON,
    "placeBid(uint64,uint256,uint32,uint64)":
      "the primary wallet of the identity owning the meter; it locks its own tokens; capped per identity",
    "placeAsk(uint64,uint256,uint32,uint64)":
      "the primary wallet of the identity owning the meter; one ask per identity and interval",
    "submitClearing(uint64,uint32,uint64,uint32[])": "anyone: the contract verifies every rule of the clearing",
    "challengeClearing(uint64,uint32,uint64,uint32[])":
      "anyone: a verified clearing that trades strictly more replaces the proposal within the window",
    "settle(uint64,uint32,uint32[])":
      "anyone, once the clearing is final and the interval over: the meters' readings decide every amount",
    "withdraw()": "an identity's primary wallet withdraws that identity's own credit (pull payment)",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  EnergyCertificates: {
    "initialize(address,address,address,string)": INITIALIZER_REASON,
    "claim(uint64)": "an identity's primary wallet claims its own green credit, once per Wh",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  Elections: {
    "initialize(address,address,address)": INITIALIZER_REASON,
    "commit(uint256,uint256,bytes32)": "only the voter identity's current primary wallet, eligible, during Voting",
    "commitBySig(uint256,uint256,bytes32,bytes32,uint256,bytes)":
      "the voter identity's primary wallet's EIP-712 signature over every field, submitted by any relayer",
    "reveal(uint256,uint256,uint8,bytes32)":
      "anyone holding the opening of the voter's latest commitment, which binds election, voter, choice and salt",
    "cast(uint256,uint256,uint8)": "only the voter identity's current primary wallet, eligible, once, during Voting",
    "castBySig(uint256,uint256,uint8,uint256,bytes)":
      "the voter identity's primary wallet's EIP-712 signature over every field, submitted by any relayer",
    "castByPasskey(uint256,uint256,uint8,uint256,(uint256,bytes32,bytes32,bytes,bytes,uint256,uint256,bytes32,bytes32))":
      "a live passkey of the voter identity asserts the same EIP-712 Cast digest (nonce, deadline); any relayer",
    "commitByPasskey(uint256,uint256,bytes32,bytes32,uint256,(uint256,bytes32,bytes32,bytes,bytes,uint256,uint256,bytes32,bytes32))":
      "a live passkey of the voter identity asserts the same EIP-712 Commit digest (nonce, deadline); any relayer",
    "finalize(uint256)": "anyone, once the last phase ended: the outcome is computed from the tallies alone",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  SelfTallyBallot: {
    "initialize(address,address,address)": INITIALIZER_REASON,
    "register(uint256,uint256,uint256[2],uint256,uint256)":
      "only the voter identity's current primary wallet, eligible, once, with a proof of knowledge bound to it",
    "commitVote(uint256,uint256,bytes32)":
      "only a registered voter identity's current primary wallet, once, during Commit",
    "vote(uint256,uint256,uint256[2],uint256[])":
      "only a registered voter identity's current primary wallet, once, with a valid 1-out-of-k proof",
    "postRecoveryShare(uint256,uint256,uint256,uint256[2],uint256,uint256)":
      "anyone: the DLEQ proof shows the share was computed with the voter's registered key",
    "tally(uint256,uint256)": "anyone: t*G must equal the product of the votes and shares, checked on-chain",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  CarbonCredits: {
    "initialize(address,address,string)": INITIALIZER_REASON,
    "retire(uint256,uint256,uint64,uint256,string)": "a holder identity's primary wallet retires its own credits",
    "surrenderUnits(uint256,address,uint256,uint64)":
      "only the emissions register bound once by ADMIN; it passes the emitter's own surrender after its checks",
    "setApprovalForAll(address,bool)": "an identity's primary wallet approves an operator for its own units",
    "safeTransferFrom(address,address,uint256,uint256,bytes)":
      "the holder identity's primary wallet or its approved operator, to a verified identity's primary wallet",
    "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)":
      "the holder identity's primary wallet or its approved operator, to a verified identity's primary wallet",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  EmissionsRegister: {
    "initialize(address,address,address)": INITIALIZER_REASON,
    "surrender(uint256,uint256,uint64)": "an emitter identity's primary wallet surrenders its own units",
    "settle(uint256,uint256)": "anyone, after the deadline: it applies the period's fixed rules and decides nothing",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  Scope3Register: {
    "initialize(address,address,address)": INITIALIZER_REASON,
    "reportPurchase(uint256,uint256,uint256,uint256)":
      "a business identity's primary wallet declares a batch it holds (read live from the source) as its own scope 3; informational, never verified emissions",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  Insurance: {
    "initialize(address,address,address,address)": INITIALIZER_REASON,
    "buyPolicy(uint256,uint256,uint256)":
      "a verified identity buys cover for itself and pays the premium from its wallet",
    "buyPolicyWithPermit(uint256,uint256,uint256,uint256,uint8,bytes32,bytes32)":
      "as buyPolicy, paid with the caller's own EIP-2612 permit (a failed permit reverts)",
    "expirePolicy(uint256)": "anyone may unlock the capital of a policy after its end and grace period",
    "withdraw()": "an identity pulls its own credit to its own primary wallet",
    "submitClaim(uint256,bytes32,uint256,bytes32)": "only the policy's holder identity files a claim",
    "submitEventClaim(uint256,uint256,uint256,bytes32)": "only the policy's holder identity files a claim",
    "withdrawClaim(bytes32)": "only the policy's holder identity withdraws its own claim",
    "payEventClaim(bytes32)":
      "anyone pays a confirmed event claim its share once the event closed: the amount is fixed by the register",
    "settleRisk(uint256,uint256)":
      "anyone continues the settlement cursor after the oracle's result: each policy is paid exactly once",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  InsuranceClaimsRelay: {
    "initialize(address,address,address)": INITIALIZER_REASON,
    "submitClaimBySignature(uint256,uint256,bytes32,uint256,bytes32,uint256,bytes)":
      "the relayer only carries the holder's own EIP-712 claim signature (nonce, deadline); the insurance contract applies every check of a direct claim",
    "submitClaimByPasskey(uint256,uint256,bytes32,uint256,bytes32,uint256,(uint256,bytes32,bytes32,bytes,bytes,uint256,uint256,bytes32,bytes32))":
      "the relayer only carries the holder's own passkey assertion over the claim's EIP-712 digest (nonce, deadline); it decides nothing",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  HealthRecords: {
    "initialize(address,address,address)": INITIALIZER_REASON,
    "anchorRecord(uint256,uint8,(bytes32,uint8,string))":
      "only an identity holding a valid physician or clinic credential anchors, as itself",
    "correctRecord(uint256,(bytes32,uint8,string))":
      "only the record's own provider identity, still licensed, appends a linked correction",
    "publishEncryptionKey(bytes32)": "an identity's primary wallet publishes its own public key",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  HealthConsents: {
    "initialize(address,address,address,address,address)": INITIALIZER_REASON,
    "grantAccess(uint256,uint8,uint8,uint64)": "a patient identity grants access to its own records only",
    "grantAccessBySignature(uint256,uint256,uint8,uint8,uint64,uint256,bytes)":
      "the relayer only carries the patient's own EIP-712 signature (nonce, deadline); it decides nothing",
    "grantAccessByPasskey(uint256,uint256,uint8,uint8,uint64,uint256,(uint256,bytes32,bytes32,bytes,bytes,uint256,uint256,bytes32,bytes32))":
      "a live passkey of the patient asserts the same EIP-712 HealthGrant digest (nonce, deadline); relayer decides nothing",
    "revokeAccess(uint256,uint8,uint8)": "a patient identity revokes its own grants only",
    "breakGlass(uint256,bytes32)":
      "only licensed physicians; one alone only proposes, access needs a second, different physician",
    "declareAccess(uint256,uint8)": "only an identity with access right now records its own access",
    "grantClaimAccess(uint256,uint256,bytes32)":
      "only the record's patient, for an open claim on its own policy, scoped to one record",
    "revokeClaimAccess(uint256,uint256)": "only the record's patient revokes its own claim grant",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  SupplyChain: {
    "initialize(address,address)": INITIALIZER_REASON,
    "createBatch((bytes32,uint128,uint16,bytes32,bytes32,bytes32,bytes32,uint96),bytes32)":
      "a verified business identity's primary wallet creates a batch it holds; no shared limit is touched",
    "offer(uint256,uint256,bytes32)": "only the holder identity's primary wallet offers its own batch",
    "withdrawOffer(uint256)": "only the holder identity's primary wallet withdraws its own offer",
    "accept(uint256,bytes32)": "only the primary wallet of the identity the holder named accepts custody",
    "acceptBySig(uint256,bytes32,uint256,bytes)":
      "the named receiver's EIP-712 signature over batch, holder, receiver, place, nonce and deadline; any relayer",
    "acceptByPasskey(uint256,bytes32,uint256,(uint256,bytes32,bytes32,bytes,bytes,uint256,uint256,bytes32,bytes32))":
      "a live passkey of the named receiver asserts the same EIP-712 Accept digest (nonce, deadline); any relayer",
    "split(uint256,uint128[],bytes32)": "only the holder (a business identity) splits its own batch",
    "merge(uint256[],bytes32)": "only the holder (a business identity) merges batches it holds",
    "transform(uint256[],(bytes32,uint128,bytes32)[],uint16,uint32,uint96,bytes32)":
      "only the holder (a business identity) transforms batches it holds, under the mass balance",
    "recall(uint256,bytes32)": "only the batch's producer identity recalls its own batch (and so its descendants)",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  SupplyInspections: {
    "initialize(address,address,address,address)": INITIALIZER_REASON,
    "inspect(uint256,bytes32,bool,uint40,(bytes32,uint8,string))":
      "only an identity holding a valid inspector claim of the topic records its own inspection (capped per batch)",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  Invoices: {
    "initialize(address,address,address)": INITIALIZER_REASON,
    "issue(uint256,uint256,uint256,bytes32)":
      "a verified identity's primary wallet bills another identity: one slot under an id prefixed by its own identity",
    "pay(uint256,uint256)":
      "only the billed identity's primary wallet pays, with its own tokens, at most the remainder",
    "payWithAuthorization(uint256,uint256,uint256,uint256,bytes32,bytes)":
      "the relayer only carries the billed wallet's ERC-3009 signature, whose nonce key is bound to this invoice",
    "cancel(uint256,bytes32)": "only the issuer identity's primary wallet cancels the unpaid remainder of its invoice",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
  PayrollStreams: {
    "initialize(address,address,address)": INITIALIZER_REASON,
    "createStream(uint256,uint256,uint256,uint256,uint256)":
      "a verified identity's primary wallet funds a stream from its own tokens; its storage is its own",
    "withdraw(uint256,uint256)": "only the employee identity's verified primary wallet withdraws what has accrued",
    "cancel(uint256)": "only the employer identity's primary wallet cancels; the accrued part stays the employee's",
    "setAuthority(address)": "AccessManaged: only the current authority may call it",
  },
} as const satisfies Record<PermissionedContract, Record<string, string>>;
