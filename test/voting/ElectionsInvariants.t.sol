// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {IElections} from "../../contracts/voting/IElections.sol";
import {Elections} from "../../contracts/voting/Elections.sol";
import {IdentitySetup} from "../identity/IdentitySetup.sol";
import {Proxies} from "../utils/Proxies.sol";
import {TestBase} from "../utils/TestBase.sol";

uint256 constant VOTERS = 8;
uint8 constant OPTIONS = 3;

/// @notice Random commits, re-commits, honest and dishonest reveals, public ballots, clock moves and finalisations.
contract VotingHandler is TestBase {
    Elections public immutable elections;
    uint256 public immutable secretId;
    uint256 public immutable publicId;
    address[VOTERS] internal _wallets;
    uint256[VOTERS] internal _ids;

    mapping(uint256 voterId => uint8) internal _choice;
    mapping(uint256 voterId => bytes32) internal _salt;
    mapping(uint256 voterId => bool) internal _revealed;
    mapping(uint256 voterId => bool) internal _cast;
    uint256[OPTIONS] public ghostSecret;
    uint256[OPTIONS] public ghostPublic;
    uint256 public ghostReveals;
    uint256 public ghostCasts;
    bool public ghostCountedTwice;
    bool public ghostPhaseWentBack;
    mapping(uint256 electionId => IElections.Phase) public lastPhase;
    mapping(uint256 electionId => bytes32) public finalResult;

    constructor(
        Elections elections_,
        uint256 secretId_,
        uint256 publicId_,
        address[VOTERS] memory wallets,
        uint256[VOTERS] memory ids
    ) {
        elections = elections_;
        secretId = secretId_;
        publicId = publicId_;
        _wallets = wallets;
        _ids = ids;
    }

    function commit(uint256 voterSeed, uint256 choiceSeed, bytes32 salt) external {
        uint256 i = voterSeed % VOTERS;
        uint8 choice = uint8(choiceSeed % OPTIONS);
        bytes32 commitment = elections.ballotCommitment(secretId, _ids[i], choice, salt);
        vm.prank(_wallets[i]);
        try elections.commit(secretId, _ids[i], commitment) {
            (_choice[_ids[i]], _salt[_ids[i]]) = (choice, salt);
        } catch {}
        _observe();
    }

    function reveal(uint256 voterSeed, bool honest) external {
        uint256 voterId = _ids[voterSeed % VOTERS];
        uint8 choice = honest ? _choice[voterId] : uint8((_choice[voterId] + 1) % OPTIONS);
        try elections.reveal(secretId, voterId, choice, _salt[voterId]) {
            if (_revealed[voterId] || !honest) ghostCountedTwice = true;
            _revealed[voterId] = true;
            ghostSecret[choice] += 1;
            ghostReveals += 1;
        } catch {}
        _observe();
    }

    function cast(uint256 voterSeed, uint256 choiceSeed, bool fromStranger) external {
        uint256 i = voterSeed % VOTERS;
        uint8 choice = uint8(choiceSeed % OPTIONS);
        vm.prank(fromStranger ? _wallets[(i + 1) % VOTERS] : _wallets[i]);
        try elections.cast(publicId, _ids[i], choice) {
            if (_cast[_ids[i]] || fromStranger) ghostCountedTwice = true;
            _cast[_ids[i]] = true;
            ghostPublic[choice] += 1;
            ghostCasts += 1;
        } catch {}
        _observe();
    }

    function wait(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 2 days));
        _observe();
    }

    function finalize(bool secret) external {
        uint256 electionId = secret ? secretId : publicId;
        try elections.finalize(electionId) {
            finalResult[electionId] = resultHash(electionId);
        } catch {}
        _observe();
    }

    /// @notice Tallies, outcome, winner and turnout: what a finalised election must keep for ever.
    function resultHash(uint256 electionId) public view returns (bytes32) {
        IElections.ElectionRecord memory record = elections.election(electionId);
        return keccak256(abi.encode(elections.tallies(electionId), record.outcome, record.winner, record.turnout));
    }

    function _observe() internal {
        for (uint256 k = 0; k < 2; ++k) {
            uint256 electionId = k == 0 ? secretId : publicId;
            IElections.Phase current = elections.phase(electionId);
            if (uint8(current) < uint8(lastPhase[electionId])) ghostPhaseWentBack = true;
            lastPhase[electionId] = current;
        }
    }
}

/// @notice Issue 11's invariants, over a secret and a public election of eight residents.
contract ElectionsInvariants is IdentitySetup {
    Elections internal elections;
    VotingHandler internal handler;
    uint256[VOTERS] internal ids;

    function setUp() public {
        _deployIdentity(address(this));
        address claims = deployCode(
            "IdentityClaims.sol:IdentityClaims",
            abi.encode(address(manager), address(registry))
        );
        elections = Elections(
            Proxies.deploy(
                deployCode("Elections.sol:Elections", ""),
                abi.encodeCall(Elections.initialize, (address(manager), address(registry), claims))
            )
        );
        address[VOTERS] memory wallets;
        for (uint256 i = 0; i < VOTERS; ++i) {
            wallets[i] = vm.addr(uint256(keccak256(abi.encode("voter", i))));
            ids[i] = _registerAs(address(this), keccak256(abi.encode("voter", i)), 2, type(uint40).max, wallets[i]);
        }
        // This contract is the authority's ADMIN, and unwired functions answer to ADMIN.
        uint256 secretId = elections.createElection(_params(IElections.BallotMode.Secret));
        uint256 publicId = elections.createElection(_params(IElections.BallotMode.Public));
        handler = new VotingHandler(elections, secretId, publicId, wallets, ids);
        targetContract(address(handler));
    }

    function invariant_tallyTotalEqualsValidReveals() public view {
        uint256[] memory secret = elections.tallies(handler.secretId());
        uint256[] memory open = elections.tallies(handler.publicId());
        uint256 secretTotal;
        uint256 publicTotal;
        for (uint256 i = 0; i < OPTIONS; ++i) {
            assertEq(secret[i], handler.ghostSecret(i), "secret tally of an option");
            assertEq(open[i], handler.ghostPublic(i), "public tally of an option");
            secretTotal += secret[i];
            publicTotal += open[i];
        }
        assertEq(secretTotal, handler.ghostReveals(), "secret tally total = valid reveals");
        assertEq(publicTotal, handler.ghostCasts(), "public tally total = valid ballots");
    }

    function invariant_noIdentityCountedTwice() public view {
        assertFalse(handler.ghostCountedTwice(), "an identity was counted twice, or a dishonest reveal counted");
        uint256 secretCounted;
        uint256 publicCounted;
        for (uint256 i = 0; i < VOTERS; ++i) {
            if (elections.receipt(handler.secretId(), ids[i]).counted) ++secretCounted;
            if (elections.receipt(handler.publicId(), ids[i]).counted) ++publicCounted;
        }
        assertEq(secretCounted, handler.ghostReveals(), "one counted receipt per counted secret ballot");
        assertEq(publicCounted, handler.ghostCasts(), "one counted receipt per counted public ballot");
        assertLe(secretCounted, elections.election(handler.secretId()).turnout, "votes never exceed turnout");
    }

    function invariant_phasesOnlyMoveForward() public view {
        assertFalse(handler.ghostPhaseWentBack(), "a phase moved back");
        for (uint256 k = 0; k < 2; ++k) {
            uint256 electionId = k == 0 ? handler.secretId() : handler.publicId();
            assertGe(uint8(elections.phase(electionId)), uint8(handler.lastPhase(electionId)), "phase behind");
        }
    }

    function invariant_finalisedResultsNeverChange() public view {
        for (uint256 k = 0; k < 2; ++k) {
            uint256 electionId = k == 0 ? handler.secretId() : handler.publicId();
            bytes32 recorded = handler.finalResult(electionId);
            if (recorded == bytes32(0)) continue;
            assertEq(handler.resultHash(electionId), recorded, "a finalised result changed");
            assertTrue(elections.phase(electionId) == IElections.Phase.Finalized, "finalised stays finalised");
        }
    }

    /// @notice Public ballots of up to 32 voters over 15 options: every lane counts exactly its own votes.
    function testFuzz_talliesCountEachLaneExactly(uint256 seed, uint8 voterCount) public {
        uint256 n = bound(voterCount, 1, 32);
        address[] memory wallets = new address[](n);
        uint256[] memory voterIds = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            wallets[i] = vm.addr(uint256(keccak256(abi.encode("fuzz", i))));
            voterIds[i] = _registerAs(address(this), keccak256(abi.encode("fuzz", i)), 3, type(uint40).max, wallets[i]);
        }
        IElections.ElectionParams memory p = _params(IElections.BallotMode.Public);
        p.optionCount = 15;
        uint256 electionId = elections.createElection(p);
        vm.warp(p.votingStart);
        uint256[15] memory expected;
        for (uint256 i = 0; i < n; ++i) {
            uint8 choice = uint8(uint256(keccak256(abi.encode(seed, i))) % 15);
            vm.prank(wallets[i]);
            elections.cast(electionId, voterIds[i], choice);
            expected[choice] += 1;
            IElections.Receipt memory r = elections.receipt(electionId, voterIds[i]);
            assertTrue(r.counted && r.choice == choice, "receipt records the choice");
        }
        uint256[] memory tallies = elections.tallies(electionId);
        for (uint256 c = 0; c < 15; ++c) assertEq(tallies[c], expected[c], "lane count");
    }

    /// @notice A reveal with any other choice or salt than the committed ones never counts.
    function testFuzz_revealMustMatch(uint8 choice, bytes32 salt, uint8 otherChoice, bytes32 otherSalt) public {
        choice = uint8(bound(choice, 0, OPTIONS - 1));
        otherChoice = uint8(bound(otherChoice, 0, OPTIONS - 1));
        vm.assume(choice != otherChoice || salt != otherSalt);
        IElections.ElectionParams memory p = _params(IElections.BallotMode.Secret);
        uint256 electionId = elections.createElection(p);
        vm.warp(p.votingStart);
        address wallet = registry.walletOf(ids[0]);
        bytes32 commitment = elections.ballotCommitment(electionId, ids[0], choice, salt);
        vm.prank(wallet);
        elections.commit(electionId, ids[0], commitment);
        vm.warp(uint256(p.votingEnd) + 1);
        vm.expectRevert();
        elections.reveal(electionId, ids[0], otherChoice, otherSalt);
        elections.reveal(electionId, ids[0], choice, salt);
        assertEq(elections.tallies(electionId)[choice], 1, "the honest reveal counts");
    }

    function _params(IElections.BallotMode mode) internal view returns (IElections.ElectionParams memory p) {
        p.kind = IElections.ElectionKind.Election;
        p.mode = mode;
        p.optionCount = OPTIONS;
        p.voterKind = IIdentityRegistry.IdentityKind.Resident;
        p.minLevel = 2;
        p.votingStart = uint40(block.timestamp + 1);
        p.votingEnd = uint40(block.timestamp + 3 days);
        p.revealEnd = mode == IElections.BallotMode.Public ? p.votingEnd : uint40(block.timestamp + 6 days);
        p.metadata = keccak256("invariant election");
    }
}
