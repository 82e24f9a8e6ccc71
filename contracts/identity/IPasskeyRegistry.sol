// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "./IIdentityRegistry.sol";

/**
 * @title IPasskeyRegistry
 * @notice Passkeys (WebAuthn P-256 credentials) of the city's identities, and the one verifier every service uses
 * to accept an action signed by a passkey instead of a wallet. A passkey belongs to an identity id, never to a
 * wallet: the identity's current primary wallet registers it (or a REGISTRAR at an in-person enrolment), and the
 * identity's primary wallet removes it.
 *
 * A passkey is **alive** while all of these hold (checked lazily, O(1), at every use):
 * - it was not removed;
 * - no guardian recovery executed on its identity since it was registered: each passkey records the identity's
 *   wallet-change counter (`IIdentityRecovery.guardianState(id).walletChanges`) at registration, and is dead once
 *   the counter moved on (a recovery replaces every passkey, like the wallet: the new wallet registers new ones);
 * - its identity is verified (Active and unexpired): a suspended, revoked or expired identity's passkeys are dead.
 *
 * Passkey lifecycle: `None -> Registered -> Removed` (by the identity) or dead by recovery (nothing is rewritten;
 * {isPasskeyAlive} answers). Every registration and removal is a revision of the identity's passkey record with
 * `RevisionLog.RecordRevised(bytes32(identityId), revision, kind, passkeyId, actor)` (kinds in {PasskeyChanges})
 * next to the domain event.
 *
 * An assertion is accepted by {verifyAssertion} when: the passkey is alive and the identity's; `type` is
 * `webauthn.get`; the challenge is exactly the action's EIP-712 digest (base64url); the authenticator data names
 * the city's relying party ({relyingPartyIdHash}); the user-present flag is set, and the user-verified flag too
 * when the action requires level 3 (the identity must then also be registered at level 3); the backup flags are
 * consistent; `s` is in the lower half of the curve order; and the P-256 signature verifies (EIP-7951's
 * `P256VERIFY` precompile when the chain has it, OpenZeppelin's Solidity verifier otherwise). Nonce and deadline
 * are the calling service's: they are inside the digest it passes.
 */
interface IPasskeyRegistry {
    /**
     * @notice A registered passkey (three storage slots; the verifier reads its one-slot key record instead).
     * @dev Identity ids are `uint64` like the registry's counter.
     */
    struct Passkey {
        bytes32 qx; // public key, x coordinate
        bytes32 qy; // public key, y coordinate
        uint64 identityId; // the identity it belongs to (0: unknown passkey)
        uint32 walletChange; // the identity's wallet-change counter at registration
        uint40 registeredAt;
        uint40 removedAt; // 0 while not removed
        uint8 index; // position in the identity's list for its wallet-change counter
    }

    /**
     * @notice A WebAuthn assertion (a browser's `navigator.credentials.get()` result, in contract form; the SDK's
     * `assertionFromBrowser` builds it and normalises `s`).
     */
    struct PasskeyAssertion {
        uint256 passkeyId; // the registered passkey that signed
        bytes32 qx; // its public key, x coordinate (checked against the passkey's stored commitment)
        bytes32 qy; // its public key, y coordinate
        bytes authenticatorData; // rpIdHash (32) | flags (1) | signCount (4) | extensions
        bytes clientDataJSON; // as the browser serialised it
        uint256 challengeIndex; // where `"challenge":"` starts in clientDataJSON
        uint256 typeIndex; // where `"type":"webauthn.get"` starts in clientDataJSON
        bytes32 r;
        bytes32 s; // must be <= n/2
    }

    /// @notice `wallet` is not `current`, the current primary wallet of the passkey's identity `identityId`.
    error PasskeyWalletMismatch(uint256 identityId, address wallet, address current);
    /// @notice The identity is not verified (suspended, revoked, expired, unknown or below `minLevel`).
    error PasskeyIdentityNotVerified(uint256 identityId, uint8 minLevel);
    /// @notice The caller is not the identity's current primary wallet.
    error PasskeyCallerNotWallet(uint256 identityId, address caller);
    /// @notice The public key is not a point of P-256.
    error PasskeyPublicKeyInvalid(bytes32 qx, bytes32 qy);
    /// @notice The credential id is empty or longer than {MAX_CREDENTIAL_ID_LENGTH}.
    error PasskeyCredentialIdInvalid(uint256 length, uint256 max);
    /// @notice The identity already has {MAX_PASSKEYS} live passkeys.
    error PasskeyLimitReached(uint256 identityId, uint256 max);
    /// @notice No passkey has this id.
    error PasskeyUnknown(uint256 passkeyId);
    /// @notice The passkey belongs to another identity.
    error PasskeyNotOfIdentity(uint256 passkeyId, uint256 identityId, uint256 ownerId);
    /// @notice The assertion's public key (`qx`, `qy`) is not the registered key of the passkey.
    error PasskeyKeyMismatch(uint256 passkeyId, bytes32 qx, bytes32 qy);
    /// @notice The passkey was removed.
    error PasskeyRemoved(uint256 passkeyId, uint256 removedAt);
    /// @notice A guardian recovery replaced the passkey (registered under another wallet-change counter).
    error PasskeyReplacedByRecovery(uint256 passkeyId, uint256 walletChange, uint256 currentWalletChange);
    /// @notice The authenticator data is shorter than 37 bytes.
    error PasskeyAuthenticatorDataMalformed(uint256 length);
    /// @notice The authenticator data names another relying party.
    error PasskeyRelyingPartyMismatch(bytes32 rpIdHash, bytes32 expected);
    /// @notice The user-present flag is not set.
    error PasskeyUserNotPresent(bytes1 flags);
    /// @notice The action requires level 3 and the user-verified flag is not set.
    error PasskeyUserNotVerified(bytes1 flags);
    /// @notice The backup-state flag is set without the backup-eligible flag.
    error PasskeyBackupFlagsInvalid(bytes1 flags);
    /// @notice An index points outside clientDataJSON.
    error PasskeyClientDataMalformed(uint256 index, uint256 length);
    /// @notice clientDataJSON's `type` at `typeIndex` is not `webauthn.get`.
    error PasskeyTypeInvalid(uint256 typeIndex);
    /// @notice clientDataJSON's challenge at `challengeIndex` is not the action's digest.
    error PasskeyChallengeMismatch(bytes32 expected);
    /// @notice `s` is in the upper half of the curve order (malleable); the SDK normalises it.
    error PasskeySignatureHighS(bytes32 s);
    /// @notice The P-256 signature does not verify under the passkey's public key.
    error PasskeySignatureInvalid(uint256 passkeyId);
    /// @notice The SHA-256 precompile failed (out of gas): nothing was verified.
    error PasskeyHashFailed();
    /// @notice The relying party id hash an implementation is built with is zero.
    error PasskeyRelyingPartyEmpty();

    /**
     * @notice A passkey was registered for an identity.
     * @param passkeyId The new passkey's id (ids start at 1).
     * @param identityId The identity it belongs to.
     * @param credentialId The WebAuthn credential id (the browser's `rawId`), for `allowCredentials`.
     * @param qx Public key x.
     * @param qy Public key y.
     * @param byRegistrar Whether a registrar enrolled it (else the identity's primary wallet).
     */
    event PasskeyRegistered(
        uint256 indexed passkeyId,
        uint256 indexed identityId,
        bytes credentialId,
        bytes32 qx,
        bytes32 qy,
        bool byRegistrar
    );
    /// @notice The identity removed a passkey.
    event PasskeyRemovedByIdentity(uint256 indexed passkeyId, uint256 indexed identityId);

    /**
     * @notice Registers a passkey for the caller's identity; the caller must be its current primary wallet and the
     * identity verified.
     * @param identityId The caller's identity.
     * @param qx Public key x.
     * @param qy Public key y.
     * @param credentialId The credential id (1 to {MAX_CREDENTIAL_ID_LENGTH} bytes).
     * @return passkeyId The new passkey's id.
     */
    function registerPasskey(
        uint256 identityId,
        bytes32 qx,
        bytes32 qy,
        bytes calldata credentialId
    ) external returns (uint256 passkeyId);

    /**
     * @notice Registers a passkey at an in-person enrolment (REGISTRAR); same checks as {registerPasskey}.
     * @param identityId A verified identity.
     * @param qx Public key x.
     * @param qy Public key y.
     * @param credentialId The credential id.
     * @return passkeyId The new passkey's id.
     */
    function enrolPasskey(
        uint256 identityId,
        bytes32 qx,
        bytes32 qy,
        bytes calldata credentialId
    ) external returns (uint256 passkeyId);

    /**
     * @notice Removes a live passkey; the caller must be its identity's current primary wallet (a suspended
     * identity's wallet may remove, e.g. after a lost device).
     * @param passkeyId The passkey.
     */
    function removePasskey(uint256 passkeyId) external;

    /**
     * @notice Reverts with a named error unless `assertion` is a valid assertion of a live passkey of
     * `identityId` over `challenge`.
     * @param identityId The identity acting.
     * @param challenge The action's EIP-712 digest (which covers its nonce and deadline).
     * @param level3 Whether the action requires level 3: the user-verified flag, and the identity at level 3.
     * @param assertion The assertion.
     */
    function verifyAssertion(
        uint256 identityId,
        bytes32 challenge,
        bool level3,
        PasskeyAssertion calldata assertion
    ) external view;

    /**
     * @notice {verifyAssertion} for a service that knows the acting wallet, not the identity (the token's
     * passkey payments): the passkey's identity must have `wallet` as its current primary wallet.
     * @param wallet The wallet the action is taken for (e.g. the payer of an ERC-3009 authorization).
     * @param challenge The action's EIP-712 digest (which covers its nonce and deadline).
     * @param level3 Whether the action requires level 3.
     * @param assertion The assertion.
     * @return identityId The identity that acted.
     */
    function verifyWalletAssertion(
        address wallet,
        bytes32 challenge,
        bool level3,
        PasskeyAssertion calldata assertion
    ) external view returns (uint256 identityId);

    /// @notice The passkey with this id (zeroed if unknown).
    function passkey(uint256 passkeyId) external view returns (Passkey memory);

    /// @notice The live passkeys registered under the identity's current wallet-change counter (at most
    /// {MAX_PASSKEYS}); the identity's status is not checked here.
    function passkeysOf(uint256 identityId) external view returns (uint256[] memory);

    /// @notice Whether the passkey is alive (see the contract's NatSpec).
    function isPasskeyAlive(uint256 passkeyId) external view returns (bool);

    /// @notice The identity's passkey revision counter (bumped by every registration and removal).
    function passkeyRevision(uint256 identityId) external view returns (uint256);

    /// @notice sha256 of the relying party id every assertion must carry (fixed in the implementation's code: it
    /// changes only by an upgrade to an implementation built with another one).
    function relyingPartyIdHash() external view returns (bytes32);

    /// @notice The identity registry whose identities own the passkeys (fixed in the implementation's code).
    function identityRegistry() external view returns (IIdentityRegistry);

    /// @notice The number of passkeys ever registered.
    function passkeyCount() external view returns (uint256);
}
