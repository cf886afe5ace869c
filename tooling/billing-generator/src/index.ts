// The public surface of @reseller/billing-generator.
export {
  generateCostReport,
  type GenerateOptions,
  type GenerateResult,
  type TypeTotal,
} from "./generate-report.js";
export { type ReportFormat } from "./columns.js";
export { LINE_ITEM_TYPES, type LineItemType } from "./catalog.js";
export {
  addDecimals,
  generateDelivery,
  type DeliveryOptions,
  type DeliveryResult,
} from "./delivery.js";
