// The GraphQL operations the API benchmark sends, and what a correct answer looks like.

export const FLOOR_QUERY = "{ __typename }";

/** The console's Partners page, as the issue states it (and test/n-plus-one.int.test.ts runs). */
export function partnersPageQuery(first: number): string {
  return `{ partners(first: ${first}) { nodes { id name parent { id } children(first: 5) { totalCount } accounts { id awsAccountId } resellerLinks { awsPayeeAccountIds resellerAccount { id } } } } }`;
}

export const PAGE_SIZE = 50;
export const SMALL_PAGE_SIZE = 10;

export interface PageNode {
  id: string;
  name: string;
  parent: { id: string } | null;
  children: { totalCount: number };
  accounts: { id: string; awsAccountId: string | null }[];
  resellerLinks: { awsPayeeAccountIds: string[]; resellerAccount: { id: string } }[];
}

export interface SeedShape {
  children: number;
  accountsPerChild: number;
  payeesPerLink: number;
}

/**
 * Checks a Partners page against the seeded data: the Parent first with every link it made, then
 * Children with their accounts and their one link. Returns the problem, or null.
 */
export function checkPartnersPage(body: unknown, first: number, seed: SeedShape): string | null {
  const nodes = (body as { data?: { partners?: { nodes?: PageNode[] } } }).data?.partners?.nodes;
  if (!Array.isArray(nodes)) return `no partners.nodes in ${JSON.stringify(body).slice(0, 300)}`;
  if (nodes.length !== Math.min(first, seed.children + 1))
    return `${nodes.length} nodes for first: ${first}`;
  const [parent, ...children] = nodes;
  if (!parent || parent.parent !== null) return "the first node is not the Parent";
  if (parent.children.totalCount !== seed.children)
    return `the Parent's children.totalCount is ${parent.children.totalCount}, expected ${seed.children}`;
  if (parent.resellerLinks.length !== seed.children)
    return `the Parent has ${parent.resellerLinks.length} links, expected ${seed.children}`;
  for (const child of children) {
    if (child.parent?.id !== parent.id) return `child ${child.id} has another parent`;
    if (child.accounts.length !== seed.accountsPerChild)
      return `child ${child.id} has ${child.accounts.length} accounts`;
    const [link, ...more] = child.resellerLinks;
    if (!link || more.length > 0)
      return `child ${child.id} has ${child.resellerLinks.length} links`;
    if (link.awsPayeeAccountIds.length !== seed.payeesPerLink)
      return `child ${child.id}'s link has ${link.awsPayeeAccountIds.length} payees`;
    if (link.resellerAccount.id !== child.accounts.at(-1)?.id)
      return `child ${child.id}'s link feeds another account`;
  }
  return null;
}
