import { expect } from "chai";

import CityModule from "../../deploy/modules/City.js";
import { selectorOf } from "../../deploy/wiring.js";
import { documentCommitment } from "../../src/documents.js";
import { PERMISSIONS } from "../../src/permissions.js";
import { Roles, type RoleName } from "../../src/roles.js";
import { serviceId, serviceMetadata } from "../../src/services.js";
import { connection } from "../shared/network.js";

const { ethers, ignition } = connection;

describe("Ignition City module", function () {
  it("deploys the city with network parameters, wired from the permissions table", async function () {
    const [deployer] = await ethers.getSigners();
    const { manager, token, directory } = await ignition.deploy(CityModule, {
      parameters: { Core: { tokenName: "Springfield Credit", tokenSymbol: "SPR" } },
      displayUi: false,
    });
    const tokenContract = await ethers.getContractAt("CityToken", await token.getAddress());
    expect(await tokenContract.symbol()).to.equal("SPR");
    expect(await tokenContract.authority()).to.equal(await manager.getAddress());

    const authority = await ethers.getContractAt("CityAccessManager", await manager.getAddress());
    expect((await authority.hasRole(Roles.ADMIN, deployer.address))[0]).to.equal(true);
    const targets = { CityToken: await token.getAddress(), ServiceDirectory: await directory.getAddress() };
    for (const [contract, table] of Object.entries(PERMISSIONS) as [keyof typeof targets, Record<string, RoleName>][]) {
      if (!(contract in targets)) continue;
      for (const [signature, role] of Object.entries(table)) {
        expect(await authority.getTargetFunctionRole(targets[contract], selectorOf(signature))).to.equal(Roles[role]);
      }
    }

    const dir = await ethers.getContractAt("ServiceDirectory", await directory.getAddress());
    expect(await dir.resolve(serviceId("token"))).to.equal(await token.getAddress());
    expect((await dir.service(serviceId("token"))).metadata).to.equal(documentCommitment(serviceMetadata("token")));
  });
});
