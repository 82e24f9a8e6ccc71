// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";
import {WebAuthn} from "@openzeppelin/contracts/utils/cryptography/WebAuthn.sol";

import {CityService} from "../common/CityService.sol";
import {RevisionLog} from "../common/RevisionLog.sol";
import {IIdentityRecovery} from "./IIdentityRecovery.sol";
import {IIdentityRegistry} from "./IIdentityRegistry.sol";
import {IPasskeyRegistry} from "./IPasskeyRegistry.sol";
import {PasskeyChanges} from "./PasskeyChanges.sol";
import {PasskeyKeyRecord} from "./PasskeyKeyRecord.sol";
import {WebAuthnChallenge} from "./WebAuthnChallenge.sol";

/**
 * @title PasskeyRegistry
 * @notice Passkeys of the city's identities and the shared WebAuthn verifier (see {IPasskeyRegistry}).
 * @dev Kept out of `IdentityRegistry` (at its gas budget): it reads the registry's stable views (`walletOf`,
 * `isIdentityVerified`, `guardianState`, `actorState`). The identity's list of passkeys is keyed by its wallet-change
 * counter, so a recovery empties it in O(1) without touching storage. Behind a UUPS proxy ({CityService}); all state
 * in one ERC-7201 namespace. The identity registry and the relying party are immutables of the implementation (no
 * cold storage read on the assertion path): they change only by a timelocked upgrade to an implementation built
 * with other values. The namespace's `identity` and `rpIdHash` members are kept for the layout and unused.
 */
contract PasskeyRegistry is CityService, IPasskeyRegistry {
    /// @notice The most live passkeys one identity may hold (a phone, a laptop, a security key, spares).
    uint256 public constant MAX_PASSKEYS = 8;
    /// @notice The longest credential id accepted (WebAuthn allows up to 1,023 bytes; authenticators use 16-64).
    uint256 public constant MAX_CREDENTIAL_ID_LENGTH = 255;
    /// @notice The assurance level "biometric plus a second factor" a user-verified assertion proves.
    uint8 public constant LEVEL_3 = 3;

    // solhint-disable-next-line quotes
    bytes32 private constant _TYPE_GET = '"type":"webauthn.get"';
    uint256 private constant _TYPE_GET_LENGTH = 21;
    // solhint-disable-next-line quotes
    bytes32 private constant _CHALLENGE_KEY = '"challenge":"';
    bytes1 private constant _QUOTE = 0x22;
    /// @dev `"challenge":"` (13 bytes), 43 base64url characters, `"`.
    uint256 private constant _CHALLENGE_FIELD_LENGTH = 57;
    uint256 private constant _HALF_N = P256.N / 2;

    /// @custom:storage-location erc7201:citychain.storage.PasskeyRegistry
    struct PasskeyRegistryStorage {
        IIdentityRegistry identity; // unused: the implementation's immutable {_IDENTITY} (kept for the layout)
        bytes32 rpIdHash; // unused: the implementation's immutable {_RP_ID_HASH} (kept for the layout)
        uint256 passkeyCount;
        mapping(uint256 passkeyId => Passkey) passkeys;
        mapping(uint256 identityId => uint256) revisions;
        mapping(uint256 identityId => mapping(uint32 walletChange => uint256[] passkeyIds)) lists;
        // the verifier's one slot per passkey (see {_keyRecord}); zero for a passkey registered before it existed
        mapping(uint256 passkeyId => bytes32) keyRecords;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.PasskeyRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _PASSKEY_STORAGE = 0x503d7093c7064d73065875dd0b407b2a12c6f38475f852a89d443f37db2c5a00;

    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IIdentityRegistry private immutable _IDENTITY;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _RP_ID_HASH;

    /**
     * @notice Builds an implementation for the city's identity registry and relying party (both fixed in its code).
     * @param identity_ The city's identity registry (its proxy).
     * @param rpIdHash_ sha256 of the city's WebAuthn relying party id (never zero).
     * @custom:oz-upgrades-unsafe-allow constructor
     */
    constructor(IIdentityRegistry identity_, bytes32 rpIdHash_) {
        if (rpIdHash_ == bytes32(0)) revert PasskeyRelyingPartyEmpty();
        _IDENTITY = identity_;
        _RP_ID_HASH = rpIdHash_;
    }

    /**
     * @notice Initializes the registry behind its proxy (once, in the proxy's constructor).
     * @param authority The city's AccessManager.
     */
    function initialize(address authority) external initializer {
        __CityService_init(authority);
    }

    /// @inheritdoc IPasskeyRegistry
    function registerPasskey(
        uint256 identityId,
        bytes32 qx,
        bytes32 qy,
        bytes calldata credentialId
    ) external returns (uint256) {
        address wallet = _IDENTITY.walletOf(identityId);
        if (wallet != msg.sender || wallet == address(0)) revert PasskeyCallerNotWallet(identityId, msg.sender);
        return _register(identityId, qx, qy, credentialId, false);
    }

    /// @inheritdoc IPasskeyRegistry
    function enrolPasskey(
        uint256 identityId,
        bytes32 qx,
        bytes32 qy,
        bytes calldata credentialId
    ) external restricted returns (uint256) {
        return _register(identityId, qx, qy, credentialId, true);
    }

    /// @inheritdoc IPasskeyRegistry
    function removePasskey(uint256 passkeyId) external {
        PasskeyRegistryStorage storage $ = _passkeyStorage();
        Passkey storage key = $.passkeys[passkeyId];
        uint256 identityId = key.identityId;
        if (identityId == 0) revert PasskeyUnknown(passkeyId);
        if (_IDENTITY.walletOf(identityId) != msg.sender) revert PasskeyCallerNotWallet(identityId, msg.sender);
        if (key.removedAt != 0) revert PasskeyRemoved(passkeyId, key.removedAt);
        uint32 current = _walletChanges(identityId);
        if (key.walletChange != current) revert PasskeyReplacedByRecovery(passkeyId, key.walletChange, current);

        key.removedAt = uint40(block.timestamp);
        bytes32 record = $.keyRecords[passkeyId];
        if (record == 0) record = bytes32(PasskeyKeyRecord.fromPasskey(key));
        $.keyRecords[passkeyId] = record | bytes32(PasskeyKeyRecord.REMOVED);
        uint256[] storage list = $.lists[identityId][current];
        uint256 last = list[list.length - 1];
        list[key.index] = last;
        $.passkeys[last].index = key.index;
        list.pop();
        emit PasskeyRemovedByIdentity(passkeyId, identityId);
        emit RevisionLog.RecordRevised(
            bytes32(identityId),
            ++$.revisions[identityId],
            PasskeyChanges.PASSKEY_REMOVED,
            uint192(passkeyId),
            msg.sender
        );
    }

    /// @inheritdoc IPasskeyRegistry
    function verifyAssertion(
        uint256 identityId,
        bytes32 challenge,
        bool level3,
        PasskeyAssertion calldata assertion
    ) external view {
        _verify(identityId, address(0), challenge, level3, assertion);
    }

    /// @inheritdoc IPasskeyRegistry
    function verifyWalletAssertion(
        address wallet,
        bytes32 challenge,
        bool level3,
        PasskeyAssertion calldata assertion
    ) external view returns (uint256 identityId) {
        return _verify(0, wallet, challenge, level3, assertion);
    }

    /// @inheritdoc IPasskeyRegistry
    function passkey(uint256 passkeyId) external view returns (Passkey memory) {
        return _passkeyStorage().passkeys[passkeyId];
    }

    /// @inheritdoc IPasskeyRegistry
    function passkeysOf(uint256 identityId) external view returns (uint256[] memory) {
        return _passkeyStorage().lists[identityId][_walletChanges(identityId)];
    }

    /// @inheritdoc IPasskeyRegistry
    function isPasskeyAlive(uint256 passkeyId) external view returns (bool) {
        PasskeyRegistryStorage storage $ = _passkeyStorage();
        Passkey storage key = $.passkeys[passkeyId];
        uint256 identityId = key.identityId;
        return
            identityId != 0 &&
            key.removedAt == 0 &&
            key.walletChange == _walletChanges(identityId) &&
            _IDENTITY.isIdentityVerified(identityId, 0);
    }

    /// @inheritdoc IPasskeyRegistry
    function passkeyRevision(uint256 identityId) external view returns (uint256) {
        return _passkeyStorage().revisions[identityId];
    }

    /// @inheritdoc IPasskeyRegistry
    function relyingPartyIdHash() external view returns (bytes32) {
        return _RP_ID_HASH;
    }

    /// @inheritdoc IPasskeyRegistry
    function identityRegistry() external view returns (IIdentityRegistry) {
        return _IDENTITY;
    }

    /// @inheritdoc IPasskeyRegistry
    function passkeyCount() external view returns (uint256) {
        return _passkeyStorage().passkeyCount;
    }

    /**
     * @dev The whole check with one read of the passkey and one call to the identity registry ({actorState}):
     * the passkey is known, `expectedId`'s (for an identity's action) or `wallet`'s identity's (for a wallet's
     * action: `expectedId` zero), alive and registered since the identity's latest recovery, the identity
     * verified (at level 3 when required); then the WebAuthn data and the P-256 signature over them.
     */
    function _verify(
        uint256 expectedId,
        address wallet,
        bytes32 challenge,
        bool level3,
        PasskeyAssertion calldata assertion
    ) private view returns (uint256 identityId) {
        uint256 passkeyId = assertion.passkeyId;
        uint256 record = _keyRecord(passkeyId);
        identityId = uint64(record);
        if (expectedId != 0 && identityId != expectedId) revert PasskeyNotOfIdentity(passkeyId, expectedId, identityId);
        {
            bytes32 qx = assertion.qx;
            bytes32 qy = assertion.qy;
            if (PasskeyKeyRecord.commitment(qx, qy) != record & PasskeyKeyRecord.COMMITMENT_MASK)
                revert PasskeyKeyMismatch(passkeyId, qx, qy);
        }
        uint8 minLevel = level3 ? LEVEL_3 : 0;
        (address current, bool verified, uint32 walletChanges) = IIdentityRecovery(address(_IDENTITY)).actorState(
            identityId,
            minLevel
        );
        if (expectedId == 0 && current != wallet) revert PasskeyWalletMismatch(identityId, wallet, current);
        if (record & PasskeyKeyRecord.REMOVED != 0)
            revert PasskeyRemoved(passkeyId, _passkeyStorage().passkeys[passkeyId].removedAt);
        uint32 walletChange = uint32(record >> 64);
        if (walletChange != walletChanges) revert PasskeyReplacedByRecovery(passkeyId, walletChange, walletChanges);
        if (!verified) revert PasskeyIdentityNotVerified(identityId, minLevel);
        if (!_checkAssertion(assertion, challenge, level3)) revert PasskeySignatureInvalid(passkeyId);
    }

    /**
     * @dev The known passkey's key record (one cold slot), whose 152-bit commitment the assertion's key must match (a
     * forged key would need a 152-bit second preimage of keccak256). A passkey registered before key records existed
     * has none: its record is built from the full {Passkey} (three slots, same checks).
     */
    function _keyRecord(uint256 passkeyId) private view returns (uint256 record) {
        PasskeyRegistryStorage storage $ = _passkeyStorage();
        record = uint256($.keyRecords[passkeyId]);
        if (record == 0) record = PasskeyKeyRecord.fromPasskey($.passkeys[passkeyId]);
        if (record == 0) revert PasskeyUnknown(passkeyId);
    }

    /// @dev The WebAuthn data (each bad field its named error), then whether the signature verifies under the
    /// assertion's key (already checked against the passkey's commitment).
    function _checkAssertion(
        PasskeyAssertion calldata assertion,
        bytes32 challenge,
        bool level3
    ) private view returns (bool) {
        bytes calldata authenticatorData = assertion.authenticatorData;
        bytes calldata clientDataJSON = assertion.clientDataJSON;
        _checkAuthenticatorData(authenticatorData, level3);
        _checkClientData(clientDataJSON, assertion.typeIndex, assertion.challengeIndex, challenge);
        bytes32 s = assertion.s;
        if (uint256(s) > _HALF_N) revert PasskeySignatureHighS(s);
        return _p256(_signedMessage(authenticatorData, clientDataJSON), assertion.r, s, assertion.qx, assertion.qy);
    }

    /**
     * @dev EIP-7951's P256VERIFY first: 32 bytes of 1 for a valid signature (it checks `r`, `s` and the public key
     * itself), nothing otherwise. Only when it returns nothing (an invalid signature, or a chain without the
     * precompile) does OpenZeppelin's `P256.verify` decide: it tells the two apart and runs its Solidity verifier on
     * a chain without the precompile.
     */
    function _p256(bytes32 h, bytes32 r, bytes32 s, bytes32 qx, bytes32 qy) private view returns (bool valid) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let input := mload(0x40)
            mstore(input, h)
            mstore(add(input, 0x20), r)
            mstore(add(input, 0x40), s)
            mstore(add(input, 0x60), qx)
            mstore(add(input, 0x80), qy)
            let ok := staticcall(gas(), 0x100, input, 0xa0, 0x00, 0x20)
            valid := and(ok, and(eq(returndatasize(), 0x20), eq(mload(0x00), 1)))
        }
        if (!valid) valid = P256.verify(h, r, s, qx, qy);
    }

    function _register(
        uint256 identityId,
        bytes32 qx,
        bytes32 qy,
        bytes calldata credentialId,
        bool byRegistrar
    ) private returns (uint256 passkeyId) {
        PasskeyRegistryStorage storage $ = _passkeyStorage();
        if (!_IDENTITY.isIdentityVerified(identityId, 0)) revert PasskeyIdentityNotVerified(identityId, 0);
        if (credentialId.length == 0 || credentialId.length > MAX_CREDENTIAL_ID_LENGTH) {
            revert PasskeyCredentialIdInvalid(credentialId.length, MAX_CREDENTIAL_ID_LENGTH);
        }
        if (!P256.isValidPublicKey(qx, qy)) revert PasskeyPublicKeyInvalid(qx, qy);
        uint32 walletChange = _walletChanges(identityId);
        uint256[] storage list = $.lists[identityId][walletChange];
        uint256 count = list.length;
        if (count >= MAX_PASSKEYS) revert PasskeyLimitReached(identityId, MAX_PASSKEYS);

        passkeyId = ++$.passkeyCount;
        $.passkeys[passkeyId] = Passkey({
            qx: qx,
            qy: qy,
            identityId: uint64(identityId),
            walletChange: walletChange,
            registeredAt: uint40(block.timestamp),
            removedAt: 0,
            index: uint8(count)
        });
        $.keyRecords[passkeyId] = bytes32(PasskeyKeyRecord.pack(qx, qy, identityId, walletChange));
        list.push(passkeyId);
        emit PasskeyRegistered(passkeyId, identityId, credentialId, qx, qy, byRegistrar);
        emit RevisionLog.RecordRevised(
            bytes32(identityId),
            ++$.revisions[identityId],
            PasskeyChanges.PASSKEY_REGISTERED,
            uint192(passkeyId),
            msg.sender
        );
    }

    function _checkAuthenticatorData(bytes calldata data, bool level3) private view {
        if (data.length < 37) revert PasskeyAuthenticatorDataMalformed(data.length);
        if (bytes32(data[:32]) != _RP_ID_HASH) revert PasskeyRelyingPartyMismatch(bytes32(data[:32]), _RP_ID_HASH);
        bytes1 flags = data[32];
        if (flags & WebAuthn.AUTH_DATA_FLAGS_UP == 0) revert PasskeyUserNotPresent(flags);
        if (level3 && flags & WebAuthn.AUTH_DATA_FLAGS_UV == 0) revert PasskeyUserNotVerified(flags);
        if (flags & WebAuthn.AUTH_DATA_FLAGS_BS != 0 && flags & WebAuthn.AUTH_DATA_FLAGS_BE == 0) {
            revert PasskeyBackupFlagsInvalid(flags);
        }
    }

    /**
     * @dev `"type":"webauthn.get"` at `typeIndex`, and `"challenge":"<base64url(challenge)>"` at `challengeIndex`
     * (57 bytes: the key, the 43 characters, the closing quote), compared word by word in calldata.
     */
    function _checkClientData(
        bytes calldata json,
        uint256 typeIndex,
        uint256 challengeIndex,
        bytes32 challenge
    ) private pure {
        if (typeIndex > json.length || json.length - typeIndex < _TYPE_GET_LENGTH) {
            revert PasskeyClientDataMalformed(typeIndex, json.length);
        }
        if (bytes21(json[typeIndex:typeIndex + _TYPE_GET_LENGTH]) != bytes21(_TYPE_GET)) {
            revert PasskeyTypeInvalid(typeIndex);
        }
        if (challengeIndex > json.length || json.length - challengeIndex < _CHALLENGE_FIELD_LENGTH) {
            revert PasskeyClientDataMalformed(challengeIndex, json.length);
        }
        bytes calldata field = json[challengeIndex:challengeIndex + _CHALLENGE_FIELD_LENGTH];
        (bytes32 head, bytes11 tail) = WebAuthnChallenge.base64url(challenge);
        if (
            bytes13(field[:13]) != bytes13(_CHALLENGE_KEY) ||
            bytes32(field[13:45]) != head ||
            bytes11(field[45:56]) != tail ||
            field[56] != _QUOTE
        ) revert PasskeyChallengeMismatch(challenge);
    }

    /**
     * @dev The message a WebAuthn authenticator signs, `sha256(authenticatorData || sha256(clientDataJSON))`, hashed
     * in place in free memory (two calls to the SHA-256 precompile, no copies through `abi.encodePacked`).
     */
    function _signedMessage(
        bytes calldata authenticatorData,
        bytes calldata clientDataJSON
    ) private view returns (bytes32 message) {
        bool ok;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let buffer := mload(0x40)
            let length := authenticatorData.length
            calldatacopy(buffer, clientDataJSON.offset, clientDataJSON.length)
            ok := staticcall(gas(), 0x02, buffer, clientDataJSON.length, add(buffer, length), 0x20)
            calldatacopy(buffer, authenticatorData.offset, length)
            ok := and(ok, staticcall(gas(), 0x02, buffer, add(length, 0x20), 0x00, 0x20))
            message := mload(0x00)
        }
        if (!ok) revert PasskeyHashFailed();
    }

    function _walletChanges(uint256 identityId) private view returns (uint32) {
        return IIdentityRecovery(address(_IDENTITY)).guardianState(identityId).walletChanges;
    }

    function _passkeyStorage() private pure returns (PasskeyRegistryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _PASSKEY_STORAGE
        }
    }
}
