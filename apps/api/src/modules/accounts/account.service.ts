import { domainError, planAccount } from "@reseller/domain";
import { type AppDeps, type ViewerIdentity } from "../../context.js";
import { notFound, toApiError, unwrap } from "../../graphql/errors.js";
import { type Loaders } from "../../loaders/loaders.js";
import { AccountEntity } from "../../persistence/entities/index.js";
import { isUniqueViolation } from "../../persistence/unique-violation.js";
import { findVisiblePartner, partnerRefOf } from "../common/visibility.js";
import { type CreateAccountInput } from "./account.input.js";

export class AccountService {
  constructor(private readonly deps: AppDeps) {}

  async create(
    viewer: ViewerIdentity,
    loaders: Loaders,
    input: CreateAccountInput,
  ): Promise<AccountEntity> {
    const partner = await findVisiblePartner(loaders, viewer.scope, input.partnerId);
    if (!partner) throw notFound("input.partnerId", input.partnerId);
    const plan = unwrap(planAccount(viewer.actor, partnerRefOf(partner), input));
    const taken = () =>
      toApiError(
        domainError(
          "MASTER_PAYER_TAKEN",
          `AWS account ${plan.awsAccountId} is already registered as a master payer.`,
          {
            field: "input.awsAccountId",
            value: plan.awsAccountId,
          },
        ),
      );
    return this.deps.tx.run(async (m) => {
      if (
        plan.isMasterPayer &&
        (await m.existsBy(AccountEntity, { awsAccountId: plan.awsAccountId!, isMasterPayer: true }))
      ) {
        throw taken();
      }
      try {
        return await m.save(
          m.create(AccountEntity, { ...plan, partnerId: partner.id, createdAt: this.deps.now() }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
    });
  }
}
