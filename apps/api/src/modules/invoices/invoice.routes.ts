import express from "express";
import { type AppDeps } from "../../context.js";
import { ApiError } from "../../graphql/errors.js";
import { type Services } from "../../services.js";
import { focusCsv, invoiceCsv } from "./invoice-documents.js";

const FILES = ["invoice.pdf", "invoice.csv", "focus.csv"] as const;
type DocumentFile = (typeof FILES)[number];

function isDocumentFile(raw: string): raw is DocumentFile {
  return (FILES as readonly string[]).includes(raw);
}

function fail(res: express.Response, status: number, error: ApiError): void {
  res.status(status).json({ errors: [{ message: error.message, extensions: error.extensions }] });
}

/**
 * GET /invoices/<id>/invoice.pdf, invoice.csv and focus.csv, with `Authorization: Bearer`
 * only (no cookie, so no other site can make a browser fetch one). No token: 401; an invoice the
 * caller may not see answers 404 exactly as an unknown id does. Never a redirect.
 */
export function invoiceRouter(deps: AppDeps, services: Services): express.Router {
  const router = express.Router();
  router.get("/:id/:file", async (req, res) => {
    try {
      const viewer = await services.auth.authenticate(req.headers.authorization);
      await deps.rateLimits.consumeRequest(viewer ? viewer.user.id : null, req.ip ?? "unknown");
      if (!viewer) {
        fail(
          res,
          401,
          new ApiError("UNAUTHENTICATED", "Sign in first: send Authorization: Bearer <token>."),
        );
        return;
      }
      const { id, file } = req.params;
      const invoice = isDocumentFile(file)
        ? await services.invoices.visibleInvoice(viewer, id)
        : null;
      if (!invoice || !isDocumentFile(file)) {
        fail(
          res,
          404,
          new ApiError(
            "NOT_FOUND",
            `No invoice document ${JSON.stringify(`${id}/${file}`.slice(0, 64))} exists.`,
            {
              field: "id",
              value: id.slice(0, 64),
            },
          ),
        );
        return;
      }
      res.set("Cache-Control", "private, no-store");
      res.set("X-Content-Type-Options", "nosniff");
      const name = invoice.number.replace(/[^A-Za-z0-9-]/g, "_");
      if (file === "invoice.pdf") {
        res.type("application/pdf");
        res.set("Content-Disposition", `attachment; filename="${name}.pdf"`);
        res.send(await services.invoices.pdf(invoice));
      } else if (file === "invoice.csv") {
        res.type("text/csv; charset=utf-8");
        res.set("Content-Disposition", `attachment; filename="${name}.csv"`);
        res.send(invoiceCsv(invoice, await services.invoices.lines(invoice.id)));
      } else {
        res.type("text/csv; charset=utf-8");
        res.set("Content-Disposition", `attachment; filename="${name}-focus.csv"`);
        res.send(focusCsv(invoice, await services.invoices.costs(invoice.id)));
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === "RATE_LIMITED") {
        fail(res, 429, error);
        return;
      }
      req.log.error({ err: error }, "invoice document failed");
      res.status(500).json({
        errors: [
          { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } },
        ],
      });
    }
  });
  return router;
}
