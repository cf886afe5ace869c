import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { type RequestContext, requireViewer } from "../../context.js";
import { pagedComplexity, smallListComplexity } from "../common/complexity.js";
import { Partner, toPartner } from "../partners/partner.type.js";
import {
  ChildBillingDetails,
  ChildBillingDetailsInput,
  Invoice,
  InvoiceConnection,
  InvoiceLine,
  InvoicePreview,
  ParentBillingDetails,
  ParentBillingDetailsInput,
  toInvoice,
} from "./invoice.type.js";

/** Where an invoice's documents are downloaded (GET, Authorization: Bearer). */
export function documentUrl(publicUrl: string, id: string, file: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/invoices/${id}/${file}`;
}

@Resolver(() => Invoice)
export class InvoiceResolver {
  @Query(() => Invoice, {
    nullable: true,
    description: "Null when the invoice does not exist or the caller may not see it.",
  })
  async invoice(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<Invoice | null> {
    const invoice = await ctx.services.invoices.visibleInvoice(requireViewer(ctx), id);
    return invoice ? toInvoice(invoice) : null;
  }

  @Query(() => [InvoicePreview], {
    complexity: smallListComplexity,
    description:
      "Parent only: what issuing the month would invoice each Child now (first invoices and adjustments); nothing is stored.",
  })
  async invoicePreview(
    @Ctx() ctx: RequestContext,
    @Arg("parentPartnerId", () => ID) parentPartnerId: string,
    @Arg("billingPeriod", () => String, { description: '"YYYY-MM".' }) billingPeriod: string,
  ): Promise<InvoicePreview[]> {
    const drafts = await ctx.services.invoices.preview(
      requireViewer(ctx),
      ctx.loaders,
      parentPartnerId,
      billingPeriod,
    );
    return drafts.map((draft) =>
      Object.assign(new InvoicePreview(), {
        partner: toPartner(draft.child),
        billingPeriod,
        currency: draft.figures.currency,
        lines: draft.figures.lines.map((line) => Object.assign(new InvoiceLine(), line)),
        subtotal: draft.figures.subtotal,
        tax: draft.figures.tax,
        total: draft.figures.total,
        adjusts: draft.adjusts ? toInvoice(draft.adjusts) : null,
      }),
    );
  }

  @Query(() => ParentBillingDetails, {
    description: "Parent only: the details printed on its invoices.",
  })
  parentBillingDetails(
    @Ctx() ctx: RequestContext,
    @Arg("parentPartnerId", () => ID) parentPartnerId: string,
  ): Promise<ParentBillingDetails> {
    return ctx.services.invoices.parentDetails(requireViewer(ctx), ctx.loaders, parentPartnerId);
  }

  @Query(() => ChildBillingDetails, {
    description: "A Child's billing details: for its users and its Parent's Partner Sys Admin.",
  })
  childBillingDetails(
    @Ctx() ctx: RequestContext,
    @Arg("partnerId", () => ID) partnerId: string,
  ): Promise<ChildBillingDetails> {
    return ctx.services.invoices.childDetails(requireViewer(ctx), ctx.loaders, partnerId);
  }

  @Mutation(() => ParentBillingDetails, {
    description: "Parent only: sets the details printed on the invoices it issues from now on.",
  })
  saveParentBillingDetails(
    @Ctx() ctx: RequestContext,
    @Arg("parentPartnerId", () => ID) parentPartnerId: string,
    @Arg("input", () => ParentBillingDetailsInput) input: ParentBillingDetailsInput,
  ): Promise<ParentBillingDetails> {
    return ctx.services.invoices.saveParentDetails(
      requireViewer(ctx),
      ctx.loaders,
      parentPartnerId,
      input,
    );
  }

  @Mutation(() => ChildBillingDetails, {
    description: "The Parent's Partner Sys Admin sets a Child's billing details and tax rate.",
  })
  saveChildBillingDetails(
    @Ctx() ctx: RequestContext,
    @Arg("partnerId", () => ID) partnerId: string,
    @Arg("input", () => ChildBillingDetailsInput) input: ChildBillingDetailsInput,
  ): Promise<ChildBillingDetails> {
    return ctx.services.invoices.saveChildDetails(
      requireViewer(ctx),
      ctx.loaders,
      partnerId,
      input,
    );
  }

  @Mutation(() => [Invoice], {
    description:
      "Issues the month's invoice of every Child billed that month (and the adjustments that a month already invoiced now needs); returns those issued by this call.",
  })
  async issueInvoices(
    @Ctx() ctx: RequestContext,
    @Arg("parentPartnerId", () => ID) parentPartnerId: string,
    @Arg("billingPeriod", () => String, { description: '"YYYY-MM".' }) billingPeriod: string,
  ): Promise<Invoice[]> {
    const issued = await ctx.services.invoices.issue(
      requireViewer(ctx),
      ctx.loaders,
      parentPartnerId,
      billingPeriod,
    );
    return issued.map(toInvoice);
  }

  @Mutation(() => Invoice, {
    description: "Voids an issued invoice: it keeps its number and document, with the reason.",
  })
  async voidInvoice(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
    @Arg("reason", () => String, { description: "Why (at most 500 characters)." }) reason: string,
  ): Promise<Invoice> {
    return toInvoice(await ctx.services.invoices.void(requireViewer(ctx), id, reason));
  }

  @FieldResolver(() => Partner, { description: "The Child partner billed." })
  async partner(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Promise<Partner> {
    const partner = await ctx.loaders.partnerById.load(invoice.entity.childPartnerId);
    if (!partner) throw new Error(`invoice ${invoice.id} of a missing partner`);
    return toPartner(partner);
  }

  @FieldResolver(() => [InvoiceLine], {
    complexity: smallListComplexity,
    description: "The lines, in order.",
  })
  async lines(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Promise<InvoiceLine[]> {
    const lines = await ctx.services.invoices.lines(invoice.entity.id);
    return lines.map((line) =>
      Object.assign(new InvoiceLine(), { description: line.description, amount: line.amount }),
    );
  }

  @FieldResolver(() => Invoice, {
    nullable: true,
    description:
      "The invoice this one adjusts (a credit or debit note); null for a month's first invoice.",
  })
  async adjusts(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Promise<Invoice | null> {
    const id = invoice.entity.adjustsInvoiceId;
    if (id === null) return null;
    const adjusted = await ctx.services.invoices.visibleInvoice(requireViewer(ctx), String(id));
    return adjusted ? toInvoice(adjusted) : null;
  }

  @FieldResolver(() => String, {
    description: "The invoice as PDF (GET with Authorization: Bearer).",
  })
  pdfUrl(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): string {
    return documentUrl(ctx.services.invoices.publicUrl, invoice.id, "invoice.pdf");
  }

  @FieldResolver(() => String, {
    description: "Its lines and tax as CSV (GET with Authorization: Bearer).",
  })
  csvUrl(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): string {
    return documentUrl(ctx.services.invoices.publicUrl, invoice.id, "invoice.csv");
  }

  @FieldResolver(() => String, {
    description:
      "The Child's re-billed costs for the month as FOCUS 1.2 CSV, frozen with the invoice (GET with Authorization: Bearer).",
  })
  focusUrl(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): string {
    return documentUrl(ctx.services.invoices.publicUrl, invoice.id, "focus.csv");
  }
}

@Resolver(() => Partner)
export class PartnerInvoicesResolver {
  @FieldResolver(() => InvoiceConnection, {
    complexity: pagedComplexity,
    description:
      "A Child's invoices (the Child's own users and its Parent's Partner Sys Admin see them), newest first. On a Parent: every invoice it issued, for its Partner Sys Admin.",
  })
  async invoices(
    @Root() partner: Partner,
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, {
      nullable: true,
      defaultValue: 20,
      description: "Page size, at most 100.",
    })
    first: number,
    @Arg("after", () => String, {
      nullable: true,
      description: "The endCursor of the previous page.",
    })
    after: string | null,
    @Arg("billingPeriod", () => String, {
      nullable: true,
      description: 'Only this month ("YYYY-MM").',
    })
    billingPeriod: string | null,
  ): Promise<InvoiceConnection> {
    const viewer = requireViewer(ctx);
    const entity = await ctx.loaders.partnerById.load(Number(partner.id));
    if (!entity)
      return { nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    const page = await ctx.services.invoices.invoicesOf(
      viewer,
      entity,
      first,
      after,
      billingPeriod,
    );
    return {
      nodes: page.nodes.map(toInvoice),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      totalCount: page.totalCount,
    };
  }
}
