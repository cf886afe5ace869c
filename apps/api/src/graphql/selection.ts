import {
  type DirectiveNode,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  Kind,
  type SelectionSetNode,
  getDirectiveValues,
} from "graphql";

/** Whether graphql-js executes a selection, given its @skip and @include (as its collectFields does). */
function isIncluded(
  node: { readonly directives?: readonly DirectiveNode[] },
  variables: GraphQLResolveInfo["variableValues"],
): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

/**
 * Whether the operation asks for the subfield `name` of the field being resolved, so a resolver
 * can leave out work (a count, a page) that nothing would read.
 *
 * Reads the field's own selection set, not deeper levels: in `partners { nodes { children {
 * totalCount } } }`, `partners` does not select `totalCount`. It matches the field's schema name,
 * so an alias (`total: totalCount`) counts; it looks through inline fragments and named fragment
 * spreads, and honours @skip/@include the way execution does. Fragment type conditions are not
 * checked: they can only turn the answer into a yes, so a resolver may do unneeded work but never
 * leaves out a field that will be read.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const seenFragments = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    set !== undefined &&
    set.selections.some((selection) => {
      if (!isIncluded(selection, info.variableValues)) return false;
      switch (selection.kind) {
        case Kind.FIELD:
          return selection.name.value === name;
        case Kind.INLINE_FRAGMENT:
          return visit(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD: {
          const fragment = selection.name.value;
          if (seenFragments.has(fragment)) return false;
          seenFragments.add(fragment);
          return visit(info.fragments[fragment]?.selectionSet);
        }
        default:
          return false;
      }
    });
  // Several nodes when the operation names the field more than once under one response key.
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
