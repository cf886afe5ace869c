import { type GraphQLResolveInfo, buildSchema, graphql } from "graphql";
import { describe, expect, it } from "vitest";
import { selectsField } from "./selection.js";

const schema = buildSchema(`
  type Query { conn: Conn }
  type Conn { totalCount: Int nodes: [Item] pageInfo: Boolean }
  type Item { id: ID inner: Conn }
`);

/** Whether `conn`'s resolver, run on `document`, sees `totalCount` and `nodes` selected. */
async function selectionOf(
  document: string,
  variableValues: Record<string, unknown> = {},
): Promise<{ totalCount: boolean; nodes: boolean }> {
  const seen: { totalCount: boolean; nodes: boolean }[] = [];
  const rootValue = {
    conn: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
      seen.push({
        totalCount: selectsField(info, "totalCount"),
        nodes: selectsField(info, "nodes"),
      });
      return {};
    },
  };
  const result = await graphql({ schema, source: document, rootValue, variableValues });
  expect(result.errors).toBeUndefined();
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

describe("selectsField", () => {
  it("should see a subfield selected directly, and not one left out", async () => {
    expect(await selectionOf(`{ conn { totalCount } }`)).toEqual({
      totalCount: true,
      nodes: false,
    });
    expect(await selectionOf(`{ conn { nodes { id } } }`)).toEqual({
      totalCount: false,
      nodes: true,
    });
  });

  it("should not see a field of the same name deeper down", async () => {
    expect(await selectionOf(`{ conn { nodes { inner { totalCount } } } }`)).toEqual({
      totalCount: false,
      nodes: true,
    });
  });

  it("should see a subfield under an alias", async () => {
    expect(await selectionOf(`{ conn { total: totalCount } }`)).toMatchObject({ totalCount: true });
  });

  it("should see a subfield in an inline fragment and in nested named fragments", async () => {
    expect(await selectionOf(`{ conn { ... on Conn { totalCount } } }`)).toMatchObject({
      totalCount: true,
    });
    expect(
      await selectionOf(`
        { conn { ...Outer } }
        fragment Outer on Conn { ...Inner }
        fragment Inner on Conn { n: totalCount }
      `),
    ).toEqual({ totalCount: true, nodes: false });
  });

  it("should see a subfield that any of the merged field nodes selects", async () => {
    expect(await selectionOf(`{ conn { nodes { id } } conn { totalCount } }`)).toEqual({
      totalCount: true,
      nodes: true,
    });
  });

  it("should follow @skip and @include as execution does", async () => {
    const document = `query($on: Boolean!) {
      conn { totalCount @include(if: $on) ...Page @skip(if: $on) }
    }
    fragment Page on Conn { nodes { id } }`;
    expect(await selectionOf(document, { on: true })).toEqual({ totalCount: true, nodes: false });
    expect(await selectionOf(document, { on: false })).toEqual({ totalCount: false, nodes: true });
    expect(await selectionOf(`{ conn { ... @skip(if: true) { totalCount } } }`)).toMatchObject({
      totalCount: false,
    });
  });
});
